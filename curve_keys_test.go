package zmq_test

import (
	"errors"
	"syscall"
	"testing"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// RFC 26's and libzmq's test key pairs: the public keys derive from the secret ones.
func TestCurvePublicKnownPairs(t *testing.T) {
	t.Parallel()
	for _, kp := range []struct{ public, secret string }{
		{rfcServerPublic, rfcServerSecret},
		{"Yne@$w-vo<fVvi]a<NY6T1ed:M$fCG*[IaLV{hID", "D:)Q[IlAW!ahhC2ac:9*A}h:p?([4%wOTJ%JR%cs"},
	} {
		got, err := zmq.CurvePublic(kp.secret)
		testutil.Must(t, err, "CurvePublic(%q)", kp.secret)
		if got != kp.public {
			t.Errorf("CurvePublic(%q) = %q, want %q", kp.secret, got, kp.public)
		}
	}
}

func TestCurveKeypair(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for range 8 {
		public, secret, err := zmq.CurveKeypair()
		testutil.Must(t, err, "CurveKeypair")
		if len(public) != 40 || len(secret) != 40 {
			t.Fatalf("key lengths %d %d, want 40", len(public), len(secret))
		}
		for _, k := range []string{public, secret} {
			if _, err := zmq.Z85Decode(k); err != nil {
				t.Fatalf("%q is not Z85: %v", k, err)
			}
		}
		derived, err := zmq.CurvePublic(secret)
		testutil.Must(t, err, "CurvePublic")
		if derived != public {
			t.Fatalf("CurvePublic(secret) = %q, keypair said %q", derived, public)
		}
		if seen[secret] {
			t.Fatal("CurveKeypair repeated a secret key")
		}
		seen[secret] = true
	}
}

func TestCurvePublicInvalid(t *testing.T) {
	t.Parallel()
	for _, s := range []string{"", "HelloWorld", rfcServerSecret[:35], rfcServerSecret + "00000", "\"" + rfcServerSecret[1:]} {
		_, err := zmq.CurvePublic(s)
		if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
			t.Errorf("CurvePublic(%q) = %v, want ErrInvalid", s, err)
		}
	}
}
