package zmq

import "github.com/zreactor/zmq/ipc"

// The ipc:// transport is TCP's listener and connecter over unix-domain sockets (package
// ipc): Bind goes through bindStream with ipc.Unix, as tcp:// does with tcp.Inet.

// connectIPC checks an ipc:// name, as zmq_connect does (a name too long for sun_path fails
// here with ENAMETOOLONG), and connects to it.
func (s *Socket) connectIPC(endpoint, addr string) error {
	if _, err := ipc.Parse(addr); err != nil {
		return err
	}
	return s.connectStream(ipc.Unix, endpoint, addr)
}
