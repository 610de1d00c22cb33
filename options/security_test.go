package options

import (
	"bytes"
	"testing"
)

// The security setters pick the mechanism and the server flag as libzmq 4.3's options.cpp.
func TestSecurityOptionRules(t *testing.T) {
	key := bytes.Repeat([]byte{7}, 32)
	type want struct {
		mech              Mechanism
		server            bool
		plainSrv, curvSrv bool
	}
	for _, tc := range []struct {
		name string
		set  func(o *Options)
		want want
	}{
		{"default", func(*Options) {}, want{MechNull, false, false, false}},
		{"plain server", func(o *Options) { o.SetPlainServer(true) }, want{MechPlain, true, true, false}},
		{"plain server off", func(o *Options) { o.SetPlainServer(true); o.SetPlainServer(false) },
			want{MechNull, false, false, false}},
		{"plain username", func(o *Options) { o.SetPlainUsername("u") }, want{MechPlain, false, false, false}},
		{"username clears server", func(o *Options) { o.SetPlainServer(true); o.SetPlainUsername("u") },
			want{MechPlain, false, false, false}},
		{"password clears server", func(o *Options) { o.SetPlainServer(true); o.SetPlainPassword("p") },
			want{MechPlain, false, false, false}},
		{"empty username: NULL, server flag kept", func(o *Options) { o.SetPlainServer(true); o.SetPlainUsername("") },
			want{MechNull, true, false, false}},
		{"curve server", func(o *Options) { o.SetCurveServer(true) }, want{MechCurve, true, false, true}},
		{"curve server off", func(o *Options) { o.SetCurveServer(true); o.SetCurveServer(false) },
			want{MechNull, false, false, false}},
		{"curve keys keep server", func(o *Options) {
			o.SetCurveServer(true)
			o.SetCurveSecretKey(key)
			o.SetCurvePublicKey(key)
		}, want{MechCurve, true, false, true}},
		{"server key makes a client", func(o *Options) { o.SetCurveServer(true); o.SetCurveServerKey(key) },
			want{MechCurve, false, false, false}},
		{"curve after plain", func(o *Options) { o.SetPlainUsername("u"); o.SetCurvePublicKey(key) },
			want{MechCurve, false, false, false}},
		{"plain server after curve server", func(o *Options) { o.SetCurveServer(true); o.SetPlainServer(true) },
			want{MechPlain, true, true, false}},
	} {
		o := Defaults(DEALER)
		tc.set(&o)
		got := want{o.Mechanism, o.AsServer, o.IsPlainServer(), o.IsCurveServer()}
		if got != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.name, got, tc.want)
		}
	}
}

func TestEmptyPlainUsernameKeepsStoredName(t *testing.T) {
	o := Defaults(REQ)
	o.SetPlainUsername("admin")
	o.SetPlainUsername("")
	if o.PlainUsername != "admin" || o.Mechanism != MechNull {
		t.Fatalf("username %q mechanism %v, want admin NULL (libzmq keeps the name)", o.PlainUsername, o.Mechanism)
	}
}

func TestMechanismNames(t *testing.T) {
	for m, name := range map[Mechanism]string{MechNull: "NULL", MechPlain: "PLAIN", MechCurve: "CURVE"} {
		if m.String() != name {
			t.Errorf("%d: %q, want %q", m, m.String(), name)
		}
	}
}

func TestZapEnabled(t *testing.T) {
	o := Defaults(REP)
	if o.ZapEnabled() {
		t.Fatal("NULL without a domain uses ZAP")
	}
	o.ZapDomain = "d"
	if !o.ZapEnabled() {
		t.Fatal("NULL with a domain does not use ZAP")
	}
	o.ZapDomain = ""
	o.SetPlainServer(true)
	if !o.ZapEnabled() {
		t.Fatal("PLAIN does not use ZAP")
	}
}

// Clone copies the keys deeply and the security scalars as they are.
func TestCloneSecurity(t *testing.T) {
	o := Defaults(ROUTER)
	o.SetCurveServer(true)
	o.SetCurveSecretKey(bytes.Repeat([]byte{1}, 32))
	o.SetCurvePublicKey(bytes.Repeat([]byte{2}, 32))
	o.ZapDomain, o.ZapEnforceDomain = "global", true
	c := o.Clone()
	o.CurveSecretKey[0] = 9
	o.CurvePublicKey[0] = 9
	if c.CurveSecretKey[0] != 1 || c.CurvePublicKey[0] != 2 {
		t.Fatal("Clone shares key storage")
	}
	if c.Mechanism != MechCurve || !c.AsServer || c.ZapDomain != "global" || !c.ZapEnforceDomain {
		t.Fatalf("Clone lost security options: %+v", c)
	}
}

// The GSSAPI setters follow libzmq's options.cpp: ZMQ_GSSAPI_SERVER selects GSSAPI whether
// on or off, the principal keeps the role, the service principal makes a client.
func TestGSSAPIOptionRules(t *testing.T) {
	for _, tc := range []struct {
		name   string
		set    func(o *Options)
		server bool
	}{
		{"server", func(o *Options) { o.SetGSSAPIServer(true) }, true},
		{"server off stays GSSAPI", func(o *Options) { o.SetGSSAPIServer(true); o.SetGSSAPIServer(false) }, false},
		{"principal keeps server", func(o *Options) { o.SetGSSAPIServer(true); o.SetGSSAPIPrincipal("svc@h") }, true},
		{"service principal makes a client", func(o *Options) { o.SetGSSAPIServer(true); o.SetGSSAPIServicePrincipal("svc@h") }, false},
		{"after curve", func(o *Options) { o.SetCurveServer(true); o.SetGSSAPIPrincipal("p") }, true},
	} {
		o := Defaults(DEALER)
		tc.set(&o)
		if o.Mechanism != MechGSSAPI || o.IsGSSAPIServer() != tc.server || o.IsCurveServer() {
			t.Errorf("%s: mechanism %v server %v", tc.name, o.Mechanism, o.IsGSSAPIServer())
		}
	}
	o := Defaults(DEALER)
	o.SetGSSAPIServer(true)
	o.SetPlainUsername("u")
	if o.Mechanism != MechPlain || o.IsGSSAPIServer() {
		t.Error("a later PLAIN option does not replace GSSAPI")
	}
	if MechGSSAPI.String() != "GSSAPI" || !GSSAPINTKRB5Principal.Valid() || GSSAPINameType(3).Valid() || GSSAPINameType(-1).Valid() {
		t.Error("names and validity")
	}
}
