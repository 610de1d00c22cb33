package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
)

// Only one handler per context; after Close the endpoint is free again, repeatedly.
func TestCloseThenRebind(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := New(ctx); !errors.Is(err, zmq.ErrAddrInUse) {
		t.Fatalf("second New = %v, %v; want ErrAddrInUse", b, err)
	}
	if err := a.Close(); err != nil {
		t.Fatal(err)
	}
	if err := a.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	for i := 0; i < 3; i++ {
		b, err := New(ctx)
		if err != nil {
			t.Fatalf("New after Close, round %d: %v", i, err)
		}
		b.AddPlainUser("*", "u", "p")
		p := newZapPeer(t, ctx)
		p.expect(plain("", "127.0.0.1", "u", "p"), "200")
		p.s.Close()
		if err := b.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

// Close while requests are still queued: it returns promptly, and whatever replies were sent
// before are whole.
func TestCloseWhileServing(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	d, err := ctx.NewSocket(zmq.DEALER) // a DEALER can queue many requests at once
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, err := range []error{d.SetLinger(0), d.SetRcvTimeo(100 * time.Millisecond), d.Connect(Endpoint)} {
		if err != nil {
			t.Fatal(err)
		}
	}
	const n = 200
	for i := 0; i < n; i++ {
		req := [][]byte{nil, []byte("1.0"), []byte("1"), nil, []byte("127.0.0.1"), nil, []byte("NULL")}
		if err := d.SendMulti(req, 0); err != nil {
			t.Fatal(err)
		}
	}
	closed := make(chan error, 1)
	go func() { closed <- a.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
	replies := 0
	for ; ; replies++ {
		rep, err := d.RecvMulti(0)
		if errors.Is(err, zmq.ErrAgain) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if len(rep) != 7 || len(rep[0]) != 0 || string(rep[3]) != "200" {
			t.Fatalf("reply %q", rep)
		}
	}
	if replies > n {
		t.Fatalf("%d replies to %d requests", replies, n)
	}
	t.Logf("%d of %d requests answered before Close", replies, n)
}

// Closing the context first ends the handler: Context.Close does not wait forever for its
// socket, and Close afterwards returns nil.
func TestContextCloseEndsHandler(t *testing.T) {
	leakcheck.FDs(t)
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	a, err := New(ctx)
	if err != nil {
		t.Fatal(err)
	}
	closed := make(chan error, 1)
	go func() { closed <- ctx.Close() }()
	select {
	case err := <-closed:
		if err != nil {
			t.Fatalf("context close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Context.Close did not return while an Authenticator was running")
	}
	select {
	case <-a.done:
	case <-time.After(10 * time.Second):
		t.Fatal("serving goroutine still running after Context.Close")
	}
	if err := a.Close(); err != nil {
		t.Fatalf("Close after Context.Close: %v", err)
	}
}

func TestNewOnClosedContext(t *testing.T) {
	leakcheck.FDs(t)
	ctx, err := zmq.NewContext()
	if err != nil {
		t.Fatal(err)
	}
	if err := ctx.Close(); err != nil {
		t.Fatal(err)
	}
	if a, err := New(ctx); err == nil {
		a.Close()
		t.Fatal("New on a closed context succeeded")
	}
}
