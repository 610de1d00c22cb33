package gss

import (
	"bytes"
	"errors"
	"path/filepath"
	"testing"
)

// establish runs an initiator with env's client credentials against an acceptor with env's
// keytab, towards target, and returns both contexts.
func establish(t *testing.T, env Env, target string, nt NameType, fl Flags) (ini, acc *Context) {
	t.Helper()
	ic, err := AcquireInitiator(env, "", NTUserName)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ic.Release)
	ac, err := AcquireAcceptor(env, "", NTHostbased)
	if err != nil {
		t.Fatal(err)
	}
	ini, err = NewInitiator(ic, target, nt, fl)
	if err != nil {
		t.Fatal(err)
	}
	acc, err = NewAcceptor(ac)
	if err != nil {
		t.Fatal(err)
	}
	req, err := ini.Step(nil)
	if err != nil {
		t.Fatalf("%v\n%s", err, testKDC.Log())
	}
	rep, err := acc.Step(req)
	if err != nil {
		t.Fatal(err)
	}
	if !acc.Established() {
		t.Fatal("acceptor not established")
	}
	if fl&FlagMutual == 0 {
		if rep != nil || !ini.Established() {
			t.Fatalf("no-mutual: reply %d bytes, established %v", len(rep), ini.Established())
		}
		return ini, acc
	}
	if ini.Established() {
		t.Fatal("initiator established before the AP-REP")
	}
	if out, err := ini.Step(rep); err != nil || out != nil || !ini.Established() {
		t.Fatalf("AP-REP: %v, %d bytes out", err, len(out))
	}
	return ini, acc
}

// exchange wraps a few messages each way and checks them.
func exchange(t *testing.T, ini, acc *Context) {
	t.Helper()
	for i := 0; i < 3; i++ {
		msg := bytes.Repeat([]byte{byte(i)}, 100*i)
		tok, err := ini.Wrap(nil, msg)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := acc.Unwrap(nil, tok); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("initiator to acceptor: %v", err)
		}
		if tok, err = acc.Wrap(nil, msg); err != nil {
			t.Fatal(err)
		}
		if got, err := ini.Unwrap(nil, tok); err != nil || !bytes.Equal(got, msg) {
			t.Fatalf("acceptor to initiator: %v", err)
		}
	}
}

func TestContextMutual(t *testing.T) {
	env := needKDC(t)
	for _, target := range []struct {
		name string
		nt   NameType
	}{{testKDC.ServiceHostbased, NTHostbased}, {testKDC.ServicePrincipal, NTKRB5Principal}, {"zmqtest/localhost", NTUserName}} {
		ini, acc := establish(t, env, target.name, target.nt, DefaultFlags)
		if got := acc.PeerName().String(); got != testKDC.ClientPrincipal {
			t.Fatalf("peer %q", got)
		}
		if acc.Flags() != DefaultFlags || !acc.acceptorSubkey || !ini.acceptorSubkey {
			t.Fatalf("flags %#x, acceptor subkey %v/%v", acc.Flags(), ini.acceptorSubkey, acc.acceptorSubkey)
		}
		exchange(t, ini, acc)
		if _, err := ini.Step(nil); !errors.Is(err, ErrNoContext) {
			t.Fatalf("step after establishment: %v", err)
		}
	}
}

func TestContextNoMutual(t *testing.T) {
	env := needKDC(t)
	ini, acc := establish(t, env, testKDC.ServiceHostbased, NTHostbased, FlagConf|FlagInteg)
	if acc.acceptorSubkey || acc.sendSeq != acc.recvSeq {
		t.Fatal("without mutual authentication the acceptor has no subkey and numbers from the initiator's seq")
	}
	exchange(t, ini, acc)
}

// TestContextFromKinitCCache: the ticket MIT's kinit leaves in a FILE ccache is used, with no
// client keytab at all.
func TestContextFromKinitCCache(t *testing.T) {
	env := needKDC(t)
	cc := filepath.Join(t.TempDir(), "cc")
	if err := testKDC.Kinit(cc); err != nil {
		t.Skip(err)
	}
	env.CCache = "FILE:" + cc
	env.ClientKeytab = "FILE:/nonexistent"
	ini, acc := establish(t, env, testKDC.ServiceHostbased, NTHostbased, DefaultFlags)
	exchange(t, ini, acc)
	// The ccache's principal is not the one asked for: fall back to the (missing) keytab.
	if _, err := AcquireInitiator(env, "someone", NTUserName); !errors.Is(err, ErrNoCred) {
		t.Fatalf("other principal: %v", err)
	}
	c, err := AcquireInitiator(env, testKDC.ClientPrincipal, NTKRB5Principal)
	if err != nil {
		t.Fatal(err)
	}
	c.Release()
}

func TestAcquireErrors(t *testing.T) {
	env := needKDC(t)
	none := env
	none.ClientKeytab = "FILE:/nonexistent"
	if _, err := AcquireInitiator(none, "", NTUserName); !errors.Is(err, ErrNoCred) {
		t.Fatalf("no credentials: %v", err)
	}
	if _, err := AcquireInitiator(env, "nobody", NTUserName); !errors.Is(err, ErrNoCred) {
		t.Fatalf("principal not in the client keytab: %v", err)
	}
	if _, err := AcquireAcceptor(env, "other@localhost", NTHostbased); !errors.Is(err, ErrNoCred) {
		t.Fatalf("service not in the keytab: %v", err)
	}
	if c, err := AcquireAcceptor(env, testKDC.ServiceHostbased, NTHostbased); err != nil || c.name == nil {
		t.Fatalf("named acceptor: %v", err)
	}
	noKT := env
	noKT.Keytab = "FILE:/nonexistent"
	if _, err := AcquireAcceptor(noKT, "", NTHostbased); !errors.Is(err, ErrNoCred) {
		t.Fatalf("no keytab: %v", err)
	}
	mem := env
	mem.Keytab = "MEMORY:x"
	if _, err := AcquireAcceptor(mem, "", NTHostbased); !errors.Is(err, ErrNoCred) {
		t.Fatalf("MEMORY keytab: %v", err)
	}
}

func TestContextUnknownService(t *testing.T) {
	env := needKDC(t)
	ic, err := AcquireInitiator(env, "", NTUserName)
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Release()
	ini, err := NewInitiator(ic, "nosuch@localhost", NTHostbased, DefaultFlags)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ini.Step(nil); !errors.Is(err, ErrNoCred) {
		t.Fatalf("unknown service: %v", err)
	}
	if _, err := ini.Wrap(nil, []byte("x")); !errors.Is(err, ErrNoContext) {
		t.Fatalf("wrap on a failed context: %v", err)
	}
}

// firstToken returns an AP-REQ for the test service.
func firstToken(t *testing.T, env Env) (*Context, []byte) {
	t.Helper()
	ic, err := AcquireInitiator(env, "", NTUserName)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ic.Release)
	ini, err := NewInitiator(ic, testKDC.ServiceHostbased, NTHostbased, DefaultFlags)
	if err != nil {
		t.Fatal(err)
	}
	req, err := ini.Step(nil)
	if err != nil {
		t.Fatal(err)
	}
	return ini, req
}

func newAcceptor(t *testing.T, env Env, principal string, nt NameType) *Context {
	t.Helper()
	ac, err := AcquireAcceptor(env, principal, nt)
	if err != nil {
		t.Fatal(err)
	}
	acc, err := NewAcceptor(ac)
	if err != nil {
		t.Fatal(err)
	}
	return acc
}

func TestAcceptorRejects(t *testing.T) {
	env := needKDC(t)
	_, req := firstToken(t, env)

	// A ticket for zmqtest/localhost offered to an acceptor named zclient.
	all := env
	all.Keytab = "FILE:" + testKDC.AllKeytab
	if _, err := newAcceptor(t, all, testKDC.ClientPrincipal, NTKRB5Principal).Step(req); !errors.Is(err, ErrWrongPrincipal) {
		t.Fatalf("wrong principal: %v", err)
	}
	// An acceptor without the service's key.
	wrongKT := env
	wrongKT.Keytab = "FILE:" + testKDC.ClientKeytab
	if _, err := newAcceptor(t, wrongKT, "", NTHostbased).Step(req); err == nil {
		t.Fatal("ticket accepted without the service key")
	}
	// A changed byte fails, without a panic, unless it lies in a field Kerberos leaves
	// unprotected (AP options, the authenticator's kvno): then the client is still the one
	// the ticket names. Each try uses a fresh AP-REQ, so the replay cache plays no part.
	ic, err := AcquireInitiator(env, "", NTUserName)
	if err != nil {
		t.Fatal(err)
	}
	defer ic.Release()
	for i := 0; i < len(req); i += 5 {
		ini, err := NewInitiator(ic, testKDC.ServiceHostbased, NTHostbased, DefaultFlags)
		if err != nil {
			t.Fatal(err)
		}
		fresh, err := ini.Step(nil)
		if err != nil {
			t.Fatal(err)
		}
		fresh[i] ^= 0x20
		acc := newAcceptor(t, env, "", NTHostbased)
		if _, err := acc.Step(fresh); err == nil && acc.PeerName().String() != testKDC.ClientPrincipal {
			t.Fatalf("byte %d changed: accepted as %s", i, acc.PeerName())
		}
	}
	for _, n := range []int{0, 1, 17, len(req) / 2, len(req) - 1} {
		if _, err := newAcceptor(t, env, "", NTHostbased).Step(req[:n]); err == nil {
			t.Fatalf("truncated to %d: accepted", n)
		}
	}
	// The genuine token passes once; replayed to another acceptor, it fails.
	if _, err := newAcceptor(t, env, testKDC.ServiceHostbased, NTHostbased).Step(req); err != nil {
		t.Fatal(err)
	}
	if _, err := newAcceptor(t, env, "", NTHostbased).Step(req); !errors.Is(err, ErrReplay) {
		t.Fatalf("replayed AP-REQ: %v", err)
	}
}

func TestInitiatorRejectsAPRep(t *testing.T) {
	env := needKDC(t)
	for i := 0; i < 3; i++ {
		ini, req := firstToken(t, env)
		rep, err := newAcceptor(t, env, "", NTHostbased).Step(req)
		if err != nil {
			t.Fatal(err)
		}
		bad := append([]byte(nil), rep...)
		switch i {
		case 0:
			bad[len(bad)-3] ^= 1
		case 1:
			bad = bad[:len(bad)-1]
		case 2:
			bad = frameToken(tokAPReq, bad[17:])
		}
		if _, err := ini.Step(bad); err == nil {
			t.Fatalf("case %d: bad AP-REP accepted", i)
		}
		if _, err := ini.Step(rep); !errors.Is(err, ErrNoContext) {
			t.Fatalf("case %d: a failed context went on: %v", i, err)
		}
	}
	// An AP-REP meant for another initiator's authenticator.
	ini1, req1 := firstToken(t, env)
	ini2, req2 := firstToken(t, env)
	_ = req2
	rep1, err := newAcceptor(t, env, "", NTHostbased).Step(req1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ini2.Step(rep1); err == nil {
		t.Fatal("AP-REP for another authenticator accepted")
	}
	if _, err := ini1.Step(rep1); err != nil {
		t.Fatal(err)
	}
}
