package tcp

import (
	"strconv"
	"strings"
)

// Endpoint is the parsed text of a TCP endpoint, the part of "tcp://..." after
// the scheme: "host:port" or, for connect, libzmq's source-address form
// "srchost:srcport;host:port". Nothing is resolved yet: Resolve does that, on
// every connect attempt, because DNS answers change.
type Endpoint struct {
	// Host is a host name, an IPv4 literal, an IPv6 literal without its
	// brackets (possibly with a "%zone" suffix), an interface name (bind
	// and source only) or "*" for the any-address (bind and source only).
	Host string
	// Port is the TCP port; 0 (written "*" or "0") asks the kernel for an
	// ephemeral port when binding.
	Port uint16
	// SourceHost is the local address to bind before connecting, with the
	// same forms as Host except DNS names; "" when there is no source part.
	SourceHost string
	// SourcePort is the local port to bind before connecting; 0 lets the
	// kernel choose.
	SourcePort uint16
}

// HasSource reports whether the endpoint names a source address.
func (e Endpoint) HasSource() bool { return e.SourceHost != "" }

// String formats the endpoint back into text that ParseEndpoint accepts,
// with IPv6 hosts in brackets and port 0 written "0".
func (e Endpoint) String() string {
	s := joinHostPort(e.Host, e.Port)
	if e.HasSource() {
		s = joinHostPort(e.SourceHost, e.SourcePort) + ";" + s
	}
	return s
}

func joinHostPort(host string, port uint16) string {
	p := strconv.Itoa(int(port))
	if strings.IndexByte(host, ':') >= 0 {
		return "[" + host + "]:" + p
	}
	return host + ":" + p
}

// ParseEndpoint parses addr (an endpoint without "tcp://") the way libzmq's
// tcp_address_t does, but stricter: the port must be decimal and in range
// (libzmq's atoi takes "80x" as 80 and wraps 70000 to 4464), brackets must
// balance, and a bind endpoint may not carry a source part (libzmq parses
// and ignores it).
//
// forBind allows the wildcard host "*" and the wildcard port "*". A source
// part always allows both, as libzmq's source resolver is bindable. Port "0"
// is accepted on both sides, like libzmq. Errors are *AddrError wrapping
// syscall.EINVAL.
func ParseEndpoint(addr string, forBind bool) (Endpoint, error) {
	dst := addr
	var ep Endpoint
	if i := strings.LastIndexByte(addr, ';'); i >= 0 {
		if forBind {
			return Endpoint{}, invalid(addr, "a source address (src;dst) is only valid for connect")
		}
		host, port, reason := splitHostPort(addr[:i], true)
		if reason != "" {
			return Endpoint{}, invalid(addr, "source address: "+reason)
		}
		ep.SourceHost, ep.SourcePort = host, port
		dst = addr[i+1:]
	}
	host, port, reason := splitHostPort(dst, forBind)
	if reason != "" {
		return Endpoint{}, invalid(addr, reason)
	}
	ep.Host, ep.Port = host, port
	return ep, nil
}

// splitHostPort splits "host:port" at the last colon, so unbracketed IPv6
// literals such as "::1:5555" parse as libzmq parses them. It returns a
// reason instead of an error so the caller can say which part was wrong.
func splitHostPort(s string, wildOK bool) (host string, port uint16, reason string) {
	i := strings.LastIndexByte(s, ':')
	if i < 0 || strings.LastIndexByte(s, ']') > i { // "[::1]" has colons but no port

		return "", 0, "missing port (want host:port)"
	}
	port, reason = parsePort(s[i+1:], wildOK)
	if reason != "" {
		return "", 0, reason
	}
	host, reason = parseHost(s[:i], wildOK)
	return host, port, reason
}

func parsePort(p string, wildOK bool) (uint16, string) {
	switch {
	case p == "":
		return 0, "missing port (want host:port)"
	case p == "*" && wildOK:
		return 0, ""
	case p == "*":
		return 0, "port \"*\" is only valid for bind"
	case p == "0":
		return 0, ""
	}
	if len(p) > 5 {
		return 0, "port " + quote(p) + " out of range 1-65535"
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return 0, "port " + quote(p) + " is not a decimal number"
		}
		n = n*10 + int(p[i]-'0')
	}
	if n == 0 || n > 65535 {
		return 0, "port " + quote(p) + " out of range 1-65535"
	}
	return uint16(n), ""
}

// parseHost strips IPv6 brackets and checks the characters libzmq's connect
// syntax check lets through (letters, digits, '.', '-', '_', ':', '%').
// Whether the host is a literal, an interface or a name is Resolve's job.
func parseHost(h string, wildOK bool) (string, string) {
	if strings.HasPrefix(h, "[") {
		if !strings.HasSuffix(h, "]") || len(h) < 2 {
			return "", "unbalanced brackets in host " + quote(h)
		}
		h = h[1 : len(h)-1]
	}
	switch {
	case h == "":
		return "", "empty host"
	case strings.ContainsAny(h, "[]"):
		return "", "unbalanced brackets in host " + quote(h)
	case h == "*" && wildOK:
		return h, ""
	case h == "*":
		return "", "wildcard host \"*\" is only valid for bind"
	}
	for i := 0; i < len(h); i++ {
		if !hostChar(h[i]) {
			return "", "invalid character " + strconv.Quote(h[i:i+1]) + " in host " + quote(h)
		}
	}
	if i := strings.IndexByte(h, '%'); i >= 0 {
		if zone := h[i+1:]; zone == "" || strings.ContainsAny(zone, "%:") {
			return "", "invalid zone in host " + quote(h)
		}
	}
	return h, ""
}

func hostChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '.' || c == '-' || c == '_' || c == ':' || c == '%'
}
