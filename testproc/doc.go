//go:build soak || faults

// Package testproc holds what the soak and fault suites (soak/, faults/) need beside the
// library itself: the test binary re-executed as a peer process that the suite can SIGKILL,
// and the figures of a process that the suites check (open fds, VmRSS, CPU time).
//
// It is built only with the soak or faults build tag, so the library's `go test ./...` never
// sees it. Everything here reads /proc and is Linux-only, like the library.
package testproc
