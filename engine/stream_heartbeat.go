package engine

import (
	"syscall"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/zmtp"
)

// errTimeout is what a handshake, heartbeat-timeout or TTL expiry reports.
var errTimeout = syscall.ETIMEDOUT

// startHeartbeats arms the PING interval once the mechanism is ready (ZMTP 3.1, RFC 37). The
// timeout defaults to the interval; 0 disables it.
func (e *Stream) startHeartbeats() {
	ivl := e.opts.HeartbeatIvl
	if ivl <= 0 {
		return
	}
	e.hbTimeout = e.opts.HeartbeatTimeout
	if e.hbTimeout < 0 {
		e.hbTimeout = ivl
	}
	e.poller.StartTimer(&e.ivlTimer, ivl)
}

// heartbeatSeen: any frame from the peer proves it alive, so the timeout and TTL timers go.
func (e *Stream) heartbeatSeen() {
	e.poller.StopTimer(&e.timeoutTimer)
	e.poller.StopTimer(&e.ttlTimer)
	e.awaitingTraffic = false
}

// heartbeatMsg fills m with the due PONG (first) or PING. Both fit msg.InlineSize, so this
// allocates nothing. Sending a PING arms the timeout timer unless it is already running.
func (e *Stream) heartbeatMsg(m *msg.Msg) {
	if e.pongDue {
		e.pongDue = false
		m.Init(e.pong[:e.pongLen], msg.Command)
		return
	}
	e.pingDue = false
	var buf [7]byte
	m.Init(zmtp.AppendPing(buf[:0], zmtp.TTLFromDuration(e.opts.HeartbeatTTL), nil), msg.Command)
	if !e.timeoutTimer.Armed() && e.hbTimeout > 0 {
		e.poller.StartTimer(&e.timeoutTimer, e.hbTimeout)
	}
}

// onPing queues the PONG echoing up to 16 bytes of context and, if the peer gave a TTL, arms
// the TTL timer once. Unlike libzmq, a PING too short for its TTL is a protocol error (libzmq
// reads past the frame), and the TTL is converted in 64-bit arithmetic (libzmq wraps above
// 65.5 s).
func (e *Stream) onPing(body []byte) error {
	ttl, ctx, err := zmtp.ParsePing(body)
	if err != nil {
		return err
	}
	if ttl > 0 && !e.ttlTimer.Armed() {
		e.poller.StartTimer(&e.ttlTimer, zmtp.PingTTL(ttl))
	}
	e.pongLen = len(zmtp.AppendPong(e.pong[:0], ctx))
	e.pongDue = true
	e.kickOut = true
	return nil
}

// peerSpoke reads what the peer sent that this thread has not read yet, and reports whether
// a frame came: a peer whose traffic waits in our socket is alive, however late this thread
// got round to the timer. On a busy or preempted I/O thread, timers run before the events
// that came meanwhile (the loop runs ExecuteTimers, then epoll_wait), so a PONG that arrived
// in time could otherwise be found only after its peer was declared dead; libzmq does so.
// While input is stopped (the session is full) nothing is read, as before.
func (e *Stream) peerSpoke() bool {
	if e.inputStopped {
		return false
	}
	e.awaitingTraffic = true
	e.inEvent()
	spoke := !e.awaitingTraffic
	e.awaitingTraffic = false
	return spoke || !e.plugged // a failed read has ended the engine, with its own reason
}

// timerEvent is libzmq's timer_event.
func (e *Stream) timerEvent(id int) {
	if !e.plugged {
		return
	}
	switch id {
	case handshakeTimerID:
		e.hasHandshakeTimer = false
		e.fail(ReasonTimeout, errTimeout)
	case heartbeatIvlTimerID:
		e.pingDue = true
		e.poller.StartTimer(&e.ivlTimer, e.opts.HeartbeatIvl)
		e.RestartOutput()
	case heartbeatTimeoutTimerID, heartbeatTTLTimerID:
		if !e.peerSpoke() {
			e.fail(ReasonTimeout, errTimeout)
		}
	}
}
