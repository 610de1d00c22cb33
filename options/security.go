package options

// Mechanism is the ZMTP security mechanism a socket's connections use (libzmq's
// options_t::mechanism, ZMQ_MECHANISM).
type Mechanism uint8

// The mechanisms, with libzmq's ZMQ_NULL, ZMQ_PLAIN and ZMQ_CURVE values.
const (
	MechNull  Mechanism = 0
	MechPlain Mechanism = 1
	MechCurve Mechanism = 2
)

// String is the mechanism's name in the ZMTP greeting.
func (m Mechanism) String() string {
	switch m {
	case MechPlain:
		return "PLAIN"
	case MechCurve:
		return "CURVE"
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

// ZapEnabled reports whether connections of this socket may consult ZAP (libzmq
// session_base_t::zap_enabled): a security mechanism, or a ZAP domain with NULL.
func (o *Options) ZapEnabled() bool { return o.Mechanism != MechNull || o.ZapDomain != "" }
