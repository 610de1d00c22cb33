package auth

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/zmtp"
)

func TestEndpointIsEngines(t *testing.T) {
	if Endpoint != zmtp.ZapEndpoint {
		t.Fatalf("Endpoint %q, engine asks %q", Endpoint, zmtp.ZapEndpoint)
	}
}

// With no policy, NULL passes with no user id and no metadata; PLAIN and CURVE are refused.
func TestDefaultPolicy(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	start(t, ctx)
	p := newZapPeer(t, ctx)
	rep := p.ask(null("127.0.0.1"))
	if string(rep[2]) != "200" || string(rep[3]) != "OK" || len(rep[4]) != 0 || len(rep[5]) != 0 {
		t.Errorf("NULL reply %q", rep)
	}
	p.expect(plain("global", "127.0.0.1", "admin", "secret"), "400")
	p.expect(curve("global", "127.0.0.1", make([]byte, 32)), "400")
}

// Mechanisms we cannot check are refused, whatever the address rules say.
func TestUnknownMechanism(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	if err := a.Allow("127.0.0.1"); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	p.expect(zapReq{domain: "global", address: "127.0.0.1", mechanism: "GSSAPI", creds: []string{"bob"}}, "400")
	p.expect(zapReq{domain: "global", address: "127.0.0.1", mechanism: "null"}, "400")
}
