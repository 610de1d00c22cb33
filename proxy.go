package zmq

import (
	"context"
	"encoding/binary"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
)

// Proxy is zmq_proxy: it moves messages between frontend and backend, both ways, in the calling
// goroutine until the context closes (ErrTerminated) or another goroutine closes one of the
// sockets (ErrNotSocket). Multipart messages stay whole. Each message read from one side is
// written to the other only while that side can take it, so a side at its HWM holds the
// messages back in the other side's queues instead of losing them (a PUB or ROUTER that drops
// at HWM still drops). If capture is not nil, every frame moved, and every control command,
// is also sent to capture. frontend may be backend (a queue device on one socket).
//
// The proxy takes its sockets for as long as it runs: no other goroutine may use them meanwhile,
// but any may Close one to stop it.
func Proxy(frontend, backend, capture *Socket) error {
	return ProxyContext(noContext, frontend, backend, capture, nil)
}

// ProxySteerable is zmq_proxy_steerable: Proxy, steered by commands received on control (one
// frame each, as libzmq 4.3 has them): "PAUSE" stops moving messages, "RESUME" starts again,
// "TERMINATE" ends the proxy (ProxySteerable then returns nil), and "STATISTICS" is answered
// on control with eight frames of 8 bytes each, unsigned in host byte order: the messages and
// bytes received on the frontend, sent on the frontend, received on the backend and sent on the
// backend (a message counts once, its bytes are those of all its frames). Any other command,
// or a command of several frames, ends the proxy with ErrInvalid (libzmq aborts the process).
func ProxySteerable(frontend, backend, capture, control *Socket) error {
	return ProxyContext(noContext, frontend, backend, capture, control)
}

// ProxyContext is ProxySteerable (Proxy when control is nil) that also stops, returning
// ctx.Err(), when ctx is done.
func ProxyContext(ctx context.Context, frontend, backend, capture, control *Socket) error {
	if frontend == nil || backend == nil {
		return zerr.With(zerr.ErrInvalid, "proxy: the frontend and backend sockets must not be nil")
	}
	p := &proxy{front: frontend, back: backend, capture: capture, control: control}
	for _, s := range []*Socket{frontend, backend, capture, control} {
		if s != nil && !p.has(s) {
			p.wait.items = append(p.wait.items, pollItem{s: s})
		}
	}
	if err := p.wait.takeAll(); err != nil {
		return err
	}
	defer p.wait.releaseAll(len(p.wait.items))
	for _, it := range p.wait.items {
		if err := it.s.check(); err != nil {
			return err
		}
	}
	if ctx.Done() != nil {
		stop := context.AfterFunc(ctx, p.wait.wakeAll)
		defer stop()
	}
	return p.run(ctx)
}

// proxy is the state of one Proxy call.
type proxy struct {
	front, back, capture, control *Socket

	wait   Poller // every socket once, for sleeping on their mailboxes together
	paused bool
	m      msg.Msg // the frame being moved

	// libzmq's zmq_socket_stats_t for each side, in STATISTICS order.
	frontStats, backStats proxyStats
}

type proxyStats struct{ msgsIn, bytesIn, msgsOut, bytesOut uint64 }

func (p *proxy) has(s *Socket) bool {
	for _, it := range p.wait.items {
		if it.s == s {
			return true
		}
	}
	return false
}

// run is the proxy's loop: take what each socket's mailbox holds, act on a control command,
// move what can be moved, and sleep on all the mailboxes when nothing could be done. Readiness
// changes only through commands (a pipe's reader or writer being activated), so a sleep ends
// exactly when there may be something new to do.
func (p *proxy) run(ctx context.Context) error {
	for {
		if err := p.refresh(); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		busy := false
		if p.control != nil && p.control.impl.HasIn() {
			done, err := p.command()
			if done || err != nil {
				return err
			}
			busy = true
		}
		if !p.paused {
			if p.front.impl.HasIn() && (p.front == p.back || p.back.impl.HasOut()) {
				if err := p.forward(p.front, p.back, &p.frontStats, &p.backStats); err != nil {
					return err
				}
				busy = true
			}
			if p.front != p.back && p.back.impl.HasIn() && p.front.impl.HasOut() {
				if err := p.forward(p.back, p.front, &p.backStats, &p.frontStats); err != nil {
					return err
				}
				busy = true
			}
		}
		if !busy {
			if err := p.wait.sleep(-1); err != nil {
				return err
			}
		}
	}
}

// refresh processes every socket's pending commands; a closing context or a Close from another
// goroutine ends the proxy.
func (p *proxy) refresh() error {
	for _, it := range p.wait.items {
		if it.s.closeRequested() {
			return ErrNotSocket
		}
		if err := it.s.processCommands(0); err != nil {
			return err
		}
	}
	return nil
}

// burst is how many messages one forward moves at most before the loop looks at the other
// direction and the control socket again (libzmq's proxy_burst_size).
const burst = 1000

// forward moves up to burst whole messages from one side to the other, stopping early when
// from has nothing more or to cannot take more. Bodies are handed over, not copied.
func (p *proxy) forward(from, to *Socket, fromStats, toStats *proxyStats) error {
	for range burst {
		if !from.impl.HasIn() || (from != to && !to.impl.HasOut()) {
			return nil
		}
		size, err := p.moveMessage(from, to)
		if err != nil {
			return err
		}
		fromStats.msgsIn++
		fromStats.bytesIn += size
		toStats.msgsOut++
		toStats.bytesOut += size
	}
	return nil
}

// moveMessage moves the frames of one message; once its first frame is there, the rest are.
func (p *proxy) moveMessage(from, to *Socket) (size uint64, err error) {
	for {
		if err := from.impl.Recv(&p.m); err != nil {
			return size, err
		}
		more := p.m.More()
		from.rcvMore = more
		size += uint64(p.m.Size())
		if err := p.captureFrame(p.m.Bytes(), more); err != nil {
			p.m.Reset()
			return size, err
		}
		flags := Flag(0)
		if more {
			flags = SndMore
		}
		// A pooled body travels on with its flag, so the side that writes it returns it.
		if err := to.sendMsg(noContext, &p.m, flags); err != nil {
			p.m.Reset()
			return size, err
		}
		if !more {
			return size, nil
		}
	}
}

// captureFrame sends a copy of a frame to the capture socket, if there is one.
func (p *proxy) captureFrame(b []byte, more bool) error {
	if p.capture == nil {
		return nil
	}
	flags := Flag(0)
	if more {
		flags = SndMore
	}
	return p.capture.send(noContext, b, flags)
}

// command takes one command from the control socket; done is true after TERMINATE.
func (p *proxy) command() (done bool, err error) {
	var m msg.Msg
	if err := p.control.recvMsg(noContext, &m, DontWait); err != nil {
		return false, err
	}
	cmd := string(m.Bytes())
	more := m.More()
	m.Reset()
	if more {
		for p.control.rcvMore { // drop the rest, so the socket stays usable
			if err := p.control.recvMsg(noContext, &m, 0); err != nil {
				break
			}
			m.Reset()
		}
		return false, zerr.With(zerr.ErrInvalid, "proxy: control command %q has more than one frame", cmd)
	}
	if err := p.captureFrame([]byte(cmd), false); err != nil {
		return false, err
	}
	switch cmd {
	case "PAUSE":
		p.paused = true
	case "RESUME":
		p.paused = false
	case "TERMINATE":
		return true, nil
	case "STATISTICS":
		return false, p.replyStats()
	default:
		return false, zerr.With(zerr.ErrInvalid, "proxy: unknown control command %q", cmd)
	}
	return false, nil
}

// replyStats sends the eight counters on the control socket.
func (p *proxy) replyStats() error {
	stats := [8]uint64{
		p.frontStats.msgsIn, p.frontStats.bytesIn, p.frontStats.msgsOut, p.frontStats.bytesOut,
		p.backStats.msgsIn, p.backStats.bytesIn, p.backStats.msgsOut, p.backStats.bytesOut,
	}
	var b [8]byte
	for i, v := range stats {
		binary.NativeEndian.PutUint64(b[:], v)
		flags := SndMore
		if i == len(stats)-1 {
			flags = 0
		}
		if err := p.control.send(noContext, b[:], flags); err != nil {
			return err
		}
	}
	return nil
}
