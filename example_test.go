package zmq_test

import (
	"fmt"
	"log"

	"github.com/zreactor/zmq"
)

// A REP server answers a REQ client. Each REQ Send must be followed by its Recv.
func Example_requestReply() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()

	server, _ := ctx.NewSocket(zmq.REP)
	defer server.Close()
	if err := server.Bind("inproc://hello"); err != nil {
		log.Fatal(err)
	}
	client, _ := ctx.NewSocket(zmq.REQ)
	defer client.Close()
	if err := client.Connect("inproc://hello"); err != nil {
		log.Fatal(err)
	}

	for _, name := range []string{"Alice", "Bob"} {
		client.Send([]byte(name), 0)
		req, _ := server.Recv(0)
		server.Send([]byte("Hello, "+string(req)), 0)
		reply, _ := client.Recv(0)
		fmt.Println(string(reply))
	}
	// Output:
	// Hello, Alice
	// Hello, Bob
}

// A SUB receives only the messages whose first frame starts with a topic it subscribed to.
func Example_pubSub() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()

	pub, _ := ctx.NewSocket(zmq.PUB)
	defer pub.Close()
	pub.Bind("inproc://weather")
	sub, _ := ctx.NewSocket(zmq.SUB)
	defer sub.Close()
	sub.Connect("inproc://weather")
	sub.SetSubscribe([]byte("paris"))
	sub.SetSubscribe([]byte("end"))

	for _, m := range []string{"paris 21C", "london 15C", "paris 23C", "end"} {
		pub.Send([]byte(m), 0)
	}
	for {
		m, _ := sub.Recv(0)
		if string(m) == "end" {
			break
		}
		fmt.Println(string(m))
	}
	// Output:
	// paris 21C
	// paris 23C
}

// A pipeline: a ventilator PUSHes tasks round-robin to workers, which PUSH results to a sink.
// Multipart messages travel whole.
func Example_pipeline() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()

	ventilator, _ := ctx.NewSocket(zmq.PUSH)
	defer ventilator.Close()
	ventilator.Bind("inproc://tasks")
	sink, _ := ctx.NewSocket(zmq.PULL)
	defer sink.Close()
	sink.Bind("inproc://results")

	var workers [2]struct{ in, out *zmq.Socket }
	for i := range workers {
		workers[i].in, _ = ctx.NewSocket(zmq.PULL)
		defer workers[i].in.Close()
		workers[i].in.Connect("inproc://tasks")
		workers[i].out, _ = ctx.NewSocket(zmq.PUSH)
		defer workers[i].out.Close()
		workers[i].out.Connect("inproc://results")
	}

	for task := 1; task <= 4; task++ {
		ventilator.SendMulti([][]byte{[]byte("square"), {byte(task)}}, 0)
	}
	for i, w := range workers { // each worker got two tasks
		for range 2 {
			task, _ := w.in.RecvMulti(0)
			n := int(task[1][0])
			w.out.Send([]byte(fmt.Sprintf("worker %d: %d squared is %d", i, n, n*n)), 0)
		}
	}
	for range 4 {
		result, _ := sink.Recv(0)
		fmt.Println(string(result))
	}
	// Unordered output:
	// worker 0: 1 squared is 1
	// worker 0: 3 squared is 9
	// worker 1: 2 squared is 4
	// worker 1: 4 squared is 16
}
