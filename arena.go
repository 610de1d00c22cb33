package zmq

// Arena sizes for the socket's msg.Arena copies. A frame copied into an arena keeps its whole
// chunk alive for as long as it is referenced: by a queue, by the engine until it is written,
// or by the application that received it over inproc. Frames sent over TCP never reach the
// application, so their chunks die as soon as they are written; chunks are sized for that common
// case, and the ratio of chunk to largest frame (8x) bounds what a kept inproc frame can pin.
const (
	sendArenaChunk = 64 << 10
	recvArenaChunk = 8 << 10 // for frames of at most msg.InlineSize bytes
)

// sendPoolMinFrame is the largest frame Send copies into the arena; bigger ones get pooled
// bodies (msg.GetBody), which come back warm once written, where the arena always hands out
// fresh memory. Below it, a pool's Get and Put cost more than they save.
const sendPoolMinFrame = 32
