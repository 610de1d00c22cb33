package gss

import (
	"crypto/sha256"
	"sync"
	"time"
)

// replayCache remembers the authenticators acceptors have seen, for as long as a clock-skew
// window lets an authenticator pass, so a captured AP-REQ cannot open a second context (RFC
// 4120 §3.2.3). Like MIT's rcache2 it keys an entry by a hash of the encrypted authenticator.
// It is process-wide, shared by every acceptor (every listener, every I/O thread), and sweeps
// itself on insertion: no goroutine.
type replayCache struct {
	mu        sync.Mutex
	seen      map[[32]byte]time.Time // authenticator hash -> when the entry may go
	nextSweep time.Time
}

var rcache = replayCache{seen: make(map[[32]byte]time.Time)}

// check records the authenticator ciphertext and reports whether it was already there.
// Entries live for twice the skew: an authenticator is acceptable for skew on either side of
// our clock.
func (r *replayCache) check(authCipher []byte, skew time.Duration) (replay bool) {
	key := sha256.Sum256(authCipher)
	now := time.Now()
	r.mu.Lock()
	defer r.mu.Unlock()
	if until, ok := r.seen[key]; ok && now.Before(until) {
		return true
	}
	r.seen[key] = now.Add(2 * skew)
	if now.After(r.nextSweep) {
		for k, until := range r.seen {
			if now.After(until) {
				delete(r.seen, k)
			}
		}
		r.nextSweep = now.Add(skew)
	}
	return false
}
