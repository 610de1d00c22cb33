package zmq_test

import (
	"bytes"
	"fmt"
	"log"

	"github.com/zreactor/zmq"
)

// A receiver of big frames frees each one when done with it, as a C program closes its
// zmq_msg_t: the buffers are recycled instead of allocated (and faulted in) anew.
func ExampleMsg_Free() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()
	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	if err := pull.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	push.Connect(pull.LastEndpoint())

	frame := bytes.Repeat([]byte("z"), 1<<20)
	total := 0
	for range 3 {
		push.Send(frame, 0)
		m, err := pull.RecvMsg(0)
		if err != nil {
			log.Fatal(err)
		}
		total += len(m.Bytes())
		m.Free() // m and m.Bytes() must not be used from here on
	}
	fmt.Println(total, "bytes received")
	// Output: 3145728 bytes received
}

// A sender builds each frame in a body from the library's pool, as a C program fills the
// zmq_msg_t of zmq_msg_init_size, and hands it over with SendMsg: no copy, and once written
// the body goes back to the pool for the next frame.
func ExampleMsg_InitSize() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()
	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	if err := pull.Bind("tcp://127.0.0.1:*"); err != nil {
		log.Fatal(err)
	}
	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	push.Connect(pull.LastEndpoint())

	var out, in zmq.Msg
	for i := range 3 {
		body := out.InitSize(64 << 10)
		for j := range body { // fill all of it: a pooled body holds what it last carried
			body[j] = byte('a' + i)
		}
		if err := push.SendMsg(&out, 0); err != nil {
			log.Fatal(err)
		}
		if err := pull.RecvMsgInto(&in, 0); err != nil {
			log.Fatal(err)
		}
		fmt.Println(len(in.Bytes()), string(in.Bytes()[:3]))
	}
	in.Free()
	// Output:
	// 65536 aaa
	// 65536 bbb
	// 65536 ccc
}
