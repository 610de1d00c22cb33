package engine

import (
	"bytes"
	"slices"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/options"
)

func TestStreamRawSocket(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.STREAM))
	if sd.e.HasHandshakeStage() {
		t.Fatal("raw engine has a handshake stage")
	}
	p := newRawPeer(t, l, fb)
	// Connect notification: one zero-length message, before any byte.
	l.runUntil(t, "connect notification", func() bool { return sd.s.count() == 1 })
	if f := sd.s.frames()[0]; len(f.body) != 0 || f.flags != 0 {
		t.Fatalf("notification %+v", f)
	}
	p.write([]byte("\xff\x00not zmtp"))
	l.runUntil(t, "raw bytes", func() bool { return sd.s.count() == 2 })
	f := sd.s.frames()[1]
	if string(f.body) != "\xff\x00not zmtp" {
		t.Fatalf("got %q", f.body)
	}
	if v, _ := f.meta.Get(PropPeerAddress); v != "127.0.0.1" {
		t.Errorf("Peer-Address %q", v)
	}
	big := bytes.Repeat([]byte("0123456789abcdef"), 10000)
	sd.s.queue(frame{0, []byte("hello ")}, frame{0, big})
	sd.e.RestartOutput()
	p.expect([]byte("hello "))
	p.expect(big)
	if sd.s.ready != 0 {
		t.Fatal("a raw engine must not call EngineReady (the session does)")
	}
	p.close()
	l.runUntil(t, "engine error", func() bool { return len(sd.s.failed()) > 0 })
	got := sd.s.frames()
	if last := got[len(got)-1]; len(last.body) != 0 {
		t.Fatalf("no disconnect notification: %+v", last)
	}
	if e := sd.s.failed()[0]; e != (sessErr{true, ReasonConnection}) {
		t.Fatalf("EngineError %+v", e)
	}
	if k := sd.mon.kinds(); !slices.Equal(k, []event.Kind{event.Disconnected}) {
		t.Fatalf("events %v", k)
	}
}

func TestStreamRawNoNotify(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.STREAM, func(o *options.Options) { o.StreamNotify = false }))
	p := newRawPeer(t, l, fb)
	p.write([]byte("x"))
	l.runUntil(t, "raw bytes", func() bool { return sd.s.count() == 1 })
	p.close()
	l.runUntil(t, "engine error", func() bool { return len(sd.s.failed()) > 0 })
	if n := sd.s.count(); n != 1 {
		t.Fatalf("%d pushes", n)
	}
}

// Terminate closes the fd and cancels the timers without a word to anyone.
func TestStreamTerminate(t *testing.T) {
	checkFds(t)
	l := newLoop(t)
	fa, fb := socketpair(t)
	sd := plugSide(t, l, fa, opts(options.DEALER, func(o *options.Options) {
		o.HandshakeIvl = 20 * time.Millisecond
	}))
	p := newRawPeer(t, l, fb)
	p.expect(signature1)
	sd.e.Terminate()
	p.waitEOF()
	end := time.Now().Add(60 * time.Millisecond)
	l.runUntil(t, "past the handshake timer", func() bool { return time.Now().After(end) })
	if len(sd.mon.kinds()) != 0 || len(sd.s.failed()) != 0 {
		t.Fatalf("events %v, errors %v", sd.mon.kinds(), sd.s.failed())
	}
	sd.e.Terminate() // idempotent
	sd.e.RestartOutput()
	if sd.e.RestartInput() {
		t.Fatal("RestartInput after Terminate")
	}
	// An engine that was never plugged still closes its fd.
	fc, fd := socketpair(t)
	NewStream(fc, Config{Options: opts(options.PAIR)}).Terminate()
	q := newRawPeer(t, l, fd)
	q.waitEOF()
}
