package gss

import (
	"fmt"
	"os"
	"testing"

	"go.uber.org/goleak"

	"github.com/zreactor/zmq/internal/kdctest"
)

// testKDC is the package's private KDC, nil when MIT's binaries are missing (tests that need
// it skip).
var testKDC *kdctest.KDC

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	if kdctest.Available() == nil {
		dir, err := os.MkdirTemp("", "gss-kdc-")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		defer os.RemoveAll(dir)
		k, err := kdctest.New(dir, kdctest.Options{})
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		testKDC = k
	}
	code := m.Run()
	if testKDC != nil {
		_ = testKDC.Close()
	}
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintln(os.Stderr, "goleak:", err)
			return 1
		}
	}
	return code
}

// needKDC skips t without a KDC and returns the Env that points at it.
func needKDC(t testing.TB) Env {
	t.Helper()
	if testKDC == nil {
		t.Skip(kdctest.ErrUnavailable)
	}
	return Env{
		Config:       testKDC.Config,
		Keytab:       "FILE:" + testKDC.ServiceKeytab,
		ClientKeytab: "FILE:" + testKDC.ClientKeytab,
		CCache:       "MEMORY:",
	}
}
