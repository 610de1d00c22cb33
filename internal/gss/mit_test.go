package gss

// Interop with MIT's own GSS-API, through its sample programs gss-server and gss-client
// (Debian: krb5-gss-samples). They speak a small framing over TCP: a flags byte, a 4-byte
// big-endian length, the token. The client sends NOOP|CONTEXT_NEXT, then context tokens
// until established; each message is a sealed Wrap token (DATA|WRAPPED|ENCRYPTED|SEND_MIC),
// answered by a MIC token of the plaintext; a final NOOP ends the session.

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const (
	sampleNoop        = 1 << 0
	sampleContext     = 1 << 1
	sampleData        = 1 << 2
	sampleMIC         = 1 << 3
	sampleContextNext = 1 << 4
	sampleWrapped     = 1 << 5
	sampleEncrypted   = 1 << 6
	sampleSendMIC     = 1 << 7
)

func sendSample(w io.Writer, flags byte, tok []byte) error {
	hdr := []byte{flags, 0, 0, 0, 0}
	binary.BigEndian.PutUint32(hdr[1:], uint32(len(tok)))
	_, err := w.Write(append(hdr, tok...))
	return err
}

func recvSample(r io.Reader) (byte, []byte, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, nil, err
	}
	n := binary.BigEndian.Uint32(hdr[1:])
	if n > 1<<20 {
		return 0, nil, fmt.Errorf("%d-byte sample token", n)
	}
	tok := make([]byte, n)
	_, err := io.ReadFull(r, tok)
	return hdr[0], tok, err
}

// mitEnv is the environment for MIT's programs: the test KDC, no on-disk replay cache, a
// MEMORY ccache so the client takes its TGT from the client keytab.
func mitEnv(env Env) []string {
	return append(os.Environ(), "KRB5_CONFIG="+env.Config, "KRB5_KTNAME="+env.Keytab,
		"KRB5_CLIENT_KTNAME="+env.ClientKeytab, "KRB5CCNAME=MEMORY:mit", "KRB5RCACHETYPE=none")
}

func needSample(t *testing.T, prog string) string {
	t.Helper()
	p, err := exec.LookPath(prog)
	if err != nil {
		t.Skipf("%s not installed (Debian: krb5-gss-samples)", prog)
	}
	return p
}

func freeTCPPort(t *testing.T) int {
	l, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestOurInitiatorWithMITAcceptor: our initiator against gss-server.
func TestOurInitiatorWithMITAcceptor(t *testing.T) {
	env := needKDC(t)
	bin := needSample(t, "gss-server")
	port := freeTCPPort(t)
	logPath := filepath.Join(t.TempDir(), "server.log")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	srv := exec.CommandContext(ctx, bin, "-port", strconv.Itoa(port), "-once", "-logfile", logPath, testKDC.ServiceHostbased)
	srv.Env = mitEnv(env)
	var out bytes.Buffer
	srv.Stdout, srv.Stderr = &out, &out
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	var conn net.Conn
	var err error
	for i := 0; i < 200; i++ {
		if conn, err = net.Dial("tcp4", "127.0.0.1:"+strconv.Itoa(port)); err == nil {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	_ = conn.SetDeadline(time.Now().Add(15 * time.Second))

	ini, req := firstToken(t, env)
	if err := sendSample(conn, sampleNoop|sampleContextNext, nil); err != nil {
		t.Fatal(err)
	}
	if err := sendSample(conn, sampleContext, req); err != nil {
		t.Fatal(err)
	}
	flags, rep, err := recvSample(conn)
	if err != nil || flags != sampleContext {
		t.Fatalf("AP-REP: flags %d, %v\n%s", flags, err, out.String())
	}
	if _, err := ini.Step(rep); err != nil || !ini.Established() {
		t.Fatalf("AP-REP from MIT: %v", err)
	}
	msgs := []string{"hello from Go", strings.Repeat("big ", 5000), "x"}
	for _, m := range msgs {
		tok, err := ini.Wrap(nil, []byte(m))
		if err != nil {
			t.Fatal(err)
		}
		if err := sendSample(conn, sampleData|sampleWrapped|sampleEncrypted|sampleSendMIC, tok); err != nil {
			t.Fatal(err)
		}
		flags, mic, err := recvSample(conn)
		if err != nil || flags != sampleMIC {
			t.Fatalf("MIC: flags %d, %v\n%s", flags, err, out.String())
		}
		if err := ini.VerifyMIC([]byte(m), mic); err != nil {
			t.Fatalf("MIT's MIC: %v", err)
		}
	}
	_ = sendSample(conn, sampleNoop, nil)
	if err := srv.Wait(); err != nil {
		t.Fatalf("gss-server: %v\n%s", err, out.String())
	}
	log, _ := os.ReadFile(logPath)
	if !strings.Contains(out.String(), `Accepted connection: "`+testKDC.ClientPrincipal+`"`) ||
		!strings.Contains(string(log), `Received message: "hello from Go"`) {
		t.Fatalf("gss-server output:\n%s\nlog:\n%s", out.String(), log)
	}
}

// serveSample is our acceptor speaking the sample protocol on one connection; it returns the
// messages it unwrapped.
func serveSample(conn net.Conn, acc *Context) ([]string, error) {
	flags, _, err := recvSample(conn)
	if err != nil || flags != sampleNoop|sampleContextNext {
		return nil, fmt.Errorf("first token: flags %d, %v", flags, err)
	}
	flags, req, err := recvSample(conn)
	if err != nil || flags != sampleContext {
		return nil, fmt.Errorf("context token: flags %d, %v", flags, err)
	}
	rep, err := acc.Step(req)
	if err != nil {
		return nil, err
	}
	if rep != nil {
		if err := sendSample(conn, sampleContext, rep); err != nil {
			return nil, err
		}
	}
	var got []string
	for {
		flags, tok, err := recvSample(conn)
		if err != nil {
			return got, err
		}
		if flags&sampleNoop != 0 {
			return got, nil
		}
		msg := tok
		if flags&sampleWrapped != 0 {
			if msg, err = acc.Unwrap(nil, tok); err != nil {
				return got, err
			}
		}
		got = append(got, string(msg))
		if flags&sampleSendMIC == 0 {
			if err := sendSample(conn, sampleNoop, nil); err != nil {
				return got, err
			}
			continue
		}
		mic, err := acc.GetMIC(msg)
		if err != nil {
			return got, err
		}
		if err := sendSample(conn, sampleMIC, mic); err != nil {
			return got, err
		}
	}
}

// TestMITInitiatorWithOurAcceptor: gss-client against our acceptor, with MIT's default flags,
// with sequence checking, and without mutual authentication; integrity-only wrapping (-nx)
// must be refused.
func TestMITInitiatorWithOurAcceptor(t *testing.T) {
	env := needKDC(t)
	bin := needSample(t, "gss-client")
	for _, tc := range []struct {
		args   []string
		mutual bool
		fail   bool
	}{
		{args: []string{"-mcount", "3"}, mutual: true},
		{args: []string{"-seq", "-mcount", "2"}, mutual: true},
		{args: []string{"-nomutual"}},
		{args: []string{"-nx"}, mutual: true, fail: true},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			l, err := net.Listen("tcp4", "127.0.0.1:0")
			if err != nil {
				t.Fatal(err)
			}
			defer l.Close()
			type result struct {
				msgs []string
				acc  *Context
				err  error
			}
			done := make(chan result, 1)
			go func() {
				conn, err := l.Accept()
				if err != nil {
					done <- result{err: err}
					return
				}
				defer conn.Close()
				_ = conn.SetDeadline(time.Now().Add(15 * time.Second))
				ac, err := AcquireAcceptor(env, "", NTHostbased)
				if err != nil {
					done <- result{err: err}
					return
				}
				acc, _ := NewAcceptor(ac)
				msgs, err := serveSample(conn, acc)
				done <- result{msgs, acc, err}
			}()
			port := strconv.Itoa(l.Addr().(*net.TCPAddr).Port)
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			args := append([]string{"-port", port}, tc.args...)
			args = append(args, "127.0.0.1", testKDC.ServiceHostbased, "hello from MIT")
			cli := exec.CommandContext(ctx, bin, args...)
			cli.Env = mitEnv(env)
			out, cliErr := cli.CombinedOutput()
			r := <-done
			if tc.fail {
				if cliErr == nil || !errors.Is(r.err, ErrNotSealed) {
					t.Fatalf("expected a failure: gss-client %v, acceptor %v", cliErr, r.err)
				}
				return
			}
			if cliErr != nil || r.err != nil {
				t.Fatalf("gss-client: %v\n%s\nacceptor: %v", cliErr, out, r.err)
			}
			if len(r.msgs) == 0 || r.msgs[0] != "hello from MIT" {
				t.Fatalf("messages %q", r.msgs)
			}
			if r.acc.PeerName().String() != testKDC.ClientPrincipal || r.acc.acceptorSubkey != tc.mutual {
				t.Fatalf("peer %s, acceptor subkey %v", r.acc.PeerName(), r.acc.acceptorSubkey)
			}
			t.Logf("flags %#x", r.acc.Flags())
		})
	}
}
