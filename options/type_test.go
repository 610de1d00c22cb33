package options

import (
	"bytes"
	"testing"
)

func TestTypes(t *testing.T) {
	for i := Type(0); i <= STREAM; i++ {
		st, ok := ParseType([]byte(i.String()))
		if !ok || st != i {
			t.Errorf("%d: %v %v", i, st, ok)
		}
	}
	if DEALER != 5 || STREAM != 11 || XSUB != 10 || Type(12).String() != "UNKNOWN" || Type(12).Valid() {
		t.Error("numbering")
	}
	if _, ok := ParseType([]byte("dealer")); ok {
		t.Error("names are case-sensitive")
	}
	compat := map[Type]string{
		REQ: "REP ROUTER", REP: "REQ DEALER", DEALER: "REP DEALER ROUTER",
		ROUTER: "REQ DEALER ROUTER", PUB: "SUB XSUB", XPUB: "SUB XSUB",
		SUB: "PUB XPUB", XSUB: "PUB XPUB", PUSH: "PULL", PULL: "PUSH",
		PAIR: "PAIR", STREAM: "",
	}
	for a, peers := range compat {
		for b := Type(0); b <= STREAM; b++ {
			want := bytes.Contains([]byte(" "+peers+" "), []byte(" "+b.String()+" "))
			if got := a.Compatible([]byte(b.String())); got != want {
				t.Errorf("%v with %v: %v", a, b, got)
			}
		}
	}
}
