package zmq_test

import (
	"fmt"
	"log"
	"strings"

	"github.com/zreactor/zmq"
)

// Processes on one host talk over ipc://, unix-domain sockets, exactly as over tcp://.
// "ipc://*" binds a socket file in a new private directory under $TMPDIR, which LastEndpoint
// names for the peers; a fixed path ("ipc:///run/myapp/jobs.sock") or a Linux abstract name
// ("ipc://@myapp-jobs", no file at all) work the same way. Unbind and Close remove the file and
// the directory.
func Example_ipc() {
	ctx, err := zmq.NewContext()
	if err != nil {
		log.Fatal(err)
	}
	defer ctx.Close()

	pull, _ := ctx.NewSocket(zmq.PULL)
	defer pull.Close()
	if err := pull.Bind("ipc://*"); err != nil {
		log.Fatal(err)
	}
	endpoint := pull.LastEndpoint() // e.g. "ipc:///tmp/tmp1234567/socket"
	fmt.Println(strings.HasPrefix(endpoint, "ipc://"), strings.HasSuffix(endpoint, "/socket"))

	push, _ := ctx.NewSocket(zmq.PUSH)
	defer push.Close()
	if err := push.Connect(endpoint); err != nil {
		log.Fatal(err)
	}
	push.Send([]byte("job 1"), 0)
	msg, _ := pull.RecvMsg(0)
	fmt.Println(string(msg.Bytes()))
	// The peer is known by its credentials: "localhost:<uid>:<gid>:<pid>", as in libzmq.
	fmt.Println(strings.HasPrefix(msg.Property("Peer-Address"), "localhost:"))
	msg.Free()
	// Output:
	// true true
	// job 1
	// true
}
