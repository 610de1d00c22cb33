package zmq_test

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// ROUTER_RAW: a ROUTER whose connections carry raw bytes, as STREAM's do. Like libzmq 4.3
// (checked against Debian's 4.3.4), it keeps STREAM_NOTIFY's default: an empty data frame
// when a connection opens and when its peer ends it, none for a close it asked for.

// rawRouter returns a ROUTER_RAW bound to a free loopback port.
func rawRouter(t *testing.T, c *zmq.Context) *zmq.Socket {
	t.Helper()
	r := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, r.SetRouterRaw(true), "SetRouterRaw")
	testutil.Must(t, r.Bind("tcp://127.0.0.1:*"), "Bind")
	return r
}

// dialRaw opens a plain TCP connection, closed at the end of the test.
func dialRaw(t *testing.T, endpoint string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", endpoint[len("tcp://"):], testutil.WaitTimeout)
	testutil.Must(t, err, "dial")
	t.Cleanup(func() { conn.Close() })
	return conn
}

func TestRouterRawServerRawClient(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	r := rawRouter(t, c)
	conn := dialRaw(t, r.LastEndpoint())

	id, data := recvStream(t, r)
	if len(id) != 5 || id[0] != 0 || len(data) != 0 {
		t.Fatalf("connect notification [%x, %q], want [5-byte id, empty]", id, data)
	}
	// No ZMTP: nothing is written to a new raw peer.
	conn.SetReadDeadline(time.Now().Add(testutil.QuietTime))
	if n, _ := conn.Read(make([]byte, 1)); n != 0 {
		t.Fatal("ROUTER_RAW wrote to a new connection unasked")
	}

	// The client's bytes arrive as [id, bytes], however many reads they take.
	conn.Write([]byte("hello router"))
	var got []byte
	for len(got) < len("hello router") {
		gid, d := recvStream(t, r)
		if !bytes.Equal(gid, id) {
			t.Fatalf("data from id %x, want %x", gid, id)
		}
		got = append(got, d...)
	}
	if string(got) != "hello router" {
		t.Fatalf("router got %q", got)
	}
	// MORE on the data frame is ignored: the bytes go out as they are.
	testutil.Must(t, r.Send(id, zmq.SndMore), "send id")
	testutil.Must(t, r.Send([]byte("hello client"), zmq.SndMore), "send data")
	if b := readExactly(t, conn, len("hello client")); string(b) != "hello client" {
		t.Fatalf("raw client got %q", b)
	}

	// An empty data frame closes the connection, with no notification for it.
	testutil.Must(t, r.SendMulti([][]byte{id, {}}, 0), "close")
	closedPumping(t, conn, r)
	if err := r.SendMulti([][]byte{id, []byte("x")}, 0); err != nil {
		t.Fatalf("send to a closed id: %v (dropped, as without ROUTER_MANDATORY)", err)
	}

	// A client that hangs up is announced by an empty data frame.
	conn2 := dialRaw(t, r.LastEndpoint())
	id2, _ := recvStream(t, r)
	if bytes.Equal(id2, id) {
		t.Error("a new connection reused the old routing id")
	}
	conn2.Close()
	if gid, d := recvStream(t, r); !bytes.Equal(gid, id2) || len(d) != 0 {
		t.Fatalf("disconnect notification [%x, %q], want [%x, empty]", gid, d, id2)
	}
	testutil.ExpectNoRecv(t, r)
}

// A ROUTER_RAW connects to a plain TCP server as well.
func TestRouterRawConnects(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	testutil.Must(t, err, "listen")
	defer l.Close()
	c := testutil.NewCtx(t)
	r := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, r.SetRouterRaw(true), "SetRouterRaw")
	testutil.Must(t, r.Connect("tcp://"+l.Addr().String()), "Connect")
	l.(*net.TCPListener).SetDeadline(time.Now().Add(testutil.WaitTimeout))
	conn, err := l.Accept()
	testutil.Must(t, err, "accept")
	defer conn.Close()
	id, data := recvStream(t, r)
	if len(data) != 0 {
		t.Fatalf("connect notification data %q", data)
	}
	testutil.Must(t, r.SendMulti([][]byte{id, []byte("ping")}, 0), "send")
	if b := readExactly(t, conn, 4); string(b) != "ping" {
		t.Fatalf("raw server got %q", b)
	}
	conn.Write([]byte("pong"))
	if gid, d := recvStream(t, r); !bytes.Equal(gid, id) || string(d) != "pong" {
		t.Fatalf("ROUTER_RAW got [%x, %q]", gid, d)
	}
}

func TestRouterRawOption(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	for _, typ := range []zmq.SocketType{zmq.DEALER, zmq.STREAM, zmq.REP, zmq.PUB} {
		s := testutil.NewSocket(t, c, typ)
		testutil.RequireIs(t, s.SetRouterRaw(true), zmq.ErrInvalid)
		if s.RouterRaw() {
			t.Errorf("%v: RouterRaw true", typ)
		}
	}
	r := testutil.NewSocket(t, c, zmq.ROUTER)
	if r.RouterRaw() {
		t.Fatal("ROUTER_RAW on by default")
	}
	testutil.Must(t, r.SetRouterRaw(true), "SetRouterRaw(true)")
	if !r.RouterRaw() {
		t.Fatal("RouterRaw false after SetRouterRaw(true)")
	}
	testutil.Must(t, r.SetRouterRaw(false), "SetRouterRaw(false)")
	if r.RouterRaw() {
		t.Fatal("RouterRaw true after SetRouterRaw(false)")
	}
}

// Set back to false before Bind, the ROUTER speaks ZMTP again.
func TestRouterRawOffIsRouter(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	r := testutil.NewSocket(t, c, zmq.ROUTER)
	testutil.Must(t, r.SetRouterRaw(true), "SetRouterRaw(true)")
	testutil.Must(t, r.SetRouterRaw(false), "SetRouterRaw(false)")
	testutil.Must(t, r.Bind("tcp://127.0.0.1:*"), "Bind")
	d := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, d.SetRoutingID([]byte("D")), "SetRoutingID")
	testutil.Must(t, d.Connect(r.LastEndpoint()), "Connect")
	testutil.Send(t, d, "hi")
	testutil.ExpectRecv(t, r, "D", "hi")
}
