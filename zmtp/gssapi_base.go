package zmtp

import (
	"errors"
	"syscall"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/gss"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// gssBase is what the GSSAPI client and server share (libzmq gssapi_mechanism_base_t): the
// context, READY in both directions (wrapped unless plaintext), and the data codec.
type gssBase struct {
	opts    MechanismOptions
	encrypt bool // !GSSAPIPlaintext: READY and every data frame travel wrapped
	ctx     *gss.Context
	codec   gssCodec
	peer    peerProps
	// env says where credentials come from: the process environment, read at each
	// handshake as MIT reads it; fuzz tests point it elsewhere.
	env func() gss.Env
}

func (b *gssBase) credEnv() gss.Env {
	if b.env != nil {
		return b.env()
	}
	return gss.EnvFromOS()
}

// contextFailed raises HANDSHAKE_FAILED_NO_DETAIL for a security context that could not be
// made (no credentials, an unknown service, a token that does not verify) and returns the
// error the engine closes with. libzmq reports these only as NO_DETAIL, once the connection
// drops; the GSS error is kept for logs.
func (b *gssBase) contextFailed(err error) error {
	b.opts.event(event.HandshakeFailedNoDetail, int64(syscall.EPROTO))
	return errors.Join(ErrGSSAPIContext, err)
}

// readyCommand is our READY: the basic properties, sealed in a MESSAGE with flags 0 when
// encrypting (libzmq wraps the command body as it stands, COMMAND flag unset).
func (b *gssBase) readyCommand(m *msg.Msg) error {
	body := AppendReady(nil, b.opts.SocketType, b.opts.RoutingID, b.opts.Metadata)
	if b.encrypt {
		b.codec.ctx = b.ctx
		var err error
		if body, err = b.codec.seal(0, body); err != nil {
			return err
		}
	}
	m.InitRef(body, msg.Command)
	return nil
}

// processReady takes the peer's READY (unwrapped first when encrypting) and records its
// properties. libzmq accepts any flags octet on a wrapped READY; only MORE and COMMAND are
// allowed here (libzmq sends 0).
func (b *gssBase) processReady(body []byte) error {
	if b.encrypt {
		b.codec.ctx = b.ctx
		flags, inner, err := b.codec.open(body)
		if err != nil {
			return err
		}
		if flags&^gssFlagCommand != 0 {
			return ErrUnexpectedCommand
		}
		body = inner
	}
	props, err := ParseReady(body)
	if err != nil {
		return err
	}
	return b.peer.parse(props, &b.opts)
}

// nameType converts the option's name type to the gss package's (the same values).
func nameType(nt options.GSSAPINameType) gss.NameType { return gss.NameType(nt) }
