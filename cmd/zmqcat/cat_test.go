package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// The example of the usage text: a PULL prints three messages and exits; a PUSH sends stdin.
func TestPushPull(t *testing.T) {
	ep := freeEndpoint(t)
	pull := start(t, "", "pull", "--bind", ep, "--count", "3")
	zmqcat(t, "one\ntwo\nthree\n", "push", "--connect", ep).expectOK(t, "")
	pull.wait().expectOK(t, "one\ntwo\nthree\n")
}

// With --delim a line is a message, its frames split at the delimiter, both ways; without it,
// a multipart message prints a frame per line and an empty line after it.
func TestMultipart(t *testing.T) {
	c := testutil.NewCtx(t)
	pull := testutil.Bound(t, c, zmq.PULL, "tcp://127.0.0.1:*")
	zmqcat(t, "", "push", "--connect", pull.LastEndpoint(), "--delim", "|", "--send", "a|b|c", "--send", "d").expectOK(t, "")
	testutil.ExpectRecv(t, pull, "a", "b", "c")
	testutil.ExpectRecv(t, pull, "d")

	push := testutil.NewSocket(t, c, zmq.PUSH)
	ep := freeEndpoint(t)
	testutil.Must(t, push.Connect(ep), "Connect")
	testutil.Send(t, push, "a", "b")
	testutil.Send(t, push, "c")
	testutil.Send(t, push, "d", "", "e")
	zmqcat(t, "", "pull", "--bind", ep, "--count", "3").expectOK(t, "a\nb\n\nc\nd\n\ne\n\n")
	testutil.Send(t, push, "x", "y")
	zmqcat(t, "", "pull", "--bind", ep, "--count", "1", "--delim", " | ").expectOK(t, "x | y\n")
}

// REQ sends each input message and prints the reply; REP prints each request and answers with
// its input, then echoes.
func TestReqRep(t *testing.T) {
	ep := freeEndpoint(t)
	rep := start(t, "", "rep", "--bind", ep, "--count", "3", "--send", "pong 1", "--send", "pong 2")
	zmqcat(t, "ping 1\nping 2\nping 3\n", "req", "--connect", ep).expectOK(t, "pong 1\npong 2\nping 3\n")
	rep.wait().expectOK(t, "ping 1\nping 2\nping 3\n")
}

// A SUB subscribes to its topics only (or to everything without --subscribe).
func TestSubTopics(t *testing.T) {
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "tcp://127.0.0.1:*")
	sub := start(t, "", "sub", "--connect", pub.LastEndpoint(), "--subscribe", "weather", "--subscribe", "sport", "--count", "4")
	all := start(t, "", "sub", "--connect", pub.LastEndpoint(), "--count", "3")
	// A subscriber misses what is published before its subscription arrives: publish until
	// both are done.
	for i := 0; ; i++ {
		select {
		case code := <-sub.done:
			sub.done <- code
			select {
			case code := <-all.done:
				all.done <- code
				res := sub.wait()
				if res.code != 0 {
					t.Fatalf("sub: %+v", res)
				}
				for _, line := range strings.Split(strings.TrimSpace(res.stdout), "\n") {
					if !strings.HasPrefix(line, "weather ") && !strings.HasPrefix(line, "sport ") {
						t.Errorf("sub printed %q, outside its subscriptions", line)
					}
				}
				if res := all.wait(); res.code != 0 || strings.Count(res.stdout, "\n") != 3 {
					t.Fatalf("sub without --subscribe: %+v", res)
				}
				return
			default:
			}
		default:
		}
		for _, topic := range []string{"news", "weather", "sport"} {
			testutil.Must(t, pub.Send([]byte(topic+" "+strconv.Itoa(i)), 0), "Send")
		}
		time.Sleep(time.Millisecond)
	}
}

// A DEALER sends and receives at once; --identity names it to a ROUTER.
func TestDealer(t *testing.T) {
	c := testutil.NewCtx(t)
	router := testutil.Bound(t, c, zmq.ROUTER, "tcp://127.0.0.1:*")
	dealer := start(t, "", "dealer", "--connect", router.LastEndpoint(), "--identity", "D1", "--send", "hello", "--count", "2")
	testutil.ExpectRecv(t, router, "D1", "hello")
	testutil.Send(t, router, "D1", "world")
	testutil.Send(t, router, "D1", "and", "more")
	dealer.wait().expectOK(t, "world\nand\nmore\n\n")
}

// A ROUTER prints each message with its sender's id and routes input lines by their first
// frame: with --delim, a reply is "<id>|<body>".
func TestRouter(t *testing.T) {
	c := testutil.NewCtx(t)
	ep := freeEndpoint(t)
	in, inW, err := os.Pipe()
	testutil.Must(t, err, "pipe")
	defer in.Close()
	defer inW.Close()
	// The router's input must wait until the dealer is known to it: fed through a pipe.
	done := make(chan result, 1)
	var out, errOut lockedBuffer
	go func() {
		code := run(t.Context(), []string{"router", "--bind", ep, "--delim", "|", "--count", "2"}, in, &out, &errOut)
		done <- result{code, out.String(), errOut.String()}
	}()
	dealer := testutil.NewSocket(t, c, zmq.DEALER)
	testutil.Must(t, dealer.SetRoutingID([]byte("D1")), "SetRoutingID")
	testutil.Must(t, dealer.Connect(ep), "Connect")
	testutil.Send(t, dealer, "hi")
	deadline := time.Now().Add(testutil.WaitTimeout)
	for !strings.Contains(out.String(), "D1|hi\n") && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	inW.WriteString("D1|hello back\n")
	testutil.ExpectRecv(t, dealer, "hello back")
	testutil.Send(t, dealer, "bye")
	select {
	case res := <-done:
		res.expectOK(t, "D1|hi\nD1|bye\n")
	case <-time.After(testutil.WaitTimeout):
		t.Fatal("router did not exit")
	}
}

// --timeout ends a wait that gets nothing, with status 1 and a message.
func TestTimeout(t *testing.T) {
	res := zmqcat(t, "", "pull", "--bind", "tcp://127.0.0.1:*", "--timeout", "100ms")
	if res.code != exitFailure || res.stderr != "zmqcat: timeout: nothing received within 100ms\n" {
		t.Fatalf("%+v", res)
	}
	res = zmqcat(t, "", "req", "--connect", freeEndpoint(t), "--send", "x", "--timeout", "100ms")
	if res.code != exitFailure || !strings.Contains(res.stderr, "timeout: nothing received within 100ms") {
		t.Fatalf("%+v", res)
	}
}

// An interrupt (the context main cancels on SIGINT) exits 130 quietly.
func TestInterrupted(t *testing.T) {
	r := start(t, "", "pull", "--bind", "tcp://127.0.0.1:*")
	time.Sleep(50 * time.Millisecond)
	r.cancel()
	if res := r.wait(); res.code != exitInterrupted || res.stderr != "" {
		t.Fatalf("%+v", res)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{nil, exitUsage, "usage: zmqcat TYPE"},
		{[]string{"-h"}, exitOK, "-curve-server-cert FILE"},
		{[]string{"pull", "-h"}, exitOK, "-count N"},
		{[]string{"bogus", "--bind", "tcp://*:1"}, exitUsage, `unknown socket type "bogus"`},
		{[]string{"pull"}, exitUsage, "give at least one --bind or --connect"},
		{[]string{"pull", "tcp://127.0.0.1:1"}, exitUsage, `unexpected argument "tcp://127.0.0.1:1"`},
		{[]string{"pull", "--bind"}, exitUsage, "flag needs an argument"},
		{[]string{"pull", "--bind", "x", "--count", "-1"}, exitUsage, "--count must not be negative"},
		{[]string{"push", "--bind", "x", "--subscribe", "t"}, exitUsage, "--subscribe is for sub and xsub"},
		{[]string{"pull", "--bind", "bogus://x"}, exitFailure, "zmqcat: "},
		{[]string{"pull", "--bind", "tcp://127.0.0.1:*", "--curve-server"}, exitFailure, "a CURVE server needs its secret key"},
		{[]string{"pull", "--bind", "tcp://127.0.0.1:*", "--curve-server", "--curve-cert", "../../testdata/certs/pyzmq/server.key"}, exitFailure, "is a public certificate"},
		{[]string{"keygen", "extra"}, exitUsage, `unexpected argument "extra"`},
		{[]string{"keygen", "--meta", "a=b"}, exitUsage, "--meta goes with --cert"},
	} {
		res := zmqcat(t, "", tc.args...)
		if res.code != tc.code || !strings.Contains(res.stderr, tc.want) {
			t.Errorf("zmqcat %q: exit %d, stderr %q; want exit %d saying %q", tc.args, res.code, res.stderr, tc.code, tc.want)
		}
	}
}

// keygen prints a key pair, or saves it as certificate files LoadCertificate reads.
func TestKeygen(t *testing.T) {
	res := zmqcat(t, "", "keygen")
	var pub, sec string
	if n, err := fmtSscan(res.stdout, &pub, &sec); res.code != 0 || err != nil || n != 2 {
		t.Fatalf("%+v (%v)", res, err)
	}
	if derived, err := zmq.CurvePublic(sec); err != nil || derived != pub {
		t.Fatalf("keygen printed a secret key whose public key is %q, and %q", derived, pub)
	}
	path := filepath.Join(t.TempDir(), "me.key")
	res = zmqcat(t, "", "keygen", "--cert", path, "--meta", "name=me", "--meta", "role=test")
	if res.code != 0 {
		t.Fatalf("%+v", res)
	}
	c, err := zmq.LoadCertificate(path + "_secret")
	testutil.Must(t, err, "load")
	if c.Metadata["name"] != "me" || c.Metadata["role"] != "test" || !strings.Contains(res.stdout, c.PublicKey) {
		t.Fatalf("certificate %+v, stdout %q", c, res.stdout)
	}
}

// fmtSscan reads "public-key = K\nsecret-key = K\n".
func fmtSscan(s string, pub, sec *string) (int, error) {
	var n int
	for _, line := range strings.Split(strings.TrimSpace(s), "\n") {
		k, v, ok := strings.Cut(line, " = ")
		switch {
		case ok && k == "public-key":
			*pub = v
			n++
		case ok && k == "secret-key":
			*sec = v
			n++
		}
	}
	return n, nil
}

// CURVE with certificate files, and a server that lets in only the clients of a pyzmq
// certificate directory.
func TestCurve(t *testing.T) {
	const certs = "../../testdata/certs/pyzmq"
	ep := freeEndpoint(t)
	srv := start(t, "", "pull", "--bind", ep, "--count", "1", "--curve-server",
		"--curve-cert", certs+"/server.key_secret", "--curve-allow", certs)
	// A stranger (a key pair made up for it) is refused; the known client gets through.
	stranger := start(t, "", "push", "--connect", ep, "--curve-server-cert", certs+"/server.key", "--send", "intruder",
		"--linger", "2s", "--monitor")
	// The server exits after one message: the known client goes only once the stranger has
	// been refused, or the stranger's reconnects could all fall before the server binds or
	// after it exits.
	refused := "event: HANDSHAKE_FAILED_AUTH " + ep + " (ZAP status 400)"
	for deadline := time.Now().Add(testutil.WaitTimeout); !strings.Contains(stranger.stderr.String(), refused); {
		if time.Now().After(deadline) {
			t.Fatalf("the stranger was not refused: %s", stranger.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	zmqcat(t, "", "push", "--connect", ep, "--curve-server-cert", certs+"/server.key",
		"--curve-cert", certs+"/client.key_secret", "--send", "secret").expectOK(t, "")
	srv.wait().expectOK(t, "secret\n") // and not the stranger's "intruder"
	// A reconnect of the stranger's may still get through while the server closes: with the
	// handler gone, a CURVE server lets everyone in, as libzmq's does. Nothing reaches the
	// application then.
	stranger.wait()

	// Keys given as flags work too.
	server, err := zmq.LoadCertificate(certs + "/server.key_secret")
	testutil.Must(t, err, "load")
	ep = freeEndpoint(t)
	srv = start(t, "", "pull", "--bind", ep, "--count", "1", "--curve-server", "--curve-secret-key", server.SecretKey)
	zmqcat(t, "", "push", "--connect", ep, "--curve-server-key", server.PublicKey, "--send", "hi").expectOK(t, "")
	srv.wait().expectOK(t, "hi\n")
}

// --monitor prints the events on stderr; --stats the statistics at exit.
func TestMonitorAndStats(t *testing.T) {
	c := testutil.NewCtx(t)
	push := testutil.NewSocket(t, c, zmq.PUSH)
	ep := freeEndpoint(t)
	testutil.Must(t, push.Connect(ep), "Connect")
	testutil.Send(t, push, "watched")
	res := zmqcat(t, "", "pull", "--bind", ep, "--count", "1", "--monitor", "--stats")
	res.expectOK(t, "watched\n")
	for _, want := range []string{"event: LISTENING " + ep, "event: ACCEPTED " + ep, "event: HANDSHAKE_SUCCEEDED " + ep,
		"event: CLOSED " + ep, "event: MONITOR_STOPPED\n"} {
		if !strings.Contains(res.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, res.stderr)
		}
	}
	i := strings.Index(res.stderr, "stats: ")
	if i < 0 {
		t.Fatalf("no stats in %q", res.stderr)
	}
	var st zmq.SocketStats
	line, _, _ := strings.Cut(res.stderr[i+len("stats: "):], "\n")
	testutil.Must(t, json.Unmarshal([]byte(line), &st), "stats JSON %q", line)
	if st.MsgsReceived != 1 || st.BytesReceived != 7 || st.Accepts != 1 {
		t.Fatalf("stats %+v", st)
	}
}

// The built program behaves as run does: exit statuses included.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the program")
	}
	bin := filepath.Join(t.TempDir(), "zmqcat")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	testutil.Must(t, build.Run(), "go build")

	ep := freeEndpoint(t)
	pull := exec.Command(bin, "pull", "--bind", ep, "--count", "2")
	var pullOut strings.Builder
	pull.Stdout = &pullOut
	testutil.Must(t, pull.Start(), "start pull")
	push := exec.Command(bin, "push", "--connect", ep)
	push.Stdin = strings.NewReader("first\nsecond\n")
	if out, err := push.CombinedOutput(); err != nil {
		t.Fatalf("push: %v %s", err, out)
	}
	testutil.Must(t, testutil.Within(t, 2*testutil.WaitTimeout, pull.Wait), "pull")
	if pullOut.String() != "first\nsecond\n" {
		t.Fatalf("pull printed %q", pullOut.String())
	}
	out, err := exec.Command(bin, "pull", "--bind", "tcp://127.0.0.1:*", "--timeout", "50ms").CombinedOutput()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != exitFailure || !strings.Contains(string(out), "timeout") {
		t.Fatalf("timeout: %v %s", err, out)
	}
	if err := exec.Command(bin).Run(); err == nil || err.(*exec.ExitError).ExitCode() != exitUsage {
		t.Fatalf("no arguments: %v", err)
	}
}

// loadCert is zmq.LoadCertificate, for the tests of files built with and without cgo.
func loadCert(path string) (*zmq.Certificate, error) { return zmq.LoadCertificate(path) }
