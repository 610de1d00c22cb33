package tcp

import (
	"net"
	"net/netip"
	"strconv"

	"golang.org/x/sys/unix"
)

// EndpointString formats sa the way libzmq reports ZMQ_LAST_ENDPOINT and
// monitor event addresses: "tcp://127.0.0.1:40123", "tcp://0.0.0.0:5555"
// for a wildcard bind, "tcp://[::1]:5555", "tcp://[::]:5555",
// "tcp://[::ffff:127.0.0.1]:5555" for an IPv4-mapped address (getnameinfo
// prints it so, where Go's net.IP would print 127.0.0.1) and
// "tcp://[fe80::1%eth0]:5555" for a scoped address. It returns "" for
// anything but IPv4 and IPv6 addresses.
func EndpointString(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return "tcp://" + ip4String(a) + ":" + strconv.Itoa(a.Port)
	case *unix.SockaddrInet6:
		return "tcp://[" + ip6String(a) + "]:" + strconv.Itoa(a.Port)
	}
	return ""
}

// PeerAddress returns the numeric IP of sa without the port, the value of
// the Peer-Address message property; "" for other address families.
func PeerAddress(sa unix.Sockaddr) string {
	switch a := sa.(type) {
	case *unix.SockaddrInet4:
		return ip4String(a)
	case *unix.SockaddrInet6:
		return ip6String(a)
	}
	return ""
}

func ip4String(a *unix.SockaddrInet4) string {
	return netip.AddrFrom4(a.Addr).String()
}

// ip6String prints like getnameinfo(NI_NUMERICHOST): the scope as an
// interface name when the address is link-local and the index names one,
// as a number otherwise.
func ip6String(a *unix.SockaddrInet6) string {
	ip := netip.AddrFrom16(a.Addr)
	if a.ZoneId == 0 {
		return ip.String()
	}
	zone := strconv.FormatUint(uint64(a.ZoneId), 10)
	if ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() {
		if ifi, err := net.InterfaceByIndex(int(a.ZoneId)); err == nil {
			zone = ifi.Name
		}
	}
	return ip.WithZone(zone).String()
}
