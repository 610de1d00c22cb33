package object

import "fmt"

// Kind names a command, as libzmq's command_t::type_t does.
type Kind uint8

// The command kinds. Each has a Send* helper on Object and is handled by the destination's
// ProcessCommand.
const (
	Stop            Kind = iota // ask an I/O thread or the reaper to stop its loop
	Plug                        // first command an object receives on its home thread
	Own                         // make Obj a child of the destination
	Attach                      // hand an engine (Obj) to a session
	Bind                        // hand a pipe (Obj) to a socket or session
	ActivateRead                // the pipe's reader should read again
	ActivateWrite               // the writer may write again; N = messages, M = body bytes read so far
	Hiccup                      // the peer's pipe was replaced (Obj = new inbound queue)
	PipeTerm                    // the peer pipe asks to terminate
	PipeTermAck                 // the peer pipe acknowledges termination
	PipeHWM                     // new HWM values: N = inbound, M = outbound
	TermReq                     // a child (Obj) asks its owner to terminate it
	Term                        // an owner asks a child to terminate; N = linger in ns
	TermAck                     // a child or owned helper finished terminating
	TermEndpoint                // ask a socket to terminate the endpoint named Str
	Reap                        // hand a closed socket (Obj) to the reaper
	Reaped                      // the reaper finished with a socket
	InprocConnected             // a connected inproc pipe is ready (Obj = pipe)
	ConnFailed                  // an asynchronous connect failed
	Done                        // the reaper finished: the context may end
	Private                     // meaning private to the destination's type (e.g. a DNS answer)
)

var kindNames = [...]string{
	"stop", "plug", "own", "attach", "bind", "activate_read", "activate_write", "hiccup",
	"pipe_term", "pipe_term_ack", "pipe_hwm", "term_req", "term", "term_ack", "term_endpoint",
	"reap", "reaped", "inproc_connected", "conn_failed", "done", "private",
}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("command(%d)", uint8(k))
}

// Command is one message between threads. Arguments live in fixed fields so that a command is
// a value with no allocation of its own; pointer-shaped values boxed in Obj do not allocate.
type Command struct {
	Dest Sink   // object that processes the command on its home thread
	Obj  any    // object argument: child, engine, pipe, socket, ...
	Str  string // string argument: endpoint
	N    int64  // first integer argument: linger (ns), messages read, inbound HWM, ...
	M    int64  // second integer argument: outbound HWM
	Kind Kind
}

// Sink is anything that can receive commands.
type Sink interface {
	// ProcessCommand handles c on the sink's home thread.
	ProcessCommand(c *Command)
	// ThreadID is the slot of the sink's home thread.
	ThreadID() int
}

// Counted is a destination that counts the commands it must process before it may finish
// terminating (libzmq's own_t sequence numbers): plug, own, bind and inproc_connected. The
// sender counts such a command before sending it (SendPlug, SendOwn and SendBind do), and the
// destination records it as processed (own.Own.ProcessSeqnum), so the destination cannot be
// destroyed while one is in flight to it. own.Own implements it.
type Counted interface {
	Sink
	// IncSeqnum counts one command about to be sent to the destination; any thread may call it.
	IncSeqnum()
}

// Router is the context's side of command delivery, given to objects as a narrow interface so
// that lower packages never import the root package.
type Router interface {
	// SendCommand queues c in the mailbox of slot tid.
	SendCommand(tid int, c Command)
	// ChooseIOThread returns the slot of the least loaded I/O thread allowed by the affinity
	// mask (0 means any), or -1 if the context has no I/O thread.
	ChooseIOThread(affinity uint64) int
}
