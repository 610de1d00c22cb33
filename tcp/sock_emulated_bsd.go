//go:build netbsd || openbsd

package tcp

// sockNoSigpipe does nothing for the emulated socket and accept hooks here: NetBSD's writes
// carry MSG_NOSIGNAL (internal/sysio), and OpenBSD has no SO_NOSIGPIPE (see tune_openbsd.go).
func sockNoSigpipe(int) error { return nil }
