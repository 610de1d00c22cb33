package zmq

import (
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/mailbox"
	"github.com/zreactor/zmq/object"
)

// Slot numbers in the context's mailbox table, as libzmq's ctx_t lays them out.
const (
	termSlot    = 0 // the goroutine inside Context.Close waits here for the reaper's done
	reaperSlot  = 1
	firstIOSlot = 2
)

// Context is the I/O thread pool and the registry of sockets and inproc endpoints: libzmq's
// ctx_t. Its methods are safe for concurrent use.
type Context struct {
	slots   atomic.Pointer[[]*mailbox.Mailbox[object.Command]] // copy-on-write: read on every command
	slotsMu sync.Mutex                                         // serialises slot allocation

	termBox *mailbox.Mailbox[object.Command]
	reaper  *reaper
	pool    *iothread.Pool

	mu          sync.Mutex
	sockets     map[*Socket]struct{}
	freeSlots   []int
	terminating bool
	closed      bool
	inproc      inprocRegistry
	cfg         contextConfig

	lastSocketID atomic.Uint64 // numbers sockets for statistics and logs
}

type contextConfig struct {
	ioThreads  int
	blocky     bool
	ipv6       bool
	raiseProcs bool
	waits      waitMode // SchedulerWaits; settled by chooseWaits
	spin       time.Duration
	maxSockets int
	sched      iothread.Sched // name prefix, affinity and scheduling of the context's threads (context_threads.go)
	logger     *slog.Logger   // connection events of every socket (WithLogger); nil: none
}

// MaxSockets is ZMQ_MAX_SOCKETS' default, as libzmq's ZMQ_MAX_SOCKETS_DFLT.
const defaultMaxSockets = 1023

// SocketLimit is the largest MaxSockets accepted (ZMQ_SOCKET_LIMIT).
const SocketLimit = 65535

// ContextOption configures NewContext.
type ContextOption func(*contextConfig) error

// IOThreads sets the number of I/O threads (default 1, like libzmq). Zero is allowed for
// contexts that use inproc only.
func IOThreads(n int) ContextOption {
	return func(c *contextConfig) error {
		if n < 0 {
			return zerr.With(zerr.ErrInvalid, "IOThreads(%d): must not be negative", n)
		}
		c.ioThreads = n
		return nil
	}
}

// MaxSockets sets ZMQ_MAX_SOCKETS: how many sockets may be open at once (default 1023, at most
// SocketLimit); NewSocket beyond it fails with ErrTooManyOpenFiles (EMFILE), as in libzmq.
func MaxSockets(n int) ContextOption {
	return func(c *contextConfig) error {
		if n < 1 || n > SocketLimit {
			return zerr.With(zerr.ErrInvalid, "MaxSockets(%d): must be 1..%d", n, SocketLimit)
		}
		c.maxSockets = n
		return nil
	}
}

// Blocky sets ZMQ_BLOCKY: when false, new sockets get a linger of 0 instead of infinite.
func Blocky(b bool) ContextOption {
	return func(c *contextConfig) error { c.blocky = b; return nil }
}

// IPv6 sets the default of new sockets' IPv6 option (ZMQ_IPV6).
func IPv6(b bool) ContextOption {
	return func(c *contextConfig) error { c.ipv6 = b; return nil }
}

// SpinWait makes I/O threads and blocked Send/Recv calls poll for up to d (at most 10 us)
// before they sleep, trading CPU for wake-up latency. Off by default: measured side by side on
// 2 vCPUs (bench/bin/zr-perf, 64 B round trips) a 10 us spin raised one-way latency from
// 54-58 to 69-76 us unpinned and from 52-54 to 93-95 us pinned to one CPU, and left 1 KiB
// throughput unchanged. It may pay on machines with idle cores and cheap syscalls.
func SpinWait(d time.Duration) ContextOption {
	return func(c *contextConfig) error {
		if d < 0 {
			return zerr.With(zerr.ErrInvalid, "SpinWait(%v): must not be negative", d)
		}
		c.spin = min(d, iothread.MaxSpin)
		return nil
	}
}

// RaiseGOMAXPROCS makes the context raise GOMAXPROCS, while it is open, to at least its number
// of I/O threads plus two (never lowering it), and put back the value it found when it closes,
// unless someone else changed it meanwhile. Off by default: a library must not change a
// process-wide setting unasked (a container with a CPU quota would be throttled).
//
// With a P for every thread that blocks (the I/O threads, the application goroutine, one
// spare), the context waits in the kernel (see SchedulerWaits). Measured on 2 vCPUs against
// the scheduler waits it would otherwise get (docs/performance.md P14), the raise buys little:
// latency is level up to 16 KiB, about 10% lower with both processes on one CPU at 64 KiB,
// and ROUTER echo servers answer half as many round trips.
func RaiseGOMAXPROCS() ContextOption {
	return func(c *contextConfig) error { c.raiseProcs = true; return nil }
}

// spareProcs is how many Ps beyond the I/O threads RaiseGOMAXPROCS makes sure exist: one for
// the application goroutine and one more, so that a P is usually idle.
const spareProcs = 2

// NewContext starts a context with its I/O threads and reaper. It leaves GOMAXPROCS alone
// unless RaiseGOMAXPROCS is given, and picks how its threads wait from the Ps there are
// (SchedulerWaits). It fails, with the kernel's errno, if a thread could not
// take the affinity or scheduling asked for (ThreadAffinityCPUAdd, ThreadSchedPolicy,
// ThreadPriority).
func NewContext(opts ...ContextOption) (*Context, error) {
	c := &Context{sockets: make(map[*Socket]struct{}), cfg: contextConfig{ioThreads: 1, blocky: true,
		maxSockets: defaultMaxSockets, sched: iothread.NewSched()}}
	for _, o := range opts {
		if err := o(&c.cfg); err != nil {
			return nil, err
		}
	}
	if err := c.cfg.chooseWaits(); err != nil {
		return nil, err
	}
	c.inproc.init()
	if err := c.start(); err != nil {
		return nil, err
	}
	if c.cfg.raiseProcs {
		procs.raise(c.cfg.ioThreads + spareProcs)
	}
	return c, nil
}

func (c *Context) start() (err error) {
	if c.termBox, err = mailbox.New[object.Command](); err != nil {
		return err
	}
	if c.cfg.waits == waitsScheduler {
		c.termBox.Park()
	}
	threads := c.cfg.threadOptions()
	if c.reaper, err = newReaper(c, reaperSlot, threads...); err != nil {
		c.termBox.Close()
		return err
	}
	if c.pool, err = iothread.NewPool(firstIOSlot, c.cfg.ioThreads, append(threads, iothread.WithSpin(c.cfg.spin))...); err != nil {
		c.reaper.close()
		c.termBox.Close()
		return err
	}
	slots := make([]*mailbox.Mailbox[object.Command], firstIOSlot+c.cfg.ioThreads, 64)
	slots[termSlot], slots[reaperSlot] = c.termBox, c.reaper.thread.Mailbox()
	for i, t := range c.pool.Threads() {
		slots[firstIOSlot+i] = t.Mailbox()
	}
	c.slots.Store(&slots)
	c.reaper.thread.Start()
	c.pool.Start()
	err = c.reaper.thread.Started()
	if perr := c.pool.Started(); err == nil {
		err = perr
	}
	if err != nil { // no socket exists yet: nothing but the threads to stop
		c.reaper.thread.Stop()
		c.pool.Stop()
		c.reaper.thread.Wait()
		c.pool.Wait()
		c.termBox.Close()
	}
	return err
}

// ctxRouter is the context as the machinery sees it: it delivers commands between threads
// (object.Router). A conversion of Context, so its methods stay off Context's API.
type ctxRouter Context

func (c *Context) router() *ctxRouter { return (*ctxRouter)(c) }

// SendCommand implements object.Router: it queues cmd in the mailbox of slot tid.
func (r *ctxRouter) SendCommand(tid int, cmd object.Command) { (*Context)(r).sendCommand(tid, cmd) }

// ChooseIOThread implements object.Router: the least loaded I/O thread allowed by affinity.
func (r *ctxRouter) ChooseIOThread(affinity uint64) int { return r.pool.Choose(affinity) }

func (c *Context) sendCommand(tid int, cmd object.Command) {
	(*c.slots.Load())[tid].Send(cmd)
}

// allocSlot gives a new socket its mailbox slot.
func (c *Context) allocSlot(mb *mailbox.Mailbox[object.Command]) int {
	c.slotsMu.Lock()
	defer c.slotsMu.Unlock()
	old := *c.slots.Load()
	if n := len(c.freeSlots); n > 0 {
		tid := c.freeSlots[n-1]
		c.freeSlots = c.freeSlots[:n-1]
		next := append([]*mailbox.Mailbox[object.Command](nil), old...)
		next[tid] = mb
		c.slots.Store(&next)
		return tid
	}
	next := append(append(make([]*mailbox.Mailbox[object.Command], 0, len(old)+1), old...), mb)
	c.slots.Store(&next)
	return len(next) - 1
}

// freeSlot releases a reaped socket's slot. No command can target it any more: the socket's
// pipes and children are gone before it is reaped.
func (c *Context) freeSlot(tid int) {
	c.slotsMu.Lock()
	defer c.slotsMu.Unlock()
	old := *c.slots.Load()
	next := append([]*mailbox.Mailbox[object.Command](nil), old...)
	next[tid] = nil
	c.slots.Store(&next)
	c.freeSlots = append(c.freeSlots, tid)
}

// NewSocket creates a socket of type t.
func (c *Context) NewSocket(t SocketType) (*Socket, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.terminating {
		return nil, ErrTerminated
	}
	if len(c.sockets) >= c.cfg.maxSockets {
		return nil, zerr.With(zerr.ErrTooManyOpenFiles, "MaxSockets (%d) sockets are open", c.cfg.maxSockets)
	}
	s, err := newSocket(c, t)
	if err != nil {
		return nil, err
	}
	c.sockets[s] = struct{}{}
	return s, nil
}

// closeSocket hands a socket the application closed to the reaper (libzmq's
// ctx_t::destroy_socket). Both steps happen under the lock Context.Close holds while it stops
// every socket, so Close never sends to a socket the reaper may already have released, and the
// reap is queued before anyone can tell the reaper to stop. When the context is closing and
// this was the last socket, the reaper is told to finish once it has reaped everything.
func (c *Context) closeSocket(s *Socket) {
	c.mu.Lock()
	delete(c.sockets, s)
	c.reaper.SendReap(c.reaper, s)
	last := c.terminating && len(c.sockets) == 0
	c.mu.Unlock()
	if last {
		c.stopReaper()
	}
}

func (c *Context) stopReaper() {
	c.sendCommand(reaperSlot, object.Command{Dest: c.reaper, Kind: object.Stop})
}

// Shutdown is zmq_ctx_shutdown: every blocking call on the context's sockets returns
// ErrTerminated, as do all later calls but Close and SetLinger, and NewSocket fails; unlike
// Close it does not wait, and the sockets stay open until closed. Close is still needed to
// release the context. Calling it again does nothing.
func (c *Context) Shutdown() error {
	c.mu.Lock()
	if c.terminating {
		c.mu.Unlock()
		return nil
	}
	c.terminating = true
	for s := range c.sockets {
		s.stop() // interrupts blocked calls; the socket answers ETERM from now on
	}
	none := len(c.sockets) == 0
	c.mu.Unlock()
	// Otherwise the last Socket.Close stops the reaper (libzmq's ctx_t::destroy_socket).
	if none {
		c.stopReaper()
	}
	return nil
}

// IOThreads returns the number of I/O threads (ZMQ_IO_THREADS).
func (c *Context) IOThreads() int { return c.cfg.ioThreads }

// MaxSockets returns ZMQ_MAX_SOCKETS.
func (c *Context) MaxSockets() int { return c.cfg.maxSockets }

// Blocky returns ZMQ_BLOCKY.
func (c *Context) Blocky() bool { return c.cfg.blocky }

// IPv6 returns ZMQ_IPV6, the default of new sockets' IPv6 option.
func (c *Context) IPv6() bool { return c.cfg.ipv6 }

// Close is zmq_ctx_term: every blocking call on the context's sockets returns ErrTerminated, and
// Close waits until the application has closed every socket and each has finished lingering.
// Then the I/O threads stop. Calling Close again returns nil.
func (c *Context) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed = true
	c.mu.Unlock()
	c.Shutdown()
	for {
		cmd, err := c.termBox.Recv(-1)
		if err == nil && cmd.Kind == object.Done {
			break
		}
	}
	c.reaper.thread.Stop()
	c.reaper.thread.Wait()
	c.pool.Stop()
	c.pool.Wait()
	c.termBox.Close()
	if c.cfg.raiseProcs {
		procs.restore()
	}
	return nil
}
