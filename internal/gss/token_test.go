package gss

import (
	"bytes"
	"errors"
	"testing"
)

func TestFrameParseRoundTrip(t *testing.T) {
	for _, n := range []int{0, 1, 100, 114, 115, 300, 70000} {
		msg := bytes.Repeat([]byte{0xab}, n)
		tok := frameToken(tokAPReq, msg)
		id, got, err := parseToken(tok)
		if err != nil || id != tokAPReq || !bytes.Equal(got, msg) {
			t.Fatalf("n=%d: id %#x err %v", n, id, err)
		}
	}
}

// TestFrameMatchesLibzmqCapture checks the framing against the first bytes of the INITIATE
// tokens in a capture of libzmq 4.3.4 with MIT krb5 1.20: a 712-byte AP-REQ token and a
// 156-byte AP-REP token.
func TestFrameMatchesLibzmqCapture(t *testing.T) {
	req := frameToken(tokAPReq, make([]byte, 712-17))
	if want := []byte{0x60, 0x82, 0x02, 0xc4, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x01, 0x00}; !bytes.Equal(req[:17], want) || len(req) != 712 {
		t.Fatalf("AP-REQ framing % x (len %d)", req[:17], len(req))
	}
	rep := frameToken(tokAPRep, make([]byte, 156-16))
	if want := []byte{0x60, 0x81, 0x99, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02, 0x02, 0x00}; !bytes.Equal(rep[:16], want) || len(rep) != 156 {
		t.Fatalf("AP-REP framing % x (len %d)", rep[:16], len(rep))
	}
}

func TestParseTokenRejects(t *testing.T) {
	good := frameToken(tokAPReq, []byte("hello"))
	cases := map[string][]byte{
		"empty":          nil,
		"not 0x60":       append([]byte{0x61}, good[1:]...),
		"short length":   good[:len(good)-1],
		"trailing byte":  append(append([]byte(nil), good...), 0),
		"long form 0x80": {0x60, 0x80},
		"non-minimal":    {0x60, 0x81, 0x05, 0, 0, 0, 0, 0},
		"leading zero":   {0x60, 0x82, 0x00, 0x85},
		"no oid":         {0x60, 0x02, 0x04, 0x00},
		"oid too long":   {0x60, 0x03, 0x06, 0x09, 0x2a},
		"no tok id":      append([]byte{0x60, 0x0b, 0x06, 0x09}, krb5OID...),
		"huge length":    {0x60, 0x84, 0x7f, 0xff, 0xff, 0xff},
	}
	for name, tok := range cases {
		if _, _, err := parseToken(tok); !errors.Is(err, ErrDefectiveToken) {
			t.Errorf("%s: err %v", name, err)
		}
	}
	spnego := []byte{0x60, 0x08, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02}
	if _, _, err := parseToken(spnego); !errors.Is(err, ErrBadMech) {
		t.Errorf("SPNEGO OID: err %v", err)
	}
}

func TestGSSChecksum(t *testing.T) {
	b := gssChecksum{Flags: DefaultFlags}.marshal()
	if len(b) != 24 || b[0] != 16 || b[20] != byte(DefaultFlags) {
		t.Fatalf("% x", b)
	}
	c, err := parseGSSChecksum(b)
	if err != nil || c.Flags != DefaultFlags {
		t.Fatalf("%v %v", c, err)
	}
	// MIT's libzmq initiator: flags 0x136.
	mit := append(make([]byte, 20), 0x36, 0x01, 0, 0)
	mit[0] = 16
	if c, err := parseGSSChecksum(mit); err != nil || c.Flags != 0x136 {
		t.Fatalf("%v %v", c, err)
	}
	deleg := gssChecksum{Flags: FlagDeleg}.marshal()
	deleg[20] |= byte(FlagDeleg)
	if _, err := parseGSSChecksum(deleg); err == nil {
		t.Fatal("delegation flag without a credential accepted")
	}
	withCred := append(append([]byte(nil), deleg...), 1, 0, 3, 0, 'a', 'b', 'c', 'x')
	if _, err := parseGSSChecksum(withCred); err != nil {
		t.Fatal(err)
	}
	badLen := append(append([]byte(nil), deleg...), 1, 0, 9, 0, 'a')
	if _, err := parseGSSChecksum(badLen); err == nil {
		t.Fatal("delegation length beyond the checksum accepted")
	}
	if _, err := parseGSSChecksum(b[:23]); err == nil {
		t.Fatal("short checksum accepted")
	}
	b[0] = 17
	if _, err := parseGSSChecksum(b); err == nil {
		t.Fatal("Lgth 17 accepted")
	}
}
