//go:build cgo

package interop_test

import (
	"bytes"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// CURVE key pairs and Z85 against libzmq's own functions.

// Keys and Z85 agree with libzmq's: each library derives the other's public keys from their
// secrets, and Z85 encodings and decodings match byte for byte, refusals included.
func TestInteropSecurityKeys(t *testing.T) {
	t.Parallel()
	for range 20 {
		pub, sec, err := zmq.CurveKeypair()
		testutil.Must(t, err, "CurveKeypair")
		if lp, err := libzmq.CurvePublic(sec); err != nil || lp != pub {
			t.Fatalf("zmq_curve_public(%q) = %q, %v; CurveKeypair gave %q", sec, lp, err, pub)
		}
		lpub, lsec, err := libzmq.CurveKeypair()
		testutil.Must(t, err, "zmq_curve_keypair")
		if p, err := zmq.CurvePublic(lsec); err != nil || p != lpub {
			t.Fatalf("CurvePublic(%q) = %q, %v; zmq_curve_keypair gave %q", lsec, p, err, lpub)
		}
	}
	for n := 0; n <= 64; n += 4 {
		data := patternFrame(n, n)
		ours, err := zmq.Z85Encode(data)
		testutil.Must(t, err, "Z85Encode %d B", n)
		theirs, err := libzmq.Z85Encode(data)
		testutil.Must(t, err, "zmq_z85_encode %d B", n)
		if ours != theirs {
			t.Fatalf("Z85 of % x: ours %q, libzmq %q", data, ours, theirs)
		}
		if n == 0 {
			continue
		}
		back, err := zmq.Z85Decode(theirs)
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("Z85Decode(%q) = % x, %v; want % x", theirs, back, err, data)
		}
	}
	for _, s := range []string{"HelloWorld", "00000", "#####", "%nSc0", "%nSc1", "abcd", "abcdef",
		"Hello World", "Hello~orld", "Hello\"orld", "Hello\x7forld", "Hello\xc3orld", "hello_orld"} {
		ours, oerr := zmq.Z85Decode(s)
		theirs, lerr := libzmq.Z85Decode(s)
		if (oerr == nil) != (lerr == nil) || !bytes.Equal(ours, theirs) {
			t.Errorf("Z85Decode(%q): ours % x (%v), libzmq % x (%v)", s, ours, oerr, theirs, lerr)
		}
	}
}
