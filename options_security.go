package zmq

import "github.com/zreactor/zmq/internal/zerr"

// Security options. The PLAIN and CURVE mechanisms and ZAP are not implemented yet: these
// setters keep libzmq's names so programs compile, and fail with ErrNotSupported rather than
// pretend, since a socket that silently stayed on NULL would accept anyone.

func (s *Socket) securityNotSupported(option string) error {
	if err := s.check(); err != nil {
		return err
	}
	return zerr.With(zerr.ErrNotSupported, "%s: the PLAIN and CURVE mechanisms and ZAP are not implemented yet", option)
}

// SetPlainServer would set ZMQ_PLAIN_SERVER; it returns ErrNotSupported for now.
func (s *Socket) SetPlainServer(bool) error { return s.securityNotSupported("PLAIN_SERVER") }

// SetPlainUsername would set ZMQ_PLAIN_USERNAME; it returns ErrNotSupported for now.
func (s *Socket) SetPlainUsername(string) error { return s.securityNotSupported("PLAIN_USERNAME") }

// SetPlainPassword would set ZMQ_PLAIN_PASSWORD; it returns ErrNotSupported for now.
func (s *Socket) SetPlainPassword(string) error { return s.securityNotSupported("PLAIN_PASSWORD") }

// SetZapDomain would set ZMQ_ZAP_DOMAIN; it returns ErrNotSupported for now.
func (s *Socket) SetZapDomain(string) error { return s.securityNotSupported("ZAP_DOMAIN") }

// SetCurveServer would set ZMQ_CURVE_SERVER; it returns ErrNotSupported for now.
func (s *Socket) SetCurveServer(bool) error { return s.securityNotSupported("CURVE_SERVER") }

// SetCurvePublicKey would set ZMQ_CURVE_PUBLICKEY (40 Z85 characters or 32 bytes); it returns
// ErrNotSupported for now.
func (s *Socket) SetCurvePublicKey(string) error { return s.securityNotSupported("CURVE_PUBLICKEY") }

// SetCurveSecretKey would set ZMQ_CURVE_SECRETKEY; it returns ErrNotSupported for now.
func (s *Socket) SetCurveSecretKey(string) error { return s.securityNotSupported("CURVE_SECRETKEY") }

// SetCurveServerKey would set ZMQ_CURVE_SERVERKEY; it returns ErrNotSupported for now.
func (s *Socket) SetCurveServerKey(string) error { return s.securityNotSupported("CURVE_SERVERKEY") }
