package zmtp

import (
	"bytes"
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/options"
)

// peerGreeting3 builds a 64-byte greeting with the given revision, minor and mechanism.
func peerGreeting3(rev, minor byte, mech string) []byte {
	g := make([]byte, V3GreetingSize)
	g[0], g[8], g[9], g[10], g[11] = 0xFF, 1, 0x7F, rev, minor
	copy(g[12:], mech)
	return g
}

func newGreeting(t *testing.T, cfg GreetingConfig) *GreetingExchange {
	t.Helper()
	var g GreetingExchange
	if err := g.Init(cfg); err != nil {
		t.Fatal(err)
	}
	return &g
}

func TestGreetingStagingMatchesLibzmq(t *testing.T) {
	g := newGreeting(t, GreetingConfig{SocketType: options.DEALER, RoutingID: []byte("abc")})
	if want := unhex(t, "ff 00 00 00 00 00 00 00 04 7f"); !bytes.Equal(g.Out(), want) {
		t.Fatalf("signature % x, want % x", g.Out(), want)
	}
	g.Sent(10)
	peer := peerGreeting3(3, 1, "NULL")
	if n, _ := g.In(peer[:9]); n != 9 || len(g.Out()) != 0 {
		t.Fatalf("staged %d bytes before the peer's signature was in", len(g.Out()))
	}
	g.In(peer[9:10])
	if !bytes.Equal(g.Out(), []byte{3}) {
		t.Fatalf("after signature: % x, want 03", g.Out())
	}
	g.In(peer[10:11])
	out := g.Out()
	if len(out) != 54 || out[0] != 3 || out[1] != 1 || string(out[2:6]) != "NULL" {
		t.Fatalf("rest of greeting % x", out)
	}
	if !bytes.Equal(out[6:], make([]byte, 48)) {
		t.Fatalf("mechanism padding, as-server and filler must be zero: % x", out[6:])
	}
	if g.Done() || g.Want() != 53 {
		t.Fatalf("done=%v want=%d", g.Done(), g.Want())
	}
	n, err := g.In(append(peer[11:], 0xAA)) // one byte past the greeting
	if err != nil || n != 53 || !g.Done() || g.Version() != V31 {
		t.Fatalf("n=%d err=%v version=%v", n, err, g.Version())
	}
	if string(g.PeerMechanism()) != "NULL" {
		t.Fatalf("peer mechanism %q", g.PeerMechanism())
	}
}

func TestGreetingEmptyRoutingIDPadding(t *testing.T) {
	g := newGreeting(t, GreetingConfig{})
	if want := unhex(t, "ff 00 00 00 00 00 00 00 01 7f"); !bytes.Equal(g.Out(), want) {
		t.Fatalf("% x", g.Out())
	}
}

func TestGreetingVersions(t *testing.T) {
	cases := []struct {
		rev, minor byte
		want       Version
	}{
		{3, 0, V30}, {3, 1, V31}, {3, 7, V31}, {2, 0, V31}, {4, 0, V31}, {0xFF, 0, V31},
	}
	for _, c := range cases {
		g := newGreeting(t, GreetingConfig{})
		if _, err := g.In(peerGreeting3(c.rev, c.minor, "NULL")); err != nil || g.Version() != c.want {
			t.Errorf("rev %d minor %d: %v %v, want %v", c.rev, c.minor, g.Version(), err, c.want)
		}
		if len(g.Out()) != V3GreetingSize {
			t.Errorf("rev %d: sent %d bytes", c.rev, len(g.Out()))
		}
	}
}

func TestGreetingLegacyRevisions(t *testing.T) {
	for rev, want := range []Version{V10, V20} {
		g := newGreeting(t, GreetingConfig{SocketType: options.PUSH, RoutingID: []byte("id")})
		peer := append(peerGreeting3(byte(rev), byte(options.PULL), "")[:12], 0x55)
		n, err := g.In(peer)
		if err != nil || n != 12 || g.Version() != want {
			t.Fatalf("rev %d: n=%d err=%v v=%v", rev, n, err, g.Version())
		}
		out := g.Out()
		if len(out) != 12 || out[10] != 3 || out[11] != byte(options.PUSH) {
			t.Fatalf("rev %d: our greeting % x", rev, out)
		}
		if st, ok := g.PeerSocketType(); !ok || st != options.PULL {
			t.Fatalf("peer socket type %v %v", st, ok)
		}
		if g.Version().Framing() != []Framing{FramingV1, FramingV2}[rev] {
			t.Fatalf("rev %d framing %v", rev, g.Version().Framing())
		}
	}
}

func TestGreetingUnversioned(t *testing.T) {
	// A ZMTP 1.0 peer starts with its routing id frame: short length, flags.
	g := newGreeting(t, GreetingConfig{RoutingID: []byte("me")})
	n, err := g.In([]byte{0x03, 0x00, 'h', 'i'})
	if err != nil || n != 1 || g.Version() != V10Unversioned {
		t.Fatalf("n=%d err=%v v=%v", n, err, g.Version())
	}
	if !bytes.Equal(g.Replay(), []byte{3}) {
		t.Fatalf("replay % x", g.Replay())
	}
	if want := unhex(t, `ff 00 00 00 00 00 00 00 03 7f "me"`); !bytes.Equal(g.Out(), want) {
		t.Fatalf("out % x want % x", g.Out(), want)
	}
	// A 1.0 peer with a long routing id header: 0xFF, 8-byte length, flags 0 (bit 0 clear).
	g = newGreeting(t, GreetingConfig{})
	long := unhex(t, "ff 00 00 00 00 00 00 01 01 00")
	for i := range long {
		if n, err := g.In(long[i : i+1]); n != 1 || err != nil {
			t.Fatal(n, err)
		}
	}
	if g.Version() != V10Unversioned || !bytes.Equal(g.Replay(), long) {
		t.Fatalf("v=%v replay % x", g.Version(), g.Replay())
	}
}

func TestGreetingMechanismMismatch(t *testing.T) {
	g := newGreeting(t, GreetingConfig{})
	_, err := g.In(peerGreeting3(3, 1, "PLAIN"))
	if !errors.Is(err, ErrMechanismMismatch) || !errors.Is(err, syscall.EPROTO) ||
		CodeOf(err) != CodeMechanismMismatch || !g.Done() {
		t.Fatalf("err=%v", err)
	}
	if n, err2 := g.In([]byte{1}); n != 0 || err2 != err {
		t.Fatalf("error not sticky: %d %v", n, err2)
	}
	// "NULL" with a non-zero pad byte is not NULL: the comparison covers all 20 octets.
	g = newGreeting(t, GreetingConfig{})
	p := peerGreeting3(3, 1, "NULL")
	p[31] = 'x'
	if _, err := g.In(p); !errors.Is(err, ErrMechanismMismatch) {
		t.Fatalf("err=%v", err)
	}
}

func TestGreetingRefusesLegacy(t *testing.T) {
	for _, cfg := range []GreetingConfig{{RefuseLegacy: true}, {Mechanism: "PLAIN"}} {
		g := newGreeting(t, cfg)
		if _, err := g.In([]byte{1, 0}); !errors.Is(err, ErrLegacyRefused) {
			t.Fatalf("%+v unversioned: %v", cfg, err)
		}
		g = newGreeting(t, cfg)
		if _, err := g.In(peerGreeting3(1, 0, "")[:12]); !errors.Is(err, ErrLegacyRefused) {
			t.Fatalf("%+v 2.0: %v", cfg, err)
		}
	}
}

func TestGreetingBadConfig(t *testing.T) {
	var g GreetingExchange
	if g.Init(GreetingConfig{RoutingID: make([]byte, 256)}) == nil {
		t.Fatal("256-byte routing id accepted")
	}
	if g.Init(GreetingConfig{Mechanism: "ABCDEFGHIJKLMNOPQRSTU"}) == nil {
		t.Fatal("21-byte mechanism accepted")
	}
}

// Two of our exchanges, wired back to back with random chunking, agree on 3.1.
func TestGreetingBackToBack(t *testing.T) {
	rng := newRand(t)
	for range 200 {
		a := newGreeting(t, GreetingConfig{Mechanism: "CURVE", RoutingID: []byte("a")})
		b := newGreeting(t, GreetingConfig{Mechanism: "CURVE"})
		for i := 0; !(a.Done() && b.Done()); i++ {
			if i > 1000 {
				t.Fatal("stalled")
			}
			pump(t, a, b, rng.IntN(9))
			pump(t, b, a, rng.IntN(9))
		}
		if a.Version() != V31 || b.Version() != V31 || string(a.PeerMechanism()) != "CURVE" {
			t.Fatalf("%v %v", a.Version(), b.Version())
		}
	}
}

// pump moves up to n bytes of from's output into to.
func pump(t *testing.T, from, to *GreetingExchange, n int) {
	out := from.Out()
	n = min(n, len(out), to.Want())
	c, err := to.In(out[:n])
	if err != nil || c != n {
		t.Fatalf("In: %d %v", c, err)
	}
	from.Sent(n)
}
