package auth

import (
	"encoding/binary"
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// decodeMetadata reads a ZMTP property list, failing t on a malformed one.
func decodeMetadata(t *testing.T, b []byte) map[string]string {
	t.Helper()
	md := make(map[string]string)
	for len(b) > 0 {
		n := int(b[0])
		if len(b) < 1+n+4 {
			t.Fatalf("truncated property list %q", b)
		}
		name := string(b[1 : 1+n])
		vl := int(binary.BigEndian.Uint32(b[1+n:]))
		b = b[1+n+4:]
		if vl > len(b) {
			t.Fatalf("truncated value of %q", name)
		}
		md[name], b = string(b[:vl]), b[vl:]
	}
	return md
}

func TestMetadata(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("*", "admin", "secret")
	a.AddPlainUser("*", "guest", "guest")
	key := testKey(5)
	if err := a.AllowCurveKeys("*", string(key)); err != nil {
		t.Fatal(err)
	}
	md := map[string]string{"Role": "root", "X-Team": "ops", "Empty": ""}
	if err := a.SetPlainMetadata("*", "admin", md); err != nil {
		t.Fatal(err)
	}
	md["Role"] = "changed later" // copied: no effect
	if err := a.SetPlainMetadata("special", "admin", map[string]string{"Role": "special"}); err != nil {
		t.Fatal(err)
	}
	if err := a.SetCurveMetadata("*", keyText(key), map[string]string{PropUserID: "svc-1", "Tier": "gold"}); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)

	rep := p.ask(plain("x", "127.0.0.1", "admin", "secret"))
	got := decodeMetadata(t, rep[5])
	if string(rep[4]) != "admin" || len(got) != 3 || got["Role"] != "root" || got["X-Team"] != "ops" || got["Empty"] != "" {
		t.Errorf("PLAIN admin: user id %q, metadata %q", rep[4], got)
	}
	rep = p.ask(plain("special", "127.0.0.1", "admin", "secret"))
	if got := decodeMetadata(t, rep[5]); got["Role"] != "special" || len(got) != 1 {
		t.Errorf("PLAIN admin in its own domain: metadata %q", got)
	}
	if rep := p.ask(plain("x", "127.0.0.1", "guest", "guest")); len(rep[5]) != 0 {
		t.Errorf("guest has no metadata, got %q", rep[5])
	}
	if rep := p.ask(plain("x", "127.0.0.1", "admin", "bad")); len(rep[4]) != 0 || len(rep[5]) != 0 {
		t.Errorf("a refusal carries no user id or metadata: %q", rep)
	}

	// User-Id replaces the default and travels in its own frame only.
	rep = p.ask(curve("x", "127.0.0.1", key))
	got = decodeMetadata(t, rep[5])
	if string(rep[4]) != "svc-1" || len(got) != 1 || got["Tier"] != "gold" {
		t.Errorf("CURVE: user id %q, metadata %q", rep[4], got)
	}

	// Removing it restores the defaults.
	if err := a.SetCurveMetadata("*", string(key), nil); err != nil {
		t.Fatal(err)
	}
	rep = p.ask(curve("x", "127.0.0.1", key))
	if string(rep[4]) != keyText(key) || len(rep[5]) != 0 {
		t.Errorf("CURVE after removal: %q", rep)
	}
}

func TestMetadataInvalid(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	long := string(make([]byte, 256))
	for _, md := range []map[string]string{
		{"": "x"},
		{"has space": "x"},
		{"colon:": "x"},
		{string([]byte{'a', 0xff}): "x"},
		{long: "x"},
		{PropUserID: long},
	} {
		if err := a.SetPlainMetadata("*", "u", md); !isInvalid(err) {
			t.Errorf("SetPlainMetadata(%q) = %v, want ErrInvalid", md, err)
		}
	}
	if err := a.SetCurveMetadata("*", "not a key", map[string]string{"A": "b"}); !isInvalid(err) {
		t.Errorf("SetCurveMetadata with a bad key = %v, want ErrInvalid", err)
	}
	if err := a.SetPlainMetadata("*", "u", map[string]string{"a-Z_0.9+": "ok"}); err != nil {
		t.Errorf("every allowed name character: %v", err)
	}
}
