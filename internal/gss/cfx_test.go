package gss

import (
	"bytes"
	"math/rand/v2"
	"testing"

	"github.com/jcmturner/gokrb5/v8/crypto"
)

// The sealer's output is what gokrb5's EncryptMessage makes (which MIT reads, as the gss-sample
// and libzmq interop tests show): each decrypts the other's, for every AES type and for
// lengths around every block boundary.
func TestSealerMatchesGokrb5(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, id := range testEtypes {
		et, err := crypto.GetEtype(id)
		if err != nil {
			t.Fatal(err)
		}
		key, _ := newKey(et)
		s, err := newSealer(et, key.KeyValue, 24)
		if err != nil || s == nil {
			t.Fatalf("etype %d: %v", id, err)
		}
		for _, n := range append([]int{1 << 20}, lengths(70)...) {
			msg := make([]byte, n)
			for i := range msg {
				msg[i] = byte(rng.Uint32())
			}
			ours, err := s.seal([]byte("prefix"), msg[:n/2], msg[n/2:])
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(ours, []byte("prefix")) || len(ours) != 6+n+s.overhead() {
				t.Fatalf("etype %d n %d: %d bytes", id, n, len(ours))
			}
			got, err := et.DecryptMessage(key.KeyValue, ours[6:], 24)
			if err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("etype %d n %d: gokrb5 cannot open ours: %v", id, n, err)
			}
			_, theirs, err := et.EncryptMessage(key.KeyValue, msg, 24)
			if err != nil {
				t.Fatal(err)
			}
			if got, err := s.open(theirs); err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("etype %d n %d: we cannot open gokrb5's: %v", id, n, err)
			}
			bad := append([]byte(nil), theirs...)
			bad[rng.IntN(len(bad))] ^= 1 << rng.IntN(8)
			if _, err := s.open(bad); err == nil {
				t.Fatalf("etype %d n %d: a changed bit passed", id, n)
			}
		}
		if _, err := s.open(make([]byte, s.overhead()-1)); err == nil {
			t.Fatal("short ciphertext opened")
		}
	}
}

func lengths(max int) []int {
	var l []int
	for i := 0; i <= max; i++ {
		l = append(l, i)
	}
	return l
}
