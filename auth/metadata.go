package auth

import (
	"encoding/binary"
	"fmt"
	"maps"
	"slices"

	"github.com/zreactor/zmq"
)

// PropUserID is the metadata name that, given to SetPlainMetadata or SetCurveMetadata,
// replaces the default User-Id (the PLAIN username or the Z85 CURVE key).
const PropUserID = "User-Id"

// SetPlainMetadata sets the properties the server socket attaches to messages from the PLAIN
// user of domain ("*": every domain), once accepted; nil or empty removes them. Names are
// 1 to 255 characters of letters, digits and "-_.+" (ZMTP); an invalid one is an error wrapping
// zmq.ErrInvalid. md is copied.
func (a *Authenticator) SetPlainMetadata(domain, user string, md map[string]string) error {
	return a.setMetadata(userKey{domain, mechPlain, user}, md)
}

// SetCurveMetadata is SetPlainMetadata for the CURVE client with public key key (40
// characters of Z85 or 32 raw bytes).
func (a *Authenticator) SetCurveMetadata(domain, key string, md map[string]string) error {
	raw, err := rawKey(key)
	if err != nil {
		return err
	}
	return a.setMetadata(userKey{domain, mechCurve, raw}, md)
}

func (a *Authenticator) setMetadata(k userKey, md map[string]string) error {
	for name, value := range md {
		if err := checkProperty(name, value); err != nil {
			return err
		}
	}
	md = maps.Clone(md)
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(md) == 0 {
		delete(a.pol.meta, k)
		return nil
	}
	a.pol.meta[k] = md
	return nil
}

// checkProperty enforces ZMTP's property name grammar, and RFC 27's 255-character limit on
// the user id.
func checkProperty(name, value string) error {
	if len(name) == 0 || len(name) > 255 {
		return fmt.Errorf("auth: metadata name %q is not 1 to 255 characters: %w", name, zmq.ErrInvalid)
	}
	for i := 0; i < len(name); i++ {
		if !isNameChar(name[i]) {
			return fmt.Errorf("auth: metadata name %q has a character other than letters, digits and -_.+: %w", name, zmq.ErrInvalid)
		}
	}
	if name == PropUserID && len(value) > 255 {
		return fmt.Errorf("auth: %s is longer than 255 characters: %w", PropUserID, zmq.ErrInvalid)
	}
	return nil
}

func isNameChar(c byte) bool {
	switch {
	case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		return true
	}
	return c == '-' || c == '_' || c == '.' || c == '+'
}

// encodeMetadata writes md as a ZMTP property list (name length byte, name, 4-byte big-endian
// value length, value), sorted by name so replies are reproducible. User-Id travels in its own
// reply frame, not here.
func encodeMetadata(md map[string]string) []byte {
	var b []byte
	for _, name := range slices.Sorted(maps.Keys(md)) {
		if name == PropUserID {
			continue
		}
		b = append(b, byte(len(name)))
		b = append(b, name...)
		b = binary.BigEndian.AppendUint32(b, uint32(len(md[name])))
		b = append(b, md[name]...)
	}
	return b
}
