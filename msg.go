package zmq

import "github.com/zreactor/zmq/msg"

// Msg is one frame with its flags and the properties of the connection it came from.
type Msg struct {
	m      msg.Msg
	pooled bool // the body came from the big-body pool: Free may return it
}

// NewMsg makes a frame holding a copy of b, for SendMsg.
func NewMsg(b []byte) *Msg {
	m := new(Msg)
	m.m.Init(b, 0)
	return m
}

// Bytes is the frame's body.
func (m *Msg) Bytes() []byte { return m.m.Bytes() }

// More reports whether more frames of the same message follow.
func (m *Msg) More() bool { return m.m.More() }

// Property returns a connection property ("Peer-Address", "Socket-Type", "User-Id",
// "Routing-Id", "Identity", or an "X-" property the peer sent), or "" if absent.
func (m *Msg) Property(name string) string {
	md := m.m.Metadata()
	if v, ok := md.Get(name); ok {
		return v
	}
	// libzmq stores the peer's routing id under its wire name, Identity; accept both.
	if name == "Routing-Id" {
		v, _ := md.Get("Identity")
		return v
	}
	return ""
}

// Free gives the frame's body back to the library for reuse, like zmq_msg_close: neither m
// nor any slice its Bytes returned may be used afterwards. It is optional (the garbage
// collector reclaims what is not freed) and only matters for big frames: a receiver that
// frees each frame once done with it receives frames of more than 8 KiB without allocating,
// and without the page faults fresh memory costs. Free on a frame made by NewMsg, or twice,
// does nothing.
func (m *Msg) Free() {
	if m.pooled {
		m.pooled = false
		msg.PutBig(m.m.Bytes())
	}
	m.m.Reset()
}
