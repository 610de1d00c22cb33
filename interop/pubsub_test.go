//go:build cgo

package interop_test

import (
	"testing"

	"github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/libzmq"
	"github.com/zreactor/zmq/internal/testutil"
)

func (s sockSetter) unsubscribe(topic string) {
	if s.zr != nil {
		testutil.Must(s.t, s.zr.SetUnsubscribe([]byte(topic)), "SetUnsubscribe")
	} else {
		testutil.Must(s.t, s.lib.SetBytes(libzmq.Unsubscribe, []byte(topic)), "libzmq UNSUBSCRIBE")
	}
}

func zrVerbose(t testing.TB, s *zmq.Socket) {
	testutil.Must(t, s.SetXPubVerbose(true), "SetXPubVerbose")
}

func libVerbose(t testing.TB, s *libzmq.Socket) {
	testutil.Must(t, s.SetInt(libzmq.XPubVerbose, 1), "libzmq XPUB_VERBOSE")
}

// verboseSubscriptions is the conversation of an XPUB with XPUB_VERBOSE and a SUB: every
// subscription reaches the XPUB's application as 0x01+topic, repeated ones too (verbose); an
// unsubscription as 0x00+topic once the SUB dropped its last reference to the topic; and the
// SUB receives exactly the topics it is subscribed to. Every check of "nothing in between" rides
// on ordering: a later message proves an earlier one was not sent.
func verboseSubscriptions(t testing.TB, xpub, sub interopPeer, subs sockSetter) {
	subs.subscribe("A")
	pexpectPumping(t, xpub, sub, "\x01A")
	subs.subscribe("B")
	pexpectPumping(t, xpub, sub, "\x01B")

	psend(t, xpub, "A1")
	psend(t, xpub, "B1")
	psend(t, xpub, "C1")
	psend(t, xpub, "A-end")
	pexpect(t, sub, "A1")
	pexpect(t, sub, "B1")
	pexpect(t, sub, "A-end") // C1 was filtered

	subs.subscribe("B") // a duplicate: passed on only because of XPUB_VERBOSE
	pexpectPumping(t, xpub, sub, "\x01B")

	subs.unsubscribe("A")
	pexpectPumping(t, xpub, sub, "\x00A")
	psend(t, xpub, "A2")
	psend(t, xpub, "B2")
	pexpect(t, sub, "B2")

	subs.unsubscribe("B") // B was subscribed twice: no CANCEL yet
	subs.subscribe("C")
	pexpectPumping(t, xpub, sub, "\x01C")
	subs.unsubscribe("B")
	pexpectPumping(t, xpub, sub, "\x00B")
	psend(t, xpub, "B3")
	psend(t, xpub, "C3")
	pexpect(t, sub, "C3")
}

// libzmq's XPUB with XPUB_VERBOSE receives our SUB's subscriptions and unsubscriptions, and
// publishes to it what it subscribed to.
func TestInteropLibXPubOurSub(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.SUB, libzmq.XPUB, withLib(libVerbose))
		verboseSubscriptions(t, libPeer{l.lib, "XPUB"}, zrPeer{l.zr}, sockSetter{t: t, zr: l.zr})
	})
}

// Our XPUB with XPUB_VERBOSE receives libzmq SUB's subscriptions and unsubscriptions, and
// publishes to it what it subscribed to.
func TestInteropOurXPubLibSub(t *testing.T) {
	t.Parallel()
	bindRoles(t, func(t *testing.T, mk linkMaker) {
		l := mk(t, zmq.XPUB, libzmq.SUB, withZr(zrVerbose))
		verboseSubscriptions(t, zrPeer{l.zr}, libPeer{l.lib, "SUB"}, sockSetter{t: t, lib: l.lib})
	})
}

// An XSUB's (un)subscription messages (0x01/0x00 + topic, sent as data) reach an XPUB in both
// directions; the XPUB's application sees them in the same form.
func TestInteropXSubMessages(t *testing.T) {
	t.Parallel()
	script := func(t testing.TB, xpub, xsub interopPeer) {
		psend(t, xsub, "\x01topic")
		pexpect(t, xpub, "\x01topic")
		psend(t, xpub, "topic", "1")
		psend(t, xpub, "other", "2")
		psend(t, xpub, "topic", "3")
		pexpect(t, xsub, "topic", "1")
		pexpect(t, xsub, "topic", "3")
		psend(t, xsub, "\x00topic")
		pexpect(t, xpub, "\x00topic")
		psend(t, xsub, "\x01other")
		pexpect(t, xpub, "\x01other")
		psend(t, xpub, "topic", "4")
		psend(t, xpub, "other", "5")
		pexpect(t, xsub, "other", "5")
	}
	t.Run("ourXPUB", func(t *testing.T) {
		t.Parallel()
		bindRoles(t, func(t *testing.T, mk linkMaker) {
			l := mk(t, zmq.XPUB, libzmq.XSUB)
			script(t, zrPeer{l.zr}, libPeer{l.lib, "XSUB"})
		})
	})
	t.Run("libXPUB", func(t *testing.T) {
		t.Parallel()
		bindRoles(t, func(t *testing.T, mk linkMaker) {
			l := mk(t, zmq.XSUB, libzmq.XPUB)
			script(t, libPeer{l.lib, "XPUB"}, zrPeer{l.zr})
		})
	})
}
