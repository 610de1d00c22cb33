package tcp

// keepAliveOpts is empty of settings: OpenBSD has no per-socket TCP_KEEPCNT, TCP_KEEPIDLE or
// TCP_KEEPINTVL (only system-wide sysctls), so the three options are ignored, as libzmq ignores
// them there. SO_KEEPALIVE itself is still applied.
func keepAliveOpts(Options) [3]sockopt {
	return [3]sockopt{{value: -1}, {value: -1}, {value: -1}}
}

// noSigpipe does nothing: OpenBSD has no SO_NOSIGPIPE, and the Go runtime ignores a SIGPIPE
// raised by a write to any fd but 1 and 2 (see internal/sysio).
func noSigpipe(int) error { return nil }
