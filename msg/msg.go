// Package msg holds the frame type that travels through pipes, the engine and the public API:
// libzmq's msg_t in Go. A Msg is a value type: frames up to InlineSize bytes live inside it (libzmq's
// "very small message"), so copying small frames through a pipe costs no heap allocation; larger
// frames reference a byte slice, usually a pooled body (pool.go, flag Pooled) that whoever
// consumes the frame last gives back, and otherwise one the garbage collector keeps alive, so
// handing a frame between the engine and the application is safe without reference counts.
//
// A Msg is owned by one goroutine at a time; passing it through a pipe passes ownership.
//
// Platforms: the one OS-specific piece is the prefaulting of fresh big bodies, which needs
// Linux's madvise(MADV_POPULATE_WRITE) (prefault_linux.go); elsewhere their pages fault in on
// first touch (prefault_other.go).
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq (whose zmq.Msg wraps a msg.Msg) and
// auth/.
package msg

// InlineSize is the largest frame stored inside the Msg value itself.
const InlineSize = 32

// Flags are the per-frame flags. More and Command match the ZMTP flag bits so the encoder can
// use them directly.
type Flags uint8

const (
	// More marks every frame of a multipart message but the last.
	More Flags = 1
	// Command marks a ZMTP command frame (SUBSCRIBE, CANCEL, PING, ...).
	Command Flags = 4
	// Pooled marks a body taken from the body pool (GetBody): the one consumer that is
	// done with it (the engine, once the body is written) may return it with PutBody. A body
	// that reaches the application goes back only if it frees or sends the frame on.
	Pooled Flags = 0x10
	// Shared marks a heap body referenced by several messages (PUB fan-out): whoever hands it
	// to code that may modify it must copy it first.
	Shared Flags = 0x20
	// Delimiter marks the pipe-termination delimiter; it never reaches the application.
	Delimiter Flags = 0x40
	// RoutingID marks a frame that carries a routing id prepended by a ROUTER-like socket.
	RoutingID Flags = 0x80
)

// Msg is one frame with its flags and optional metadata.
type Msg struct {
	buf    []byte    // frame body when not inline
	meta   *Metadata // connection properties; shared by every frame of the connection
	rid    uint32    // routing id of the pipe it came from (ROUTER-like sockets)
	flags  Flags     // More, Command, ...
	n      uint8     // body length when inline
	inline bool      // body lives in vsm
	vsm    [InlineSize]byte
}

// Init sets m to a copy of b, inline when it fits and in a fresh heap buffer otherwise.
func (m *Msg) Init(b []byte, f Flags) {
	m.meta, m.rid, m.flags = nil, 0, f
	if len(b) <= InlineSize {
		m.inline, m.buf, m.n = true, nil, uint8(len(b))
		copy(m.vsm[:], b)
		return
	}
	m.inline, m.n = false, 0
	m.buf = append([]byte(nil), b...)
}

// InitRef sets m to reference b without copying; the caller must not modify b afterwards.
func (m *Msg) InitRef(b []byte, f Flags) {
	m.meta, m.rid, m.flags, m.inline, m.n, m.buf = nil, 0, f, false, 0, b
}

// InitSize prepares m for a body of n bytes and returns that body to be filled in. Small bodies
// are inline; larger ones reuse m's previous heap buffer when it is big enough and reuse is true.
func (m *Msg) InitSize(n int, f Flags, reuse bool) []byte {
	m.meta, m.rid, m.flags = nil, 0, f
	if n <= InlineSize {
		m.inline, m.n = true, uint8(n)
		if !reuse {
			m.buf = nil
		}
		return m.vsm[:n]
	}
	m.inline, m.n = false, 0
	if reuse && cap(m.buf) >= n {
		m.buf = m.buf[:n]
	} else {
		m.buf = make([]byte, n)
	}
	return m.buf
}

// InitDelimiter makes m the pipe-termination delimiter.
func (m *Msg) InitDelimiter() { *m = Msg{flags: Delimiter, inline: true} }

// Bytes returns the frame body. For inline frames it aliases m, so it is valid as long as m is.
func (m *Msg) Bytes() []byte {
	if m.inline {
		return m.vsm[:m.n]
	}
	return m.buf
}

// Size is the body length.
func (m *Msg) Size() int {
	if m.inline {
		return int(m.n)
	}
	return len(m.buf)
}

// Detach returns the body as a slice the caller owns outright: for heap frames the slice itself,
// for inline frames a fresh copy. m must not be used afterwards except to Reset it.
func (m *Msg) Detach() []byte {
	if m.inline {
		return append([]byte(nil), m.vsm[:m.n]...)
	}
	b := m.buf
	m.buf = nil
	return b
}

// Flags returns the frame flags.
func (m *Msg) Flags() Flags { return m.flags }

// SetFlags sets the given flags.
func (m *Msg) SetFlags(f Flags) { m.flags |= f }

// ClearFlags clears the given flags.
func (m *Msg) ClearFlags(f Flags) { m.flags &^= f }

// More reports whether more frames of the same message follow.
func (m *Msg) More() bool { return m.flags&More != 0 }

// IsCommand reports whether m is a ZMTP command frame.
func (m *Msg) IsCommand() bool { return m.flags&Command != 0 }

// IsDelimiter reports whether m is the pipe-termination delimiter.
func (m *Msg) IsDelimiter() bool { return m.flags&Delimiter != 0 }

// Metadata returns the connection properties attached to m, or nil.
func (m *Msg) Metadata() *Metadata { return m.meta }

// SetMetadata attaches connection properties to m.
func (m *Msg) SetMetadata(md *Metadata) { m.meta = md }

// RoutingID is the id of the pipe m arrived on, set by sockets that route by pipe.
func (m *Msg) RoutingID() uint32 { return m.rid }

// SetRoutingID records the pipe m arrived on.
func (m *Msg) SetRoutingID(id uint32) { m.rid = id }

// Reset empties m, dropping any reference it held.
func (m *Msg) Reset() { *m = Msg{inline: true} }
