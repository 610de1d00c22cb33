package zmqexpvar_test

import (
	"encoding/json"
	"errors"
	"expvar"
	"fmt"
	"syscall"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/leakcheck"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/zmqexpvar"
)

func TestMain(m *testing.M) { leakcheck.Main(m) }

// Publish serves the context's sockets as one expvar variable, read when it is read; a name
// published twice, or a nil context, is an error matching ErrInvalid and EINVAL.
func TestPublish(t *testing.T) {
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "inproc://zmqexpvar")
	push := testutil.Connected(t, c, zmq.PUSH, "inproc://zmqexpvar")
	testutil.Must(t, zmqexpvar.Publish("zmq_stats_test", c), "Publish")
	testutil.Send(t, push, "hello")
	testutil.ExpectRecv(t, pull, "hello")
	for _, err := range []error{zmqexpvar.Publish("zmq_stats_test", c), zmqexpvar.Publish("zmq_nil", nil)} {
		if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
			t.Fatalf("err %v, want ErrInvalid", err)
		}
	}
	var got map[string]zmq.SocketStats
	testutil.Must(t, json.Unmarshal([]byte(expvar.Get("zmq_stats_test").String()), &got), "expvar JSON")
	pullName := fmt.Sprintf("PULL#%d", c.Stats()[0].ID)
	if got[pullName].MsgsReceived != 1 || got[pullName].BytesReceived != 5 || len(got) != 2 {
		t.Fatalf("expvar = %+v, want %s with one message", got, pullName)
	}
}

func ExamplePublish() {
	ctx, err := zmq.NewContext()
	if err != nil {
		panic(err)
	}
	defer ctx.Close()
	// Every open socket of ctx, at /debug/vars under "zmq" once an HTTP server serves
	// expvar's handler (http.DefaultServeMux has it).
	if err := zmqexpvar.Publish("zmq_example", ctx); err != nil {
		panic(err)
	}
	fmt.Println(expvar.Get("zmq_example").String())
	// Output: {}
}
