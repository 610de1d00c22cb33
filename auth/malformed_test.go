package auth

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// Requests that break RFC 27 get a 500 echoing the request id when there is one, and the
// handler goes on serving.
func TestMalformedRequests(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("*", "admin", "secret")
	if err := a.AllowCurveKeys("*", string(testKey(1))); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	f := func(s ...string) [][]byte {
		b := make([][]byte, len(s))
		for i := range s {
			b[i] = []byte(s[i])
		}
		return b
	}
	for _, tc := range []struct {
		name   string
		frames [][]byte
		id     string
	}{
		{"one frame", f("1.0"), ""},
		{"two frames", f("1.0", "9"), "9"},
		{"five frames", f("1.0", "9", "d", "127.0.0.1", "id"), "9"},
		{"version 2.0", f("2.0", "9", "d", "127.0.0.1", "id", "NULL"), "9"},
		{"version 1", f("1", "9", "d", "127.0.0.1", "id", "NULL"), "9"},
		{"NULL with credentials", f("1.0", "9", "d", "127.0.0.1", "id", "NULL", "x"), "9"},
		{"PLAIN without password", f("1.0", "9", "d", "127.0.0.1", "id", "PLAIN", "admin"), "9"},
		{"PLAIN with 3 credentials", f("1.0", "9", "d", "127.0.0.1", "id", "PLAIN", "admin", "secret", "x"), "9"},
		{"CURVE without key", f("1.0", "9", "d", "127.0.0.1", "id", "CURVE"), "9"},
		{"CURVE key of 31 bytes", f("1.0", "9", "d", "127.0.0.1", "id", "CURVE", string(testKey(1)[:31])), "9"},
		{"CURVE key in Z85", f("1.0", "9", "d", "127.0.0.1", "id", "CURVE", keyText(testKey(1))), "9"},
	} {
		rep := p.roundTrip(tc.frames...)
		if string(rep[1]) != tc.id || string(rep[2]) != "500" || len(rep[3]) == 0 || len(rep[4]) != 0 || len(rep[5]) != 0 {
			t.Errorf("%s: reply %q, want 500 for request id %q", tc.name, rep, tc.id)
		}
		p.expect(plain("d", "127.0.0.1", "admin", "secret"), "200")
	}
}

// A binary request id is echoed byte for byte.
func TestRequestIDEchoed(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	start(t, ctx)
	p := newZapPeer(t, ctx)
	id := []byte{0, 1, 2, 0xff, 0}
	rep := p.roundTrip([]byte("1.0"), id, []byte("d"), []byte("::1"), nil, []byte("NULL"))
	if string(rep[1]) != string(id) || string(rep[2]) != "200" {
		t.Errorf("reply %q", rep)
	}
}
