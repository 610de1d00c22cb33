//go:build cgo

package libzmq

/*
#cgo LDFLAGS: -lzmq
#include <zmq.h>
*/
import "C"

import "unsafe"

// Context is a libzmq context (zmq_ctx_new).
type Context struct {
	p unsafe.Pointer
}

// NewContext creates a context with libzmq's defaults (one I/O thread).
func NewContext() (*Context, error) {
	p, err := C.zmq_ctx_new()
	if p == nil {
		return nil, errOf("zmq_ctx_new", err)
	}
	return &Context{p: p}, nil
}

// Set sets a context option (IOThreads, MaxSockets ...).
func (c *Context) Set(opt, value int) error {
	rc, err := C.zmq_ctx_set(c.p, C.int(opt), C.int(value))
	return check("zmq_ctx_set", rc, err)
}

// Term is zmq_ctx_term: it waits until every socket is closed and has
// flushed what its linger allows. It retries EINTR.
func (c *Context) Term() error {
	for {
		rc, err := C.zmq_ctx_term(c.p)
		err = check("zmq_ctx_term", rc, err)
		if !retry(err) {
			return err
		}
	}
}

// Version returns the linked libzmq's version.
func Version() (major, minor, patch int) {
	var a, b, c C.int
	C.zmq_version(&a, &b, &c)
	return int(a), int(b), int(c)
}
