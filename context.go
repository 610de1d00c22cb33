package zmq

import (
	"os"
	"runtime"
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
}

type contextConfig struct {
	ioThreads int
	blocky    bool
	ipv6      bool
	keepProcs bool
	spin      time.Duration
}

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

// KeepGOMAXPROCS stops NewContext from raising GOMAXPROCS (see NewContext).
func KeepGOMAXPROCS() ContextOption {
	return func(c *contextConfig) error { c.keepProcs = true; return nil }
}

// spareProcs is how many Ps beyond the I/O threads NewContext makes sure exist: one for the
// application goroutine and one more, so that a P is usually idle and the runtime leaves blocked
// threads theirs. Measured side by side on 2 vCPUs, +2 and +3 gave the same latency (55-60 us
// one way at 64 B against 87-94 us with GOMAXPROCS=2), while +3 cost 1 KiB streams ~20% more
// than +2 (more Ps, more GC workers competing for the two CPUs).
const spareProcs = 2

// NewContext starts a context with its I/O threads and reaper.
//
// I/O threads are OS threads that spend their lives blocked in epoll_wait; libzmq runs them
// outside any scheduler, but in Go each holds a P while it waits. When every P is held by a
// blocked thread, the runtime takes the Ps away, and each wake-up then goes through the
// scheduler: on the 2-CPU machines we measure on, that doubled the round-trip latency. So
// NewContext raises GOMAXPROCS to at least the number of I/O threads plus 2 (never lowers it);
// the extra Ps cost nothing while their threads sleep. KeepGOMAXPROCS, or a GOMAXPROCS
// environment variable, turns this off.
func NewContext(opts ...ContextOption) (*Context, error) {
	c := &Context{sockets: make(map[*Socket]struct{}), cfg: contextConfig{ioThreads: 1, blocky: true}}
	for _, o := range opts {
		if err := o(&c.cfg); err != nil {
			return nil, err
		}
	}
	_, explicit := os.LookupEnv("GOMAXPROCS") // the user's own setting wins
	if want := c.cfg.ioThreads + spareProcs; !c.cfg.keepProcs && !explicit && runtime.GOMAXPROCS(0) < want {
		runtime.GOMAXPROCS(want)
	}
	c.inproc.init()
	if err := c.start(); err != nil {
		return nil, err
	}
	return c, nil
}

func (c *Context) start() (err error) {
	if c.termBox, err = mailbox.New[object.Command](); err != nil {
		return err
	}
	if c.reaper, err = newReaper(c, reaperSlot); err != nil {
		c.termBox.Close()
		return err
	}
	if c.pool, err = iothread.NewPool(firstIOSlot, c.cfg.ioThreads, iothread.WithSpin(c.cfg.spin)); err != nil {
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
	return nil
}

// SendCommand queues cmd in the mailbox of slot tid; it implements object.Router.
func (c *Context) SendCommand(tid int, cmd object.Command) {
	(*c.slots.Load())[tid].Send(cmd)
}

// ChooseIOThread picks the least loaded I/O thread allowed by affinity; it implements object.Router.
func (c *Context) ChooseIOThread(affinity uint64) int { return c.pool.Choose(affinity) }

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
	s, err := newSocket(c, t)
	if err != nil {
		return nil, err
	}
	c.sockets[s] = struct{}{}
	return s, nil
}

// socketClosed forgets a socket the application closed. When the context is closing and this
// was the last socket, the reaper is told to finish once it has reaped everything.
func (c *Context) socketClosed(s *Socket) {
	c.mu.Lock()
	delete(c.sockets, s)
	last := c.terminating && len(c.sockets) == 0
	c.mu.Unlock()
	if last {
		c.stopReaper()
	}
}

func (c *Context) stopReaper() {
	c.SendCommand(reaperSlot, object.Command{Dest: c.reaper, Kind: object.Stop})
}

// Close is zmq_ctx_term: every blocking call on the context's sockets returns ErrTerminated, and
// Close waits until the application has closed every socket and each has finished lingering.
// Then the I/O threads stop. Calling Close again returns nil.
func (c *Context) Close() error {
	c.mu.Lock()
	if c.closed {
		c.mu.Unlock()
		return nil
	}
	c.closed, c.terminating = true, true
	for s := range c.sockets {
		s.stop() // interrupts blocked calls; the socket answers ETERM from now on
	}
	none := len(c.sockets) == 0
	c.mu.Unlock()
	// Otherwise the last Socket.Close stops the reaper (libzmq's ctx_t::destroy_socket).
	if none {
		c.stopReaper()
	}
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
	return nil
}
