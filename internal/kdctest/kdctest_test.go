package kdctest_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/internal/kdctest"
)

func TestStartKinitClose(t *testing.T) {
	t0 := time.Now()
	k := kdctest.Start(t)
	t.Logf("KDC up on port %d in %v", k.Port, time.Since(t0))
	for _, f := range []string{k.Config, k.ServiceKeytab, k.ClientKeytab, k.AllKeytab} {
		if st, err := os.Stat(f); err != nil || st.Size() == 0 {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if os.Getenv("KRB5_CONFIG") != k.Config {
		t.Fatalf("KRB5_CONFIG = %q", os.Getenv("KRB5_CONFIG"))
	}
	if _, err := exec.LookPath("klist"); err != nil {
		t.Skip("kinit/klist not installed")
	}
	cc := filepath.Join(k.Dir, "cc")
	if err := k.Kinit(cc); err != nil {
		t.Fatalf("%v\n%s", err, k.Log())
	}
	out, err := exec.Command("klist", "-c", "FILE:"+cc).CombinedOutput()
	if err != nil || !strings.Contains(string(out), "krbtgt/"+k.Realm) {
		t.Fatalf("klist: %v: %s", err, out)
	}
}

func TestAddServiceAndUser(t *testing.T) {
	k := kdctest.Start(t)
	kt := filepath.Join(k.Dir, "other.keytab")
	if err := k.AddService("other/localhost", kt); err != nil {
		t.Fatal(err)
	}
	if err := k.AddUser("bob", "bobpw", kt); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command("klist", "-k", kt).CombinedOutput()
	if err != nil {
		t.Skipf("klist: %v", err)
	}
	for _, p := range []string{"other/localhost@" + k.Realm, "bob@" + k.Realm} {
		if !strings.Contains(string(out), p) {
			t.Fatalf("keytab lacks %s:\n%s", p, out)
		}
	}
	if err := k.AddService("bad principal with spaces", kt); err == nil {
		t.Fatal("kadmin error not reported")
	}
}

func TestCloseTwice(t *testing.T) {
	if kdctest.Available() != nil {
		t.Skip(kdctest.ErrUnavailable)
	}
	k, err := kdctest.New(t.TempDir(), kdctest.Options{Realm: "OTHER.TEST"})
	if err != nil {
		t.Fatal(err)
	}
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
	if err := k.Close(); err != nil {
		t.Fatal(err)
	}
}
