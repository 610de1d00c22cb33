package main

import (
	"fmt"

	"github.com/zreactor/zmq"
)

// setupCurve applies the CURVE flags: the socket's own key pair (a certificate or keys), and
// either the server role or the server's public key.
func setupCurve(s *zmq.Socket, cfg *config) error {
	client := cfg.curveServerKey != "" || cfg.curveServerCert != ""
	if !cfg.curveServer && !client {
		if cfg.curveCert != "" || cfg.curveSecretKey != "" || cfg.curvePublicKey != "" || cfg.curveAllow != "" {
			return fmt.Errorf("CURVE keys given, but neither --curve-server nor --curve-server-key/--curve-server-cert")
		}
		return nil
	}
	if cfg.curveServer && client {
		return fmt.Errorf("--curve-server and --curve-server-key/--curve-server-cert exclude each other")
	}
	if cfg.curveAllow != "" && !cfg.curveServer {
		return fmt.Errorf("--curve-allow is for a --curve-server")
	}
	cert, err := ownCertificate(cfg)
	if err != nil {
		return err
	}
	if cert == nil {
		if cfg.curveServer {
			return fmt.Errorf("a CURVE server needs its secret key: --curve-cert or --curve-secret-key")
		}
		// A client with no key pair of its own gets a new one: the server (without
		// --curve-allow on its side) does not know its clients anyway.
		if cert, err = zmq.NewCertificate(); err != nil {
			return err
		}
	}
	if err := cert.Apply(s); err != nil {
		return err
	}
	if cfg.curveServer {
		return s.SetCurveServer(true)
	}
	serverKey := cfg.curveServerKey
	if cfg.curveServerCert != "" {
		if serverKey != "" {
			return fmt.Errorf("--curve-server-key and --curve-server-cert exclude each other")
		}
		c, err := zmq.LoadCertificate(cfg.curveServerCert)
		if err != nil {
			return fmt.Errorf("--curve-server-cert: %w", err)
		}
		serverKey = c.PublicKey
	}
	if err := s.SetCurveServerKey(serverKey); err != nil {
		return fmt.Errorf("--curve-server-key: %w", err)
	}
	return nil
}

// ownCertificate is the socket's key pair from --curve-cert or the key flags; nil if none.
func ownCertificate(cfg *config) (*zmq.Certificate, error) {
	if cfg.curveCert != "" {
		if cfg.curveSecretKey != "" || cfg.curvePublicKey != "" {
			return nil, fmt.Errorf("--curve-cert and --curve-secret-key/--curve-public-key exclude each other")
		}
		c, err := zmq.LoadCertificate(cfg.curveCert)
		if err != nil {
			return nil, fmt.Errorf("--curve-cert: %w", err)
		}
		if c.SecretKey == "" {
			return nil, fmt.Errorf("--curve-cert: %s is a public certificate; give the secret one (e.g. name.key_secret)", cfg.curveCert)
		}
		return c, nil
	}
	if cfg.curveSecretKey == "" {
		if cfg.curvePublicKey != "" {
			return nil, fmt.Errorf("--curve-public-key needs --curve-secret-key")
		}
		return nil, nil
	}
	public, err := zmq.CurvePublic(cfg.curveSecretKey)
	if err != nil {
		return nil, fmt.Errorf("--curve-secret-key: %w", err)
	}
	if cfg.curvePublicKey != "" && cfg.curvePublicKey != public {
		return nil, fmt.Errorf("--curve-public-key is not the public key of --curve-secret-key")
	}
	return &zmq.Certificate{PublicKey: public, SecretKey: cfg.curveSecretKey}, nil
}
