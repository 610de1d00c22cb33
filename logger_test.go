package zmq_test

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// recordLog is a slog.Handler that keeps the records it is given, as "LEVEL msg k=v ...".
type recordLog struct {
	mu   sync.Mutex
	recs []string
}

func (h *recordLog) Enabled(context.Context, slog.Level) bool { return true }
func (h *recordLog) WithAttrs([]slog.Attr) slog.Handler       { return h }
func (h *recordLog) WithGroup(string) slog.Handler            { return h }

func (h *recordLog) Handle(_ context.Context, r slog.Record) error {
	var b strings.Builder
	fmt.Fprintf(&b, "%v %s", r.Level, r.Message)
	r.Attrs(func(a slog.Attr) bool {
		fmt.Fprintf(&b, " %s=%v", a.Key, a.Value)
		return true
	})
	h.mu.Lock()
	h.recs = append(h.recs, b.String())
	h.mu.Unlock()
	return nil
}

// waitFor waits until a record containing every part has been logged, and returns it.
func (h *recordLog) waitFor(t testing.TB, parts ...string) string {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	for {
		h.mu.Lock()
		for _, r := range h.recs {
			if containsAll(r, parts) {
				h.mu.Unlock()
				return r
			}
		}
		recs := strings.Join(h.recs, "\n\t")
		h.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("no record with %q within %v; records:\n\t%s", parts, testutil.WaitTimeout, recs)
		}
		time.Sleep(time.Millisecond)
	}
}

func containsAll(s string, parts []string) bool {
	for _, p := range parts {
		if !strings.Contains(s, p) {
			return false
		}
	}
	return true
}

// WithLogger logs connect, accept, disconnect, reconnect and handshake failures with their
// details, for every socket of the context.
func TestLoggerConnectionEvents(t *testing.T) {
	t.Parallel()
	h := &recordLog{}
	c := testutil.NewCtx(t, zmq.WithLogger(slog.New(h)))
	srv := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	ep := srv.LastEndpoint()
	cli := testutil.NewSocket(t, c, zmq.PUSH)
	testutil.Must(t, cli.SetReconnectIvl(10*time.Millisecond), "SetReconnectIvl")
	testutil.Must(t, cli.Connect(ep), "Connect")
	testutil.Send(t, cli, "one")
	testutil.ExpectRecv(t, srv, "one")
	cliName := fmt.Sprintf("socket=PUSH#%d", cli.Stats().ID)
	h.waitFor(t, "INFO zmq connected", cliName, "endpoint="+ep, "fd=")
	h.waitFor(t, "INFO zmq accepted", fmt.Sprintf("socket=PULL#%d", srv.Stats().ID), "endpoint="+ep)
	h.waitFor(t, "DEBUG zmq handshake succeeded", cliName)

	testutil.Must(t, srv.Close(), "Close")
	h.waitFor(t, "INFO zmq disconnected", cliName)
	h.waitFor(t, "INFO zmq reconnecting", cliName, "retry_in=")
	srv = testutil.NewSocket(t, c, zmq.PULL)
	bindRetry(t, srv, ep)
	testutil.Send(t, cli, "two")
	testutil.ExpectRecv(t, srv, "two")
	h.waitFor(t, "INFO zmq reconnected", cliName)

	// A NULL client at a CURVE server: both sides log why the handshake failed.
	_, sec, err := zmq.CurveKeypair()
	testutil.Must(t, err, "CurveKeypair")
	curve := testutil.NewSocket(t, c, zmq.PULL)
	testutil.Must(t, curve.SetCurveServer(true), "SetCurveServer")
	testutil.Must(t, curve.SetCurveSecretKey(sec), "SetCurveSecretKey")
	testutil.Must(t, curve.Bind("tcp://127.0.0.1:*"), "Bind")
	null := testutil.Connected(t, c, zmq.PUSH, curve.LastEndpoint())
	h.waitFor(t, "WARN zmq handshake failed", fmt.Sprintf("socket=PULL#%d", curve.Stats().ID),
		"reason=protocol: ZMTP_MECHANISM_MISMATCH")
	h.waitFor(t, "WARN zmq handshake failed", fmt.Sprintf("socket=PUSH#%d", null.Stats().ID))
}

// SetLogger gives one socket a logger of its own, or none.
func TestSetLogger(t *testing.T) {
	t.Parallel()
	ctxLog, own := &recordLog{}, &recordLog{}
	c := testutil.NewCtx(t, zmq.WithLogger(slog.New(ctxLog)))
	srv := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	srv.SetLogger(nil)
	cli := testutil.NewSocket(t, c, zmq.PUSH)
	cli.SetLogger(slog.New(own))
	testutil.Must(t, cli.Connect(srv.LastEndpoint()), "Connect")
	testutil.Send(t, cli, "x")
	testutil.ExpectRecv(t, srv, "x")
	own.waitFor(t, "zmq connected")
	time.Sleep(testutil.QuietTime)
	ctxLog.mu.Lock()
	defer ctxLog.mu.Unlock()
	for _, r := range ctxLog.recs {
		if !strings.Contains(r, "zmq listening") { // logged by Bind, before SetLogger(nil)
			t.Errorf("the context's logger got %q", r)
		}
	}
}
