package zmq

import (
	"encoding/binary"
	"log/slog"
	"sync"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/zerr"
)

// monitorBuffer is how many events a Monitor channel holds before new ones are dropped.
const monitorBuffer = 1024

// monitor is the socket's event sink, called from I/O threads; the mutex serialises them.
// Every event is counted for the socket's statistics (stats_events.go) and logged if the
// socket has a logger (logger.go), then delivered if someone watches its kind.
type monitor struct {
	mu      sync.Mutex
	kinds   EventKind
	ch      chan Event // Monitor's channel, or nil
	pair    *Socket    // MonitorTo's PAIR socket, or nil
	dropped uint64

	events eventCounts  // for Stats
	logger *slog.Logger // SetLogger or the context's WithLogger; nil: none
	socket string       // the socket's label in log records, "PUB#3"
}

// Event implements event.Sink: it delivers e to whatever watches; it never blocks.
func (m *monitor) Event(ie event.Event) {
	e := eventOf(ie)
	m.mu.Lock()
	defer m.mu.Unlock()
	reconnect := m.events.count(e)
	if m.logger != nil {
		m.log(e, reconnect)
	}
	if m.kinds&e.Kind == 0 {
		return
	}
	m.deliver(e)
}

func (m *monitor) deliver(e Event) {
	if m.ch != nil {
		select {
		case m.ch <- e:
		default:
			m.dropped++
		}
	}
	if m.pair != nil {
		var head [6]byte
		binary.NativeEndian.PutUint16(head[:2], uint16(e.Kind))
		binary.NativeEndian.PutUint32(head[2:], uint32(e.Value))
		if m.pair.Send(head[:], SndMore|DontWait) == nil {
			m.pair.Send([]byte(e.Endpoint), DontWait)
		} else {
			m.dropped++
		}
	}
}

// stop sends MONITOR_STOPPED and ends delivery.
func (m *monitor) stop() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.ch == nil && m.pair == nil {
		return
	}
	if m.kinds&EventMonitorStopped != 0 {
		m.deliver(Event{Kind: EventMonitorStopped})
	}
	if m.ch != nil {
		close(m.ch)
		m.ch = nil
	}
	if m.pair != nil {
		m.pair.Close()
		m.pair = nil
	}
	m.kinds = 0
}

// Monitor delivers the socket's events of the given kinds (EventAll for every kind) on the
// returned channel until StopMonitor, or until the socket's teardown after Close has finished
// (so the teardown's DISCONNECTED and CLOSED are reported); both send EventMonitorStopped (if
// watched) and close the channel. Events are raised on I/O threads and never wait: if the channel's buffer
// (1024 events) is full, new events are dropped. A second call replaces the first.
func (s *Socket) Monitor(kinds EventKind) (<-chan Event, error) {
	if err := s.enter(callMonitor); err != nil {
		return nil, err
	}
	defer s.exit()
	s.monitor.stop()
	ch := make(chan Event, monitorBuffer)
	s.monitor.mu.Lock()
	s.monitor.ch, s.monitor.kinds = ch, kinds
	s.monitor.mu.Unlock()
	return ch, nil
}

// MonitorTo is zmq_socket_monitor: events of the given kinds are sent, as libzmq sends them, as
// two-frame messages (6 bytes of event number and value in host byte order, then the endpoint)
// on a PAIR socket bound at endpoint, an inproc:// name the application connects a PAIR to.
// An empty endpoint stops monitoring.
func (s *Socket) MonitorTo(endpoint string, kinds EventKind) error {
	if err := s.enter(callMonitor); err != nil {
		return err
	}
	defer s.exit()
	s.monitor.stop()
	if endpoint == "" {
		return nil
	}
	if transport, _, err := splitEndpoint(endpoint); err != nil {
		return err
	} else if transport != "inproc" {
		return zerr.With(zerr.ErrProtoNoSupport, "monitor endpoint %q must be inproc", endpoint)
	}
	pair, err := s.ctx.NewSocket(PAIR)
	if err != nil {
		return err
	}
	pair.SetLinger(0)
	if err := pair.Bind(endpoint); err != nil {
		pair.Close()
		return err
	}
	s.monitor.mu.Lock()
	s.monitor.pair, s.monitor.kinds = pair, kinds
	s.monitor.mu.Unlock()
	return nil
}

// MonitorDropped returns how many monitor events were dropped since the socket was made
// because the Monitor channel was full or the MonitorTo peer did not keep up. Safe to call from
// any goroutine.
func (s *Socket) MonitorDropped() uint64 {
	s.monitor.mu.Lock()
	defer s.monitor.mu.Unlock()
	return s.monitor.dropped
}

// StopMonitor ends Monitor and MonitorTo delivery.
func (s *Socket) StopMonitor() { s.monitor.stop() }
