package zmq

import (
	"strconv"

	"github.com/zreactor/zmq/options"
)

// Security options (libzmq 4.3's options.cpp). The last one set picks the mechanism, as in
// libzmq: a PLAIN username or password makes a PLAIN client, SetPlainServer(true) a PLAIN
// server, SetCurveServer(true) a CURVE server, a CURVE server key a CURVE client; turning a
// server flag off, or setting an empty username or password, falls back to NULL. Like every
// connection option they apply to later Bind and Connect calls.

// Mechanism is a ZMTP security mechanism (ZMQ_MECHANISM), with libzmq's value.
type Mechanism uint8

// The security mechanisms, with libzmq's values.
const (
	MechanismNull  Mechanism = 0 // ZMQ_NULL: no security
	MechanismPlain Mechanism = 1 // ZMQ_PLAIN: clear-text username and password (RFC 24)
	MechanismCurve Mechanism = 2 // ZMQ_CURVE: CurveZMQ encryption and authentication (RFC 26)
	// MechanismGSSAPI is ZMQ_GSSAPI: Kerberos V5 authentication and, unless plaintext,
	// encryption (options_gssapi.go).
	MechanismGSSAPI Mechanism = 3
)

// String is the mechanism's name as the ZMTP greeting spells it: "NULL", "PLAIN", "CURVE",
// "GSSAPI".
func (m Mechanism) String() string {
	if m > MechanismGSSAPI {
		return "Mechanism(" + strconv.Itoa(int(m)) + ")"
	}
	return options.Mechanism(m).String()
}

// maxPlainCredential is the longest PLAIN username or password, and the longest ZAP domain:
// each travels with a one-octet length.
const maxPlainCredential = 255

// Mechanism returns ZMQ_MECHANISM, the mechanism the security options select.
func (s *Socket) Mechanism() Mechanism { return Mechanism(s.opts.Mechanism) }

// SetPlainServer sets ZMQ_PLAIN_SERVER: true makes the socket a PLAIN server, which asks the
// ZAP handler about every client's username and password; false falls back to NULL.
func (s *Socket) SetPlainServer(on bool) error {
	return s.setOpt("PLAIN_SERVER", true, func() { s.opts.SetPlainServer(on) })
}

// PlainServer returns ZMQ_PLAIN_SERVER: whether the socket is a PLAIN server.
func (s *Socket) PlainServer() bool { return s.opts.IsPlainServer() }

// SetPlainUsername sets ZMQ_PLAIN_USERNAME (at most 255 bytes) and makes the socket a PLAIN
// client. An empty name falls back to NULL and, as in libzmq, keeps the stored name.
func (s *Socket) SetPlainUsername(name string) error {
	return s.setOpt("PLAIN_USERNAME", len(name) <= maxPlainCredential, func() { s.opts.SetPlainUsername(name) })
}

// PlainUsername returns ZMQ_PLAIN_USERNAME.
func (s *Socket) PlainUsername() string { return s.opts.PlainUsername }

// SetPlainPassword sets ZMQ_PLAIN_PASSWORD (at most 255 bytes), with SetPlainUsername's rules.
func (s *Socket) SetPlainPassword(password string) error {
	return s.setOpt("PLAIN_PASSWORD", len(password) <= maxPlainCredential, func() { s.opts.SetPlainPassword(password) })
}

// PlainPassword returns ZMQ_PLAIN_PASSWORD.
func (s *Socket) PlainPassword() string { return s.opts.PlainPassword }

// SetZapDomain sets ZMQ_ZAP_DOMAIN, 1 to 255 bytes, the domain sent in ZAP requests. With the
// NULL mechanism a domain turns ZAP on: a handler bound at inproc://zeromq.zap.01 is asked
// about every peer. As in libzmq 4.3, an empty domain is refused.
func (s *Socket) SetZapDomain(domain string) error {
	ok := len(domain) >= 1 && len(domain) <= maxPlainCredential
	return s.setOpt("ZAP_DOMAIN", ok, func() { s.opts.ZapDomain = domain })
}

// ZapDomain returns ZMQ_ZAP_DOMAIN.
func (s *Socket) ZapDomain() string { return s.opts.ZapDomain }

// SetZapEnforceDomain sets ZMQ_ZAP_ENFORCE_DOMAIN (libzmq draft): with it a server refuses
// every peer when no ZAP handler is bound, instead of accepting them (NULL with a domain,
// CURVE) unauthenticated.
func (s *Socket) SetZapEnforceDomain(on bool) error {
	return s.setOpt("ZAP_ENFORCE_DOMAIN", true, func() { s.opts.ZapEnforceDomain = on })
}

// ZapEnforceDomain returns ZMQ_ZAP_ENFORCE_DOMAIN.
func (s *Socket) ZapEnforceDomain() bool { return s.opts.ZapEnforceDomain }

// SetCurveServer sets ZMQ_CURVE_SERVER: true makes the socket a CURVE server (it needs its
// secret key, SetCurveSecretKey); false falls back to NULL.
func (s *Socket) SetCurveServer(on bool) error {
	return s.setOpt("CURVE_SERVER", true, func() { s.opts.SetCurveServer(on) })
}

// CurveServer returns ZMQ_CURVE_SERVER: whether the socket is a CURVE server.
func (s *Socket) CurveServer() bool { return s.opts.IsCurveServer() }

// SetCurvePublicKey sets ZMQ_CURVE_PUBLICKEY, the socket's long-term public key: 32 raw bytes
// or 40 Z85 characters (ErrInvalid otherwise). It selects CURVE.
func (s *Socket) SetCurvePublicKey(key string) error {
	return s.setCurveKey("CURVE_PUBLICKEY", key, s.opts.SetCurvePublicKey)
}

// SetCurveSecretKey sets ZMQ_CURVE_SECRETKEY, the socket's long-term secret key, as
// SetCurvePublicKey.
func (s *Socket) SetCurveSecretKey(key string) error {
	return s.setCurveKey("CURVE_SECRETKEY", key, s.opts.SetCurveSecretKey)
}

// SetCurveServerKey sets ZMQ_CURVE_SERVERKEY, the public key of the server a CURVE client
// connects to, as SetCurvePublicKey. It makes the socket a CURVE client.
func (s *Socket) SetCurveServerKey(key string) error {
	return s.setCurveKey("CURVE_SERVERKEY", key, s.opts.SetCurveServerKey)
}

func (s *Socket) setCurveKey(option, v string, store func([]byte)) error {
	k, keyErr := curveKey(option, v)
	if err := s.enter(callOption); err != nil {
		return err
	}
	defer s.exit()
	if keyErr != nil {
		return keyErr
	}
	store(k)
	return nil
}

// CurvePublicKey returns ZMQ_CURVE_PUBLICKEY as 40 Z85 characters, "" if never set.
func (s *Socket) CurvePublicKey() string { return z85Key(s.opts.CurvePublicKey) }

// CurveSecretKey returns ZMQ_CURVE_SECRETKEY as 40 Z85 characters, "" if never set.
func (s *Socket) CurveSecretKey() string { return z85Key(s.opts.CurveSecretKey) }

// CurveServerKey returns ZMQ_CURVE_SERVERKEY as 40 Z85 characters, "" if never set.
func (s *Socket) CurveServerKey() string { return z85Key(s.opts.CurveServerKey) }

func z85Key(k []byte) string {
	if len(k) == 0 {
		return ""
	}
	z, _ := Z85Encode(k) // keys are always 32 bytes
	return z
}
