package engine

import (
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/iothread"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/poller"
	"github.com/zreactor/zmq/zmtp"
)

// Config is what a stream engine needs besides its fd.
type Config struct {
	Options     *options.Options // the session's copy; read-only
	Endpoint    string           // endpoint for monitor events: the bound endpoint or the connected one
	PeerAddress string           // numeric peer IP, for the Peer-Address property
	Monitor     event.Sink       // never nil (use event.Nop{})
}

// Timer ids; timers are keyed by (engine, id), so they only need to differ within one engine.
const (
	handshakeTimerID = iota + 1
	heartbeatIvlTimerID
	heartbeatTimeoutTimerID
	heartbeatTTLTimerID
)

// outBatchSize is the most the encoder's adaptive batch grows to: one write(2)/writev(2)
// sends up to this many encoded bytes plus zero-copy bodies. Measured engine to engine over
// loopback TCP, 64 KiB took 15-40% less CPU per message than 16 KiB or 8 KiB for 1 B to 1 KiB
// frames (docs/performance.md P3). The batch starts
// inside the encoder (a few hundred bytes, enough for the handshake and occasional frames)
// and only a connection whose batches fill up grows it, so a connection that only receives
// never allocates one.
const outBatchSize = zmtp.DefaultMaxBatch

// inBufSize and inBufMaxSize bound the adaptive read buffer: it starts at inBufSize (libzmq's
// 8 KiB) and doubles each time a read fills it, up to inBufMaxSize, so idle connections hold
// 8 KiB and streaming ones read 64 KiB at a time.
const (
	inBufSize    = 8 << 10
	inBufMaxSize = zmtp.DefaultReadBufSize
)

// Stream is libzmq's stream engine (stream_engine_base_t with zmtp_engine_t and raw_engine_t):
// it owns one connected TCP fd, runs the ZMTP greeting and security handshake, then moves
// frames between the socket and its session, many frames per read(2) and per writev(2).
//
// Threading rule: NewStream may run anywhere; from Plug on, every method runs on the I/O
// thread the engine was plugged into (the session's), and the poller calls back on that same
// thread. Nothing is locked.
type Stream struct {
	fd   int
	cfg  Config
	opts *options.Options
	raw  bool // STREAM or ROUTER_RAW socket: no ZMTP, raw bytes

	poller  *poller.Poller
	handle  poller.Handle
	session Session
	plugged bool
	ioError bool // an error/hang-up came while input was stopped: the fd left the poller

	// Handshake.
	greetingStage bool // still exchanging greetings (libzmq _handshaking)
	handshaked    bool // data flows: mechanism ready, legacy greeting done, or raw
	greeting      zmtp.GreetingExchange
	greetBuf      [zmtp.V3GreetingSize]byte
	leadIov       [leadSegs][]byte // a lead write's segments (stream_write.go)
	version       zmtp.Version
	mech          zmtp.Mechanism
	boxed         bool // the mechanism boxes every frame (CURVE): see subscriptionToCommand
	pullMore      bool // the last frame pulled had More (boxed mechanisms only)

	// libzmq's _next_msg and _process_msg: nextMsg produces the next frame to send, processMsg
	// consumes the next frame decoded. Every state a connection goes through, and where it
	// is set:
	//
	//	connection, phase            nextMsg               processMsg               set in
	//	ZMTP 3.x handshake           nextHandshakeCommand  processHandshakeCommand  startFraming
	//	ZMTP 3.x data                pullAndEncode         decodeAndPush            mechanismReady
	//	ZMTP 1.0/2.0 routing ids     routingIDMsg (a)      processRoutingIDMsg      startLegacy
	//	ZMTP 1.0/2.0 data            pullMsgFromSession    pushMsgToSession         (b)
	//	raw (STREAM)                 pullMsgFromSession    pushMsgToSession         plugRaw
	//
	// (a) pullMsgFromSession at once for an unversioned ZMTP 1.0 peer: our routing id went
	// out with the greeting. (b) routingIDMsg and processRoutingIDMsg hand over to the data
	// functions after the first frame each way. The handshake functions are in
	// stream_handshake.go and stream_legacy.go, the data functions in stream_data.go.
	nextMsg    func(*Stream, *msg.Msg) error
	processMsg func(*Stream, *msg.Msg) error

	// Input.
	dec          zmtp.Decoder
	rx           msg.Msg
	rxHeld       bool // rx waits for room in the session (backpressure)
	inputStopped bool
	rawBuf       []byte // raw sockets' read buffer

	// Output.
	enc         zmtp.Encoder
	batch       []byte // raw sockets' write buffer (ZMTP engines use enc's own batch)
	tx          msg.Msg
	txHeld      bool   // tx was produced but did not fit the batch yet
	txMore      bool   // the last data frame sent had More: the next one continues a message
	txOff       int    // raw sockets: bytes of tx already copied
	rawR, rawW  int    // raw sockets: unwritten bytes are batch[rawR:rawW]
	drained     bool   // nextMsg said ErrAgain: the session calls RestartOutput when it has more
	onFlushed   func() // Drain's callback, run once everything taken is written
	outArmed    bool   // POLLOUT is set
	writeFailed bool   // the peer cannot be written to: the read side will report why
	kickOut     bool   // output became possible while decoding: write once the batch is done

	metadata *msg.Metadata

	// Legacy peers on PUB/XPUB never subscribe: a subscribe-all is injected.
	subscriptionRequired bool

	// Timers and heartbeats.
	hasHandshakeTimer bool
	// The heartbeat timers, on the poller's timing wheel: thousands of connections re-arm
	// them every interval (stream_heartbeat.go).
	ivlTimer, timeoutTimer, ttlTimer poller.Timer
	// awaitingTraffic: a heartbeat timer expired and the engine is reading what the peer
	// may have sent meanwhile before declaring it dead (peerSpoke).
	awaitingTraffic bool
	hbTimeout       time.Duration
	pingDue         bool
	pongDue         bool
	pong            [5 + zmtp.MaxPingContext]byte
	pongLen         int

	msgBytes int64 // the inbound message in progress so far, for MaxMultipartSize (countFrame)
}

// NewStream makes an engine for a connected, non-blocking, tuned fd; the engine owns the fd
// from now on and closes it when it fails or is terminated.
func NewStream(fd int, cfg Config) *Stream {
	if cfg.Options == nil {
		o := options.Defaults(options.PAIR)
		cfg.Options = &o
	}
	if cfg.Monitor == nil {
		cfg.Monitor = event.Nop{}
	}
	e := &Stream{fd: fd, cfg: cfg, opts: cfg.Options, raw: cfg.Options.RawSocket}
	e.ivlTimer.Init(e.events(), heartbeatIvlTimerID)
	e.timeoutTimer.Init(e.events(), heartbeatTimeoutTimerID)
	e.ttlTimer.Init(e.events(), heartbeatTTLTimerID)
	return e
}

// HasHandshakeStage is false for raw (STREAM) engines, which are usable at once.
func (e *Stream) HasHandshakeStage() bool { return !e.raw }

// Plug registers the fd in t's poller and starts the greeting (or, for raw sockets, the
// data flow). s receives frames and reports; it lives on t too.
func (e *Stream) Plug(t *iothread.Thread, s Session) {
	if e.plugged || e.fd < 0 {
		return
	}
	e.poller, e.session, e.plugged = t.Poller(), s, true
	h, err := e.poller.AddFd(e.fd, e.events())
	if err != nil {
		e.fail(ReasonConnection, err)
		return
	}
	e.handle = h
	if e.raw {
		e.plugRaw()
		return
	}
	e.plugZMTP()
}

// Terminate stops the engine at once: it leaves the poller, cancels its timers and closes the
// fd. It raises no event and makes no session call.
func (e *Stream) Terminate() {
	if e.plugged {
		e.unplug()
		return
	}
	e.closeFd()
}

// events is the engine as the poller's handler; the conversion allocates nothing.
func (e *Stream) events() poller.Events { return (*streamEvents)(e) }

// streamEvents keeps the poller callbacks off Stream's exported API.
type streamEvents Stream

// InEvent: the fd is readable, or in error.
func (h *streamEvents) InEvent() { (*Stream)(h).inEvent() }

// OutEvent: the fd is writable.
func (h *streamEvents) OutEvent() { (*Stream)(h).outEvent() }

// TimerEvent: one of the engine's timers expired.
func (h *streamEvents) TimerEvent(id int) { (*Stream)(h).timerEvent(id) }
