package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestRun(t *testing.T) {
	dir := t.TempDir()
	var out strings.Builder
	if err := testutil.Within(t, 20*time.Second, func() error { return run(dir, &out) }); err != nil {
		t.Fatal(err)
	}
	want := "client received \"Ironhouse test OK\"\nstranger: HANDSHAKE_FAILED_AUTH\nstranger refused with ZAP status 400\n"
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	for _, f := range []string{"public/server.key", "public/client.key", "private/server.key_secret", "private/client.key_secret"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
}
