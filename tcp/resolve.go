package tcp

import (
	"context"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"
)

// Resolve turns a parsed endpoint into socket addresses, following libzmq's
// ip_resolver_t rules:
//
//   - forBind: "*" is the any-address (0.0.0.0, or :: when ipv6); otherwise
//     an IP literal or an interface name ("lo", "eth0"). DNS names are not
//     looked up, so "localhost" fails with ENODEV, as in libzmq.
//   - connect: an IP literal or a DNS name, looked up with
//     net.DefaultResolver under ctx. Failures wrap EINVAL.
//   - the source part of a connect endpoint: "*", a literal or an interface
//     name, never DNS; returned as src (nil when there is no source part).
//   - ipv6 false: IPv4 only; an IPv6 literal is an error, as in libzmq
//     without ZMQ_IPV6. ipv6 true: the result is always AF_INET6; IPv4
//     addresses become IPv4-mapped (::ffff:a.b.c.d) for a dual-stack socket,
//     like getaddrinfo with AI_V4MAPPED. A "%zone" names the scope of a
//     link-local literal, by interface name or number.
//
// Literals, "*" and interface names are resolved without blocking and
// without goroutines. Only a DNS lookup blocks: callers on an I/O thread
// must run Resolve elsewhere when ep.Host is not a literal (see IsLiteral).
func Resolve(ctx context.Context, ep Endpoint, forBind, ipv6 bool) (addr, src unix.Sockaddr, err error) {
	if ep.HasSource() {
		src, err = resolveHost(ctx, ep.SourceHost, ep.SourcePort, localRules, ipv6)
		if err != nil {
			return nil, nil, err
		}
	}
	rules := remoteRules
	if forBind {
		rules = localRules
	}
	addr, err = resolveHost(ctx, ep.Host, ep.Port, rules, ipv6)
	if err != nil {
		return nil, nil, err
	}
	return addr, src, nil
}

// IsLiteral reports whether host resolves without DNS: "*" or an IP
// literal (interface names are not DNS either, but are only valid locally).
func IsLiteral(host string) bool {
	if host == "*" {
		return true
	}
	_, err := netip.ParseAddr(host)
	return err == nil
}

// rules says which host forms a resolution accepts (libzmq's
// ip_resolver_options_t bindable/allow_nic_name/allow_dns).
type rules struct {
	local bool // "*" and interface names allowed, no DNS; errors are ENODEV
}

var (
	localRules  = rules{local: true}
	remoteRules = rules{local: false}
)

func resolveHost(ctx context.Context, host string, port uint16, r rules, ipv6 bool) (unix.Sockaddr, error) {
	if host == "*" {
		if !r.local {
			return nil, invalid(host, "wildcard host \"*\" is only valid for bind")
		}
		if ipv6 {
			return &unix.SockaddrInet6{Port: int(port)}, nil
		}
		return &unix.SockaddrInet4{Port: int(port)}, nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return literalSockaddr(host, ip, port, r, ipv6)
	}
	if strings.IndexByte(host, '%') >= 0 {
		return nil, resolveErr(host, r, "a zone is only valid on an IPv6 literal", nil)
	}
	if r.local {
		return interfaceSockaddr(host, port, ipv6)
	}
	return lookupSockaddr(ctx, host, port, ipv6)
}

func resolveErr(host string, r rules, reason string, cause error) error {
	errno := syscall.EINVAL
	if r.local {
		errno = syscall.ENODEV
	}
	return &AddrError{Addr: host, Reason: reason, Errno: errno, Err: cause}
}

func literalSockaddr(host string, ip netip.Addr, port uint16, r rules, ipv6 bool) (unix.Sockaddr, error) {
	if ip.Is4() && !ipv6 {
		return &unix.SockaddrInet4{Port: int(port), Addr: ip.As4()}, nil
	}
	if !ipv6 {
		return nil, resolveErr(host, r, "IPv6 address needs the IPv6 socket option", nil)
	}
	sa := &unix.SockaddrInet6{Port: int(port), Addr: ip.As16()}
	if zone := ip.Zone(); zone != "" {
		id, err := zoneID(zone)
		if err != nil {
			return nil, invalid(host, "unknown zone "+quote(zone))
		}
		sa.ZoneId = id
	}
	return sa, nil
}

// zoneID maps a zone to a scope id the way libzmq does: a name starting
// with a letter is an interface name, anything else a number; 0 is invalid.
func zoneID(zone string) (uint32, error) {
	if c := zone[0]; 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
		ifi, err := net.InterfaceByName(zone)
		if err != nil {
			return 0, err
		}
		return uint32(ifi.Index), nil
	}
	n, err := strconv.ParseUint(zone, 10, 32)
	if err == nil && n == 0 {
		err = syscall.EINVAL
	}
	return uint32(n), err
}

// interfaceSockaddr resolves a network interface name to its first address
// of the wanted family, as libzmq's resolve_nic_name walks getifaddrs.
func interfaceSockaddr(name string, port uint16, ipv6 bool) (unix.Sockaddr, error) {
	const why = "not an IP literal or interface name (bind and source addresses are not looked up in DNS)"
	ifi, err := net.InterfaceByName(name)
	if err != nil {
		return nil, resolveErr(name, localRules, why, nil)
	}
	addrs, err := ifi.Addrs()
	if err != nil {
		return nil, resolveErr(name, localRules, "cannot list interface addresses", err)
	}
	for _, a := range addrs {
		ipn, ok := a.(*net.IPNet)
		if !ok {
			continue
		}
		ip, ok := netip.AddrFromSlice(ipn.IP)
		if !ok {
			continue
		}
		ip = ip.Unmap()
		if ip.Is4() != ipv6 {
			return ifaceAddr(ip, port, ifi.Index), nil
		}
	}
	family := "IPv4"
	if ipv6 {
		family = "IPv6"
	}
	return nil, resolveErr(name, localRules, "interface has no "+family+" address", nil)
}

func ifaceAddr(ip netip.Addr, port uint16, index int) unix.Sockaddr {
	if ip.Is4() {
		return &unix.SockaddrInet4{Port: int(port), Addr: ip.As4()}
	}
	sa := &unix.SockaddrInet6{Port: int(port), Addr: ip.As16()}
	if ip.IsLinkLocalUnicast() {
		sa.ZoneId = uint32(index)
	}
	return sa
}

// lookupSockaddr asks DNS (or /etc/hosts) and takes the first usable
// answer: IPv4 without ipv6; with ipv6, the first IPv6 answer or else the
// first IPv4 answer mapped into IPv6 (getaddrinfo's AI_V4MAPPED without
// AI_ALL).
func lookupSockaddr(ctx context.Context, host string, port uint16, ipv6 bool) (unix.Sockaddr, error) {
	network := "ip4"
	if ipv6 {
		network = "ip"
	}
	ips, err := net.DefaultResolver.LookupNetIP(ctx, network, host)
	if err != nil {
		return nil, resolveErr(host, remoteRules, "cannot resolve host", err)
	}
	var v4 netip.Addr
	for _, ip := range ips {
		ip = ip.Unmap()
		switch {
		case ip.Is4() && !ipv6:
			return &unix.SockaddrInet4{Port: int(port), Addr: ip.As4()}, nil
		case ip.Is4():
			if !v4.IsValid() {
				v4 = ip
			}
		case ipv6:
			return &unix.SockaddrInet6{Port: int(port), Addr: ip.As16()}, nil
		}
	}
	if v4.IsValid() {
		return &unix.SockaddrInet6{Port: int(port), Addr: v4.As16()}, nil
	}
	return nil, resolveErr(host, remoteRules, "no address of the wanted family", nil)
}
