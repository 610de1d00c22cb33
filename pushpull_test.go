package zmq_test

import (
	"fmt"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// PUSH deals messages round-robin over its peers (RFC 30): with N PULLs, message k goes to
// the same PULL as message k+N, and N consecutive messages reach N different PULLs.
func TestPushRoundRobin(t *testing.T) {
	t.Parallel()
	const pulls, perPull = 3, 10
	c := testutil.NewCtx(t)
	push := testutil.Bound(t, c, zmq.PUSH, "inproc://rr")
	var ps []*zmq.Socket
	for range pulls {
		ps = append(ps, testutil.Connected(t, c, zmq.PULL, "inproc://rr"))
	}
	for i := range pulls * perPull {
		testutil.Send(t, push, fmt.Sprint(i))
	}
	owner := map[int]int{} // message -> pull that got it
	for p, pull := range ps {
		for range perPull {
			var n int
			fmt.Sscan(testutil.Recv(t, pull)[0], &n)
			owner[n] = p
		}
		if extra := testutil.DrainCount(t, pull); len(extra) > 0 {
			t.Fatalf("PULL %d got more than %d messages: extra %q", p, perPull, extra)
		}
	}
	for k := range pulls * perPull {
		if k >= pulls && owner[k] != owner[k-pulls] {
			t.Fatalf("message %d went to PULL %d, message %d to PULL %d: not round-robin", k, owner[k], k-pulls, owner[k-pulls])
		}
	}
	seen := map[int]bool{}
	for k := range pulls {
		seen[owner[k]] = true
	}
	if len(seen) != pulls {
		t.Fatalf("first %d messages went to %d distinct PULLs, want %d", pulls, len(seen), pulls)
	}
}

// PULL fair-queues (RFC 30): with N PUSHes that all have messages waiting, consecutive receives
// take one message from each in turn, and each PUSH's messages stay in order.
func TestPullFairQueue(t *testing.T) {
	t.Parallel()
	const pushes, perPush = 3, 10
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://fq")
	for p := range pushes {
		push := testutil.Connected(t, c, zmq.PUSH, "inproc://fq")
		for i := range perPush {
			testutil.Send(t, push, fmt.Sprintf("%d-%d", p, i))
		}
	}
	next := make([]int, pushes)
	var round []int
	for range pushes * perPush {
		var p, i int
		got := testutil.Recv(t, pull)[0]
		if _, err := fmt.Sscanf(got, "%d-%d", &p, &i); err != nil {
			t.Fatalf("unexpected message %q", got)
		}
		if i != next[p] {
			t.Fatalf("from PUSH %d got message %d, want %d: reordered", p, i, next[p])
		}
		next[p]++
		for _, q := range round {
			if q == p {
				t.Fatalf("PUSH %d served twice in one round %v: not fair-queued", p, round)
			}
		}
		if round = append(round, p); len(round) == pushes {
			round = round[:0]
		}
	}
}

// Without peers a PUSH cannot send: it blocks, or fails with ErrAgain under DontWait (RFC 30,
// libzmq "block_on_send_no_peers").
func TestPushNoPeers(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.Bound(t, c, zmq.PUSH, "inproc://nobody")
	testutil.RequireIs(t, push.Send([]byte("x"), zmq.DontWait), zmq.ErrAgain)
}

// A multipart message goes to one PULL whole; the next message goes to the next PULL.
func TestPushMultipartAtomic(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.Bound(t, c, zmq.PUSH, "inproc://multi")
	a := testutil.Connected(t, c, zmq.PULL, "inproc://multi")
	b := testutil.Connected(t, c, zmq.PULL, "inproc://multi")
	testutil.Send(t, push, "1a", "1b", "1c")
	testutil.Send(t, push, "2a", "2b")
	first, second := testutil.Recv(t, a), testutil.Recv(t, b)
	if first[0] == "2a" {
		first, second = second, first
	}
	if !testutil.EqualStrings(first, []string{"1a", "1b", "1c"}) || !testutil.EqualStrings(second, []string{"2a", "2b"}) {
		t.Fatalf("messages split or mixed: %q and %q", first, second)
	}
}

// PUSH cannot receive and PULL cannot send: ENOTSUP, as in libzmq.
func TestPushPullWrongDirection(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	push := testutil.Bound(t, c, zmq.PUSH, "inproc://dir")
	pull := testutil.Connected(t, c, zmq.PULL, "inproc://dir")
	_, err := push.Recv(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrNotSupported)
	testutil.RequireIs(t, pull.Send([]byte("x"), zmq.DontWait), zmq.ErrNotSupported)
	testutil.Send(t, push, "still works")
	testutil.ExpectRecv(t, pull, "still works")
}
