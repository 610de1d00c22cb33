package zmtp

import (
	"errors"
	"syscall"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
)

// PropUserID is the property carrying the ZAP handler's user id (libzmq
// ZMQ_MSG_PROPERTY_USER_ID).
const PropUserID = "User-Id"

// zapReplyFrames is a ZAP reply's length behind REP's empty delimiter: delimiter, version,
// request id, status code, status text, user id, metadata.
const zapReplyFrames = 7

// ZAP errors: the handler broke RFC 27. libzmq closes the connection and raises
// HANDSHAKE_FAILED_PROTOCOL with these codes.
var (
	ErrZapUnspecified       = protoErr(CodeZapUnspecified, "ZAP reply without an empty delimiter")
	ErrZapMalformedReply    = protoErr(CodeZapMalformedReply, "ZAP reply with the wrong number of frames")
	ErrZapBadRequestID      = protoErr(CodeZapBadRequestID, "ZAP reply with another request id")
	ErrZapBadVersion        = protoErr(CodeZapBadVersion, "ZAP reply with a version other than 1.0")
	ErrZapInvalidStatusCode = protoErr(CodeZapInvalidStatusCode, "ZAP reply with an invalid status code")
	ErrZapInvalidMetadata   = protoErr(CodeZapInvalidMetadata, "ZAP reply with invalid metadata")
	// ErrZapUnavailable: ZAP is required (enforced domain, or a PLAIN server) and no
	// handler is bound; libzmq raises HANDSHAKE_FAILED_NO_DETAIL with EFAULT.
	ErrZapUnavailable = protoErr(CodeNone, "no ZAP handler at "+ZapEndpoint)
)

// zapClient is the ZAP half every server-side mechanism shares (libzmq zap_client_t): it
// sends the RFC 27 request, collects the reply frames as they arrive, checks them, and keeps
// the status code, user id and metadata.
type zapClient struct {
	o      *MechanismOptions
	reply  [zapReplyFrames]msg.Msg
	got    int    // reply frames read so far
	status string // "200", "300", "400" or "500" once the reply is in
	props  map[string]string
}

// connect opens the pipe to the handler; false when there is none. A handler that exists but
// cannot be used (a socket of the wrong type bound at ZapEndpoint; libzmq asserts) counts as
// present, so the request that follows fails and the handshake with it: fail closed, never
// open.
func (z *zapClient) connect() bool {
	if z.o.ZAP == nil {
		return false
	}
	err := z.o.ZAP.ZapConnect()
	return err == nil || !errors.Is(err, syscall.ECONNREFUSED)
}

// sendRequest writes a version 1.0 request for mechanism with its credential frames. The
// Identity frame is our own routing id, as libzmq sends it.
func (z *zapClient) sendRequest(mechanism string, credentials ...[]byte) error {
	frames := [...][]byte{nil, []byte("1.0"), []byte("1"), []byte(z.o.ZapDomain),
		[]byte(z.o.PeerAddress), z.o.RoutingID, []byte(mechanism)}
	for i, f := range frames {
		last := i == len(frames)-1 && len(credentials) == 0
		if err := z.write(f, !last); err != nil {
			return err
		}
	}
	for i, c := range credentials {
		if err := z.write(c, i < len(credentials)-1); err != nil {
			return err
		}
	}
	return nil
}

func (z *zapClient) write(body []byte, more bool) error {
	var m msg.Msg
	var f msg.Flags
	if more {
		f = msg.More
	}
	m.Init(body, f)
	return z.o.ZAP.WriteZapMsg(&m)
}

// receiveReply reads what has arrived of the reply. It returns false, nil while frames are
// missing, true, nil once the reply is in and valid (Status tells the verdict, and a
// denial has raised HANDSHAKE_FAILED_AUTH), or an error for a reply that breaks RFC 27.
func (z *zapClient) receiveReply() (bool, error) {
	if z.status != "" {
		return true, nil // already applied; the frames are gone
	}
	for z.got < zapReplyFrames {
		m := &z.reply[z.got]
		if err := z.o.ZAP.ReadZapMsg(m); err != nil {
			if errors.Is(err, zerr.ErrAgain) {
				return false, nil
			}
			return false, err
		}
		z.got++
		if m.More() != (z.got < zapReplyFrames) {
			return false, ErrZapMalformedReply
		}
	}
	if err := z.check(); err != nil {
		return false, err
	}
	if z.status != "200" {
		z.o.event(event.HandshakeFailedAuth, int64(z.status[0]-'0')*100)
	}
	return true, nil
}

// check validates the reply (libzmq zap_client_t::receive_and_process_zap_reply) and keeps
// its status, user id and metadata.
func (z *zapClient) check() error {
	r := &z.reply
	switch {
	case r[0].Size() != 0:
		return ErrZapUnspecified
	case string(r[1].Bytes()) != "1.0":
		return ErrZapBadVersion
	case string(r[2].Bytes()) != "1":
		return ErrZapBadRequestID
	}
	code := r[3].Bytes()
	if len(code) != 3 || code[0] < '2' || code[0] > '5' || code[1] != '0' || code[2] != '0' {
		return ErrZapInvalidStatusCode
	}
	// libzmq (mechanism_t::set_user_id, parse_metadata with zap_flag) records User-Id even
	// when empty, then the metadata by std::map emplace: the first of duplicate names wins,
	// so a "User-Id" property cannot override the user id frame; a Socket-Type property is
	// checked against our socket type like a peer's.
	props := map[string]string{PropUserID: string(r[5].Bytes())}
	err := ParseProperties(r[6].Bytes(), maxZapMetadata, func(name, value []byte) error {
		if string(name) == PropSocketType && !z.o.SocketType.Compatible(value) {
			return ErrZapInvalidMetadata
		}
		if _, dup := props[string(name)]; !dup {
			props[string(name)] = string(value)
		}
		return nil
	})
	if err != nil {
		return ErrZapInvalidMetadata
	}
	z.status, z.props = string(code), props
	for i := range r {
		r[i].Reset()
	}
	return nil
}

// maxZapMetadata bounds the handler's metadata frame; the handler is trusted, in process,
// so this only guards against a runaway one.
const maxZapMetadata = 1 << 20

// Status is the reply's status code, "" before it arrived.
func (z *zapClient) Status() string { return z.status }

// Properties are User-Id (possibly empty) and the reply's metadata, nil before it arrived.
func (z *zapClient) Properties() map[string]string { return z.props }
