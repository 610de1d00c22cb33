package ipc

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/tcp"
)

func defaults() *options.Options {
	o := options.Defaults(options.PULL)
	return &o
}

// closeBound releases b and closes its fd, in the listener's order.
func closeBound(t *testing.T, b tcp.Bound) error {
	t.Helper()
	var err error
	if b.Release != nil {
		err = b.Release()
	}
	if cerr := unix.Close(b.FD); cerr != nil {
		t.Errorf("close: %v", cerr)
	}
	return err
}

func isSocket(path string) bool {
	var st unix.Stat_t
	return unix.Lstat(path, &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFSOCK
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

func TestListenPathAndRelease(t *testing.T) {
	leakcheck.FDs(t)
	path := filepath.Join(t.TempDir(), "s")
	b, err := Unix.Listen(path, defaults())
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	if b.Endpoint != "ipc://"+path || !isSocket(path) {
		t.Fatalf("endpoint %q, socket file %v", b.Endpoint, isSocket(path))
	}
	if err := closeBound(t, b); err != nil || exists(path) {
		t.Fatalf("release: %v; file still there: %v", err, exists(path))
	}
}

// A stale socket file is replaced; other files are not touched and bind refuses.
func TestListenStaleFile(t *testing.T) {
	leakcheck.FDs(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "s")
	crashed, err := Unix.Listen(path, defaults())
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	unix.Close(crashed.FD) // a crashed run: the file stays behind, nobody releases it
	if !isSocket(path) {
		t.Fatal("no stale file to test with")
	}
	b, err := Unix.Listen(path, defaults())
	if err != nil {
		t.Fatalf("Listen over a stale socket file: %v", err)
	}
	if err := closeBound(t, b); err != nil || exists(path) {
		t.Fatalf("release: %v; file still there: %v", err, exists(path))
	}

	plain := filepath.Join(dir, "plain")
	if err := os.WriteFile(plain, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := Unix.Listen(plain, defaults()); !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("Listen over a regular file: %v, want EADDRINUSE", err)
	}
	if got, err := os.ReadFile(plain); err != nil || string(got) != "keep" {
		t.Fatalf("regular file changed: %q, %v", got, err)
	}
}

// A live listener whose path another bind took over leaves the new file when it closes.
func TestListenTakenOver(t *testing.T) {
	leakcheck.FDs(t)
	path := filepath.Join(t.TempDir(), "s")
	first, err := Unix.Listen(path, defaults())
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	second, err := Unix.Listen(path, defaults()) // removes first's file, as libzmq's bind does
	if err != nil {
		t.Fatalf("second Listen: %v", err)
	}
	if err := closeBound(t, first); err != nil || !isSocket(path) {
		t.Fatalf("first release: %v; second bind's file kept: %v", err, isSocket(path))
	}
	if err := closeBound(t, second); err != nil || exists(path) {
		t.Fatalf("second release: %v; file still there: %v", err, exists(path))
	}
}

func TestListenWildcard(t *testing.T) {
	leakcheck.FDs(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", filepath.Join(tmp, "missing")) // not a directory: skipped, as in libzmq
	t.Setenv("TEMPDIR", tmp)
	b, err := Unix.Listen("*", defaults())
	if err != nil {
		t.Fatalf("Listen(*): %v", err)
	}
	path := strings.TrimPrefix(b.Endpoint, "ipc://")
	dir := filepath.Dir(path)
	if filepath.Dir(dir) != tmp || !strings.HasPrefix(filepath.Base(dir), "tmp") || filepath.Base(path) != "socket" {
		t.Fatalf("wildcard endpoint %q, want ipc://%s/tmp.../socket", b.Endpoint, tmp)
	}
	if fi, err := os.Stat(dir); err != nil || fi.Mode().Perm() != 0o700 {
		t.Fatalf("wildcard directory: %v, %v; want mode 0700", fi, err)
	}
	if !isSocket(path) {
		t.Fatal("no socket file")
	}
	if err := closeBound(t, b); err != nil || exists(dir) {
		t.Fatalf("release: %v; directory still there: %v", err, exists(dir))
	}

	// A wildcard whose path does not fit sun_path fails and leaves no directory behind.
	long := filepath.Join(tmp, strings.Repeat("d", 100))
	if err := os.Mkdir(long, 0o700); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TEMPDIR", long)
	if _, err := Unix.Listen("*", defaults()); !errors.Is(err, syscall.ENAMETOOLONG) {
		t.Fatalf("Listen(*) in a long directory: %v, want ENAMETOOLONG", err)
	}
	if left, _ := os.ReadDir(long); len(left) != 0 {
		t.Fatalf("failed wildcard left %v", left)
	}
}

func TestListenAbstract(t *testing.T) {
	leakcheck.FDs(t)
	name := "@zr-ipc-test-" + strconv.Itoa(os.Getpid())
	b, err := Unix.Listen(name, defaults())
	if err != nil {
		t.Fatalf("Listen: %v", err)
	}
	if b.Endpoint != "ipc://"+name || b.Release != nil {
		t.Fatalf("endpoint %q, release %v", b.Endpoint, b.Release != nil)
	}
	if _, err := Unix.Listen(name, defaults()); !errors.Is(err, syscall.EADDRINUSE) {
		t.Fatalf("second bind of an abstract name: %v, want EADDRINUSE", err)
	}
	closeBound(t, b)
}

func TestListenUseFD(t *testing.T) {
	leakcheck.FDs(t)
	path := filepath.Join(t.TempDir(), "made-elsewhere")
	fd, err := unix.Socket(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	if err := unix.Bind(fd, &unix.SockaddrUnix{Name: path}); err != nil {
		t.Fatal(err)
	}
	if err := unix.Listen(fd, 4); err != nil {
		t.Fatal(err)
	}
	o := defaults()
	o.UseFD = fd
	if _, err := Unix.Listen("@"+strings.Repeat("x", maxName), o); !errors.Is(err, syscall.ENAMETOOLONG) {
		t.Fatalf("USE_FD with a bad name: %v, want ENAMETOOLONG", err)
	}
	b, err := Unix.Listen(path, o)
	if err != nil {
		t.Fatalf("Listen with USE_FD: %v", err)
	}
	if b.FD != fd || b.Endpoint != "ipc://"+path || b.Release != nil {
		t.Fatalf("bound %+v", b)
	}
	closeBound(t, b)
	if !isSocket(path) {
		t.Fatal("the adopted socket's file was removed: it is its maker's")
	}
}

func TestPeerAddress(t *testing.T) {
	leakcheck.FDs(t)
	fds, err := unix.Socketpair(unix.AF_UNIX, unix.SOCK_STREAM, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer unix.Close(fds[0])
	defer unix.Close(fds[1])
	want := "localhost:" + strconv.Itoa(os.Getuid()) + ":" + strconv.Itoa(os.Getgid()) + ":" + strconv.Itoa(os.Getpid())
	if runtime.GOOS != "linux" {
		want = "localhost" // no peer credentials read there yet (peer_other.go)
	}
	for _, fd := range fds {
		if got := peerAddress(fd); got != want {
			t.Errorf("peerAddress = %q, want %q", got, want)
		}
	}
}
