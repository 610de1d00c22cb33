package zmq_test

import (
	"fmt"

	"github.com/zreactor/zmq"
)

// The context's threads carry a prefix in their names, as with libzmq's
// ZMQ_THREAD_NAME_PREFIX: "top -H" and "ps -L" show "app/ZMQbg/IO/0" and "app/ZMQbg/Reape"
// (Linux keeps 15 bytes). Outside Linux NewContext fails with ErrNotSupported.
func ExampleThreadNamePrefix() {
	ctx, err := zmq.NewContext(zmq.ThreadNamePrefix("app"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer ctx.Close()
	fmt.Println(ctx.ThreadNamePrefix())
	// Output: app
}
