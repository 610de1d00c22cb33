package options

// Mechanism is the ZMTP security mechanism a socket's connections use (libzmq's
// options_t::mechanism, ZMQ_MECHANISM).
type Mechanism uint8

// The mechanisms, with libzmq's ZMQ_NULL, ZMQ_PLAIN, ZMQ_CURVE and ZMQ_GSSAPI values.
const (
	MechNull   Mechanism = 0
	MechPlain  Mechanism = 1
	MechCurve  Mechanism = 2
	MechGSSAPI Mechanism = 3
)

// String is the mechanism's name in the ZMTP greeting.
func (m Mechanism) String() string {
	switch m {
	case MechPlain:
		return "PLAIN"
	case MechCurve:
		return "CURVE"
	case MechGSSAPI:
		return "GSSAPI"
	}
	return "NULL"
}

// The setters below keep libzmq 4.3's rules (options.cpp): the last security option set picks
// the mechanism, so a socket is never half PLAIN, half CURVE. Values are checked by the caller.

// SetPlainServer is ZMQ_PLAIN_SERVER: true makes a PLAIN server, false falls back to NULL.
func (o *Options) SetPlainServer(on bool) { o.setServer(on, MechPlain) }

// SetCurveServer is ZMQ_CURVE_SERVER: true makes a CURVE server, false falls back to NULL.
func (o *Options) SetCurveServer(on bool) { o.setServer(on, MechCurve) }

func (o *Options) setServer(on bool, m Mechanism) {
	o.AsServer = on
	if on {
		o.Mechanism = m
	} else {
		o.Mechanism = MechNull
	}
}

// SetPlainUsername is ZMQ_PLAIN_USERNAME: a name makes a PLAIN client; "" falls back to NULL
// and, as in libzmq, leaves the stored name and the server flag alone.
func (o *Options) SetPlainUsername(name string) { o.setPlainClient(&o.PlainUsername, name) }

// SetPlainPassword is ZMQ_PLAIN_PASSWORD, with SetPlainUsername's rules.
func (o *Options) SetPlainPassword(password string) { o.setPlainClient(&o.PlainPassword, password) }

func (o *Options) setPlainClient(dst *string, v string) {
	if v == "" {
		o.Mechanism = MechNull
		return
	}
	*dst = v
	o.AsServer = false
	o.Mechanism = MechPlain
}

// SetCurvePublicKey is ZMQ_CURVE_PUBLICKEY (32 bytes): it selects CURVE, client or server
// unchanged.
func (o *Options) SetCurvePublicKey(key []byte) { o.setCurveKey(&o.CurvePublicKey, key) }

// SetCurveSecretKey is ZMQ_CURVE_SECRETKEY (32 bytes), with SetCurvePublicKey's rule.
func (o *Options) SetCurveSecretKey(key []byte) { o.setCurveKey(&o.CurveSecretKey, key) }

// SetCurveServerKey is ZMQ_CURVE_SERVERKEY (32 bytes): knowing the server's key makes a
// CURVE client.
func (o *Options) SetCurveServerKey(key []byte) {
	o.setCurveKey(&o.CurveServerKey, key)
	o.AsServer = false
}

func (o *Options) setCurveKey(dst *[]byte, key []byte) {
	*dst = append((*dst)[:0:0], key...)
	o.Mechanism = MechCurve
}

// IsPlainServer is ZMQ_PLAIN_SERVER as libzmq reads it back.
func (o *Options) IsPlainServer() bool { return o.AsServer && o.Mechanism == MechPlain }

// IsCurveServer is ZMQ_CURVE_SERVER as libzmq reads it back.
func (o *Options) IsCurveServer() bool { return o.AsServer && o.Mechanism == MechCurve }

// SetGSSAPIServer is ZMQ_GSSAPI_SERVER: it selects GSSAPI either way (libzmq: as_server =
// value, mechanism = GSSAPI), as a server (the Kerberos acceptor) or not.
func (o *Options) SetGSSAPIServer(on bool) {
	o.AsServer = on
	o.Mechanism = MechGSSAPI
}

// SetGSSAPIPrincipal is ZMQ_GSSAPI_PRINCIPAL: our own principal; it selects GSSAPI, client or
// server unchanged. The caller checks the length (1 to 255 bytes).
func (o *Options) SetGSSAPIPrincipal(name string) {
	o.GSSAPIPrincipal = name
	o.Mechanism = MechGSSAPI
}

// SetGSSAPIServicePrincipal is ZMQ_GSSAPI_SERVICE_PRINCIPAL: the server's principal, which
// makes a GSSAPI client. The caller checks the length (1 to 255 bytes).
func (o *Options) SetGSSAPIServicePrincipal(name string) {
	o.GSSAPIServicePrincipal = name
	o.AsServer = false
	o.Mechanism = MechGSSAPI
}

// IsGSSAPIServer is ZMQ_GSSAPI_SERVER as libzmq reads it back.
func (o *Options) IsGSSAPIServer() bool { return o.AsServer && o.Mechanism == MechGSSAPI }

// ZapEnabled reports whether connections of this socket may consult ZAP (libzmq
// session_base_t::zap_enabled): a security mechanism, or a ZAP domain with NULL.
func (o *Options) ZapEnabled() bool { return o.Mechanism != MechNull || o.ZapDomain != "" }

// GSSAPINameType is how a GSSAPI principal name reads (libzmq's ZMQ_GSSAPI_NT_* values).
type GSSAPINameType int

// The name types.
const (
	GSSAPINTHostbased     GSSAPINameType = 0 // "service@host" (GSS_C_NT_HOSTBASED_SERVICE)
	GSSAPINTUserName      GSSAPINameType = 1 // "user" or "user@REALM" (GSS_C_NT_USER_NAME)
	GSSAPINTKRB5Principal GSSAPINameType = 2 // "svc/host@REALM" (GSS_KRB5_NT_PRINCIPAL_NAME)
)

// Valid reports whether t is one of the three name types.
func (t GSSAPINameType) Valid() bool { return t >= GSSAPINTHostbased && t <= GSSAPINTKRB5Principal }
