package zmq_test

import (
	"encoding/binary"
	"fmt"
	"log"

	"github.com/zreactor/zmq"
	"golang.org/x/sys/unix"
)

// A broker: clients (REQ) connect to a ROUTER, workers (REP) to a DEALER, and Proxy moves
// requests and replies between them until the context closes.
func ExampleProxy() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	frontend, _ := ctx.NewSocket(zmq.ROUTER)
	frontend.Bind("inproc://clients")
	backend, _ := ctx.NewSocket(zmq.DEALER)
	backend.Bind("inproc://workers")
	proxied := make(chan error, 1)
	go func() { proxied <- zmq.Proxy(frontend, backend, nil) }()

	worker, _ := ctx.NewSocket(zmq.REP)
	worker.Connect("inproc://workers")
	go func() {
		defer worker.Close()
		for {
			req, err := worker.Recv(0)
			if err != nil {
				return // ErrTerminated once the context closes
			}
			worker.Send(append([]byte("done: "), req...), 0)
		}
	}()

	client, _ := ctx.NewSocket(zmq.REQ)
	client.Connect("inproc://clients")
	client.Send([]byte("job 1"), 0)
	reply, _ := client.Recv(0)
	fmt.Println(string(reply))
	client.Close()

	closed := make(chan error, 1)
	go func() { closed <- ctx.Close() }()
	fmt.Println(<-proxied == zmq.ErrTerminated)
	frontend.Close()
	backend.Close()
	<-closed
	// Output:
	// done: job 1
	// true
}

// ProxySteerable is told to pause, resume, report its counters and stop through a control
// socket.
func ExampleProxySteerable() {
	ctx, _ := zmq.NewContext()
	defer ctx.Close()
	in, _ := ctx.NewSocket(zmq.PULL)
	defer in.Close()
	in.Bind("inproc://in")
	out, _ := ctx.NewSocket(zmq.PUSH)
	defer out.Close()
	out.Bind("inproc://out")
	control, _ := ctx.NewSocket(zmq.PAIR)
	defer control.Close()
	control.Bind("inproc://control")
	proxied := make(chan error, 1)
	go func() { proxied <- zmq.ProxySteerable(in, out, nil, control) }()

	producer, _ := ctx.NewSocket(zmq.PUSH)
	defer producer.Close()
	producer.Connect("inproc://in")
	consumer, _ := ctx.NewSocket(zmq.PULL)
	defer consumer.Close()
	consumer.Connect("inproc://out")
	steer, _ := ctx.NewSocket(zmq.PAIR)
	defer steer.Close()
	steer.Connect("inproc://control")

	producer.Send([]byte("hello"), 0)
	msg, _ := consumer.Recv(0)
	fmt.Println(string(msg))

	steer.Send([]byte("STATISTICS"), 0)
	stats, _ := steer.RecvMulti(0)
	fmt.Println("frontend received", binary.NativeEndian.Uint64(stats[0]), "messages,",
		binary.NativeEndian.Uint64(stats[1]), "bytes")
	steer.Send([]byte("TERMINATE"), 0)
	fmt.Println(<-proxied)
	// Output:
	// hello
	// frontend received 1 messages, 5 bytes
	// <nil>
}

// FD lets an external event loop wait for a socket with others: wait until the descriptor is
// readable, then ask Events what the socket can do.
func ExampleSocket_FD() {
	ctx, _ := zmq.NewContext()
	defer ctx.Close()
	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	pull.Bind("inproc://fd")
	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	push.Connect("inproc://fd")
	fd, _ := pull.FD()

	go push.Send([]byte("wake up"), 0)
	for {
		// Events first: it re-arms the descriptor, and the socket may be ready already.
		if ev, _ := pull.Events(); ev&zmq.PollIn != 0 {
			msg, _ := pull.Recv(zmq.DontWait)
			fmt.Println(string(msg))
			return
		}
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		unix.Poll(fds, -1) // an epoll or kqueue loop would register fd instead
	}
	// Output:
	// wake up
}
