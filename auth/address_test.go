package auth

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestAllowList(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	if err := a.Allow("10.0.0.1", "192.168.0.0/16", "2001:db8::/32"); err != nil {
		t.Fatal(err)
	}
	a.AddPlainUser("*", "admin", "secret")
	p := newZapPeer(t, ctx)
	for addr, want := range map[string]string{
		"10.0.0.1":        "200",
		"::ffff:10.0.0.1": "200", // a dual-stack listener's view of the same peer
		"192.168.3.4":     "200",
		"2001:db8::17":    "200",
		"fe80::1%eth0":    "400",
		"10.0.0.2":        "400",
		"":                "400", // no IP at all (not TCP): not on the list
		"not an address":  "400",
		"::ffff:10.0.0.2": "400",
		"2001:db9::1":     "400",
		"192.169.0.1":     "400",
		"192.168.255.255": "200",
	} {
		if got := p.status(null(addr)); got != want {
			t.Errorf("NULL from %q: %s, want %s", addr, got, want)
		}
	}
	// An allowed address still has to authenticate with PLAIN.
	p.expect(plain("global", "10.0.0.1", "admin", "wrong"), "400")
	p.expect(plain("global", "10.0.0.1", "admin", "secret"), "200")
	p.expect(plain("global", "10.0.0.2", "admin", "secret"), "400")
}

func TestDenyList(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	if err := a.Deny("10.0.0.1", "::ffff:172.16.0.0/108"); err != nil {
		t.Fatal(err)
	}
	a.AddPlainUser("*", "admin", "secret")
	key := testKey(1)
	if err := a.AllowCurveKeys("*", string(key)); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	// Denied before any credential is looked at.
	p.expect(null("10.0.0.1"), "400")
	p.expect(plain("global", "10.0.0.1", "admin", "secret"), "400")
	p.expect(curve("global", "10.0.0.1", key), "400")
	p.expect(null("172.16.1.2"), "400") // the mapped prefix covers 172.16.0.0/12
	p.expect(null("172.32.0.1"), "200")
	p.expect(null("10.0.0.2"), "200")
	p.expect(null(""), "200")
	p.expect(plain("global", "10.0.0.2", "admin", "secret"), "200")
}

// Once anything is allowed the deny list no longer applies, as with zauth.
func TestAllowOverridesDeny(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	if err := a.Deny("10.0.0.1", "10.0.0.2"); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	p.expect(null("10.0.0.1"), "400")
	if err := a.Allow("10.0.0.1"); err != nil {
		t.Fatal(err)
	}
	p.expect(null("10.0.0.1"), "200")
	p.expect(null("10.0.0.3"), "400")
}

func TestInvalidAddresses(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	for _, bad := range []string{"", "localhost", "10.0.0.1:5555", "10.0.0.0/33", "tcp://10.0.0.1", "1.2.3.4/"} {
		if err := a.Allow(bad); !isInvalid(err) {
			t.Errorf("Allow(%q) = %v, want ErrInvalid", bad, err)
		}
	}
	// A bad address among good ones: nothing is added, so everyone still passes.
	if err := a.Allow("10.0.0.1", "nonsense"); !isInvalid(err) {
		t.Errorf("Allow with one bad address = %v, want ErrInvalid", err)
	}
	if err := a.Deny("10.0.0.1", "nonsense"); !isInvalid(err) {
		t.Errorf("Deny with one bad address = %v, want ErrInvalid", err)
	}
	p := newZapPeer(t, ctx)
	p.expect(null("10.0.0.1"), "200")
	p.expect(null("10.0.0.2"), "200")
}
