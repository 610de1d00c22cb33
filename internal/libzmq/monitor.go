//go:build cgo

package libzmq

/*
#include <stdlib.h>
#include <zmq.h>
*/
import "C"

import (
	"encoding/binary"
	"fmt"
	"sync/atomic"
	"time"
	"unsafe"
)

var monitorSeq atomic.Uint64

// Monitor reads the events of one socket from the PAIR socket libzmq
// publishes them on.
type Monitor struct {
	owner *Socket
	pair  *Socket
}

// MonitorEvent is one decoded two-frame monitor event.
type MonitorEvent struct {
	Event    Event
	Value    uint32 // fd, errno or reconnect interval, depending on Event
	Endpoint string
}

// Monitor starts zmq_socket_monitor for the events in mask on a fresh
// inproc endpoint and connects a PAIR to it. Close the monitor (or the
// socket) to stop it.
func (s *Socket) Monitor(ctx *Context, mask Event) (*Monitor, error) {
	if s.monitor != nil {
		return nil, fmt.Errorf("libzmq: socket already monitored")
	}
	ep := fmt.Sprintf("inproc://libzmq-monitor-%d", monitorSeq.Add(1))
	cs := C.CString(ep)
	defer C.free(unsafe.Pointer(cs))
	rc, err := C.zmq_socket_monitor(s.p, cs, C.int(mask))
	if err := check("zmq_socket_monitor", rc, err); err != nil {
		return nil, err
	}
	pair, err := ctx.NewSocket(PAIR)
	if err == nil {
		err = pair.Connect(ep)
	}
	if err != nil {
		C.zmq_socket_monitor(s.p, nil, 0)
		if pair != nil {
			pair.Close()
		}
		return nil, err
	}
	m := &Monitor{owner: s, pair: pair}
	s.monitor = m
	return m, nil
}

// Recv reads one event; flags as for Socket.Recv.
func (m *Monitor) Recv(flags Flag) (MonitorEvent, error) {
	frames, err := m.pair.RecvMulti(flags)
	if err != nil {
		return MonitorEvent{}, err
	}
	if len(frames) != 2 || len(frames[0]) != 6 {
		return MonitorEvent{}, fmt.Errorf("libzmq: malformed monitor event (%d frames)", len(frames))
	}
	return MonitorEvent{
		Event:    Event(binary.NativeEndian.Uint16(frames[0][:2])),
		Value:    binary.NativeEndian.Uint32(frames[0][2:]),
		Endpoint: string(frames[1]),
	}, nil
}

// RecvTimeout reads one event, failing with EAGAIN after d.
func (m *Monitor) RecvTimeout(d time.Duration) (MonitorEvent, error) {
	if err := m.pair.SetInt(RcvTimeo, int(d.Milliseconds())); err != nil {
		return MonitorEvent{}, err
	}
	return m.Recv(0)
}

// WaitFor reads events until one in mask arrives or d runs out.
func (m *Monitor) WaitFor(mask Event, d time.Duration) (MonitorEvent, error) {
	deadline := time.Now().Add(d)
	for {
		left := time.Until(deadline)
		if left <= 0 {
			return MonitorEvent{}, &Error{Op: "monitor wait", Errno: EAGAIN}
		}
		ev, err := m.RecvTimeout(max(left, time.Millisecond))
		if err != nil {
			return ev, err
		}
		if ev.Event&mask != 0 {
			return ev, nil
		}
	}
}

// Close stops the monitor and closes its PAIR.
func (m *Monitor) Close() error {
	m.stop()
	if m.pair.p == nil {
		return nil
	}
	_ = m.pair.SetInt(Linger, 0)
	return m.pair.Close()
}

func (m *Monitor) stop() {
	if m.owner != nil && m.owner.p != nil && m.owner.monitor == m {
		C.zmq_socket_monitor(m.owner.p, nil, 0)
		m.owner.monitor = nil
	}
}
