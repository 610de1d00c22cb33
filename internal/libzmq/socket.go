//go:build cgo

package libzmq

/*
#include <stdlib.h>
#include <zmq.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Socket is a libzmq socket. Use it from one goroutine at a time.
type Socket struct {
	p       unsafe.Pointer
	monitor *Monitor // active monitor, stopped before the socket closes
}

// NewSocket creates a socket of type t.
func (c *Context) NewSocket(t SocketType) (*Socket, error) {
	p, err := C.zmq_socket(c.p, C.int(t))
	if p == nil {
		return nil, errOf("zmq_socket", err)
	}
	return &Socket{p: p}, nil
}

// Close is zmq_close; pending messages are kept for the linger period.
// A monitor still attached is stopped first.
func (s *Socket) Close() error {
	if s.p == nil {
		return fmt.Errorf("libzmq: socket already closed")
	}
	if s.monitor != nil {
		s.monitor.stop()
	}
	rc, err := C.zmq_close(s.p)
	s.p = nil
	return check("zmq_close", rc, err)
}

// endpoint runs zmq_bind, zmq_connect, zmq_unbind or zmq_disconnect.
func (s *Socket) endpoint(op string, ep string) error {
	cs := C.CString(ep)
	defer C.free(unsafe.Pointer(cs))
	var rc C.int
	var err error
	switch op {
	case "zmq_bind":
		rc, err = C.zmq_bind(s.p, cs)
	case "zmq_connect":
		rc, err = C.zmq_connect(s.p, cs)
	case "zmq_unbind":
		rc, err = C.zmq_unbind(s.p, cs)
	default:
		rc, err = C.zmq_disconnect(s.p, cs)
	}
	if rc < 0 {
		return fmt.Errorf("%s %q: %w", op, ep, errOf(op, err))
	}
	return nil
}

// Bind is zmq_bind.
func (s *Socket) Bind(ep string) error { return s.endpoint("zmq_bind", ep) }

// Connect is zmq_connect.
func (s *Socket) Connect(ep string) error { return s.endpoint("zmq_connect", ep) }

// Unbind is zmq_unbind.
func (s *Socket) Unbind(ep string) error { return s.endpoint("zmq_unbind", ep) }

// Disconnect is zmq_disconnect.
func (s *Socket) Disconnect(ep string) error { return s.endpoint("zmq_disconnect", ep) }

// LastEndpoint is ZMQ_LAST_ENDPOINT: the resolved address of the last bind.
func (s *Socket) LastEndpoint() (string, error) { return s.GetString(LastEndpoint) }
