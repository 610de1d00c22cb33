package tcp

import (
	"testing"

	"golang.org/x/sys/unix"
)

func TestEndpointString(t *testing.T) {
	lo := loopbackIndex(t)
	fe80 := [16]byte{0: 0xfe, 1: 0x80, 15: 1}
	tests := []struct {
		sa   unix.Sockaddr
		want string
		peer string
	}{
		{&unix.SockaddrInet4{Addr: [4]byte{127, 0, 0, 1}, Port: 40123}, "tcp://127.0.0.1:40123", "127.0.0.1"},
		{&unix.SockaddrInet4{Port: 5555}, "tcp://0.0.0.0:5555", "0.0.0.0"},
		{&unix.SockaddrInet6{Addr: [16]byte{15: 1}, Port: 5555}, "tcp://[::1]:5555", "::1"},
		{&unix.SockaddrInet6{Port: 5555}, "tcp://[::]:5555", "::"},
		{&unix.SockaddrInet6{Addr: [16]byte{10: 0xff, 11: 0xff, 12: 127, 15: 1}, Port: 1},
			"tcp://[::ffff:127.0.0.1]:1", "::ffff:127.0.0.1"},
		{&unix.SockaddrInet6{Addr: fe80, Port: 2, ZoneId: uint32(lo)}, "tcp://[fe80::1%lo]:2", "fe80::1%lo"},
		{&unix.SockaddrInet6{Addr: [16]byte{0: 0xfd, 15: 2}, Port: 3, ZoneId: 99}, "tcp://[fd00::2%99]:3", "fd00::2%99"},
		{&unix.SockaddrUnix{Name: "/tmp/x"}, "", ""},
		{nil, "", ""},
	}
	for _, tt := range tests {
		if got := EndpointString(tt.sa); got != tt.want {
			t.Errorf("EndpointString(%#v) = %q, want %q", tt.sa, got, tt.want)
		}
		if got := PeerAddress(tt.sa); got != tt.peer {
			t.Errorf("PeerAddress(%#v) = %q, want %q", tt.sa, got, tt.peer)
		}
	}
}
