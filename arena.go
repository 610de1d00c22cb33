package zmq

// recvArenaChunk sizes the chunks Recv copies frames of at most msg.InlineSize bytes into, so
// a tiny frame the caller keeps costs a share of a chunk rather than an allocation of its own,
// and pins at most 8 KiB. (Frames to send go into pooled bodies, carved from the socket's send
// arena while their pool is empty: msg.GetBody.)
const recvArenaChunk = 8 << 10
