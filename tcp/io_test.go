package tcp

import (
	"testing"

	"golang.org/x/sys/unix"

	"github.com/zreactor/zmq/internal/leakcheck"
)

func TestReadWriteDoNotAllocate(t *testing.T) {
	leakcheck.FDs(t)
	cfd, sfd := connectedPair(t)
	one := []byte{'x'}
	buf := make([]byte, 16)
	vec := [][]byte{one, one}
	cases := map[string]func(){
		"Read EAGAIN": func() {
			if _, err := Read(sfd, buf); err != unix.EAGAIN {
				t.Fatalf("Read = %v", err)
			}
		},
		"Write+Read": func() {
			Write(cfd, one)
			for {
				if _, err := Read(sfd, buf); err != unix.EAGAIN {
					return
				}
			}
		},
		"Writev+Read": func() {
			Writev(cfd, vec)
			for got := 0; got < 2; {
				n, _ := Read(sfd, buf)
				got += n
			}
		},
	}
	for name, f := range cases {
		if a := testing.AllocsPerRun(200, f); a != 0 {
			t.Errorf("%s: %v allocations per run, want 0", name, a)
		}
	}
}

func BenchmarkReadEAGAIN(b *testing.B) {
	_, sfd := benchPair(b)
	buf := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		Read(sfd, buf)
	}
}

func BenchmarkWriteRead1B(b *testing.B)  { benchWriteRead(b, false) }
func BenchmarkWritevRead1B(b *testing.B) { benchWriteRead(b, true) }

// benchWriteRead writes one byte and reads it back on the other end:
// two syscalls per iteration through the wrappers.
func benchWriteRead(b *testing.B, vectored bool) {
	cfd, sfd := benchPair(b)
	one := []byte{'x'}
	vec := [][]byte{one}
	buf := make([]byte, 64)
	b.ReportAllocs()
	for b.Loop() {
		if vectored {
			Writev(cfd, vec)
		} else {
			Write(cfd, one)
		}
		for {
			if n, _ := Read(sfd, buf); n > 0 {
				break
			}
		}
	}
}

func benchPair(b *testing.B) (int, int) {
	lfd, bound, err := Listen(&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}}, 1, DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	defer Close(lfd)
	cfd, inProgress, err := Connect(bound, nil, DefaultOptions())
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { Close(cfd) })
	if inProgress {
		unix.Poll([]unix.PollFd{{Fd: int32(cfd), Events: unix.POLLOUT}}, 5000)
	}
	unix.Poll([]unix.PollFd{{Fd: int32(lfd), Events: unix.POLLIN}}, 5000)
	sfd, _, err := Accept(lfd)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { Close(sfd) })
	Tune(cfd, DefaultOptions())
	return cfd, sfd
}
