package zmq_test

import (
	"errors"
	"strings"
	"testing"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
	"github.com/zreactor/zmq/options"
)

// The GSSAPI setters follow libzmq's options.cpp and the getters read back as its getsockopt.
func TestGSSAPIOptions(t *testing.T) {
	t.Parallel()
	c := testutil.NewCtx(t)
	s := testutil.NewSocket(t, c, zmq.DEALER)
	if s.GSSAPIServer() || s.GSSAPIPlaintext() || s.GSSAPIPrincipal() != "" || s.GSSAPIServicePrincipal() != "" ||
		s.GSSAPIPrincipalNameType() != zmq.GSSAPINTHostbased || s.GSSAPIServicePrincipalNameType() != zmq.GSSAPINTHostbased {
		t.Fatal("defaults")
	}
	testutil.Must(t, s.SetGSSAPIServer(true), "SetGSSAPIServer")
	if s.Mechanism() != zmq.MechanismGSSAPI || !s.GSSAPIServer() {
		t.Fatalf("server: mechanism %v", s.Mechanism())
	}
	testutil.Must(t, s.SetGSSAPIPrincipal("zmqtest@localhost"), "SetGSSAPIPrincipal")
	if !s.GSSAPIServer() || s.GSSAPIPrincipal() != "zmqtest@localhost" {
		t.Fatal("the principal changed the role")
	}
	testutil.Must(t, s.SetGSSAPIServicePrincipal("svc@host"), "SetGSSAPIServicePrincipal")
	if s.GSSAPIServer() || s.Mechanism() != zmq.MechanismGSSAPI || s.GSSAPIServicePrincipal() != "svc@host" {
		t.Fatal("the service principal makes a client")
	}
	testutil.Must(t, s.SetGSSAPIServer(false), "SetGSSAPIServer(false)")
	if s.Mechanism() != zmq.MechanismGSSAPI {
		t.Fatal("SetGSSAPIServer(false) left GSSAPI")
	}
	testutil.Must(t, s.SetGSSAPIPlaintext(true), "SetGSSAPIPlaintext")
	testutil.Must(t, s.SetGSSAPIPrincipalNameType(zmq.GSSAPINTKRB5Principal), "SetGSSAPIPrincipalNameType")
	testutil.Must(t, s.SetGSSAPIServicePrincipalNameType(zmq.GSSAPINTUserName), "SetGSSAPIServicePrincipalNameType")
	if !s.GSSAPIPlaintext() || s.GSSAPIPrincipalNameType() != zmq.GSSAPINTKRB5Principal ||
		s.GSSAPIServicePrincipalNameType() != zmq.GSSAPINTUserName {
		t.Fatal("read back")
	}
	testutil.Must(t, s.SetPlainUsername("u"), "SetPlainUsername")
	if s.Mechanism() != zmq.MechanismPlain || s.GSSAPIServer() {
		t.Fatal("a later PLAIN option replaces GSSAPI")
	}
	for name, err := range map[string]error{
		"principal empty": s.SetGSSAPIPrincipal(""), "principal long": s.SetGSSAPIPrincipal(strings.Repeat("p", 256)),
		"service empty": s.SetGSSAPIServicePrincipal(""), "service long": s.SetGSSAPIServicePrincipal(strings.Repeat("p", 256)),
		"name type 3": s.SetGSSAPIPrincipalNameType(3), "service name type -1": s.SetGSSAPIServicePrincipalNameType(-1),
	} {
		if !errors.Is(err, zmq.ErrInvalid) {
			t.Errorf("%s: %v, want ErrInvalid", name, err)
		}
	}
	if s.Mechanism() != zmq.MechanismPlain {
		t.Fatal("a refused option changed the mechanism")
	}
	testutil.Must(t, s.Close(), "Close")
	if err := s.SetGSSAPIServer(true); !errors.Is(err, zmq.ErrNotSocket) {
		t.Fatalf("closed socket: %v", err)
	}
}

// The public name types keep libzmq's values, the ones the machinery uses.
func TestGSSAPINameTypeValues(t *testing.T) {
	for _, c := range []struct {
		pub  zmq.GSSAPINameType
		impl options.GSSAPINameType
	}{{zmq.GSSAPINTHostbased, options.GSSAPINTHostbased}, {zmq.GSSAPINTUserName, options.GSSAPINTUserName},
		{zmq.GSSAPINTKRB5Principal, options.GSSAPINTKRB5Principal}} {
		if int(c.pub) != int(c.impl) {
			t.Errorf("zmq %d != options %d", c.pub, c.impl)
		}
	}
}
