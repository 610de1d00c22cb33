package zmq

import (
	"github.com/zreactor/zmq/options"
	"time"
)

// Options of connections: they apply to later Bind and Connect calls.

// SetReconnectIvl sets ZMQ_RECONNECT_IVL (negative: never reconnect).
func (s *Socket) SetReconnectIvl(d time.Duration) error {
	return s.setOpt("RECONNECT_IVL", true, func() { s.opts.ReconnectIvl = normDur(d) })
}

// ReconnectIvl returns ZMQ_RECONNECT_IVL (Forever: never reconnect).
func (s *Socket) ReconnectIvl() time.Duration { return s.opts.ReconnectIvl }

// SetReconnectIvlMax sets ZMQ_RECONNECT_IVL_MAX, the ceiling of the reconnect backoff (0: none).
func (s *Socket) SetReconnectIvlMax(d time.Duration) error {
	return s.setOpt("RECONNECT_IVL_MAX", d >= 0, func() { s.opts.ReconnectIvlMax = d })
}

// ReconnectIvlMax returns ZMQ_RECONNECT_IVL_MAX.
func (s *Socket) ReconnectIvlMax() time.Duration { return s.opts.ReconnectIvlMax }

// SetConnectTimeout sets ZMQ_CONNECT_TIMEOUT for TCP connects (0: the OS's).
func (s *Socket) SetConnectTimeout(d time.Duration) error {
	return s.setOpt("CONNECT_TIMEOUT", d >= 0, func() { s.opts.ConnectTimeout = d })
}

// ConnectTimeout returns ZMQ_CONNECT_TIMEOUT (0: the OS default).
func (s *Socket) ConnectTimeout() time.Duration { return s.opts.ConnectTimeout }

// SetHandshakeIvl sets ZMQ_HANDSHAKE_IVL, the limit on the ZMTP handshake (0: none).
func (s *Socket) SetHandshakeIvl(d time.Duration) error {
	return s.setOpt("HANDSHAKE_IVL", d >= 0, func() { s.opts.HandshakeIvl = d })
}

// HandshakeIvl returns ZMQ_HANDSHAKE_IVL.
func (s *Socket) HandshakeIvl() time.Duration { return s.opts.HandshakeIvl }

// SetBacklog sets ZMQ_BACKLOG, the listen(2) queue length.
func (s *Socket) SetBacklog(n int) error {
	return s.setOpt("BACKLOG", n >= 0, func() { s.opts.Backlog = n })
}

// Backlog returns ZMQ_BACKLOG.
func (s *Socket) Backlog() int { return s.opts.Backlog }

// SetMaxMsgSize sets ZMQ_MAXMSGSIZE: a peer that sends a bigger frame is disconnected, at the
// frame's header, before its body is read (-1: no limit). Like libzmq's, the bound is per
// frame, although libzmq's documentation says message: a multipart message of many frames,
// each within it, passes whatever its total. SetMaxMultipartSize bounds the total.
func (s *Socket) SetMaxMsgSize(n int64) error {
	return s.setOpt("MAXMSGSIZE", n >= -1, func() { s.opts.MaxMsgSize = n })
}

// MaxMsgSize returns ZMQ_MAXMSGSIZE.
func (s *Socket) MaxMsgSize() int64 { return s.opts.MaxMsgSize }

// SetMaxMultipartSize bounds a whole inbound message, all its frames: a peer whose message
// grows past n bytes is disconnected as for a frame over MaxMsgSize (-1, the default: no
// limit). Each frame counts its size, or 32 bytes if it is smaller, since queueing a frame
// costs that much, so a message of endless empty frames is bounded too. A frame that would
// take the message past the bound is refused at its header when it can be (under CURVE the
// frame's flags are only known once it is opened). This goes beyond libzmq, which bounds
// frames only: there, a multipart message that never ends is queued without limit.
func (s *Socket) SetMaxMultipartSize(n int64) error {
	return s.setOpt("MAX_MULTIPART_SIZE", n >= -1, func() { s.opts.MaxMultipartSize = n })
}

// MaxMultipartSize returns the bound SetMaxMultipartSize set, -1 for none.
func (s *Socket) MaxMultipartSize() int64 { return s.opts.MaxMultipartSize }

// SetImmediate sets ZMQ_IMMEDIATE: queue messages only to completed connections.
func (s *Socket) SetImmediate(b bool) error {
	return s.setOpt("IMMEDIATE", true, func() { s.opts.Immediate = b })
}

// Immediate returns ZMQ_IMMEDIATE.
func (s *Socket) Immediate() bool { return s.opts.Immediate }

// SetConflate sets ZMQ_CONFLATE: keep only the last message (DEALER, PULL, PUSH, PUB, SUB).
func (s *Socket) SetConflate(b bool) error {
	if err := s.onlyFor("CONFLATE", options.DEALER, options.PULL, options.PUSH, options.PUB, options.SUB); err != nil {
		return err
	}
	return s.setOpt("CONFLATE", true, func() { s.opts.Conflate = b })
}

// Conflate returns ZMQ_CONFLATE.
func (s *Socket) Conflate() bool { return s.opts.Conflate }

// SetIPv6 sets ZMQ_IPV6: allow IPv6 for TCP endpoints, binding "*" dual-stack.
func (s *Socket) SetIPv6(b bool) error { return s.setOpt("IPV6", true, func() { s.opts.IPv6 = b }) }

// SetHeartbeatIvl sets ZMQ_HEARTBEAT_IVL: send a ZMTP PING this often (0: off).
func (s *Socket) SetHeartbeatIvl(d time.Duration) error {
	return s.setOpt("HEARTBEAT_IVL", d >= 0, func() { s.opts.HeartbeatIvl = d })
}

// IPv6 returns ZMQ_IPV6.
func (s *Socket) IPv6() bool { return s.opts.IPv6 }

// HeartbeatIvl returns ZMQ_HEARTBEAT_IVL (0: off).
func (s *Socket) HeartbeatIvl() time.Duration { return s.opts.HeartbeatIvl }

// SetHeartbeatTTL sets ZMQ_HEARTBEAT_TTL, the time-to-live announced in our PINGs, at most
// 6553.5 s in 100 ms steps.
func (s *Socket) SetHeartbeatTTL(d time.Duration) error {
	ok := d >= 0 && d/(100*time.Millisecond) <= 0xffff
	return s.setOpt("HEARTBEAT_TTL", ok, func() { s.opts.HeartbeatTTL = d })
}

// HeartbeatTTL returns ZMQ_HEARTBEAT_TTL.
func (s *Socket) HeartbeatTTL() time.Duration { return s.opts.HeartbeatTTL }

// SetHeartbeatTimeout sets ZMQ_HEARTBEAT_TIMEOUT: close when a PING gets no traffic back within
// it (negative: the heartbeat interval).
func (s *Socket) SetHeartbeatTimeout(d time.Duration) error {
	return s.setOpt("HEARTBEAT_TIMEOUT", true, func() { s.opts.HeartbeatTimeout = normDur(d) })
}

// HeartbeatTimeout returns ZMQ_HEARTBEAT_TIMEOUT (Forever: the heartbeat interval).
func (s *Socket) HeartbeatTimeout() time.Duration { return s.opts.HeartbeatTimeout }

// SetTCPKeepalive sets ZMQ_TCP_KEEPALIVE (-1: OS default, 0: off, 1: on).
func (s *Socket) SetTCPKeepalive(n int) error {
	return s.setOpt("TCP_KEEPALIVE", n >= -1 && n <= 1, func() { s.opts.TCPKeepalive = n })
}

// TCPKeepalive returns ZMQ_TCP_KEEPALIVE (-1: the OS default).
func (s *Socket) TCPKeepalive() int { return s.opts.TCPKeepalive }

// SetTCPKeepaliveCnt sets ZMQ_TCP_KEEPALIVE_CNT (-1: OS default).
func (s *Socket) SetTCPKeepaliveCnt(n int) error {
	return s.setOpt("TCP_KEEPALIVE_CNT", n >= -1, func() { s.opts.TCPKeepaliveCnt = n })
}

// TCPKeepaliveCnt returns ZMQ_TCP_KEEPALIVE_CNT (-1: the OS default).
func (s *Socket) TCPKeepaliveCnt() int { return s.opts.TCPKeepaliveCnt }

// SetTCPKeepaliveIdle sets ZMQ_TCP_KEEPALIVE_IDLE in seconds (-1: OS default): TCP_KEEPIDLE,
// or TCP_KEEPALIVE on macOS. OpenBSD has no per-socket keepalive settings and ignores this, the
// count and the interval, as libzmq does.
func (s *Socket) SetTCPKeepaliveIdle(n int) error {
	return s.setOpt("TCP_KEEPALIVE_IDLE", n >= -1, func() { s.opts.TCPKeepaliveIdle = n })
}

// TCPKeepaliveIdle returns ZMQ_TCP_KEEPALIVE_IDLE (-1: the OS default).
func (s *Socket) TCPKeepaliveIdle() int { return s.opts.TCPKeepaliveIdle }

// SetTCPKeepaliveIntvl sets ZMQ_TCP_KEEPALIVE_INTVL in seconds (-1: OS default).
func (s *Socket) SetTCPKeepaliveIntvl(n int) error {
	return s.setOpt("TCP_KEEPALIVE_INTVL", n >= -1, func() { s.opts.TCPKeepaliveIntvl = n })
}

// TCPKeepaliveIntvl returns ZMQ_TCP_KEEPALIVE_INTVL (-1: the OS default).
func (s *Socket) TCPKeepaliveIntvl() int { return s.opts.TCPKeepaliveIntvl }

// SetTCPMaxRT sets ZMQ_TCP_MAXRT (TCP_USER_TIMEOUT; 0: OS default). Only Linux has
// TCP_USER_TIMEOUT; elsewhere the option is accepted and ignored, as libzmq does.
func (s *Socket) SetTCPMaxRT(d time.Duration) error {
	return s.setOpt("TCP_MAXRT", d >= 0, func() { s.opts.TCPMaxRT = d })
}

// TCPMaxRT returns ZMQ_TCP_MAXRT (0: the OS default).
func (s *Socket) TCPMaxRT() time.Duration { return s.opts.TCPMaxRT }

// SetSndBuf sets ZMQ_SNDBUF, the kernel send buffer in bytes (-1: OS default).
func (s *Socket) SetSndBuf(n int) error {
	return s.setOpt("SNDBUF", n >= -1, func() { s.opts.SndBuf = n })
}

// SndBuf returns ZMQ_SNDBUF (-1: the OS default).
func (s *Socket) SndBuf() int { return s.opts.SndBuf }

// SetRcvBuf sets ZMQ_RCVBUF, the kernel receive buffer in bytes (-1: OS default).
func (s *Socket) SetRcvBuf(n int) error {
	return s.setOpt("RCVBUF", n >= -1, func() { s.opts.RcvBuf = n })
}

// RcvBuf returns ZMQ_RCVBUF (-1: the OS default).
func (s *Socket) RcvBuf() int { return s.opts.RcvBuf }

// SetTOS sets ZMQ_TOS, the IP type-of-service byte.
func (s *Socket) SetTOS(n int) error {
	return s.setOpt("TOS", n >= 0 && n <= 255, func() { s.opts.TOS = n })
}

// TOS returns ZMQ_TOS.
func (s *Socket) TOS() int { return s.opts.TOS }

// SetMetadata adds an "X-" property sent to peers in the ZMTP READY command (ZMQ_METADATA).
func (s *Socket) SetMetadata(name, value string) error {
	ok := len(name) > 2 && len(name) <= 255 && (name[:2] == "X-" || name[:2] == "x-")
	return s.setOpt("METADATA", ok, func() {
		if s.opts.Metadata == nil {
			s.opts.Metadata = make(map[string]string)
		}
		s.opts.Metadata[name] = value
	})
}

// Metadata returns the value of an "X-" property set with SetMetadata, or "" if none.
func (s *Socket) Metadata(name string) string { return s.opts.Metadata[name] }

// ReconnectStop is a set of conditions under which a connecting socket stops reconnecting
// (libzmq's draft ZMQ_RECONNECT_STOP).
type ReconnectStop int

// The ReconnectStop conditions.
const (
	// ReconnectStopConnRefused: the peer refused the connection (nothing listens there).
	ReconnectStopConnRefused ReconnectStop = options.ReconnectStopConnRefused
	// ReconnectStopHandshakeFailed: the connection broke before the ZMTP handshake completed.
	ReconnectStopHandshakeFailed ReconnectStop = options.ReconnectStopHandshakeFailed
	// ReconnectStopAfterDisconnect: Disconnect was called. Disconnect always ends reconnection
	// here, so this flag is accepted for compatibility and changes nothing.
	ReconnectStopAfterDisconnect ReconnectStop = options.ReconnectStopAfterDisconnect
)

// SetReconnectStop sets ZMQ_RECONNECT_STOP: when to stop reconnecting (0: never). When a
// condition is met the endpoint is dropped, as after a failed connect with RECONNECT_IVL -1.
func (s *Socket) SetReconnectStop(stop ReconnectStop) error {
	ok := stop&^(ReconnectStopConnRefused|ReconnectStopHandshakeFailed|ReconnectStopAfterDisconnect) == 0
	return s.setOpt("RECONNECT_STOP", ok, func() { s.opts.ReconnectStop = int(stop) })
}

// ReconnectStop returns ZMQ_RECONNECT_STOP.
func (s *Socket) ReconnectStop() ReconnectStop { return ReconnectStop(s.opts.ReconnectStop) }

// SetZMTPLegacy allows (the default, as libzmq 4.3) or refuses peers that speak ZMTP 1.0 or 2.0.
// With the NULL mechanism libzmq reads any bytes that are not a ZMTP 3 greeting, a port
// scanner's for instance, as an unversioned ZMTP 1.0 peer whose frames become messages;
// refusing legacy peers closes such connections during the greeting instead (DISCONNECTED).
// Applies to later Bind and Connect calls.
func (s *Socket) SetZMTPLegacy(allow bool) error {
	return s.setOpt("ZMTP_LEGACY", true, func() { s.opts.LegacyOff = !allow })
}

// ZMTPLegacy returns whether peers speaking ZMTP 1.0 or 2.0 are accepted.
func (s *Socket) ZMTPLegacy() bool { return !s.opts.LegacyOff }

// SetBindToDevice sets ZMQ_BINDTODEVICE: the TCP sockets of later Bind and Connect calls are
// bound to the network interface name (SO_BINDTODEVICE), so they send and receive through it
// only; "" binds none. At most 16 bytes, as libzmq takes. An unknown interface makes Bind fail
// with an error wrapping ENODEV (ErrNoDevice), and a connecting socket retry, as libzmq's do.
// Linux asks for CAP_NET_RAW unless the socket is unprivileged enough (kernel 5.7 and later).
// Not applied to ipc sockets.
func (s *Socket) SetBindToDevice(name string) error {
	return s.setOpt("BINDTODEVICE", len(name) <= 16, func() { s.opts.BindToDevice = name })
}

// BindToDevice returns ZMQ_BINDTODEVICE ("": none).
func (s *Socket) BindToDevice() string { return s.opts.BindToDevice }

// SetUseFD sets ZMQ_USE_FD: later Bind calls adopt fd, a listening socket made by someone else
// (systemd's socket activation hands services theirs so), instead of opening one; -1 stops.
// For tcp:// the endpoint's address is then ignored, as in libzmq, and LastEndpoint is the
// socket's own address; for ipc:// the endpoint names the path, which Bind neither removes
// first nor at Unbind, since the file is the fd's maker's. The fd must be a listening stream
// socket of the endpoint's family, or Bind fails with ErrInvalid. The listener owns it from
// then on and closes it at Unbind and Close, as libzmq does; every Bind while the option is set
// adopts the same fd, so set it back to -1 after binding.
func (s *Socket) SetUseFD(fd int) error {
	return s.setOpt("USE_FD", fd >= -1, func() { s.opts.UseFD = fd })
}

// UseFD returns ZMQ_USE_FD (-1: none).
func (s *Socket) UseFD() int { return s.opts.UseFD }
