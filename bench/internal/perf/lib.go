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

// Lib adapts one ZeroMQ implementation. Listen binds a new socket, Dial
// connects one. Term ends the library's context after all sockets closed.
type Lib interface {
	Listen(k Kind, endpoint string) (Socket, error)
	Dial(k Kind, endpoint string) (Socket, error)
	Term() error
}
