package zmq_test

import (
	"fmt"

	"github.com/zreactor/zmq"
)

// A context picks how its threads wait from the Ps there are. A program that has decided how
// many CPUs it uses can pin the choice: kernel waits when it keeps a P for every I/O thread
// plus two, scheduler waits when it runs many contexts or goroutines on few Ps.
func ExampleSchedulerWaits() {
	ctx, err := zmq.NewContext(zmq.IOThreads(1), zmq.SchedulerWaits(true))
	if err != nil {
		panic(err)
	}
	defer ctx.Close()
	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	if err := pull.Bind("inproc://waits"); err != nil {
		panic(err)
	}
	if err := push.Connect("inproc://waits"); err != nil {
		panic(err)
	}
	push.Send([]byte("parked, then woken"), 0)
	b, _ := pull.Recv(0) // parks its goroutine until the message is there
	fmt.Println(string(b))
	// Output: parked, then woken
}
