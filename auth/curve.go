package auth

import (
	"fmt"

	"github.com/zreactor/zmq"
)

// curveKeyLen is a CURVE public key's size in bytes; its Z85 text has 40 characters.
const (
	curveKeyLen    = 32
	curveKeyZ85Len = 40
)

// AllowCurveKeys lets CURVE clients with these public keys in to domain ("*": every domain).
// A key is 40 characters of Z85 or 32 raw bytes, told apart by length as libzmq does. If any
// key is invalid none is added, and the error wraps zmq.ErrInvalid.
func (a *Authenticator) AllowCurveKeys(domain string, keys ...string) error {
	raw, err := rawKeys(keys)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.pol.curve[domain]
	if m == nil {
		m = make(map[string]struct{})
		a.pol.curve[domain] = m
	}
	for _, k := range raw {
		m[k] = struct{}{}
	}
	return nil
}

// RemoveCurveKeys withdraws keys given to AllowCurveKeys for domain. Invalid keys are an
// error wrapping zmq.ErrInvalid, and then none is removed.
func (a *Authenticator) RemoveCurveKeys(domain string, keys ...string) error {
	raw, err := rawKeys(keys)
	if err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range raw {
		delete(a.pol.curve[domain], k)
	}
	return nil
}

// AllowAnyCurve lets every CURVE client in to domain ("*": every domain), whatever its key,
// as zauth's CURVE_ALLOW_ANY: the connection is encrypted but the client is not
// authenticated. Address rules still apply.
func (a *Authenticator) AllowAnyCurve(domain string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.pol.curveAny[domain] = true
}

// rawKeys converts keys to their 32-byte form.
func rawKeys(keys []string) ([]string, error) {
	raw := make([]string, len(keys))
	for i, k := range keys {
		r, err := rawKey(k)
		if err != nil {
			return nil, err
		}
		raw[i] = r
	}
	return raw, nil
}

func rawKey(k string) (string, error) {
	switch len(k) {
	case curveKeyLen:
		return k, nil
	case curveKeyZ85Len:
		if b, err := zmq.Z85Decode(k); err == nil {
			return string(b), nil
		}
	}
	// The key is not echoed: it might be a secret key passed by mistake.
	return "", fmt.Errorf("auth: a CURVE key of %d bytes is neither 40 characters of Z85 nor 32 bytes: %w", len(k), zmq.ErrInvalid)
}

// keyText is a raw key's Z85 form, its User-Id.
func keyText(raw []byte) string {
	s, _ := zmq.Z85Encode(raw) // cannot fail: 32 is a multiple of 4
	return s
}

// checkCurve lets the key in if the request's domain or "*" allows it or any key.
func (p *policy) checkCurve(r *request) verdict {
	for _, d := range domainsOf(r.domain) {
		if _, ok := p.curve[d][string(r.creds[0])]; ok {
			return verdict{ok: true, reason: "CURVE key allowed"}
		}
		for _, keys := range p.curveDirs[d] {
			if md, ok := keys[string(r.creds[0])]; ok {
				return verdict{ok: true, reason: "CURVE certificate allowed", meta: md}
			}
		}
		if p.curveAny[d] {
			return verdict{ok: true, reason: "CURVE any key allowed"}
		}
	}
	return verdict{reason: "unknown CURVE key"}
}
