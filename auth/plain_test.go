package auth

import (
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestPlain(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("global", "admin", "secret")
	p := newZapPeer(t, ctx)

	rep := p.ask(plain("global", "127.0.0.1", "admin", "secret"))
	if string(rep[2]) != "200" || string(rep[4]) != "admin" || len(rep[5]) != 0 {
		t.Errorf("good password: reply %q, want 200 with User-Id admin", rep)
	}
	rep = p.ask(plain("global", "127.0.0.1", "admin", "wrong"))
	if string(rep[2]) != "400" || len(rep[4]) != 0 || len(rep[5]) != 0 {
		t.Errorf("wrong password: reply %q, want 400 with no user id", rep)
	}
	p.expect(plain("global", "127.0.0.1", "admin", "secret2"), "400")
	p.expect(plain("global", "127.0.0.1", "admin", ""), "400")
	p.expect(plain("global", "127.0.0.1", "nobody", "secret"), "400")
	p.expect(plain("other", "127.0.0.1", "admin", "secret"), "400")
	p.expect(plain("", "127.0.0.1", "admin", "secret"), "400")
}

// "*" covers every domain, but a user registered in the request's own domain is judged by
// that entry alone.
func TestPlainDomainPrecedence(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	a.AddPlainUser("*", "admin", "everywhere")
	a.AddPlainUser("*", "guest", "guest")
	a.AddPlainUser("secure", "admin", "strong")
	p := newZapPeer(t, ctx)
	p.expect(plain("", "127.0.0.1", "admin", "everywhere"), "200")
	p.expect(plain("any", "127.0.0.1", "admin", "everywhere"), "200")
	p.expect(plain("secure", "127.0.0.1", "admin", "strong"), "200")
	p.expect(plain("secure", "127.0.0.1", "admin", "everywhere"), "400")
	p.expect(plain("secure", "127.0.0.1", "guest", "guest"), "200")
	p.expect(plain("any", "127.0.0.1", "admin", "strong"), "400")
}

func TestPlainSetAndRemove(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	users := map[string]string{"alice": "a", "bob": "b"}
	a.SetPlainUsers("d", users)
	users["carol"] = "c" // copied: no effect
	p := newZapPeer(t, ctx)
	p.expect(plain("d", "127.0.0.1", "alice", "a"), "200")
	p.expect(plain("d", "127.0.0.1", "bob", "b"), "200")
	p.expect(plain("d", "127.0.0.1", "carol", "c"), "400")

	a.AddPlainUser("d", "alice", "a2")
	p.expect(plain("d", "127.0.0.1", "alice", "a"), "400")
	p.expect(plain("d", "127.0.0.1", "alice", "a2"), "200")

	a.RemovePlainUser("d", "bob")
	a.RemovePlainUser("d", "nobody")
	a.RemovePlainUser("nodomain", "bob")
	p.expect(plain("d", "127.0.0.1", "bob", "b"), "400")

	a.SetPlainUsers("d", map[string]string{"dave": "d"})
	p.expect(plain("d", "127.0.0.1", "alice", "a2"), "400")
	p.expect(plain("d", "127.0.0.1", "dave", "d"), "200")

	a.SetPlainUsers("d", nil)
	p.expect(plain("d", "127.0.0.1", "dave", "d"), "400")
}
