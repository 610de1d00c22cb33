package tcp

import (
	"math/rand/v2"
	"time"
)

// Backoff computes reconnect intervals with libzmq 4.3.4's algorithm
// (stream_connecter_base_t::get_new_reconnect_ivl), the version Debian 12
// ships:
//
//	interval = cur + rand() % IVL        (cur starts at IVL)
//	if IVL_MAX > IVL: cur = min(2*cur, IVL_MAX)
//
// so jitter is always added and an interval may exceed IVL_MAX by up to
// IVL. libzmq 4.3.5 rewrote this: with IVL_MAX > 0 there is no jitter and
// the intervals are IVL, 2*IVL, 4*IVL, ... capped at IVL_MAX (just IVL_MAX
// when IVL_MAX < IVL); with IVL_MAX == 0, IVL + rand() % IVL every time.
// Both satisfy c_k <= interval_k < c_k + IVL with c_k = min(IVL*2^k,
// IVL_MAX), which is what tests against libzmq should assert.
//
// One Backoff lives in one connecter, so the state grows across
// consecutive failed connects; a session that loses an established
// connection starts a new connecter, so the backoff starts over (Reset does
// the same for a reused one). The zero Backoff never reconnects. A Backoff
// is owned by one goroutine.
type Backoff struct {
	// Ivl is ZMQ_RECONNECT_IVL; <= 0 disables reconnection.
	Ivl time.Duration
	// IvlMax is ZMQ_RECONNECT_IVL_MAX; growth happens only when it
	// exceeds Ivl.
	IvlMax time.Duration
	// Rand returns a value in [0, n); nil uses math/rand/v2. Tests set it
	// to pin the jitter.
	Rand func(n int64) int64

	cur time.Duration // base of the next interval; 0 until the first Next
}

// Enabled reports whether reconnection is on (Ivl > 0).
func (b *Backoff) Enabled() bool { return b.Ivl > 0 }

// Next returns the delay before the next connection attempt and advances
// the state. ok is false when reconnection is disabled.
func (b *Backoff) Next() (d time.Duration, ok bool) {
	if !b.Enabled() {
		return 0, false
	}
	if b.cur == 0 {
		b.cur = b.Ivl
	}
	d = saturatingAdd(b.cur, b.jitter())
	if b.IvlMax > b.Ivl {
		b.cur = min(saturatingAdd(b.cur, b.cur), b.IvlMax)
	}
	return d, true
}

// Reset starts the sequence over from Ivl.
func (b *Backoff) Reset() { b.cur = 0 }

func (b *Backoff) jitter() time.Duration {
	if b.Rand != nil {
		return time.Duration(b.Rand(int64(b.Ivl)))
	}
	return time.Duration(rand.Int64N(int64(b.Ivl)))
}

func saturatingAdd(a, b time.Duration) time.Duration {
	if s := a + b; s >= a {
		return s
	}
	return time.Duration(1<<63 - 1)
}
