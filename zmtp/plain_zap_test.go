package zmtp

import (
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
)

// plainTestZAP is an in-memory ZAPPipe with a ZAP handler behind it: it collects each
// request's frames and, once the last one is written, queues the handler's answer. With
// hold set the answer waits for release, the way a handler on another thread answers later.
// It is not safe for concurrent use; mechanisms call it from one goroutine.
type plainTestZAP struct {
	refuse   bool                         // ZapConnect fails: no handler bound
	hold     bool                         // answers wait for release
	answer   func(req [][]byte) []msg.Msg // the handler; nil answers nothing
	connects int                          // ZapConnect calls
	requests [][][]byte                   // complete requests, frame by frame
	partial  [][]byte                     // the request being written
	held     []msg.Msg                    // answers not yet released
	queue    []msg.Msg                    // frames ReadZapMsg hands out
	readErr  error                        // returned by ReadZapMsg instead of a frame
}

func (z *plainTestZAP) ZapConnect() error {
	z.connects++
	if z.refuse {
		return zerr.ErrConnRefused
	}
	return nil
}

func (z *plainTestZAP) WriteZapMsg(m *msg.Msg) error {
	z.partial = append(z.partial, append([]byte{}, m.Bytes()...))
	if m.More() {
		return nil
	}
	req := z.partial
	z.partial = nil
	z.requests = append(z.requests, req)
	if z.answer != nil {
		z.held = append(z.held, z.answer(req)...)
		if !z.hold {
			z.release(len(z.held))
		}
	}
	return nil
}

func (z *plainTestZAP) ReadZapMsg(m *msg.Msg) error {
	if z.readErr != nil {
		return z.readErr
	}
	if len(z.queue) == 0 {
		return zerr.ErrAgain
	}
	*m = z.queue[0]
	z.queue = z.queue[1:]
	return nil
}

// release hands n held answer frames to the reader.
func (z *plainTestZAP) release(n int) {
	n = min(n, len(z.held))
	z.queue = append(z.queue, z.held[:n]...)
	z.held = z.held[n:]
}

// plainZapFrames makes reply frames with More on all but the last.
func plainZapFrames(frames ...string) []msg.Msg {
	ms := make([]msg.Msg, len(frames))
	for i, f := range frames {
		var fl msg.Flags
		if i < len(frames)-1 {
			fl = msg.More
		}
		ms[i].Init([]byte(f), fl)
	}
	return ms
}

// plainZapReply is a well-formed reply to req: status, user id and metadata.
func plainZapReply(req [][]byte, status, userID string, meta []byte) []msg.Msg {
	return plainZapFrames("", string(req[1]), string(req[2]), status, "text", userID, string(meta))
}

// plainTestHandler answers like a typical ZAP handler (czmq zauth): PLAIN checks users, a
// password map, and names the user; NULL accepts the domain "TEST" only. Accepted users get
// the metadata X-Role: user.
func plainTestHandler(users map[string]string) func(req [][]byte) []msg.Msg {
	meta := AppendProperty(nil, "X-Role", []byte("user"))
	return func(req [][]byte) []msg.Msg {
		switch string(req[6]) {
		case "PLAIN":
			if pass, ok := users[string(req[7])]; ok && pass == string(req[8]) {
				return plainZapReply(req, "200", string(req[7]), meta)
			}
			return plainZapReply(req, "400", "", nil)
		case "NULL":
			if string(req[3]) == "TEST" {
				return plainZapReply(req, "200", "anonymous", meta)
			}
		}
		return plainZapReply(req, "400", "", nil)
	}
}

// plainStatusHandler answers every request with status, user id "u" and no metadata.
func plainStatusHandler(status string) func(req [][]byte) []msg.Msg {
	return func(req [][]byte) []msg.Msg { return plainZapReply(req, status, "u", nil) }
}

// plainEvents records the events a mechanism raises through MechanismOptions.Event.
type plainEvents []event.Event

func (e *plainEvents) hook() func(event.Kind, int64) {
	return func(k event.Kind, v int64) { *e = append(*e, event.Event{Kind: k, Value: v}) }
}

// only checks that exactly one event was raised, of kind k with value v; none when k is 0.
func (e *plainEvents) only(t testing.TB, k event.Kind, v int64) {
	t.Helper()
	switch {
	case k == 0 && len(*e) == 0:
	case len(*e) == 1 && (*e)[0].Kind == k && (*e)[0].Value == v:
	default:
		t.Fatalf("events %v, want only %v %d", *e, k, v)
	}
}
