package zmtp

import (
	"encoding/binary"

	"github.com/zreactor/zmq/msg"
	"golang.org/x/crypto/nacl/box"
)

// produceHello builds HELLO: "\x05HELLO", version 1.0, 72 zero octets of anti-amplification
// padding, C', the short nonce, and Box[64 zeros](C'->S).
func (c *CurveClient) produceHello(m *msg.Msg) error {
	n, err := c.codec.sent.next()
	if err != nil {
		return err
	}
	b := m.InitSize(curveHelloSize, msg.Command, false)
	copy(b, "\x05HELLO\x01\x00")
	clear(b[8:80])
	copy(b[80:112], c.cnPublic[:])
	binary.BigEndian.PutUint64(b[112:120], n)
	nonce := shortNonce(curveNonceHello, n)
	var zeros [64]byte
	box.Seal(b[120:120], zeros[:], &nonce, &c.server, &c.cnSecret)
	return nil
}

// processWelcome opens Box[S' + cookie](S->C'), keeps S' and the cookie, and derives the
// session key from S' and c'.
func (c *CurveClient) processWelcome(b []byte) error {
	if len(b) != curveWelcomeSize {
		return errCurveWelcomeSize
	}
	nonce := longNonce(curveNonceWelcome, b[8:24])
	var buf [128]byte
	plain, ok := box.Open(buf[:0], b[24:], &nonce, &c.server, &c.cnSecret)
	if !ok {
		return ErrCurveCryptographic
	}
	copy(c.cnServer[:], plain[:32])
	copy(c.cookie[:], plain[32:])
	clear(buf[:])
	box.Precompute(&c.codec.key, &c.cnServer, &c.cnSecret)
	c.state = curveSendInitiate
	return nil
}

// produceInitiate builds INITIATE with our basic properties.
func (c *CurveClient) produceInitiate(m *msg.Msg) error {
	return c.buildInitiate(m, AppendBasicProperties(nil, c.opts.SocketType, c.opts.RoutingID, c.opts.Metadata))
}

// buildInitiate builds INITIATE carrying the property list props: "\x08INITIATE", the
// cookie, the short nonce, and Box[C + vouch + props](C'->S'), where the vouch is a long
// nonce and Box[C' + S](C->S'). Our secrets are erased afterwards: only the session key is
// needed now.
func (c *CurveClient) buildInitiate(m *msg.Msg, props []byte) error {
	vouch, err := c.vouch()
	if err != nil {
		return err
	}
	n, err := c.codec.sent.next()
	if err != nil {
		return err
	}
	plain := make([]byte, 128+len(props))
	copy(plain, c.public[:])
	copy(plain[32:], vouch[:])
	copy(plain[128:], props)
	b := m.InitSize(curveInitiateHead+box.Overhead+len(plain), msg.Command, false)
	copy(b, "\x08INITIATE")
	copy(b[9:105], c.cookie[:])
	binary.BigEndian.PutUint64(b[105:113], n)
	nonce := shortNonce(curveNonceInitiate, n)
	box.SealAfterPrecomputation(b[curveInitiateHead:curveInitiateHead], plain, &nonce, &c.codec.key)
	zeroAll(&c.secret, &c.cnSecret)
	return nil
}

// vouch returns the vouch nonce's 16 random bytes followed by Box[C' + S](C->S').
func (c *CurveClient) vouch() ([16 + 80]byte, error) {
	var v [16 + 80]byte
	nonce, err := randomLongNonce(c.rng, curveNonceVouch)
	if err != nil {
		return v, err
	}
	var plain [64]byte
	copy(plain[:32], c.cnPublic[:])
	copy(plain[32:], c.server[:])
	copy(v[:16], nonce[8:])
	box.Seal(v[16:16], plain[:], &nonce, &c.cnServer, &c.secret)
	return v, nil
}

// processReady opens Box[properties](S'->C') and records the server's properties. libzmq
// reports every property failure here as INVALID_METADATA.
func (c *CurveClient) processReady(b []byte) error {
	if len(b) < curveReadyMinSize {
		return errCurveReadySize
	}
	if len(b)-curveReadyMinSize > curveMetadataLimit(&c.opts) {
		return ErrMetadataTooLarge
	}
	plain, err := c.codec.openCommand(curveNonceReady, b[6:14], b[curveReadyHead:])
	if err != nil {
		return err
	}
	if err := c.peer.parse(plain, &c.opts); err != nil {
		if err == ErrIncompatibleSocketType {
			return errCurveReadySocketType
		}
		return err
	}
	c.state = curveConnected
	return nil
}
