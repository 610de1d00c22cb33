package zmq_test

import (
	"bytes"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/internal/zmtptest"
)

// STREAM sockets: raw TCP, no ZMTP (libzmq test_stream, test_stream_disconnect).
// Each message is [routing id, data]; an empty data frame is a connect or disconnect
// notification inbound and a close request outbound.

// recvStream receives one [id, data] message from a STREAM socket.
func recvStream(t testing.TB, s *zmq.Socket) (id, data []byte) {
	t.Helper()
	frames, err := testutil.RecvWithTimeout(s, testutil.WaitTimeout)
	testutil.Must(t, err, "STREAM receive")
	if len(frames) != 2 {
		t.Fatalf("STREAM message %q: want [id, data]", frames)
	}
	return frames[0], frames[1]
}

// readExactly reads n bytes from a raw connection.
func readExactly(t testing.TB, c net.Conn, n int) []byte {
	t.Helper()
	b := make([]byte, n)
	c.SetReadDeadline(time.Now().Add(testutil.WaitTimeout))
	if _, err := io.ReadFull(c, b); err != nil {
		t.Fatalf("raw read: %v", err)
	}
	return b
}

func TestStreamServerRawClient(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.STREAM, "tcp://127.0.0.1:*")
	p := zmtptest.Dial(t, srv.LastEndpoint())

	// Connect notification: the routing id (5 bytes, libzmq's generated form) and no data.
	id, data := recvStream(t, srv)
	if len(id) != 5 || id[0] != 0 || len(data) != 0 {
		t.Fatalf("connect notification [%x, %q], want [5-byte id, empty]", id, data)
	}
	// No ZMTP: nothing is written to a new raw peer.
	p.Conn.SetReadDeadline(time.Now().Add(testutil.QuietTime))
	if n, _ := p.Conn.Read(make([]byte, 1)); n != 0 {
		t.Fatal("STREAM wrote to a new connection unasked")
	}

	// Data both ways, bytes as they are.
	p.Write([]byte("GET / HTTP/1.0\r\n\r\n"))
	var got []byte
	for len(got) < 18 {
		gid, d := recvStream(t, srv)
		if !bytes.Equal(gid, id) {
			t.Fatalf("data from id %x, want %x", gid, id)
		}
		got = append(got, d...)
	}
	if string(got) != "GET / HTTP/1.0\r\n\r\n" {
		t.Fatalf("server got %q", got)
	}
	reply := bytes.Repeat([]byte("0123456789"), 10000) // 100 KB: several writes
	testutil.Must(t, srv.SendMulti([][]byte{id, reply}, 0), "STREAM send")
	if b := readExactly(t, p.Conn, len(reply)); !bytes.Equal(b, reply) {
		t.Fatal("raw client got a different reply")
	}

	// The client hangs up: disconnect notification.
	p.Close()
	gid, d := recvStream(t, srv)
	if !bytes.Equal(gid, id) || len(d) != 0 {
		t.Fatalf("disconnect notification [%x, %q], want [%x, empty]", gid, d, id)
	}
}

func TestStreamServerClosesConnection(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.STREAM, "tcp://127.0.0.1:*")
	p := zmtptest.Dial(t, srv.LastEndpoint())
	id, _ := recvStream(t, srv)
	// An empty frame to the id closes that connection. Like libzmq (stream_t::xsend
	// terminates the pipe; the session then ends the engine), the close completes as the
	// socket processes commands, so the socket is polled while we wait; and since the pipe
	// is gone first, the server gets no disconnect notification for a close it asked for.
	testutil.Must(t, srv.SendMulti([][]byte{id, {}}, 0), "STREAM close")
	closedPumping(t, p.Conn, srv)
	// Another client is still served.
	q := zmtptest.Dial(t, srv.LastEndpoint())
	id2, _ := recvStream(t, srv)
	if bytes.Equal(id2, id) {
		t.Error("a new connection reused the old routing id")
	}
	q.Write([]byte("ping"))
	if _, d := recvStream(t, srv); string(d) != "ping" {
		t.Fatalf("second client: got %q", d)
	}
}

// closedPumping waits for the other side to close conn while polling s, which must receive
// nothing meanwhile.
func closedPumping(t testing.TB, conn net.Conn, s *zmq.Socket) {
	t.Helper()
	deadline := time.Now().Add(testutil.WaitTimeout)
	buf := make([]byte, 4096)
	for time.Now().Before(deadline) {
		if frames, err := s.RecvMulti(zmq.DontWait); err == nil {
			t.Fatalf("%v received %q while closing a connection", s.Type(), frames)
		}
		conn.SetReadDeadline(time.Now().Add(10 * time.Millisecond))
		_, err := conn.Read(buf)
		if err == nil {
			continue
		}
		if ne, ok := err.(net.Error); ok && ne.Timeout() {
			continue
		}
		if errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET) {
			return
		}
		t.Fatalf("raw peer: %v", err)
	}
	t.Fatal("connection not closed")
}

func TestStreamNotifyOff(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.NewSocket(t, c, zmq.STREAM)
	testutil.Must(t, srv.SetStreamNotify(false), "SetStreamNotify")
	testutil.Must(t, srv.Bind("tcp://127.0.0.1:*"), "Bind")
	p := zmtptest.Dial(t, srv.LastEndpoint())
	p.Write([]byte("x"))
	// The first message is the data: no connect notification.
	if _, d := recvStream(t, srv); string(d) != "x" {
		t.Fatalf("first message data %q, want \"x\"", d)
	}
	p.Close()
	testutil.ExpectNoRecv(t, srv)
}

func TestStreamClientRawServer(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	testutil.Must(t, err, "listen")
	defer l.Close()
	c := testutil.NewCtx(t)
	cli := testutil.Connected(t, c, zmq.STREAM, "tcp://"+l.Addr().String())
	l.(*net.TCPListener).SetDeadline(time.Now().Add(testutil.WaitTimeout))
	conn, err := l.Accept()
	testutil.Must(t, err, "accept")
	defer conn.Close()
	id, data := recvStream(t, cli)
	if len(data) != 0 {
		t.Fatalf("connect notification data %q", data)
	}
	testutil.Must(t, cli.SendMulti([][]byte{id, []byte("hello")}, 0), "STREAM send")
	if b := readExactly(t, conn, 5); string(b) != "hello" {
		t.Fatalf("raw server got %q", b)
	}
	conn.Write([]byte("world"))
	if gid, d := recvStream(t, cli); !bytes.Equal(gid, id) || string(d) != "world" {
		t.Fatalf("STREAM client got [%x, %q]", gid, d)
	}
}

func TestStreamUnknownIDAndBadMessages(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	srv := testutil.Bound(t, c, zmq.STREAM, "tcp://127.0.0.1:*")
	// libzmq: a routing id nobody has is EHOSTUNREACH; a message must be [id, data].
	testutil.RequireIs(t, srv.SendMulti([][]byte{[]byte("\x00nope"), []byte("x")}, 0), zmq.ErrHostUnreachable)
}
