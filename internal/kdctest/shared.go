package kdctest

import (
	"os"
	"strings"
	"sync"
	"testing"
)

// The shared KDC serves every test of a package that wants one without t.Setenv (which
// forbids t.Parallel): it starts on first use and sets its variables (Env) for the whole
// process, C environment included, so libzmq's MIT libraries in the same process see them too.
// The package's TestMain stops it after the tests with StopShared (leakcheck.Main takes it).
var shared struct {
	mu  sync.Mutex
	kdc *KDC
	dir string
	err error
}

// Shared returns the process's shared KDC, starting it on first use; it skips t when MIT's
// binaries are missing. Tests that use it may run in parallel; they must not change the
// KRB5_* variables.
func Shared(t testing.TB) *KDC {
	t.Helper()
	if err := Available(); err != nil {
		t.Skip(err)
	}
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.kdc == nil && shared.err == nil {
		shared.dir, shared.err = os.MkdirTemp("", "kdctest-")
		if shared.err == nil {
			shared.kdc, shared.err = New(shared.dir, Options{})
		}
		if shared.err == nil {
			for _, kv := range shared.kdc.Env() {
				name, value, _ := strings.Cut(kv, "=")
				os.Setenv(name, value)
			}
		}
	}
	if shared.err != nil {
		t.Fatal(shared.err)
	}
	return shared.kdc
}

// StopShared stops the shared KDC, if one was started, and removes its files.
func StopShared() {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.kdc != nil {
		_ = shared.kdc.Close()
		os.RemoveAll(shared.dir)
		shared.kdc = nil
	}
}
