package zmtp

import (
	"encoding/binary"
	"errors"

	"github.com/zreactor/zmq/internal/gss"
	"github.com/zreactor/zmq/msg"
)

// gssCodec wraps and unwraps frames with an established GSS-API context (libzmq
// gssapi_mechanism_base_t encode_message/decode_message): a frame becomes a MESSAGE whose
// wrap token seals a flags octet and the frame's bytes. Every failure to unwrap is fatal to
// the connection: a tampered, replayed, reordered or reflected token, or one not sealed.
type gssCodec struct {
	ctx *gss.Context
}

// seal returns the MESSAGE body for flags and data.
func (c *gssCodec) seal(flags byte, data []byte) ([]byte, error) {
	out := make([]byte, len(gssMessageName)+gssLenSize, len(gssMessageName)+gssLenSize+c.ctx.WrapSpace(1+len(data)))
	copy(out, gssMessageName)
	f := [1]byte{flags}
	out, err := c.ctx.Wrap(out, f[:], data)
	if err != nil {
		return nil, err
	}
	binary.BigEndian.PutUint32(out[len(gssMessageName):], uint32(len(out)-len(gssMessageName)-gssLenSize))
	return out, nil
}

// open checks a MESSAGE body and returns the flags octet and the data it seals.
func (c *gssCodec) open(body []byte) (byte, []byte, error) {
	tok, err := parseGSSCommand(body, gssMessageName, ErrGSSAPIMessage)
	if err != nil {
		return 0, nil, err
	}
	plain, err := c.ctx.Unwrap(nil, tok)
	if err != nil {
		return 0, nil, errors.Join(ErrGSSAPICryptographic, err)
	}
	if len(plain) == 0 {
		return 0, nil, ErrGSSAPIMessage // no flags octet
	}
	return plain[0], plain[1:], nil
}

// encode replaces m by the MESSAGE frame that seals it (a data frame: MORE and COMMAND
// travel inside).
func (c *gssCodec) encode(m *msg.Msg) error {
	out, err := c.seal(gssWrapFlags(m.Flags()), m.Bytes())
	if err != nil {
		return err
	}
	if m.Flags()&(msg.Pooled|msg.Shared) == msg.Pooled {
		msg.PutBody(m.Bytes()) // sealed: nothing refers to the plaintext any more
	}
	m.InitRef(out, 0)
	return nil
}

// decode replaces the MESSAGE frame m by the frame it seals, with its MORE and COMMAND flags.
func (c *gssCodec) decode(m *msg.Msg) error {
	flags, data, err := c.open(m.Bytes())
	if err != nil {
		return err
	}
	f := m.Flags()&^(msg.More|msg.Command|msg.Shared|msg.Pooled) | gssMsgFlags(flags)
	if m.Flags()&(msg.Pooled|msg.Shared) == msg.Pooled {
		msg.PutBody(m.Bytes()) // the data was unwrapped into a buffer of its own
	}
	if len(data) <= msg.InlineSize {
		m.Init(data, f)
	} else {
		m.InitRef(data, f)
	}
	return nil
}
