//go:build cgo

package libzmq

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// ZapEndpoint is where libzmq's server sockets send ZAP requests (RFC 27).
const ZapEndpoint = "inproc://zeromq.zap.01"

// ZapRequest is one ZAP request as a libzmq server socket sends it (RFC 27 frames after the
// REP envelope). Credentials are the mechanism's: PLAIN username and password, CURVE the
// client's 32-byte long-term public key, NULL none.
type ZapRequest struct {
	Version     string
	RequestID   []byte
	Domain      string
	Address     string
	Identity    []byte
	Mechanism   string
	Credentials [][]byte
}

// ZapReply is a handler's answer. Status is "200", "300", "400" or "500"; Metadata is an
// encoded ZMTP property list (see EncodeMetadata), libzmq puts its entries on every message
// of the connection beside User-Id.
type ZapReply struct {
	Status   string
	Text     string
	UserID   string
	Metadata []byte
}

// ZapAllow is a 200 reply carrying userID.
func ZapAllow(userID string) ZapReply { return ZapReply{Status: "200", Text: "OK", UserID: userID} }

// ZapDeny is a 400 reply.
func ZapDeny(text string) ZapReply { return ZapReply{Status: "400", Text: text} }

// EncodeMetadata encodes name, value pairs as a ZMTP property list (1-octet name length,
// name, 4-octet big-endian value length, value).
func EncodeMetadata(nameValues ...string) []byte {
	var b []byte
	for i := 0; i+1 < len(nameValues); i += 2 {
		b = append(b, byte(len(nameValues[i])))
		b = append(b, nameValues[i]...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(nameValues[i+1])))
		b = append(b, nameValues[i+1]...)
	}
	return b
}

// ZapHandler is a ZAP handler living in a libzmq context: a REP socket bound at
// ZapEndpoint, served by one goroutine that asks a Go function for every decision. It lets a
// libzmq server socket authenticate PLAIN and CURVE clients the way a test wants.
type ZapHandler struct {
	decide func(ZapRequest) ZapReply
	stop   atomic.Bool
	done   chan error
	once   sync.Once
	err    error
	mu     sync.Mutex
	reqs   []ZapRequest
}

// zapPollMillis is how often the serving goroutine looks at the stop flag: it waits for requests
// with this receive timeout, since a libzmq socket may not be touched from another goroutine.
const zapPollMillis = 10

// StartZapHandler binds a REP socket at ZapEndpoint in c and serves it until Stop, calling
// decide (on the handler's goroutine) for each request. Stop it before terminating c. Only
// one handler can be bound per context (EADDRINUSE otherwise).
func (c *Context) StartZapHandler(decide func(ZapRequest) ZapReply) (*ZapHandler, error) {
	s, err := c.NewSocket(REP)
	if err != nil {
		return nil, err
	}
	for _, o := range []struct {
		opt Option
		v   int
	}{{Linger, 0}, {RcvTimeo, zapPollMillis}, {SndTimeo, 1000}} {
		if err == nil {
			err = s.SetInt(o.opt, o.v)
		}
	}
	if err == nil {
		err = s.Bind(ZapEndpoint)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	h := &ZapHandler{decide: decide, done: make(chan error, 1)}
	go func() { h.done <- h.serve(s) }()
	return h, nil
}

// serve answers requests until Stop or the context's termination; it closes s. The unbind
// comes first because zmq_close frees an inproc name only later, on libzmq's reaper thread,
// and Stop promises the endpoint is free at once.
func (h *ZapHandler) serve(s *Socket) error {
	defer func() {
		s.Unbind(ZapEndpoint)
		s.Close()
	}()
	for !h.stop.Load() {
		frames, err := s.RecvMulti(0)
		switch {
		case errors.Is(err, EAGAIN):
			continue
		case errors.Is(err, ETERM):
			return nil
		case err != nil:
			return err
		}
		reply, err := h.answer(frames)
		if err != nil {
			return err
		}
		if err := s.SendMulti(reply, 0); err != nil && !errors.Is(err, ETERM) {
			return err
		}
	}
	return nil
}

// answer decodes one request, records it and encodes the decision.
func (h *ZapHandler) answer(frames [][]byte) ([][]byte, error) {
	if len(frames) < 6 {
		return nil, fmt.Errorf("libzmq ZAP handler: request of %d frames", len(frames))
	}
	req := ZapRequest{
		Version: string(frames[0]), RequestID: frames[1], Domain: string(frames[2]),
		Address: string(frames[3]), Identity: frames[4], Mechanism: string(frames[5]),
		Credentials: frames[6:],
	}
	h.mu.Lock()
	h.reqs = append(h.reqs, req)
	h.mu.Unlock()
	r := h.decide(req)
	return [][]byte{[]byte("1.0"), req.RequestID, []byte(r.Status), []byte(r.Text),
		[]byte(r.UserID), r.Metadata}, nil
}

// Requests returns a copy of every request served so far, in order.
func (h *ZapHandler) Requests() []ZapRequest {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]ZapRequest(nil), h.reqs...)
}

// Stop ends the serving goroutine, which closes the REP socket (so the endpoint is free
// again), and returns the error that ended it, if any. Safe to call more than once.
func (h *ZapHandler) Stop() error {
	h.once.Do(func() {
		h.stop.Store(true)
		h.err = <-h.done
	})
	return h.err
}
