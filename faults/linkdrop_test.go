//go:build faults

package faults

import (
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zreactor/zmq/testproc"
)

// Heartbeats of the link-drop case, and how late DISCONNECTED may come after the drop: the
// timeout runs from the first PING the drop swallows, at most one interval after it, and a
// loaded 2-CPU machine gets a margin.
const (
	hbIvl      = 100 * time.Millisecond
	hbTimeout  = 300 * time.Millisecond
	dropMargin = 600 * time.Millisecond
)

func TestLinkDropped(t *testing.T) {
	// PUSH and PULL processes run in two network namespaces joined by a veth pair made here;
	// an nftables rule in one drops every packet on the link, then goes.
	r := row{rank: 5, name: "link dropped, heartbeat 100 ms / timeout 300 ms",
		checked: "nftables drops the veth link between two namespaces: both sides DISCONNECTED within " +
			"400 ms (+600 ms margin); once the rule goes, the PUSH reconnects and a message arrives"}
	if os.Geteuid() != 0 {
		skipRow(t, r, "needs root (network namespaces, nftables)")
	}
	for _, tool := range []string{"ip", "nft"} {
		if _, err := exec.LookPath(tool); err != nil {
			skipRow(t, r, tool+" not found (install iproute2 and nftables)")
		}
	}
	r.zreactor, r.libzmq = both(t, measureLinkDrop)
	report(t, r)
}

func measureLinkDrop(t *testing.T, im *impl) string {
	nw := newVethPair(t)
	ep := "tcp://" + nw.addrA + ":5555"
	hb := []string{"-hb", fmt.Sprint(hbIvl.Milliseconds()), "-hbtimeout", fmt.Sprint(hbTimeout.Milliseconds()), "-events"}
	srv := im.start(t, "PULL", nw.in(nw.a), append([]string{"-type", "pull", "-bind", ep}, hb...)...)
	ready(t, srv)
	cli := im.start(t, "PUSH", nw.in(nw.b), append([]string{"-type", "push", "-connect", ep}, hb...)...)
	ready(t, cli)
	for _, c := range []*testproc.Child{cli, srv} {
		if _, err := waitEvent(c, "HANDSHAKE_SUCCEEDED", waitTimeout); err != nil {
			t.Fatal(err)
		}
	}
	send(t, cli, "send 1 10 before")
	if _, _, err := waitMsg(srv, "before-0", waitTimeout); err != nil {
		t.Fatal(err)
	}
	nw.run(t, nw.in(nw.a), dropRules(nw.vethA)...)
	dropped := testproc.MonoNow()
	var after []time.Duration
	for _, c := range []*testproc.Child{cli, srv} {
		at, err := waitEvent(c, "DISCONNECTED", 10*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		after = append(after, time.Duration(at-dropped))
	}
	nw.run(t, nw.in(nw.a), "nft", "delete", "table", "inet", "zrfaults")
	restored := testproc.MonoNow()
	at, err := waitEvent(cli, "HANDSHAKE_SUCCEEDED", time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	send(t, cli, "send 1 10 after")
	if _, _, err := waitMsg(srv, "after-0", waitTimeout); err != nil {
		t.Fatal(err)
	}
	if im == zreactor {
		for i, side := range []string{"PUSH", "PULL"} {
			if after[i] > hbIvl+hbTimeout+dropMargin || after[i] < hbTimeout/2 {
				t.Errorf("the %s reported DISCONNECTED %v after the drop, want about %v-%v",
					side, after[i], hbTimeout, hbIvl+hbTimeout)
			}
		}
	}
	return fmt.Sprintf("DISCONNECTED %d ms (PUSH) and %d ms (PULL) after the drop; reconnected %.1f s after the rule went",
		after[0].Milliseconds(), after[1].Milliseconds(), float64(at-restored)/1e9)
}

// dropRules is the nft command that drops every packet in and out of dev.
func dropRules(dev string) []string {
	return []string{"nft", fmt.Sprintf(`table inet zrfaults {
	chain in { type filter hook input priority 0; policy accept; iifname %q drop; }
	chain out { type filter hook output priority 0; policy accept; oifname %q drop; }
}`, dev, dev)}
}

// vethPair is two network namespaces joined by a veth pair, made for one test and deleted
// after it.
type vethPair struct {
	a, b         string // namespace names
	vethA, vethB string
	addrA        string
}

func newVethPair(t *testing.T) *vethPair {
	t.Helper()
	id := fmt.Sprintf("zrf%d%s", os.Getpid()%100000, strings.ToLower(t.Name()[len(t.Name())-1:]))
	nw := &vethPair{a: id + "a", b: id + "b", vethA: id + "va", vethB: id + "vb", addrA: "10.201.7.1"}
	t.Cleanup(func() {
		for _, ns := range []string{nw.a, nw.b} {
			_ = exec.Command("ip", "netns", "delete", ns).Run() // takes the veth pair with it
		}
	})
	nw.run(t, nil, "ip", "netns", "add", nw.a)
	nw.run(t, nil, "ip", "netns", "add", nw.b)
	nw.run(t, nil, "ip", "link", "add", nw.vethA, "netns", nw.a, "type", "veth", "peer", "name", nw.vethB, "netns", nw.b)
	for _, side := range []struct{ ns, dev, addr string }{{nw.a, nw.vethA, nw.addrA}, {nw.b, nw.vethB, "10.201.7.2"}} {
		nw.run(t, nil, "ip", "-n", side.ns, "addr", "add", side.addr+"/24", "dev", side.dev)
		nw.run(t, nil, "ip", "-n", side.ns, "link", "set", side.dev, "up")
		nw.run(t, nil, "ip", "-n", side.ns, "link", "set", "lo", "up")
	}
	return nw
}

// in is the command prefix that runs a program in namespace ns.
func (nw *vethPair) in(ns string) []string { return []string{"ip", "netns", "exec", ns} }

// run runs prefix + argv, failing t if it fails.
func (nw *vethPair) run(t *testing.T, prefix []string, argv ...string) {
	t.Helper()
	argv = append(append([]string(nil), prefix...), argv...)
	if out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out)
	}
}
