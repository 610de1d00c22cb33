package zmq_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// subscribe sets topics on a SUB, failing t on error.
func subscribe(t testing.TB, s *zmq.Socket, topics ...string) {
	t.Helper()
	for _, topic := range topics {
		testutil.Must(t, s.SetSubscribe([]byte(topic)), "SetSubscribe(%q)", topic)
	}
}

func unsubscribe(t testing.TB, s *zmq.Socket, topics ...string) {
	t.Helper()
	for _, topic := range topics {
		testutil.Must(t, s.SetUnsubscribe([]byte(topic)), "SetUnsubscribe(%q)", topic)
	}
}

// recvUntil receives single-frame messages until one equals end, returning those before it.
func recvUntil(t testing.TB, s *zmq.Socket, end string) []string {
	t.Helper()
	var got []string
	for {
		msg := testutil.Recv(t, s)
		if msg[0] == end {
			return got
		}
		got = append(got, msg[0])
	}
}

// publish sends each topic as a one-frame message.
func publish(t testing.TB, pub *zmq.Socket, msgs ...string) {
	t.Helper()
	for _, m := range msgs {
		testutil.Send(t, pub, m)
	}
}

// A SUB receives exactly the messages whose first frame starts with one of its topics; the
// empty topic matches everything; a multipart message is matched on its first frame and
// delivered whole.
func TestSubPrefixFiltering(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://filter")
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://filter")
	all := testutil.Connected(t, c, zmq.SUB, "inproc://filter")
	none := testutil.Connected(t, c, zmq.SUB, "inproc://filter")
	subscribe(t, sub, "ab", "x", "END")
	subscribe(t, all, "")
	subscribe(t, none, "END")

	publish(t, pub, "abc", "a", "ab", "b", "xyz", "", "zab")
	testutil.Send(t, pub, "abmulti", "second", "third")
	publish(t, pub, "END")

	if got, want := recvUntil(t, sub, "END"), []string{"abc", "ab", "xyz", "abmulti"}; !testutil.EqualStrings(got, want) {
		t.Fatalf("SUB(ab, x) received %q, want %q", got, want)
	}
	if got := recvUntil(t, none, "END"); len(got) != 0 {
		t.Fatalf("SUB with no matching topic received %q", got)
	}
	want := []string{"abc", "a", "ab", "b", "xyz", "", "zab", "abmulti"}
	var got []string
	for {
		msg := testutil.Recv(t, all)
		if msg[0] == "abmulti" && !testutil.EqualStrings(msg, []string{"abmulti", "second", "third"}) {
			t.Fatalf("multipart message arrived as %q", msg)
		}
		if msg[0] == "END" {
			break
		}
		got = append(got, msg[0])
	}
	if !testutil.EqualStrings(got, want) {
		t.Fatalf("SUB(\"\") received %q, want %q", got, want)
	}
}

// Subscriptions are counted: a topic subscribed twice needs two unsubscribes.
func TestSubUnsubscribeRefCount(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://refcount")
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://refcount")
	subscribe(t, sub, "news", "news", "END")

	unsubscribe(t, sub, "news")
	publish(t, pub, "news 1", "END")
	if got := recvUntil(t, sub, "END"); !testutil.EqualStrings(got, []string{"news 1"}) {
		t.Fatalf("after one of two unsubscribes received %q, want [news 1]", got)
	}
	unsubscribe(t, sub, "news")
	publish(t, pub, "news 2", "END")
	if got := recvUntil(t, sub, "END"); len(got) != 0 {
		t.Fatalf("after both unsubscribes received %q, want nothing", got)
	}
	subscribe(t, sub, "news")
	publish(t, pub, "news 3", "END")
	if got := recvUntil(t, sub, "END"); !testutil.EqualStrings(got, []string{"news 3"}) {
		t.Fatalf("after subscribing again received %q, want [news 3]", got)
	}
}

// A SUB that subscribes before the PUB binds still gets its subscription through.
func TestSubConnectBeforeBind(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://late-pub")
	subscribe(t, sub, "t")
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://late-pub")
	publish(t, pub, "other", "topic")
	testutil.ExpectRecv(t, sub, "topic")
}

// XPUB passes a topic's first subscription to the application, as 0x01+topic; with
// XPUB_VERBOSE, every subscription. The last unsubscription is passed up as 0x00+topic.
func TestXPubVerbose(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		t.Run(map[bool]string{false: "default", true: "verbose"}[verbose], func(t *testing.T) {
			t.Parallel()
			c := testutil.NewCtx(t)
			xpub := testutil.NewSocket(t, c, zmq.XPUB)
			testutil.Must(t, xpub.SetXPubVerbose(verbose), "SetXPubVerbose")
			testutil.Must(t, xpub.Bind("inproc://verbose"), "Bind")
			s1 := testutil.Connected(t, c, zmq.SUB, "inproc://verbose")
			s2 := testutil.Connected(t, c, zmq.SUB, "inproc://verbose")
			subscribe(t, s1, "A")
			testutil.ExpectRecv(t, xpub, "\x01A")
			subscribe(t, s2, "A", "Z")
			if verbose {
				testutil.ExpectRecv(t, xpub, "\x01A")
			}
			testutil.ExpectRecv(t, xpub, "\x01Z")

			unsubscribe(t, s1, "A")
			unsubscribe(t, s2, "Z")
			testutil.ExpectRecv(t, xpub, "\x00Z") // s1's cancel of A is not the last one
			unsubscribe(t, s2, "A")
			testutil.ExpectRecv(t, xpub, "\x00A")
		})
	}
}

// With XPUB_MANUAL the application decides: after reading a subscription, SetSubscribe on the
// XPUB subscribes that subscriber to a topic of its choice (libzmq test_xpub_manual).
func TestXPubManual(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	xpub := testutil.NewSocket(t, c, zmq.XPUB)
	testutil.Must(t, xpub.SetXPubManual(true), "SetXPubManual")
	testutil.Must(t, xpub.Bind("inproc://manual"), "Bind")
	xsub := testutil.Connected(t, c, zmq.XSUB, "inproc://manual")
	testutil.Send(t, xsub, "\x01A")
	testutil.ExpectRecv(t, xpub, "\x01A")
	subscribe(t, xpub, "B")
	publish(t, xpub, "A", "B")
	testutil.ExpectRecv(t, xsub, "B")
	testutil.ExpectNoRecv(t, xsub)
}

// XPUB_WELCOME_MSG is sent to every new subscriber (libzmq test_xpub_welcome_msg).
func TestXPubWelcomeMsg(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	xpub := testutil.NewSocket(t, c, zmq.XPUB)
	testutil.Must(t, xpub.SetXPubWelcomeMsg([]byte("W")), "SetXPubWelcomeMsg")
	testutil.Must(t, xpub.Bind("inproc://welcome"), "Bind")
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://welcome")
	subscribe(t, sub, "W")
	testutil.ExpectRecv(t, xpub, "\x01W")
	testutil.ExpectRecv(t, sub, "W")
}

// An XSUB/XPUB proxy loop driven by hand: subscriptions travel upstream through it, messages
// downstream, and an unsubscription stops the flow at the publisher.
func TestXSubXPubProxyForwarding(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://upstream")
	xsub := testutil.Connected(t, c, zmq.XSUB, "inproc://upstream")
	xpub := testutil.Bound(t, c, zmq.XPUB, "inproc://downstream")
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://downstream")

	// forwardSub moves one subscription message from XPUB to XSUB.
	forwardSub := func(want string) {
		t.Helper()
		got := testutil.Recv(t, xpub)
		if !testutil.EqualStrings(got, []string{want}) {
			t.Fatalf("XPUB received %q, want %q", got, want)
		}
		testutil.Send(t, xsub, got...)
	}
	// forwardMsgs moves messages from XSUB to XPUB until end, returning what passed.
	forwardMsgs := func(end string) []string {
		t.Helper()
		var passed []string
		for {
			msg := testutil.Recv(t, xsub)
			testutil.Send(t, xpub, msg...)
			if msg[0] == end {
				return passed
			}
			passed = append(passed, msg[0])
		}
	}

	subscribe(t, sub, "news", "end")
	forwardSub("\x01news")
	forwardSub("\x01end")
	publish(t, pub, "news 1", "sport 1", "news 2", "end")
	if got := forwardMsgs("end"); !testutil.EqualStrings(got, []string{"news 1", "news 2"}) {
		t.Fatalf("the publisher sent %q upstream of the proxy, want only news", got)
	}
	if got := recvUntil(t, sub, "end"); !testutil.EqualStrings(got, []string{"news 1", "news 2"}) {
		t.Fatalf("SUB received %q", got)
	}

	unsubscribe(t, sub, "news")
	forwardSub("\x00news")
	publish(t, pub, "news 3", "end")
	if got := forwardMsgs("end"); len(got) != 0 {
		t.Fatalf("after unsubscribing, the publisher still sent %q", got)
	}
	if got := recvUntil(t, sub, "end"); len(got) != 0 {
		t.Fatalf("after unsubscribing, SUB received %q", got)
	}
}

// INVERT_MATCHING on PUB and SUB delivers what does not match the subscription (libzmq
// test_pub_invert_matching).
func TestInvertMatching(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://invert")
	s1 := testutil.Connected(t, c, zmq.SUB, "inproc://invert")
	s2 := testutil.Connected(t, c, zmq.SUB, "inproc://invert")
	subscribe(t, s1, "prefix1")
	subscribe(t, s2, "p2")

	publish(t, pub, "prefix1", "p2")
	testutil.ExpectRecv(t, s1, "prefix1")
	testutil.ExpectRecv(t, s2, "p2")

	testutil.Must(t, pub.SetInvertMatching(true), "PUB SetInvertMatching")
	testutil.Must(t, s1.SetInvertMatching(true), "SUB SetInvertMatching")
	testutil.Must(t, s2.SetInvertMatching(true), "SUB SetInvertMatching")
	publish(t, pub, "prefix1", "p2")
	testutil.ExpectRecv(t, s2, "prefix1")
	testutil.ExpectRecv(t, s1, "p2")
	testutil.ExpectNoRecv(t, s1)
	testutil.ExpectNoRecv(t, s2)
}

// SUB cannot send and PUB cannot receive.
func TestPubSubWrongDirection(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://dir")
	sub := testutil.Connected(t, c, zmq.SUB, "inproc://dir")
	_, err := pub.Recv(zmq.DontWait)
	testutil.RequireIs(t, err, zmq.ErrNotSupported)
	testutil.RequireIs(t, sub.Send([]byte("x"), zmq.DontWait), zmq.ErrNotSupported)
}

// A body a PUB shares among its subscribers must not go back to the pool when one of them
// frees it: RecvMsgInto used to hand each subscriber the shared body as its own, so freeing
// it twice let the next two messages built with InitSize share one buffer, and the second
// overwrote the first (every subscriber then dropped the message its filter no longer
// matched, or read the wrong bytes).
func TestPubSharedBodyNotRecycled(t *testing.T) {
	c := testutil.NewCtx(t)
	pub := testutil.Bound(t, c, zmq.PUB, "inproc://shared-body")
	subs := []*zmq.Socket{
		testutil.Connected(t, c, zmq.SUB, "inproc://shared-body"),
		testutil.Connected(t, c, zmq.SUB, "inproc://shared-body"),
	}
	for _, s := range subs {
		testutil.Must(t, s.SetSubscribe([]byte("A")), "SetSubscribe")
		testutil.Must(t, s.SetRcvTimeo(testutil.WaitTimeout), "SetRcvTimeo")
	}
	var out, in zmq.Msg
	defer in.Free()
	publish := func(body string) {
		copy(out.InitSize(len(body)), body)
		testutil.Must(t, pub.SendMsg(&out, 0), "SendMsg %s", body)
	}
	for round := range 3 {
		want := fmt.Sprintf("A%d%s", round, strings.Repeat("x", 60))
		publish(want)
		publish(fmt.Sprintf("B%d%s", round, strings.Repeat("y", 60))) // filtered out
		for i, s := range subs {
			testutil.Must(t, s.RecvMsgInto(&in, 0), "subscriber %d, round %d", i, round)
			if got := string(in.Bytes()); got != want {
				t.Fatalf("subscriber %d, round %d: got %q, want %q", i, round, got, want)
			}
		}
	}
}
