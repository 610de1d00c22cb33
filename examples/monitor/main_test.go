package main

import (
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

func TestRun(t *testing.T) {
	var out strings.Builder
	if err := testutil.Within(t, 20*time.Second, func() error { return run("tcp://127.0.0.1:*", &out) }); err != nil {
		t.Fatal(err)
	}
	want := `server event: LISTENING tcp://127.0.0.1:PORT (fd 0)
server event: ACCEPTED tcp://127.0.0.1:PORT (fd 0)
server event: HANDSHAKE_SUCCEEDED tcp://127.0.0.1:PORT
server event: DISCONNECTED tcp://127.0.0.1:PORT (fd 0)
server event: ACCEPTED tcp://127.0.0.1:PORT (fd 0)
server event: HANDSHAKE_FAILED_PROTOCOL tcp://127.0.0.1:PORT (ZMTP_MECHANISM_MISMATCH)
server event: DISCONNECTED tcp://127.0.0.1:PORT (fd 0)
server event: CLOSED tcp://127.0.0.1:PORT (fd 0)
server event: MONITOR_STOPPED
server stats: 2 accepted, 1 handshakes, 1 failed, 2 disconnected, 3 messages (27 bytes) received
handshake failure "protocol: ZMTP_MECHANISM_MISMATCH": 1
`
	if out.String() != want {
		t.Fatalf("output:\n%s\nwant:\n%s", out.String(), want)
	}
}
