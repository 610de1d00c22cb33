package zmtp

import (
	"crypto/rand"
	"io"
	"syscall"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/msg"
)

// curveServerState is where a CURVE server stands (libzmq zap_client_common_handshake_t's
// states as curve_server_t uses them).
type curveServerState uint8

const (
	curveWaitHello curveServerState = iota
	curveSendWelcome
	curveWaitInitiate
	curveWaitZap
	curveSendReady
	curveServerReady
	curveSendError
	curveErrorSent
)

// CurveServer is the server side of CURVE (RFC 25 ZMTP-CURVE over RFC 26 CurveZMQ, libzmq
// curve_server_t): HELLO, WELCOME with a cookie under a key K fresh for this connection,
// INITIATE, then the ZAP handler's verdict on the client's long-term key, then READY (or
// ERROR); after that every frame travels boxed in MESSAGE.
//
// ZAP as in libzmq 4.3.4: asked whenever a handler is bound (with ZapEnforceDomain, only
// when ZapDomain is set); with none bound every client is accepted ("Stonehouse") unless
// ZapEnforceDomain, which fails the handshake (HANDSHAKE_FAILED_NO_DETAIL, EFAULT). 200 goes
// on, 300 closes silently, 400 and 500 send ERROR with the status code first.
//
// Secrets are erased as soon as they are done with: our long-term secret after WELCOME, the
// cookie key and the transient secret after INITIATE.
type CurveServer struct {
	opts   MechanismOptions
	state  curveServerState
	rng    io.Reader
	secret [32]byte // s, erased after WELCOME
	public [32]byte // S as computed from s: what the client's vouch must name
	// Transient keys: S' and s' ours (s' erased after INITIATE), C' the client's.
	cnPublic, cnSecret, cnClient [32]byte
	cookieKey                    [32]byte // K, erased after INITIATE
	client                       [32]byte // C, the client's long-term key from INITIATE
	codec                        curveCodec
	peer                         peerProps
	zap                          zapClient
}

// NewCurveServer prepares a CURVE server handshake. It needs CurveSecretKey (its long-term
// secret, 32 bytes), else it returns ErrCurveKey; its public key is derived from it, so
// CurvePublicKey is ignored, as libzmq's server ignores it.
func NewCurveServer(o MechanismOptions) (*CurveServer, error) {
	return newCurveServer(o, rand.Reader)
}

// newCurveServer takes its randomness (transient keys, cookie key, long nonces) from rng,
// which tests make deterministic.
func newCurveServer(o MechanismOptions, rng io.Reader) (*CurveServer, error) {
	s := &CurveServer{opts: o, rng: rng}
	s.zap = zapClient{o: &s.opts}
	s.codec.sendPrefix, s.codec.recvPrefix = curveNonceMessageS, curveNonceMessageC
	if err := loadCurveKey(&s.secret, o.CurveSecretKey); err != nil {
		return nil, err
	}
	if err := curvePublicOf(&s.public, &s.secret); err != nil {
		zeroAll(&s.secret)
		return nil, err
	}
	return s, nil
}

// Name returns "CURVE".
func (s *CurveServer) Name() string { return "CURVE" }

// BoxesFrames implements Mechanism: every data frame travels in a MESSAGE box.
func (*CurveServer) BoxesFrames() bool { return true }

// NextHandshakeCommand yields WELCOME after a valid HELLO, READY once the client is
// accepted, or ERROR with the ZAP status code when the handler denied it (400, 500).
func (s *CurveServer) NextHandshakeCommand(m *msg.Msg) (bool, error) {
	switch s.state {
	case curveSendWelcome:
		if err := s.produceWelcome(m); err != nil {
			return false, err
		}
		s.state = curveWaitInitiate
	case curveSendReady:
		if err := s.produceReady(m); err != nil {
			return false, err
		}
		s.state = curveServerReady
	case curveSendError:
		var buf [10]byte
		m.Init(AppendError(buf[:0], s.zap.Status()), msg.Command)
		s.state = curveErrorSent
	default:
		return false, nil
	}
	return true, nil
}

// ProcessHandshakeCommand takes HELLO, then INITIATE. Any command while the server expects
// none (WELCOME not yet sent, ZAP pending, done) is a protocol error, as in libzmq.
func (s *CurveServer) ProcessHandshakeCommand(m *msg.Msg) error {
	switch s.state {
	case curveWaitHello:
		return s.processHello(m.Bytes())
	case curveWaitInitiate:
		return s.processInitiate(m.Bytes())
	}
	return errCurveState
}

// Status is Ready once READY is out, Failed once ERROR is out or the client was refused
// silently (ZAP 300), Handshaking otherwise.
func (s *CurveServer) Status() Status {
	switch s.state {
	case curveServerReady:
		return Ready
	case curveErrorSent:
		return Failed
	}
	return Handshaking
}

// PeerProperties returns the properties in the client's INITIATE.
func (s *CurveServer) PeerProperties() map[string]string { return s.peer.props }

// PeerRoutingID returns the client's Identity when RecvRoutingID is set.
func (s *CurveServer) PeerRoutingID() ([]byte, bool) { return s.peer.rid, s.peer.ridOK }

// Encode boxes a data frame or command into a MESSAGE frame (flags 00).
func (s *CurveServer) Encode(m *msg.Msg) error {
	if s.state != curveServerReady {
		return errCurveNotReady
	}
	return s.codec.encode(m)
}

// Decode opens a MESSAGE frame from the client into the frame it carries.
func (s *CurveServer) Decode(m *msg.Msg) error {
	if s.state != curveServerReady {
		return errCurveNotReady
	}
	return s.codec.decode(m)
}

// ZapMsgAvailable reads what arrived of the ZAP reply and applies it once complete.
func (s *CurveServer) ZapMsgAvailable() error {
	if s.state != curveWaitZap {
		return nil
	}
	return s.receiveZapReply()
}

// ZapProperties returns User-Id and the metadata of the ZAP reply, nil before one arrived.
func (s *CurveServer) ZapProperties() map[string]string { return s.zap.Properties() }

// authenticate runs after a valid INITIATE (libzmq curve_server_t::process_initiate's
// tail): ask ZAP, or accept, or fail when the domain is enforced and nobody answers.
func (s *CurveServer) authenticate() error {
	o := &s.opts
	if o.ZapDomain == "" && o.ZapEnforceDomain {
		s.state = curveSendReady
		return nil
	}
	if !s.zap.connect() {
		if !o.ZapEnforceDomain {
			s.state = curveSendReady // Stonehouse: encryption without authentication
			return nil
		}
		o.event(event.HandshakeFailedNoDetail, int64(syscall.EFAULT))
		s.state = curveErrorSent
		return ErrZapUnavailable
	}
	if err := s.zap.sendRequest("CURVE", s.client[:]); err != nil {
		return err
	}
	s.state = curveWaitZap
	return s.receiveZapReply()
}

// receiveZapReply applies the reply once all of it is in: 200 READY, 300 a silent close,
// 400/500 ERROR (zapClient has raised HANDSHAKE_FAILED_AUTH for those).
func (s *CurveServer) receiveZapReply() error {
	done, err := s.zap.receiveReply()
	if err != nil || !done {
		return err
	}
	switch s.zap.Status() {
	case "200":
		s.state = curveSendReady
	case "300":
		s.state = curveErrorSent
	default:
		s.state = curveSendError
	}
	return nil
}

var _ Mechanism = (*CurveServer)(nil)
