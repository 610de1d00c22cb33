package zmq

import (
	"errors"
	"os"
	"time"

	"github.com/zreactor/zmq/internal/zerr"
)

// Certificate is a CURVE certificate as czmq's zcert and pyzmq's zmq.auth keep them on disk: a
// key pair, or only its public key, with metadata, in a text file of the ZeroMQ Property
// Language (ZPL, RFC 4). A public certificate holds
//
//	metadata
//	    name = "value"
//	curve
//	    public-key = "<40 characters of Z85>"
//
// and a secret one also "secret-key" in its curve section. By convention the secret file is
// named after the public one with "_secret" appended: pyzmq's create_certificates writes
// name.key and name.key_secret, czmq's zcert_save name and name_secret. Save follows it.
//
// Certificates live in the root package, beside CurveKeypair and the socket's key options,
// because clients need them as much as servers do (Apply sets a socket's key pair) and the
// auth package, which loads directories of them, sits above this one.
type Certificate struct {
	PublicKey string            // 40 characters of Z85
	SecretKey string            // 40 characters of Z85; "" for a public certificate
	Metadata  map[string]string // the metadata section; names are ZPL names ([A-Za-z0-9$-_@.&+/])
}

// NewCertificate makes a certificate with a new key pair (CurveKeypair) and no metadata.
func NewCertificate() (*Certificate, error) {
	pub, sec, err := CurveKeypair()
	if err != nil {
		return nil, err
	}
	return &Certificate{PublicKey: pub, SecretKey: sec}, nil
}

// LoadCertificate reads the certificate file at path, public or secret (ParseCertificate).
func LoadCertificate(path string) (*Certificate, error) {
	text, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	c, err := ParseCertificate(text)
	if err != nil {
		var ze *zerr.Error
		if errors.As(err, &ze) {
			return nil, zerr.With(zerr.ErrInvalid, "certificate %s: %s", path, ze.Detail)
		}
		return nil, err
	}
	return c, nil
}

// ParseCertificate reads a certificate from its text, as czmq's zconfig reads ZPL: lines
// starting with '#' are comments, each level of nesting is indented by four spaces, a value is
// in double or single quotes or runs unquoted up to a '#'. The curve section must hold a valid
// public-key; a secret-key, if present, must be valid and belong to it. Other sections and
// entries are ignored. Malformed text fails with ErrInvalid, naming the line.
func ParseCertificate(text []byte) (*Certificate, error) {
	doc, err := parseZPL(text)
	if err != nil {
		return nil, err
	}
	c := &Certificate{PublicKey: doc.get("curve", "public-key"), SecretKey: doc.get("curve", "secret-key")}
	if c.PublicKey == "" {
		return nil, zerr.With(zerr.ErrInvalid, "no curve/public-key")
	}
	if err := c.check(); err != nil {
		return nil, err
	}
	for _, e := range doc.section("metadata") {
		if c.Metadata == nil {
			c.Metadata = make(map[string]string)
		}
		if _, dup := c.Metadata[e.name]; !dup { // the first one counts, as zconfig finds it
			c.Metadata[e.name] = e.value
		}
	}
	return c, nil
}

// check validates the keys: Z85 of 32 bytes each, and the secret key the public key's.
func (c *Certificate) check() error {
	if !validZ85Key(c.PublicKey) {
		return zerr.With(zerr.ErrInvalid, "curve/public-key is not 40 characters of Z85")
	}
	if c.SecretKey == "" {
		return nil
	}
	pub, err := CurvePublic(c.SecretKey)
	if err != nil {
		return zerr.With(zerr.ErrInvalid, "curve/secret-key is not 40 characters of Z85")
	}
	if pub != c.PublicKey {
		return zerr.With(zerr.ErrInvalid, "curve/secret-key does not belong to curve/public-key")
	}
	return nil
}

func validZ85Key(k string) bool {
	if len(k) != curveKeyZ85Size {
		return false
	}
	_, err := Z85Decode(k)
	return err == nil
}

// Apply makes the certificate the socket's CURVE key pair (SetCurvePublicKey and
// SetCurveSecretKey), as czmq's zcert_apply. A public certificate has no secret key to give
// and fails with ErrInvalid.
func (c *Certificate) Apply(s *Socket) error {
	if c.SecretKey == "" {
		return zerr.With(zerr.ErrInvalid, "Apply: a public certificate has no secret key")
	}
	if err := s.SetCurvePublicKey(c.PublicKey); err != nil {
		return err
	}
	return s.SetCurveSecretKey(c.SecretKey)
}

// Save writes the public certificate to path and, if the certificate has its secret key, the
// secret one to path + "_secret" (readable by the owner only), as czmq's zcert_save does; with
// path "dir/name.key" the files are named as pyzmq's create_certificates names them.
func (c *Certificate) Save(path string) error {
	if err := c.SavePublic(path); err != nil {
		return err
	}
	if c.SecretKey == "" {
		return nil
	}
	return c.SaveSecret(path + "_secret")
}

// SavePublic writes the public certificate (keys and metadata, no secret key) to path.
func (c *Certificate) SavePublic(path string) error {
	text, err := c.marshal(false, time.Now())
	if err != nil {
		return err
	}
	return writeFile(path, text, 0o644)
}

// SaveSecret writes the secret certificate (both keys and metadata) to path, readable by the
// owner only.
func (c *Certificate) SaveSecret(path string) error {
	if c.SecretKey == "" {
		return zerr.With(zerr.ErrInvalid, "SaveSecret: the certificate has no secret key")
	}
	text, err := c.marshal(true, time.Now())
	if err != nil {
		return err
	}
	return writeFile(path, text, 0o600)
}

// writeFile writes text to path with mode perm, also when the file existed with another mode.
func writeFile(path string, text []byte, perm os.FileMode) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, perm)
	if err != nil {
		return err
	}
	if err := f.Chmod(perm); err != nil {
		f.Close()
		return err
	}
	if _, err := f.Write(text); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
