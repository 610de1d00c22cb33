package zmq_test

import (
	"bytes"
	"errors"
	"strings"
	"syscall"
	"testing"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// The RFC 32 example key pair (also libzmq's tests'): the same key as Z85 and as raw bytes.
const (
	rfcServerPublic = "rq:rM>}U?@Lns47E1%kR.o@n%FcmmsL/@{H8]yf7"
	rfcServerSecret = "JTKVSB%%)wK0E.X)V>+}o?pNmC{O&4W4b!Ni{Lh6"
)

// Security setters pick the mechanism and server flag by libzmq's rules, and the getters read
// them back as libzmq's getsockopt does.
func TestSecurityOptionsMechanismRules(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.DEALER)
	check := func(step string, mech zmq.Mechanism, plainServer, curveServer bool) {
		t.Helper()
		if s.Mechanism() != mech || s.PlainServer() != plainServer || s.CurveServer() != curveServer {
			t.Fatalf("after %s: mechanism %v plain server %v curve server %v, want %v %v %v", step,
				s.Mechanism(), s.PlainServer(), s.CurveServer(), mech, plainServer, curveServer)
		}
	}
	check("nothing", zmq.MechanismNull, false, false)
	testutil.Must(t, s.SetPlainServer(true), "SetPlainServer")
	check("SetPlainServer(true)", zmq.MechanismPlain, true, false)
	testutil.Must(t, s.SetPlainUsername("admin"), "SetPlainUsername")
	check("SetPlainUsername", zmq.MechanismPlain, false, false)
	testutil.Must(t, s.SetPlainPassword("secret"), "SetPlainPassword")
	if s.PlainUsername() != "admin" || s.PlainPassword() != "secret" {
		t.Fatalf("credentials %q %q", s.PlainUsername(), s.PlainPassword())
	}
	testutil.Must(t, s.SetPlainUsername(""), "SetPlainUsername(\"\")")
	check("empty username", zmq.MechanismNull, false, false)
	testutil.Must(t, s.SetCurveServer(true), "SetCurveServer")
	check("SetCurveServer(true)", zmq.MechanismCurve, false, true)
	testutil.Must(t, s.SetCurveSecretKey(rfcServerSecret), "SetCurveSecretKey")
	check("SetCurveSecretKey", zmq.MechanismCurve, false, true)
	testutil.Must(t, s.SetCurveServerKey(rfcServerPublic), "SetCurveServerKey")
	check("SetCurveServerKey", zmq.MechanismCurve, false, false)
	testutil.Must(t, s.SetCurveServer(false), "SetCurveServer(false)")
	check("SetCurveServer(false)", zmq.MechanismNull, false, false)
}

// Keys are accepted as 40 Z85 characters or 32 raw bytes and read back as Z85.
func TestSecurityOptionsCurveKeys(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.DEALER)
	if s.CurvePublicKey() != "" {
		t.Fatalf("unset public key reads %q", s.CurvePublicKey())
	}
	testutil.Must(t, s.SetCurvePublicKey(rfcServerPublic), "SetCurvePublicKey(Z85)")
	if got := s.CurvePublicKey(); got != rfcServerPublic {
		t.Fatalf("public key %q, want %q", got, rfcServerPublic)
	}
	raw, err := zmq.Z85Decode(rfcServerSecret)
	testutil.Must(t, err, "Z85Decode")
	testutil.Must(t, s.SetCurveSecretKey(string(raw)), "SetCurveSecretKey(raw)")
	if got := s.CurveSecretKey(); got != rfcServerSecret {
		t.Fatalf("secret key %q, want %q", got, rfcServerSecret)
	}
	testutil.Must(t, s.SetCurveServerKey(string(bytes.Repeat([]byte{0}, 32))), "SetCurveServerKey(raw zeros)")
	if got := s.CurveServerKey(); got != strings.Repeat("0", 40) {
		t.Fatalf("server key %q", got)
	}
	for name, key := range map[string]string{
		"empty": "", "short Z85": rfcServerPublic[:39], "long Z85": rfcServerPublic + "0",
		"bad character": "\"" + rfcServerPublic[1:], "31 bytes": strings.Repeat("x", 31),
		"over 32 bits": strings.Repeat("#", 40),
	} {
		for opt, set := range map[string]func(string) error{
			"public": s.SetCurvePublicKey, "secret": s.SetCurveSecretKey, "server": s.SetCurveServerKey,
		} {
			err := set(key)
			if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
				t.Errorf("%s key %s: %v, want ErrInvalid", opt, name, err)
			}
		}
	}
	// A refused key changes nothing.
	if s.CurvePublicKey() != rfcServerPublic || s.Mechanism() != zmq.MechanismCurve {
		t.Fatalf("a refused key changed the options: %q %v", s.CurvePublicKey(), s.Mechanism())
	}
}

func TestSecurityOptionsLimits(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.ROUTER)
	long := strings.Repeat("x", 256)
	for name, err := range map[string]error{
		"PlainUsername": s.SetPlainUsername(long), "PlainPassword": s.SetPlainPassword(long),
		"ZapDomain long": s.SetZapDomain(long), "ZapDomain empty": s.SetZapDomain(""),
	} {
		if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
			t.Errorf("Set%s: %v, want ErrInvalid", name, err)
		}
	}
	testutil.Must(t, s.SetZapDomain(long[:255]), "SetZapDomain(255 bytes)")
	testutil.Must(t, s.SetZapDomain("global"), "SetZapDomain")
	if s.ZapDomain() != "global" {
		t.Fatalf("ZapDomain %q", s.ZapDomain())
	}
	testutil.Must(t, s.SetZapEnforceDomain(true), "SetZapEnforceDomain")
	if !s.ZapEnforceDomain() {
		t.Fatal("ZapEnforceDomain not set")
	}
	if s.Mechanism() != zmq.MechanismNull {
		t.Fatalf("ZAP options changed the mechanism to %v", s.Mechanism())
	}
}

// A closed socket refuses security options like any other.
func TestSecurityOptionsClosedSocket(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, s.Close(), "Close")
	for name, err := range map[string]error{
		"PlainServer": s.SetPlainServer(true), "PlainUsername": s.SetPlainUsername("u"),
		"PlainPassword": s.SetPlainPassword("p"), "ZapDomain": s.SetZapDomain("d"),
		"ZapEnforceDomain": s.SetZapEnforceDomain(true), "CurveServer": s.SetCurveServer(true),
		"CurvePublicKey": s.SetCurvePublicKey(rfcServerPublic), "CurveSecretKey": s.SetCurveSecretKey(rfcServerSecret),
		"CurveServerKey": s.SetCurveServerKey(rfcServerPublic),
	} {
		if !errors.Is(err, zmq.ErrNotSocket) {
			t.Errorf("Set%s on a closed socket = %v, want ErrNotSocket", name, err)
		}
	}
}
