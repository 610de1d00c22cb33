package auth

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// syncBuffer is a bytes.Buffer the serving goroutine writes and the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	var recs []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(s.b.String()), "\n") {
		var r map[string]any
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		recs = append(recs, r)
	}
	return recs
}

func TestLogger(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	var buf syncBuffer
	log := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	a := start(t, ctx, WithLogger(log))
	a.AddPlainUser("dom", "admin", "s3cret")
	if err := a.Deny("10.9.9.9"); err != nil {
		t.Fatal(err)
	}
	p := newZapPeer(t, ctx)
	p.expect(plain("dom", "127.0.0.1", "admin", "s3cret"), "200")
	p.expect(plain("dom", "127.0.0.1", "admin", "guess"), "400")
	p.expect(null("10.9.9.9"), "400")
	p.roundTrip([]byte("3.0"), []byte("1"), nil, nil, nil, []byte("NULL"))

	recs := buf.records(t)
	want := []struct{ level, msg, status, reason, user string }{
		{"DEBUG", "ZAP handler started", "", "", ""},
		{"DEBUG", "ZAP allowed", "200", "PLAIN password matches", "admin"},
		{"INFO", "ZAP denied", "400", "wrong password", "admin"},
		{"INFO", "ZAP denied", "400", "address denied", ""},
		{"WARN", "ZAP request malformed", "500", errVersion.Error(), ""},
	}
	if len(recs) != len(want) {
		t.Fatalf("%d log records, want %d: %v", len(recs), len(want), recs)
	}
	for i, w := range want {
		r := recs[i]
		if r["level"] != w.level || r["msg"] != w.msg || w.status != "" && (r["status"] != w.status || r["reason"] != w.reason) {
			t.Errorf("record %d: %v, want %+v", i, r, w)
		}
		if w.user != "" && r["user"] != w.user {
			t.Errorf("record %d: user %v, want %s", i, r["user"], w.user)
		}
	}
	if r := recs[2]; r["domain"] != "dom" || r["address"] != "127.0.0.1" || r["mechanism"] != "PLAIN" {
		t.Errorf("decision attributes: %v", r)
	}
	buf.mu.Lock()
	leaked := strings.Contains(buf.b.String(), "s3cret") || strings.Contains(buf.b.String(), "guess")
	buf.mu.Unlock()
	if leaked {
		t.Error("a password reached the log")
	}
}
