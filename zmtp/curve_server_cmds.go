package zmtp

import (
	"crypto/subtle"
	"encoding/binary"
	"io"

	"github.com/zreactor/zmq/msg"
	"golang.org/x/crypto/nacl/box"
	"golang.org/x/crypto/nacl/secretbox"
)

// processHello checks HELLO in libzmq's order (structure, name, size, version) and opens
// its signature box with C' and s. Unlike libzmq it also holds the padding and the boxed
// signature to RFC 26's zeros.
func (s *CurveServer) processHello(b []byte) error {
	switch {
	case !basicCommandOK(b):
		return ErrMalformedCommand
	case len(b) < 6 || string(b[:6]) != "\x05HELLO":
		return ErrUnexpectedCommand
	case len(b) != curveHelloSize:
		return errCurveHelloSize
	case b[6] != 1 || b[7] != 0:
		return errCurveHelloVersion
	case !allZero(b[8:80]):
		return errCurveHelloPadding
	}
	copy(s.cnClient[:], b[80:112])
	n := binary.BigEndian.Uint64(b[112:120])
	nonce := shortNonce(curveNonceHello, n)
	var buf [64]byte
	plain, ok := box.Open(buf[:0], b[120:], &nonce, &s.cnClient, &s.secret)
	if !ok {
		return ErrCurveCryptographic
	}
	if !allZero(plain) {
		return errCurveHelloSignature
	}
	s.codec.peerNonce = n
	s.state = curveSendWelcome
	return nil
}

// produceWelcome draws S' and s' and the cookie key K, and builds WELCOME: "\x07WELCOME", a
// long nonce, and Box[S' + cookie](S->C'), the cookie being a long nonce and
// SecretBox[C' + s'](K). Our long-term secret is erased: nothing needs it any more.
func (s *CurveServer) produceWelcome(m *msg.Msg) error {
	if err := curveKeypair(s.rng, &s.cnPublic, &s.cnSecret); err != nil {
		return err
	}
	if _, err := io.ReadFull(s.rng, s.cookieKey[:]); err != nil {
		return errCurveRandom
	}
	cookieNonce, err := randomLongNonce(s.rng, curveNonceCookie)
	if err != nil {
		return err
	}
	welcomeNonce, err := randomLongNonce(s.rng, curveNonceWelcome)
	if err != nil {
		return err
	}
	var cookie [64]byte
	copy(cookie[:32], s.cnClient[:])
	copy(cookie[32:], s.cnSecret[:])
	var plain [128]byte
	copy(plain[:32], s.cnPublic[:])
	copy(plain[32:48], cookieNonce[8:])
	secretbox.Seal(plain[48:48], cookie[:], &cookieNonce, &s.cookieKey)
	b := m.InitSize(curveWelcomeSize, msg.Command, false)
	copy(b, "\x07WELCOME")
	copy(b[8:24], welcomeNonce[8:])
	box.Seal(b[24:24], plain[:], &welcomeNonce, &s.cnClient, &s.secret)
	clear(cookie[:])
	zeroAll(&s.secret)
	return nil
}

// processInitiate checks INITIATE (structure, name, size; the property list against the
// metadata bound before any decryption), opens the cookie, the box and the vouch, records
// the client's properties, then authenticates the client. Unlike libzmq, properties are
// checked before the ZAP request, so a malformed INITIATE never reaches the handler.
func (s *CurveServer) processInitiate(b []byte) error {
	switch {
	case !basicCommandOK(b):
		return ErrMalformedCommand
	case len(b) < 9 || string(b[:9]) != "\x08INITIATE":
		return ErrUnexpectedCommand
	case len(b) < curveInitiateMinSize:
		return errCurveInitiateSize
	case len(b)-curveInitiateMinSize > curveMetadataLimit(&s.opts):
		return ErrMetadataTooLarge
	}
	if err := s.openCookie(b[9:105]); err != nil {
		return err
	}
	box.Precompute(&s.codec.key, &s.cnClient, &s.cnSecret)
	plain, err := s.codec.openCommand(curveNonceInitiate, b[105:113], b[curveInitiateHead:])
	if err != nil {
		return err
	}
	if err := s.checkVouch(plain[:128]); err != nil {
		return err
	}
	copy(s.client[:], plain[:32])
	zeroAll(&s.cookieKey, &s.cnSecret)
	if err := s.peer.parse(plain[128:], &s.opts); err != nil {
		if err == ErrInvalidMetadata {
			return errCurveInitiateMetadata
		}
		return err
	}
	return s.authenticate()
}

// openCookie opens the cookie the client returned and checks it holds this connection's C'
// and s'.
func (s *CurveServer) openCookie(c []byte) error {
	nonce := longNonce(curveNonceCookie, c[:16])
	var buf [64]byte
	plain, ok := secretbox.Open(buf[:0], c[16:], &nonce, &s.cookieKey)
	if !ok {
		return ErrCurveCryptographic
	}
	same := subtle.ConstantTimeCompare(plain[:32], s.cnClient[:]) &
		subtle.ConstantTimeCompare(plain[32:], s.cnSecret[:])
	clear(buf[:])
	if same != 1 {
		return ErrCurveCryptographic
	}
	return nil
}

// checkVouch opens the vouch Box[C' + S](C->S') with the client's C from the INITIATE
// plaintext p and checks it names this connection's C' and our S (libzmq checks C' only).
func (s *CurveServer) checkVouch(p []byte) error {
	var client [32]byte
	copy(client[:], p[:32])
	nonce := longNonce(curveNonceVouch, p[32:48])
	var buf [64]byte
	v, ok := box.Open(buf[:0], p[48:128], &nonce, &client, &s.cnSecret)
	if !ok {
		return ErrCurveCryptographic
	}
	if subtle.ConstantTimeCompare(v[:32], s.cnClient[:])&subtle.ConstantTimeCompare(v[32:], s.public[:]) != 1 {
		return errCurveVouch
	}
	return nil
}

// produceReady builds READY with our basic properties.
func (s *CurveServer) produceReady(m *msg.Msg) error {
	return s.buildReady(m, AppendBasicProperties(nil, s.opts.SocketType, s.opts.RoutingID, s.opts.Metadata))
}

// buildReady builds READY carrying the property list props: "\x05READY", the short nonce,
// Box[props](S'->C').
func (s *CurveServer) buildReady(m *msg.Msg, props []byte) error {
	n, err := s.codec.sent.next()
	if err != nil {
		return err
	}
	b := m.InitSize(curveReadyMinSize+len(props), msg.Command, false)
	copy(b, "\x05READY")
	binary.BigEndian.PutUint64(b[6:14], n)
	nonce := shortNonce(curveNonceReady, n)
	box.SealAfterPrecomputation(b[curveReadyHead:curveReadyHead], props, &nonce, &s.codec.key)
	return nil
}
