//go:build soak || faults

package testproc

import (
	"os"
	"strconv"
	"syscall"
	"time"
)

// WarmUpFDs makes the Go runtime create the fds it keeps for the life of the process (the
// netpoller's epoll fd and eventfd appear on the first os.Open of a pollable file, or the
// first timer), so that a baseline taken afterwards does not count them as a leak later.
func WarmUpFDs() {
	if f, err := os.Open("/dev/null"); err == nil {
		f.Close()
	}
	time.Sleep(time.Microsecond)
}

// CountFDs counts the open fds of process pid (0: this process) from /proc/<pid>/fd, with raw
// syscalls so that counting opens nothing but the directory fd, which every count holds alike.
func CountFDs(pid int) (int, error) {
	fd, err := syscall.Open(procPath(pid, "fd"), syscall.O_RDONLY|syscall.O_DIRECTORY|syscall.O_CLOEXEC, 0)
	if err != nil {
		return 0, err
	}
	defer syscall.Close(fd)
	var buf [4096]byte
	n := 0
	for {
		k, err := syscall.ReadDirent(fd, buf[:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return 0, err
		}
		if k <= 0 {
			return n, nil
		}
		_, count, _ := syscall.ParseDirent(buf[:k], -1, nil)
		n += count
	}
}

// SettleFDs returns this process's fd count once it is at most want, or the last count after
// d: an fd closed by an I/O thread just after the event a test waited for may need a moment.
func SettleFDs(want int, d time.Duration) int {
	deadline := time.Now().Add(d)
	for {
		n, err := CountFDs(0)
		if err != nil {
			panic("testproc: counting fds: " + err.Error())
		}
		if n <= want || time.Now().After(deadline) {
			return n
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// procPath is /proc/<pid>/<name>, with "self" for pid 0.
func procPath(pid int, name string) string {
	if pid == 0 {
		return "/proc/self/" + name
	}
	return "/proc/" + strconv.Itoa(pid) + "/" + name
}
