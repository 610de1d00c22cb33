package zmq

import (
	"strings"

	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/ipc"
	"github.com/zreactor/zmq/pipe"
	"github.com/zreactor/zmq/tcp"
)

// splitEndpoint splits "transport://address" and checks the transport is one this library has.
func splitEndpoint(endpoint string) (transport, addr string, err error) {
	transport, addr, ok := strings.Cut(endpoint, "://")
	if !ok || transport == "" || addr == "" {
		return "", "", zerr.With(zerr.ErrInvalid, "malformed endpoint %q: want transport://address", endpoint)
	}
	switch transport {
	case "inproc", "tcp", "ipc":
		return transport, addr, nil
	case "pgm", "epgm", "norm", "udp", "ws", "wss", "tipc", "vmci":
		return "", "", zerr.With(zerr.ErrProtoNoSupport, "transport %q of endpoint %q is not supported", transport, endpoint)
	default:
		return "", "", zerr.With(zerr.ErrProtoNoSupport, "unknown transport %q in endpoint %q", transport, endpoint)
	}
}

// beginEndpointCall is the common front of Bind, Connect, Unbind and Disconnect: the socket
// must be usable, pending commands are handled, and the endpoint must parse.
// The caller has taken the socket.
func (s *Socket) beginEndpointCall(endpoint string) (transport, addr string, err error) {
	if err := s.processCommands(0); err != nil {
		return "", "", err
	}
	return splitEndpoint(endpoint)
}

// Bind accepts connections on endpoint: "tcp://127.0.0.1:*", "tcp://[::1]:5555",
// "tcp://*:5555", "ipc:///path/to/socket", "ipc://@abstract-name", "ipc://*" (a socket in a new
// private directory under $TMPDIR; LastEndpoint names it), "inproc://name".
func (s *Socket) Bind(endpoint string) error {
	if err := s.enter(callEndpoint); err != nil {
		return err
	}
	defer s.exit()
	transport, addr, err := s.beginEndpointCall(endpoint)
	if err != nil {
		return err
	}
	switch transport {
	case "inproc":
		err = s.bindInproc(endpoint)
	case "ipc":
		err = s.bindStream(ipc.Unix, endpoint, addr)
	default:
		err = s.bindStream(tcp.Inet, endpoint, addr)
	}
	if err == nil {
		s.processCommands(0) // an inproc bind may have connected pending peers
	}
	return zerr.Wrap(err) // errors from below match the sentinels too: ErrInvalid, ErrAddrInUse...
}

// Connect connects to endpoint asynchronously: it returns before a TCP or ipc connection
// exists, and the socket keeps reconnecting as libzmq does.
func (s *Socket) Connect(endpoint string) error {
	if err := s.enter(callEndpoint); err != nil {
		return err
	}
	defer s.exit()
	transport, addr, err := s.beginEndpointCall(endpoint)
	if err != nil {
		return err
	}
	switch transport {
	case "inproc":
		return s.connectInproc(endpoint)
	case "ipc":
		return zerr.Wrap(s.connectIPC(endpoint, addr))
	}
	return zerr.Wrap(s.connectTCP(endpoint, addr))
}

// Unbind stops accepting on an endpoint given to Bind (for a wildcard bind, use the endpoint
// LastEndpoint reported), and drops the connections accepted on it.
func (s *Socket) Unbind(endpoint string) error { return s.termEndpointAPI(endpoint, true) }

// Disconnect drops a connection made with Connect.
func (s *Socket) Disconnect(endpoint string) error { return s.termEndpointAPI(endpoint, false) }

func (s *Socket) termEndpointAPI(endpoint string, unbind bool) error {
	if err := s.enter(callEndpoint); err != nil {
		return err
	}
	defer s.exit()
	transport, _, err := s.beginEndpointCall(endpoint)
	if err != nil {
		return err
	}
	if transport == "inproc" {
		if unbind {
			return s.unbindInproc(endpoint)
		}
		return s.disconnectInproc(endpoint)
	}
	if !s.termEndpoint(endpoint) {
		return zerr.With(zerr.ErrNoEntry, "endpoint %q is not bound or connected", endpoint)
	}
	return nil
}

// termEndpoint ends everything made for endpoint; it reports whether there was anything.
func (s *Socket) termEndpoint(endpoint string) bool {
	refs, ok := s.endpoints[endpoint]
	if !ok {
		return false
	}
	delete(s.endpoints, endpoint)
	// A bind is recorded under the given and the resolved endpoint: drop the alias too.
	for other, list := range s.endpoints {
		for _, r := range refs {
			if r.child != nil && len(list) > 0 && list[0].child == r.child {
				delete(s.endpoints, other)
			}
		}
	}
	for _, r := range refs {
		if r.pipe != nil {
			r.pipe.Terminate(false)
		}
		if r.child != nil {
			s.own.TermChild(r.child)
		}
	}
	return true
}

// addEndpoint records what Bind or Connect made, for Unbind, Disconnect and LastEndpoint.
func (s *Socket) addEndpoint(endpoint string, ref endpointRef) {
	s.endpoints[endpoint] = append(s.endpoints[endpoint], ref)
	s.lastEndpoint = endpoint
}

// forgetPipeEndpoint drops a terminated pipe from the endpoint table; an entry left with
// neither pipe nor child goes too.
func (s *Socket) forgetPipeEndpoint(p *pipe.Pipe) {
	for ep, refs := range s.endpoints {
		for i := range refs {
			if refs[i].pipe != p {
				continue
			}
			refs[i].pipe = nil
			if refs[i].child == nil {
				refs = append(refs[:i], refs[i+1:]...)
			}
			if len(refs) == 0 {
				delete(s.endpoints, ep)
			} else {
				s.endpoints[ep] = refs
			}
			return
		}
	}
}

// LastEndpoint is the resolved endpoint of the last Bind (or the last Connect), e.g.
// "tcp://127.0.0.1:40123" after binding "tcp://127.0.0.1:*".
func (s *Socket) LastEndpoint() string { return s.lastEndpoint }
