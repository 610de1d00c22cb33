package auth

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// testKey is a made-up 32-byte public key: ZAP sees only the bytes, so any will do.
func testKey(n byte) []byte {
	k := make([]byte, 32)
	for i := range k {
		k[i] = n + byte(i)*7
	}
	return k
}

func TestCurve(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	k1, k2, k3 := testKey(1), testKey(2), testKey(3)
	if err := a.AllowCurveKeys("global", keyText(k1), string(k2)); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	rep := p.ask(curve("global", "127.0.0.1", k1))
	if string(rep[2]) != "200" || string(rep[4]) != keyText(k1) {
		t.Errorf("allowed key: reply %q, want 200 with the Z85 key as User-Id", rep)
	}
	p.expect(curve("global", "127.0.0.1", k2), "200")
	p.expect(curve("global", "127.0.0.1", k3), "400")
	p.expect(curve("other", "127.0.0.1", k1), "400")

	if err := a.RemoveCurveKeys("global", string(k1)); err != nil {
		t.Fatal(err)
	}
	p.expect(curve("global", "127.0.0.1", k1), "400")
	p.expect(curve("global", "127.0.0.1", k2), "200")
}

func TestCurveAnyAndStar(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	k1, k2 := testKey(1), testKey(2)
	if err := a.AllowCurveKeys("*", keyText(k1)); err != nil {
		t.Fatal(err)
	}
	a.AllowAnyCurve("open")
	p := newZapPeer(t, ctx)
	p.expect(curve("", "127.0.0.1", k1), "200")
	p.expect(curve("closed", "127.0.0.1", k1), "200")
	p.expect(curve("closed", "127.0.0.1", k2), "400")
	rep := p.ask(curve("open", "127.0.0.1", k2))
	if string(rep[2]) != "200" || string(rep[4]) != keyText(k2) {
		t.Errorf("any key: reply %q, want 200 with the Z85 key as User-Id", rep)
	}
	a.AllowAnyCurve("*")
	p.expect(curve("closed", "127.0.0.1", k2), "200")
}

func TestCurveInvalidKeys(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	good := keyText(testKey(1))
	for _, bad := range []string{"", "short", good[:39], good + "x", "~" + good[1:], "#####" + good[5:]} {
		if err := a.AllowCurveKeys("*", bad); !isInvalid(err) {
			t.Errorf("AllowCurveKeys(%q) = %v, want ErrInvalid", bad, err)
		}
		if err := a.RemoveCurveKeys("*", bad); !isInvalid(err) {
			t.Errorf("RemoveCurveKeys(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	// One bad key: none is added.
	if err := a.AllowCurveKeys("*", good, "bad"); !isInvalid(err) {
		t.Errorf("AllowCurveKeys with one bad key = %v, want ErrInvalid", err)
	}
	newZapPeer(t, ctx).expect(curve("", "127.0.0.1", testKey(1)), "400")
}
