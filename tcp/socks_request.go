package tcp

import (
	"net/netip"
	"strconv"
	"strings"
	"syscall"
)

// The SOCKS5 client's side of the wire (RFC 1928, with RFC 1929's username/password login),
// encoded and checked without I/O so that it can be tested byte for byte and fuzzed.
// socks_connecter.go drives it on a connecting socket. The bytes are libzmq 4.3's
// (socks.cpp): a greeting offering exactly one method, the login, a CONNECT request whose
// host is never resolved here.

const (
	socksVersion      = 0x05
	socksLoginVersion = 0x01 // RFC 1929's subnegotiation version
	socksNoAuth       = 0x00 // method: no authentication required
	socksLogin        = 0x02 // method: username/password (RFC 1929)
	socksNoMethod     = 0xff // the proxy accepts none of the offered methods
	socksCmdConnect   = 0x01
	atypIPv4          = 0x01
	atypDomain        = 0x03
	atypIPv6          = 0x04

	// MaxSocksField is the longest SOCKS username, password, proxy host or target host name:
	// each travels with a one-octet length.
	MaxSocksField = 255

	// socksMaxReply is the longest reply there is: a CONNECT reply whose bound address is a
	// 255-byte name (VER REP RSV ATYP, the length, the name, the port).
	socksMaxReply = 4 + 1 + MaxSocksField + 2
)

// socksStep names the exchange's three round trips by the reply they wait for.
type socksStep uint8

const (
	stepMethod  socksStep = iota // greeting sent; the proxy's method choice comes back
	stepLogin                    // login sent; its status comes back
	stepConnect                  // CONNECT sent; the proxy's reply comes back
)

func (s socksStep) String() string {
	switch s {
	case stepMethod:
		return "method selection"
	case stepLogin:
		return "login"
	}
	return "connect"
}

// appendSocksGreeting appends the greeting. It offers exactly one method, as libzmq does:
// the login when there are credentials, otherwise no authentication (the package doc says
// why a client with credentials does not also offer no authentication).
func appendSocksGreeting(b []byte, login bool) []byte {
	method := byte(socksNoAuth)
	if login {
		method = socksLogin
	}
	return append(b, socksVersion, 1, method)
}

// appendSocksLogin appends RFC 1929's request. The username must not be empty; the password
// may be, as libzmq allows.
func appendSocksLogin(b []byte, user, password string) ([]byte, error) {
	if user == "" || len(user) > MaxSocksField || len(password) > MaxSocksField {
		return b, invalid(user, "SOCKS username must be 1-255 bytes and password 0-255")
	}
	b = append(b, socksLoginVersion, byte(len(user)))
	b = append(b, user...)
	b = append(b, byte(len(password)))
	return append(b, password...), nil
}

// appendSocksConnect appends the CONNECT request for host:port. The host is never resolved
// here, so the proxy sees the name the application gave: an IPv4 literal goes as ATYP 1, an
// IPv6 literal as ATYP 4 (a "%zone" names a local interface, meaningless to the proxy, and is
// dropped as libzmq drops it), anything else as a domain name (ATYP 3) for the proxy to resolve.
func appendSocksConnect(b []byte, host string, port uint16) ([]byte, error) {
	b = append(b, socksVersion, socksCmdConnect, 0)
	if ip, err := netip.ParseAddr(host); err == nil {
		if ip.Is4() {
			a := ip.As4()
			b = append(append(b, atypIPv4), a[:]...)
		} else {
			a := ip.As16()
			b = append(append(b, atypIPv6), a[:]...)
		}
		return append(b, byte(port>>8), byte(port)), nil
	}
	if reason := socksNameProblem(host); reason != "" {
		return b, invalid(host, reason)
	}
	b = append(b, atypDomain, byte(len(host)))
	b = append(b, host...)
	return append(b, byte(port>>8), byte(port)), nil
}

// socksNameProblem says what keeps name from going to a proxy as a domain name, or "".
func socksNameProblem(name string) string {
	switch {
	case name == "":
		return "empty host name"
	case len(name) > MaxSocksField:
		return "host name longer than 255 bytes cannot go to a SOCKS proxy"
	case strings.IndexByte(name, '%') >= 0:
		return "a zone is only valid on an IPv6 literal"
	}
	return ""
}

// checkSocksReply looks at the first len(b) bytes of the reply to step and returns how many
// more complete it, 0 once b is the whole reply. Reading exactly that many leaves what follows
// the reply in the socket: the peer's ZMTP greeting may arrive in the same segment as the
// CONNECT reply, and it is the engine's. login says which method the greeting offered.
// It fails as soon as b cannot begin an acceptable reply.
func checkSocksReply(step socksStep, login bool, b []byte) (missing int, err error) {
	switch step {
	case stepMethod:
		return checkMethodChoice(login, b)
	case stepLogin:
		return checkLoginStatus(b)
	}
	return checkConnectReply(b)
}

// checkMethodChoice checks VER METHOD. The method must be the one offered: libzmq takes
// either method whatever it offered, so a proxy that skips the login it was offered would
// carry a connection that was meant to be authenticated.
func checkMethodChoice(login bool, b []byte) (int, error) {
	if len(b) > 0 && b[0] != socksVersion {
		return 0, malformed(stepMethod, "version "+strconv.Itoa(int(b[0]))+", want 5")
	}
	if len(b) < 2 {
		return 2 - len(b), nil
	}
	offered := byte(socksNoAuth)
	if login {
		offered = socksLogin
	}
	switch b[1] {
	case offered:
		return 0, nil
	case socksNoMethod:
		what := "connecting without authentication"
		if login {
			what = "username/password authentication"
		}
		return 0, &socksError{step: stepMethod, code: b[1], reason: "the proxy refuses " + what, errno: syscall.EACCES}
	}
	return 0, malformed(stepMethod, "the proxy chose method "+strconv.Itoa(int(b[1]))+", which was not offered")
}

// checkLoginStatus checks RFC 1929's VER STATUS; any status but 0 is a refusal.
func checkLoginStatus(b []byte) (int, error) {
	if len(b) > 0 && b[0] != socksLoginVersion {
		return 0, malformed(stepLogin, "version "+strconv.Itoa(int(b[0]))+", want 1")
	}
	if len(b) < 2 {
		return 2 - len(b), nil
	}
	if b[1] != 0 {
		return 0, &socksError{step: stepLogin, code: b[1], reason: "the proxy refused the username and password", errno: syscall.EACCES}
	}
	return 0, nil
}

// checkConnectReply checks VER REP RSV ATYP BND.ADDR BND.PORT. The bound address is checked
// for its form only and otherwise ignored, as libzmq ignores it. RSV is not checked.
func checkConnectReply(b []byte) (int, error) {
	if len(b) > 0 && b[0] != socksVersion {
		return 0, malformed(stepConnect, "version "+strconv.Itoa(int(b[0]))+", want 5")
	}
	if len(b) > 1 && b[1] != 0 {
		return 0, refusal(b[1])
	}
	if len(b) > 3 && b[3] != atypIPv4 && b[3] != atypDomain && b[3] != atypIPv6 {
		return 0, malformed(stepConnect, "unknown address type "+strconv.Itoa(int(b[3])))
	}
	if len(b) < 5 { // the shortest reply has 10 bytes; the fifth says how long a name is
		return 5 - len(b), nil
	}
	size := 4 + 4 + 2
	switch b[3] {
	case atypIPv6:
		size = 4 + 16 + 2
	case atypDomain:
		size = 4 + 1 + int(b[4]) + 2
	}
	return size - len(b), nil
}

// socksError is a failed SOCKS5 exchange: a refusal by the proxy, or an answer that breaks
// the protocol. It wraps the errno that best says what happened, so that errors.Is finds
// ECONNREFUSED for a target that refused the proxy (ZMQ_RECONNECT_STOP_CONN_REFUSED).
type socksError struct {
	step   socksStep
	code   byte // the proxy's REP, status or method; 0 when the answer was malformed
	reason string
	errno  syscall.Errno
}

func (e *socksError) Error() string { return "socks5 " + e.step.String() + ": " + e.reason }

func (e *socksError) Unwrap() error { return e.errno }

func malformed(step socksStep, reason string) error {
	return &socksError{step: step, reason: "malformed reply: " + reason, errno: syscall.EPROTO}
}

// socksReplies are RFC 1928's REP values 1 to 8, with the errno each stands for.
var socksReplies = [...]struct {
	reason string
	errno  syscall.Errno
}{
	1: {"general SOCKS server failure", syscall.ECONNABORTED},
	2: {"connection not allowed by ruleset", syscall.EACCES},
	3: {"network unreachable", syscall.ENETUNREACH},
	4: {"host unreachable", syscall.EHOSTUNREACH},
	5: {"connection refused", syscall.ECONNREFUSED},
	6: {"TTL expired", syscall.ETIMEDOUT},
	7: {"command not supported", syscall.EOPNOTSUPP},
	8: {"address type not supported", syscall.EAFNOSUPPORT},
}

func refusal(rep byte) error {
	e := &socksError{step: stepConnect, code: rep, reason: "reply " + strconv.Itoa(int(rep)), errno: syscall.ECONNABORTED}
	if int(rep) < len(socksReplies) {
		e.reason, e.errno = socksReplies[rep].reason, socksReplies[rep].errno
	}
	return e
}

// CheckSocksProxy checks a ZMQ_SOCKS_PROXY value: "host:port" with the port given, a host of
// at most 255 bytes, no "tcp://" and no source part (a connection through the proxy takes its
// source address from the endpoint given to Connect).
func CheckSocksProxy(hostPort string) error {
	ep, err := ParseEndpoint(hostPort, false)
	if err != nil {
		return err
	}
	switch {
	case ep.HasSource():
		return invalid(hostPort, "a SOCKS proxy takes no source address; give it to Connect")
	case ep.Port == 0:
		return invalid(hostPort, "a SOCKS proxy needs a port")
	case len(ep.Host) > MaxSocksField:
		return invalid(hostPort, "proxy host longer than 255 bytes")
	}
	return nil
}

// CheckSocksTarget checks that the endpoint addr (without "tcp://") can be asked of a SOCKS
// proxy: it parses, and its host is an IP literal or a name of at most 255 bytes. libzmq 4.3
// aborts the process on a longer name.
func CheckSocksTarget(addr string) error {
	ep, err := ParseEndpoint(addr, false)
	if err != nil {
		return err
	}
	if _, err := appendSocksConnect(nil, ep.Host, ep.Port); err != nil {
		return err
	}
	return nil
}
