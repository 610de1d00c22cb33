package testutil

import (
	"strings"
	"testing"

	"github.com/zreactor/zmq"
)

// SocksUser and SocksPass are the login the SOCKS5 tests' proxies accept.
const SocksUser, SocksPass = "zuser", "zpass"

// ViaSocks sets s's SOCKS5 proxy, and its login when user is not empty.
func ViaSocks(t testing.TB, s *zmq.Socket, proxy, user, pass string) {
	t.Helper()
	Must(t, s.SetSocksProxy(proxy), "SetSocksProxy(%q)", proxy)
	if user != "" {
		Must(t, s.SetSocksUsername(user), "SetSocksUsername")
		Must(t, s.SetSocksPassword(pass), "SetSocksPassword")
	}
}

// SocksTargets are the ways to name a server bound at endpoint through a proxy: an IPv4
// literal (ATYP 1) and a name the proxy resolves (ATYP 3).
func SocksTargets(endpoint string) []string {
	port := endpoint[strings.LastIndexByte(endpoint, ':'):]
	return []string{"tcp://127.0.0.1" + port, "tcp://localhost" + port}
}
