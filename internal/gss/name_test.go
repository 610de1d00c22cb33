package gss

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/jcmturner/gokrb5/v8/config"
)

func TestParseName(t *testing.T) {
	host, _ := os.Hostname()
	cases := []struct {
		in   string
		nt   NameType
		want Name
		show string
	}{
		{"zmqtest@localhost", NTHostbased, Name{Components: []string{"zmqtest", "localhost"}, Hostbased: true}, "zmqtest@localhost"},
		{"zmqtest@LOCALHOST.\x00", NTHostbased, Name{Components: []string{"zmqtest", "localhost"}, Hostbased: true}, "zmqtest@localhost"},
		{"zmqtest", NTHostbased, Name{Components: []string{"zmqtest", strings.ToLower(host)}, Hostbased: true}, "zmqtest@" + strings.ToLower(host)},
		{"zclient", NTUserName, Name{Components: []string{"zclient"}}, "zclient"},
		{"zclient@ZREACTOR.TEST", NTUserName, Name{Components: []string{"zclient"}, Realm: "ZREACTOR.TEST"}, "zclient@ZREACTOR.TEST"},
		{"zmqtest/localhost@ZREACTOR.TEST", NTKRB5Principal, Name{Components: []string{"zmqtest", "localhost"}, Realm: "ZREACTOR.TEST"}, "zmqtest/localhost@ZREACTOR.TEST"},
		{`a\/b/c\@d@R/X`, NTKRB5Principal, Name{Components: []string{"a/b", "c@d"}, Realm: "R/X"}, `a\/b/c\@d@R/X`},
		{`tab\tx\0`, NTKRB5Principal, Name{Components: []string{"tab\tx\x00"}}, `tab\tx\0`},
	}
	for _, c := range cases {
		got, err := ParseName(c.in, c.nt)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("ParseName(%q, %d) = %#v, %v; want %#v", c.in, c.nt, got, err, c.want)
			continue
		}
		if got.String() != c.show {
			t.Errorf("%q shows as %q, want %q", c.in, got.String(), c.show)
		}
	}
	for _, bad := range []struct {
		in string
		nt NameType
	}{{"", NTHostbased}, {"@host", NTHostbased}, {"a@b@c", NTUserName}, {"a@", NTUserName}, {`a\`, NTKRB5Principal}, {"@R", NTUserName}, {"x", NameType(3)}} {
		if _, err := ParseName(bad.in, bad.nt); !errors.Is(err, ErrBadName) {
			t.Errorf("ParseName(%q, %d): err %v", bad.in, bad.nt, err)
		}
	}
}

func TestResolveRealm(t *testing.T) {
	cfg, err := config.NewFromString("[libdefaults]\n default_realm = DEF.TEST\n[domain_realm]\n .example.org = EX.TEST\n")
	if err != nil {
		t.Fatal(err)
	}
	n, _ := ParseName("svc@host.example.org", NTHostbased)
	if r := n.resolve(cfg).Realm; r != "EX.TEST" {
		t.Fatalf("realm %q", r)
	}
	n, _ = ParseName("svc@other", NTHostbased)
	if r := n.resolve(cfg).Realm; r != "DEF.TEST" {
		t.Fatalf("realm %q", r)
	}
	n, _ = ParseName("user@MINE", NTUserName)
	if r := n.resolve(cfg).Realm; r != "MINE" {
		t.Fatalf("realm %q", r)
	}
}

func TestResidual(t *testing.T) {
	for in, want := range map[string]string{"FILE:/a/b": "/a/b", "/a/./c": "/a/c", "WRFILE:/k": "/k", "relative": "relative"} {
		if got, ok := residual(in); !ok || got != want {
			t.Errorf("residual(%q) = %q, %v", in, got, ok)
		}
	}
	for _, in := range []string{"MEMORY:x", "KEYRING:persistent:0", "KCM:", "DIR:/x"} {
		if _, ok := residual(in); ok {
			t.Errorf("residual(%q) accepted", in)
		}
	}
	if got, _ := residual("FILE:/tmp/krb5cc_%{uid}"); strings.Contains(got, "%") {
		t.Errorf("not expanded: %q", got)
	}
}
