package zmq

import (
	"context"
	"log/slog"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// WithLogger makes every socket of the context log its connection events to l (Socket.SetLogger
// changes one socket's): at Info a connection made (CONNECTED, "zmq reconnected" when the
// endpoint had connected before), accepted or ended, and a reconnect scheduled; at Warn a failed
// handshake with its reason, a failed bind, accept or close; at Debug the rest (listening,
// closed, connect delayed, handshake succeeded, monitor stopped). Records carry the socket
// ("PUB#3", its type and number in the context), the endpoint and what the event's value
// means: "fd", "error", "retry_in", "reason".
//
// Like monitor events, records are made on the library's I/O threads, which wait for the
// handler: give it one that does not block for long (slog's TextHandler and JSONHandler on a
// file or os.Stderr are fine). The events are counted in Socket.Stats either way.
func WithLogger(l *slog.Logger) ContextOption {
	return func(c *contextConfig) error { c.logger = l; return nil }
}

// SetLogger makes the socket log its connection events to l, as WithLogger describes; nil stops
// logging. It applies to events raised from now on, including those of connections made
// earlier. Unlike the socket's other methods it may be called from any goroutine.
func (s *Socket) SetLogger(l *slog.Logger) {
	s.monitor.mu.Lock()
	s.monitor.logger = l
	s.monitor.mu.Unlock()
}

// label names the socket in log records and statistics: its type and number, "PUB#3".
func (s *Socket) label() string { return s.Type().String() + "#" + strconv.FormatUint(s.id, 10) }

// log writes e's record; the monitor's mutex is held, so records keep the events' order.
func (m *monitor) log(e Event, reconnect bool) {
	level, msg := logLevel(e.Kind, reconnect)
	ctx := context.Background()
	if !m.logger.Enabled(ctx, level) {
		return
	}
	attrs := make([]slog.Attr, 0, 4)
	attrs = append(attrs, slog.String("socket", m.socket), slog.String("event", e.Kind.String()))
	if e.Endpoint != "" {
		attrs = append(attrs, slog.String("endpoint", e.Endpoint))
	}
	if a, ok := valueAttr(e); ok {
		attrs = append(attrs, a)
	}
	m.logger.LogAttrs(ctx, level, msg, attrs...)
}

// logLevel gives an event kind its level and message.
func logLevel(k EventKind, reconnect bool) (slog.Level, string) {
	switch k {
	case EventConnected:
		if reconnect {
			return slog.LevelInfo, "zmq reconnected"
		}
		return slog.LevelInfo, "zmq connected"
	case EventAccepted:
		return slog.LevelInfo, "zmq accepted"
	case EventDisconnected:
		return slog.LevelInfo, "zmq disconnected"
	case EventConnectRetried:
		return slog.LevelInfo, "zmq reconnecting"
	case EventHandshakeFailedNoDetail, EventHandshakeFailedProtocol, EventHandshakeFailedAuth:
		return slog.LevelWarn, "zmq handshake failed"
	case EventBindFailed:
		return slog.LevelWarn, "zmq bind failed"
	case EventAcceptFailed:
		return slog.LevelWarn, "zmq accept failed"
	case EventCloseFailed:
		return slog.LevelWarn, "zmq close failed"
	}
	return slog.LevelDebug, "zmq " + strings.ReplaceAll(strings.ToLower(k.String()), "_", " ")
}

// valueAttr is the attribute that says what e's value means, if it means anything.
func valueAttr(e Event) (slog.Attr, bool) {
	switch e.Kind {
	case EventConnected, EventListening, EventAccepted, EventClosed, EventDisconnected:
		return slog.Int64("fd", e.Value), true
	case EventConnectRetried:
		return slog.Duration("retry_in", time.Duration(e.Value)*time.Millisecond), true
	case EventConnectDelayed, EventBindFailed, EventAcceptFailed, EventCloseFailed:
		if e.Value == 0 {
			return slog.Attr{}, false
		}
		return slog.String("error", syscall.Errno(e.Value).Error()), true
	case EventHandshakeFailedNoDetail, EventHandshakeFailedProtocol, EventHandshakeFailedAuth:
		return slog.String("reason", HandshakeFailure{Kind: e.Kind, Value: e.Value}.String()), true
	}
	return slog.Attr{}, false
}
