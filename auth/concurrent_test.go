package auth

import (
	"fmt"
	"sync"
	"testing"

	"github.com/zreactor/zmq/internal/leakcheck"
)

// Policy changes from several goroutines while requests are being served: run with -race.
// Each writer only ever adds its own users, so every request whose user was added before it was
// sent must pass.
func TestConcurrentPolicyChanges(t *testing.T) {
	leakcheck.FDs(t)
	ctx := newContext(t)
	a := start(t, ctx)
	p := newZapPeer(t, ctx)
	const writers, rounds = 4, 50
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				user := fmt.Sprintf("w%d-%d", w, i)
				a.AddPlainUser("*", user, "pw")
				if err := a.Deny(fmt.Sprintf("10.%d.%d.1", w, i)); err != nil {
					t.Error(err)
				}
				if err := a.AllowCurveKeys(fmt.Sprintf("d%d", w), string(testKey(byte(i)))); err != nil {
					t.Error(err)
				}
				if err := a.SetPlainMetadata("*", user, map[string]string{"N": user}); err != nil {
					t.Error(err)
				}
				a.RemovePlainUser("*", fmt.Sprintf("w%d-%d", w, i-1))
			}
		}()
	}
	for i := 0; i < rounds; i++ {
		a.AddPlainUser("*", "reader", "pw")
		p.expect(plain("", "127.0.0.1", "reader", "pw"), "200")
		p.status(curve("d0", "127.0.0.1", testKey(byte(i))))
		p.status(null(fmt.Sprintf("10.0.%d.1", i)))
	}
	wg.Wait()
	for w := 0; w < writers; w++ {
		user := fmt.Sprintf("w%d-%d", w, rounds-1)
		rep := p.ask(plain("", "127.0.0.1", user, "pw"))
		if string(rep[2]) != "200" || decodeMetadata(t, rep[5])["N"] != user {
			t.Errorf("%s after the writers: %q", user, rep)
		}
		p.expect(null(fmt.Sprintf("10.%d.%d.1", w, rounds-1)), "400")
		p.expect(curve(fmt.Sprintf("d%d", w), "127.0.0.1", testKey(rounds-1)), "200")
	}
}
