package zmq

import "github.com/zreactor/zmq/options"

// GSSAPI options (libzmq's ZMQ_GSSAPI_*): Kerberos V5 through the GSS-API, ZMTP RFC 38. As in
// libzmq, SetGSSAPIServer (true or false) and SetGSSAPIPrincipal select the GSSAPI mechanism
// keeping the role, SetGSSAPIServicePrincipal makes a GSSAPI client; the last security option
// set picks the mechanism. Credentials come from the environment as MIT Kerberos reads it:
// KRB5_CONFIG, KRB5_KTNAME (a server's keys), KRB5CCNAME (a FILE: ticket cache) or
// KRB5_CLIENT_KTNAME (a client's keys). See the README's GSSAPI section.

// GSSAPINameType is how a GSSAPI principal name reads (ZMQ_GSSAPI_NT_*).
type GSSAPINameType int

// The principal name types, with libzmq's values.
const (
	// GSSAPINTHostbased is ZMQ_GSSAPI_NT_HOSTBASED (the default): "service@host", the
	// principal service/host. The host is used as written, lower-cased: no DNS look-up.
	GSSAPINTHostbased GSSAPINameType = 0
	// GSSAPINTUserName is ZMQ_GSSAPI_NT_USER_NAME: "user" or "user@REALM".
	GSSAPINTUserName GSSAPINameType = 1
	// GSSAPINTKRB5Principal is ZMQ_GSSAPI_NT_KRB5_PRINCIPAL: a principal, "svc/host@REALM".
	GSSAPINTKRB5Principal GSSAPINameType = 2
)

// maxGSSAPIPrincipal is the longest principal name libzmq takes (UCHAR_MAX).
const maxGSSAPIPrincipal = 255

// SetGSSAPIServer sets ZMQ_GSSAPI_SERVER: true makes the socket a GSSAPI server (the
// Kerberos acceptor, which needs its keys in KRB5_KTNAME), false a GSSAPI client; either way
// the mechanism is GSSAPI.
func (s *Socket) SetGSSAPIServer(on bool) error {
	return s.setOpt("GSSAPI_SERVER", true, func() { s.opts.SetGSSAPIServer(on) })
}

// GSSAPIServer returns ZMQ_GSSAPI_SERVER: whether the socket is a GSSAPI server.
func (s *Socket) GSSAPIServer() bool { return s.opts.IsGSSAPIServer() }

// SetGSSAPIPrincipal sets ZMQ_GSSAPI_PRINCIPAL (1 to 255 bytes), the socket's own principal:
// a client authenticates as it (its ticket or keys must be found), a server accepts only
// tickets for it. Unset, a client uses the default credentials and a server accepts a ticket
// for any principal of its keytab. It selects GSSAPI.
func (s *Socket) SetGSSAPIPrincipal(name string) error {
	ok := len(name) >= 1 && len(name) <= maxGSSAPIPrincipal
	return s.setOpt("GSSAPI_PRINCIPAL", ok, func() { s.opts.SetGSSAPIPrincipal(name) })
}

// GSSAPIPrincipal returns ZMQ_GSSAPI_PRINCIPAL.
func (s *Socket) GSSAPIPrincipal() string { return s.opts.GSSAPIPrincipal }

// SetGSSAPIServicePrincipal sets ZMQ_GSSAPI_SERVICE_PRINCIPAL (1 to 255 bytes), the server's
// principal a client asks a ticket for ("service@host" by default): it makes a GSSAPI client.
func (s *Socket) SetGSSAPIServicePrincipal(name string) error {
	ok := len(name) >= 1 && len(name) <= maxGSSAPIPrincipal
	return s.setOpt("GSSAPI_SERVICE_PRINCIPAL", ok, func() { s.opts.SetGSSAPIServicePrincipal(name) })
}

// GSSAPIServicePrincipal returns ZMQ_GSSAPI_SERVICE_PRINCIPAL.
func (s *Socket) GSSAPIServicePrincipal() string { return s.opts.GSSAPIServicePrincipal }

// SetGSSAPIPlaintext sets ZMQ_GSSAPI_PLAINTEXT: true authenticates only, and READY and every
// message then travel in clear; both sides must agree. It does not change the mechanism.
func (s *Socket) SetGSSAPIPlaintext(on bool) error {
	return s.setOpt("GSSAPI_PLAINTEXT", true, func() { s.opts.GSSAPIPlaintext = on })
}

// GSSAPIPlaintext returns ZMQ_GSSAPI_PLAINTEXT.
func (s *Socket) GSSAPIPlaintext() bool { return s.opts.GSSAPIPlaintext }

// SetGSSAPIPrincipalNameType sets ZMQ_GSSAPI_PRINCIPAL_NAMETYPE, how SetGSSAPIPrincipal's
// name reads; EINVAL for a value other than the three types.
func (s *Socket) SetGSSAPIPrincipalNameType(t GSSAPINameType) error {
	nt := options.GSSAPINameType(t)
	return s.setOpt("GSSAPI_PRINCIPAL_NAMETYPE", nt.Valid(), func() { s.opts.GSSAPIPrincipalNT = nt })
}

// GSSAPIPrincipalNameType returns ZMQ_GSSAPI_PRINCIPAL_NAMETYPE.
func (s *Socket) GSSAPIPrincipalNameType() GSSAPINameType {
	return GSSAPINameType(s.opts.GSSAPIPrincipalNT)
}

// SetGSSAPIServicePrincipalNameType sets ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE, how
// SetGSSAPIServicePrincipal's name reads; EINVAL for a value other than the three types.
func (s *Socket) SetGSSAPIServicePrincipalNameType(t GSSAPINameType) error {
	nt := options.GSSAPINameType(t)
	return s.setOpt("GSSAPI_SERVICE_PRINCIPAL_NAMETYPE", nt.Valid(), func() { s.opts.GSSAPIServicePrincipalNT = nt })
}

// GSSAPIServicePrincipalNameType returns ZMQ_GSSAPI_SERVICE_PRINCIPAL_NAMETYPE.
func (s *Socket) GSSAPIServicePrincipalNameType() GSSAPINameType {
	return GSSAPINameType(s.opts.GSSAPIServicePrincipalNT)
}
