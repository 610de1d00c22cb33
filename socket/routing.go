package socket

import (
	"encoding/binary"
	"math/rand/v2"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
	"github.com/zreactor/zmq/pipe"
)

// outPipe is a routing-id table entry (libzmq routing_socket_base_t::out_pipe_t).
type outPipe struct {
	p  *pipe.Pipe
	id string
}

// routingTable is what ROUTER and STREAM share (libzmq's routing_socket_base_t): the map from
// routing id to pipe, and the generator of automatic routing ids.
type routingTable struct {
	opts   *options.Options
	out    map[string]*outPipe
	nextID uint32 // next automatic id, from a random start as libzmq's generate_random
}

func newRoutingTable(opts *options.Options) routingTable {
	return routingTable{opts: opts, out: make(map[string]*outPipe), nextID: rand.Uint32()}
}

// autoID returns the next automatic routing id: 0x00 then a big-endian counter, so it can never
// collide with an id a peer announces (ZMTP forbids a leading zero octet there).
func (r *routingTable) autoID() []byte {
	id := make([]byte, 5)
	binary.BigEndian.PutUint32(id[1:], r.nextID)
	r.nextID++
	return id
}

// takeConnectRID returns the ZMQ_CONNECT_ROUTING_ID meant for a pipe this socket connected,
// clearing it as libzmq's extract_connect_routing_id does: it names one connection only.
func (r *routingTable) takeConnectRID(locallyInitiated bool) []byte {
	if !locallyInitiated || len(r.opts.ConnectRID) == 0 {
		return nil
	}
	id := r.opts.ConnectRID
	r.opts.ConnectRID = nil
	return id
}

// add names p id in the table and on the pipe.
func (r *routingTable) add(id []byte, p *pipe.Pipe) {
	p.SetRoutingID(id)
	op := &outPipe{p: p, id: string(id)}
	r.out[op.id] = op
	infoOf(p).out = op
}

// lookup returns the entry for id; it does not allocate.
func (r *routingTable) lookup(id []byte) *outPipe { return r.out[string(id)] }

// erase forgets p's entry, if it has one.
func (r *routingTable) erase(p *pipe.Pipe) {
	pi := infoOf(p)
	if pi.out != nil {
		delete(r.out, pi.out.id)
		pi.out = nil
	}
}

// rename gives p a fresh automatic id (ROUTER_HANDOVER frees the old one for a newcomer).
func (r *routingTable) rename(p *pipe.Pipe) {
	r.erase(p)
	r.add(r.autoID(), p)
}

// sendRaw writes a raw socket's payload m to p and flushes it, or, when m is empty, closes
// that connection (STREAM and ROUTER_RAW alike): the pipe terminates without waiting for
// what is queued, and the session ends its engine when its pipe goes (session_pipe.go).
func sendRaw(p *pipe.Pipe, m *msg.Msg) {
	if m.Size() == 0 {
		p.Terminate(false)
	} else if p.Write(m) {
		p.Flush()
	}
}
