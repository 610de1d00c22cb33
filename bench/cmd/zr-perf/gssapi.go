package main

import (
	"fmt"
	"os"

	zmq "github.com/zreactor/zmq"
)

// gssapiOn reports whether ZR_GSSAPI=1 asks for GSSAPI on every socket; the
// Kerberos credentials come from the KRB5_* variables the harness sets.
func gssapiOn() bool { return os.Getenv("ZR_GSSAPI") == "1" }

// setupGSSAPI makes s the GSSAPI server (binding side) or a client of the
// service ZR_GSSAPI_SERVICE names (host-based; default zmqtest@localhost),
// encrypted unless ZR_GSSAPI_PLAINTEXT=1. bench/c/gssapi.h does the same for
// the C programs.
func setupGSSAPI(s *zmq.Socket, server bool) error {
	if os.Getenv("ZR_GSSAPI_PLAINTEXT") == "1" {
		if err := s.SetGSSAPIPlaintext(true); err != nil {
			return fmt.Errorf("SetGSSAPIPlaintext: %w", err)
		}
	}
	if server {
		if err := s.SetGSSAPIServer(true); err != nil {
			return fmt.Errorf("SetGSSAPIServer: %w", err)
		}
		return nil
	}
	svc := os.Getenv("ZR_GSSAPI_SERVICE")
	if svc == "" {
		svc = "zmqtest@localhost"
	}
	if err := s.SetGSSAPIServicePrincipal(svc); err != nil {
		return fmt.Errorf("SetGSSAPIServicePrincipal: %w", err)
	}
	return nil
}
