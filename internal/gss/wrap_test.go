package gss

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
)

// testPair makes an established initiator and acceptor sharing a random key of type etype,
// as if they had exchanged an AP-REQ (seq 100) and an AP-REP (seq 500).
func testPair(t testing.TB, etype int32, acceptorSubkey bool) (ini, acc *Context) {
	t.Helper()
	et, err := crypto.GetEtype(etype)
	if err != nil {
		t.Fatal(err)
	}
	key, err := newKey(et)
	if err != nil {
		t.Fatal(err)
	}
	ini, acc = &Context{}, &Context{acceptor: true}
	if err := ini.establish(key, acceptorSubkey, 100, 500); err != nil {
		t.Fatal(err)
	}
	if err := acc.establish(key, acceptorSubkey, 500, 100); err != nil {
		t.Fatal(err)
	}
	return ini, acc
}

var testEtypes = []int32{etypeID.AES256_CTS_HMAC_SHA1_96, etypeID.AES128_CTS_HMAC_SHA1_96,
	etypeID.AES128_CTS_HMAC_SHA256_128, etypeID.AES256_CTS_HMAC_SHA384_192}

func TestWrapRoundTrip(t *testing.T) {
	for _, et := range testEtypes {
		ini, acc := testPair(t, et, true)
		for i, n := range []int{0, 1, 15, 16, 17, 1000, 70000} {
			msg := bytes.Repeat([]byte{byte(i + 1)}, n)
			tok, err := ini.Wrap(nil, msg)
			if err != nil {
				t.Fatal(err)
			}
			if len(tok) != n+ini.Overhead() {
				t.Fatalf("etype %d: %d-byte message, %d-byte token, overhead %d", et, n, len(tok), ini.Overhead())
			}
			if tok[2] != flagSealed|flagAcceptorSubkey || binary.BigEndian.Uint64(tok[8:]) != uint64(100+i) {
				t.Fatalf("header % x", tok[:16])
			}
			got, err := acc.Unwrap([]byte("x"), tok)
			if err != nil || !bytes.Equal(got, append([]byte("x"), msg...)) {
				t.Fatalf("etype %d n %d: %v", et, n, err)
			}
			back, err := acc.Wrap(nil, msg)
			if err != nil {
				t.Fatal(err)
			}
			if back[2] != flagSentByAcceptor|flagSealed|flagAcceptorSubkey {
				t.Fatalf("acceptor flags %#x", back[2])
			}
			if got, err := ini.Unwrap(nil, back); err != nil || !bytes.Equal(got, msg) {
				t.Fatalf("back: %v", err)
			}
		}
	}
}

func TestWrapOverheadAES(t *testing.T) {
	ini, _ := testPair(t, etypeID.AES256_CTS_HMAC_SHA1_96, true)
	if ini.Overhead() != 60 {
		t.Fatalf("overhead %d, libzmq's captures show 60", ini.Overhead())
	}
}

func TestUnwrapRejects(t *testing.T) {
	ini, acc := testPair(t, etypeID.AES256_CTS_HMAC_SHA1_96, true)
	tok0, _ := ini.Wrap(nil, []byte("zero"))
	tok1, _ := ini.Wrap(nil, []byte("one"))
	tok2, _ := ini.Wrap(nil, []byte("two"))

	check := func(name string, tok []byte, want error) {
		t.Helper()
		if _, err := acc.Unwrap(nil, tok); !errors.Is(err, want) {
			t.Errorf("%s: err %v, want %v", name, err, want)
		}
	}
	check("gap", tok1, ErrGap)
	flip := append([]byte(nil), tok0...)
	flip[len(flip)-1] ^= 1
	check("tampered checksum", flip, ErrBadIntegrity)
	flip = append([]byte(nil), tok0...)
	flip[30] ^= 0x80
	check("tampered ciphertext", flip, ErrBadIntegrity)
	seq := append([]byte(nil), tok0...)
	seq[15]++ // header seq no longer matches the encrypted copy
	check("header seq changed", seq, ErrBadIntegrity)
	ec := append([]byte(nil), tok0...)
	ec[5] = 1
	check("EC changed", ec, ErrBadIntegrity)
	check("truncated", tok0[:40], ErrBadIntegrity)
	check("header only", tok0[:16], ErrBadIntegrity)
	check("short", tok0[:10], ErrDefectiveToken)
	check("MIC id", append([]byte{0x04, 0x04}, tok0[2:]...), ErrDefectiveToken)
	check("filler", append(append([]byte(nil), tok0[:3]...), append([]byte{0}, tok0[4:]...)...), ErrDefectiveToken)
	reflected, _ := acc.Wrap(nil, []byte("mine"))
	if _, err := acc.Unwrap(nil, reflected); !errors.Is(err, ErrDirection) {
		t.Errorf("reflected: %v", err)
	}
	// The failures above left the expected number alone.
	if got, err := acc.Unwrap(nil, tok0); err != nil || string(got) != "zero" {
		t.Fatalf("in-order token after failures: %q %v", got, err)
	}
	check("replay", tok0, ErrReplay)
	if got, err := acc.Unwrap(nil, tok1); err != nil || string(got) != "one" {
		t.Fatal(err)
	}
	if got, err := acc.Unwrap(nil, tok2); err != nil || string(got) != "two" {
		t.Fatal(err)
	}
	check("replay of older", tok1, ErrReplay)

	noSub, accNoSub := testPair(t, etypeID.AES256_CTS_HMAC_SHA1_96, false)
	tok, _ := noSub.Wrap(nil, []byte("x"))
	if _, err := acc.Unwrap(nil, tok); !errors.Is(err, ErrDefectiveToken) {
		t.Errorf("acceptor-subkey flag mismatch: %v", err)
	}
	unsealed := append([]byte(nil), tok...)
	unsealed[2] &^= flagSealed
	if _, err := accNoSub.Unwrap(nil, unsealed); !errors.Is(err, ErrNotSealed) {
		t.Errorf("unsealed: %v", err)
	}
	if _, err := (&Context{}).Unwrap(nil, tok); !errors.Is(err, ErrNoContext) {
		t.Errorf("no context: %v", err)
	}
}

// TestUnwrapRRC: a token rotated by RRC bytes (RFC 4121 §4.2.5; Windows sends RRC 28) opens.
func TestUnwrapRRC(t *testing.T) {
	ini, acc := testPair(t, etypeID.AES128_CTS_HMAC_SHA1_96, true)
	for _, rrc := range []int{1, 28, 60, 1000} {
		tok, _ := ini.Wrap(nil, []byte("rotated message"))
		body := tok[headerLen:]
		r := rrc % len(body)
		rot := append(append([]byte(nil), body[len(body)-r:]...), body[:len(body)-r]...)
		out := append(append([]byte(nil), tok[:headerLen]...), rot...)
		binary.BigEndian.PutUint16(out[6:], uint16(rrc))
		if got, err := acc.Unwrap(nil, out); err != nil || string(got) != "rotated message" {
			t.Fatalf("rrc %d: %q %v", rrc, got, err)
		}
	}
}

func TestMIC(t *testing.T) {
	ini, acc := testPair(t, etypeID.AES256_CTS_HMAC_SHA1_96, true)
	mic, err := acc.GetMIC([]byte("signed"))
	if err != nil {
		t.Fatal(err)
	}
	if err := ini.VerifyMIC([]byte("signed!"), mic); !errors.Is(err, ErrBadIntegrity) {
		t.Fatalf("other message: %v", err)
	}
	if err := ini.VerifyMIC([]byte("signed"), mic); err != nil {
		t.Fatal(err)
	}
	if err := ini.VerifyMIC([]byte("signed"), mic); !errors.Is(err, ErrReplay) {
		t.Fatalf("replayed MIC: %v", err)
	}
	// MIC and Wrap share the numbering.
	tok, _ := acc.Wrap(nil, []byte("after"))
	if _, err := ini.Unwrap(nil, tok); err != nil {
		t.Fatal(err)
	}
	own, _ := ini.GetMIC([]byte("x"))
	if err := ini.VerifyMIC([]byte("x"), own); !errors.Is(err, ErrDirection) {
		t.Fatalf("reflected MIC: %v", err)
	}
}

// A dst with WrapSpace room is written in place, and Wrap's parts are one message.
func TestWrapInPlace(t *testing.T) {
	ini, acc := testPair(t, etypeID.AES256_CTS_HMAC_SHA1_96, true)
	for _, n := range []int{0, 1, 15, 16, 17, 4000} {
		msg := bytes.Repeat([]byte{7}, n)
		dst := make([]byte, 3, 3+ini.WrapSpace(1+n))
		out, err := ini.Wrap(dst, []byte{9}, msg)
		if err != nil || &out[0] != &dst[0] || len(out) != 3+1+n+ini.Overhead() {
			t.Fatalf("n %d: reallocated or wrong length %d: %v", n, len(out), err)
		}
		got, err := acc.Unwrap(nil, out[3:])
		if err != nil || got[0] != 9 || !bytes.Equal(got[1:], msg) {
			t.Fatalf("n %d: %v", n, err)
		}
	}
}
