package perf

// Kind names the socket types the roles need.
type Kind int

// Socket kinds used by the roles.
const (
	Pull Kind = iota
	Push
	Req
	Rep
)

// Socket is the part of a ZeroMQ socket the roles use. Recv may return a
// slice that is only valid until the next Recv.
type Socket interface {
	Send(frame []byte) error
	Recv() ([]byte, error)
	Close() error
}

// InPlace is implemented by sockets whose library, like libzmq with its zmq_msg_t, can send
// without copying. SendNew sends a frame of n bytes built in the library's own buffer
// (zmq_msg_init_size then zmq_msg_send; the C programs leave its bytes unset, and so may
// SendNew); Echo sends back the frame last received (zmq_msg_send of the received
// zmq_msg_t). The throughput sender and the latency roles use them when present, so such a
// library runs the same calls as the C programs; the others copy from the caller's slices.
type InPlace interface {
	SendNew(n int) error
	Echo() error
}

// Lib adapts one ZeroMQ implementation. Listen binds a new socket, Dial
// connects one. Term ends the library's context after all sockets closed.
type Lib interface {
	Listen(k Kind, endpoint string) (Socket, error)
	Dial(k Kind, endpoint string) (Socket, error)
	Term() error
}
