package zmtp

import (
	"bytes"
	"crypto/rand"
	"testing"

	"golang.org/x/crypto/nacl/secretbox"
)

// The in-place boxes agree byte for byte with x/crypto's secretbox, both ways, at every size
// around the 32-byte first block and the 64-byte Salsa20 blocks, and for big messages.
func TestBoxInPlaceMatchesSecretbox(t *testing.T) {
	var key [32]byte
	var nonce [24]byte
	rand.Read(key[:])
	rand.Read(nonce[:])
	sizes := []int{70000, 1 << 20}
	for n := 0; n <= 200; n++ {
		sizes = append(sizes, n)
	}
	for _, n := range sizes {
		plain := make([]byte, n)
		rand.Read(plain)
		want := secretbox.Seal(nil, plain, &nonce, &key)

		b := make([]byte, secretbox.Overhead+n)
		copy(b[secretbox.Overhead:], plain)
		sealInPlace(b, &nonce, &key)
		if !bytes.Equal(b, want) {
			t.Fatalf("size %d: sealInPlace differs from secretbox.Seal", n)
		}
		got, ok := openInPlace(b, &nonce, &key)
		if !ok || !bytes.Equal(got, plain) {
			t.Fatalf("size %d: openInPlace failed (%v)", n, ok)
		}
	}
}

// A forged or truncated box is refused and left as it was.
func TestOpenInPlaceRefusesForgery(t *testing.T) {
	var key [32]byte
	var nonce [24]byte
	rand.Read(key[:])
	box := secretbox.Seal(nil, []byte("attack at dawn, bring snacks and more snacks"), &nonce, &key)
	for i := range box {
		b := bytes.Clone(box)
		b[i] ^= 0x40
		orig := bytes.Clone(b)
		if _, ok := openInPlace(b, &nonce, &key); ok {
			t.Fatalf("flipped byte %d accepted", i)
		}
		if !bytes.Equal(b, orig) {
			t.Fatalf("flipped byte %d: refused box was modified", i)
		}
	}
	if _, ok := openInPlace(box[:secretbox.Overhead-1], &nonce, &key); ok {
		t.Fatal("short box accepted")
	}
	other := nonce
	other[23] ^= 1
	if _, ok := openInPlace(bytes.Clone(box), &other, &key); ok {
		t.Fatal("wrong nonce accepted")
	}
}
