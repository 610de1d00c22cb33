// Command monitor watches a socket's connection events, as libzmq's zmq_socket_monitor lets a
// program do: Socket.Monitor returns a channel of events (connected, accepted, handshake
// succeeded or failed and why, disconnected, closed, ...), and Socket.Stats sums them up with
// the messages each way.
//
// Here a server watches its events while a client connects, sends a few messages and leaves,
// and a second client with the wrong security mechanism is refused.
//
//	go run ./examples/monitor
package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"time"

	"github.com/zreactor/zmq"
)

func main() {
	endpoint := flag.String("bind", "tcp://127.0.0.1:*", "where the server binds")
	flag.Parse()
	if err := run(*endpoint, os.Stdout); err != nil {
		log.Fatal(err)
	}
}

func run(endpoint string, out io.Writer) error {
	zctx, err := zmq.NewContext()
	if err != nil {
		return err
	}
	defer zctx.Close()

	server, err := zctx.NewSocket(zmq.PULL)
	if err != nil {
		return err
	}
	// Watch before binding, to see LISTENING too. The channel's buffer holds 1024 events; the
	// library drops events rather than wait for a slow reader (MonitorDropped counts them).
	events, err := server.Monitor(zmq.EventAll)
	if err != nil {
		server.Close()
		return err
	}
	// The watcher prints until the channel closes: after MONITOR_STOPPED, once the socket's
	// teardown is over.
	watched := make(chan struct{})
	go func() {
		defer close(watched)
		for e := range events {
			fmt.Fprintf(out, "server event: %v\n", redact(e))
		}
	}()
	if err := server.Bind(endpoint); err != nil {
		server.Close()
		return err
	}
	endpoint = server.LastEndpoint()

	// A well-behaved client: connects, sends three messages, closes.
	client, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		server.Close()
		return err
	}
	client.Connect(endpoint)
	for i := range 3 {
		client.Send(fmt.Appendf(nil, "message %d", i), 0)
	}
	for range 3 {
		if _, err := server.Recv(0); err != nil {
			server.Close()
			return err
		}
	}
	client.Close()
	waitFor(server, func(st zmq.SocketStats) bool { return st.Disconnects == 1 })

	// A client that speaks PLAIN to a NULL server: the handshake fails, and says why.
	intruder, err := zctx.NewSocket(zmq.PUSH)
	if err != nil {
		server.Close()
		return err
	}
	intruder.SetPlainUsername("mallory")
	intruder.SetReconnectIvl(-1) // one attempt is enough for the demonstration
	intruder.Connect(endpoint)
	waitFor(server, func(st zmq.SocketStats) bool { return len(st.HandshakeFailures) == 1 })
	intruder.Close()

	st := server.Stats()
	server.Close()
	<-watched
	fmt.Fprintf(out, "server stats: %d accepted, %d handshakes, %d failed, %d disconnected, %d messages (%d bytes) received\n",
		st.Accepts, st.Handshakes, len(st.HandshakeFailures), st.Disconnects, st.MsgsReceived, st.BytesReceived)
	for reason, n := range st.HandshakeFailures {
		fmt.Fprintf(out, "handshake failure %q: %d\n", reason, n)
	}
	return nil
}

// waitFor polls the socket's statistics until ok accepts them. Stats may be called from any
// goroutine, so a supervisor can watch sockets the same way.
func waitFor(s *zmq.Socket, ok func(zmq.SocketStats) bool) {
	for !ok(s.Stats()) {
		time.Sleep(time.Millisecond)
	}
}

// redact drops the values that change from run to run (fds, the port), so the output reads the
// same every time.
func redact(e zmq.Event) zmq.Event {
	switch e.Kind {
	case zmq.EventListening, zmq.EventAccepted, zmq.EventClosed, zmq.EventDisconnected:
		e.Value = 0
	}
	e.Endpoint = "tcp://127.0.0.1:PORT"
	if e.Kind == zmq.EventMonitorStopped {
		e.Endpoint = ""
	}
	return e
}
