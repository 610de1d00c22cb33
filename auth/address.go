package auth

import (
	"fmt"
	"net/netip"
	"strings"

	"github.com/zreactor/zmq"
)

// Allow lets in only peers whose IP matches one of the allowed addresses, for every mechanism
// and domain; once anything is allowed, Deny is ignored (as with zauth). An address is an IP
// ("192.168.1.5", "::1") or a prefix in CIDR notation ("10.0.0.0/8"); IPv4 addresses also
// match their IPv4-mapped IPv6 form, and zones are ignored. If any address is invalid none is
// added, and the error wraps zmq.ErrInvalid.
func (a *Authenticator) Allow(addrs ...string) error {
	return a.addAddrs(&a.pol.allow, addrs)
}

// Deny keeps out peers whose IP matches one of the addresses (written as for Allow), for
// every mechanism and domain, before any credential is checked. It has no effect while an
// allow list exists.
func (a *Authenticator) Deny(addrs ...string) error {
	return a.addAddrs(&a.pol.deny, addrs)
}

func (a *Authenticator) addAddrs(set *addrSet, addrs []string) error {
	prefixes := make([]netip.Prefix, len(addrs))
	for i, s := range addrs {
		p, err := parseAddrOrPrefix(s)
		if err != nil {
			return err
		}
		prefixes[i] = p
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, p := range prefixes {
		set.add(p)
	}
	return nil
}

func parseAddrOrPrefix(s string) (netip.Prefix, error) {
	if strings.Contains(s, "/") {
		p, err := netip.ParsePrefix(s)
		if err == nil {
			return normalizePrefix(p), nil
		}
	} else if ip, err := netip.ParseAddr(s); err == nil {
		ip = normalize(ip)
		return netip.PrefixFrom(ip, ip.BitLen()), nil
	}
	return netip.Prefix{}, fmt.Errorf("auth: %q is not an IP address or CIDR prefix: %w", s, zmq.ErrInvalid)
}

// normalize makes IPv4-mapped IPv6 addresses plain IPv4 and drops zones, so that one rule
// matches a peer however the listener saw it.
func normalize(ip netip.Addr) netip.Addr {
	return ip.Unmap().WithZone("")
}

// normalizePrefix drops the zone and writes an IPv4-mapped prefix as the IPv4 prefix it
// covers, when it covers only mapped addresses.
func normalizePrefix(p netip.Prefix) netip.Prefix {
	ip, bits := p.Addr().WithZone(""), p.Bits()
	if ip.Is4In6() && bits >= 96 {
		ip, bits = ip.Unmap(), bits-96
	}
	return netip.PrefixFrom(ip, bits).Masked()
}

// addrSet holds single addresses in a map and wider prefixes in a list.
type addrSet struct {
	ips  map[netip.Addr]struct{}
	nets []netip.Prefix
}

func (s *addrSet) add(p netip.Prefix) {
	if p.IsSingleIP() {
		if s.ips == nil {
			s.ips = make(map[netip.Addr]struct{})
		}
		s.ips[p.Addr()] = struct{}{}
		return
	}
	s.nets = append(s.nets, p)
}

func (s *addrSet) empty() bool { return len(s.ips) == 0 && len(s.nets) == 0 }

// contains reports whether address, as a ZAP request gives it, matches the set. An address
// that is not an IP (a transport without one) matches nothing.
func (s *addrSet) contains(address string) bool {
	ip, err := netip.ParseAddr(address)
	if err != nil {
		return false
	}
	ip = normalize(ip)
	if _, ok := s.ips[ip]; ok {
		return true
	}
	for _, p := range s.nets {
		if p.Contains(ip) {
			return true
		}
	}
	return false
}
