package gss

import (
	"fmt"
	"os"
	"strings"

	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/types"
)

// NameType is how a name string reads, with libzmq's ZMQ_GSSAPI_NT_* values.
type NameType int

// The name types libzmq offers.
const (
	// NTHostbased is GSS_C_NT_HOSTBASED_SERVICE: "service@host", the principal service/host
	// in the host's realm; without "@host", the local host name. The host is taken as
	// written, lower-cased (no DNS canonicalisation).
	NTHostbased NameType = 0
	// NTUserName is GSS_C_NT_USER_NAME: a principal string, the default realm when it has none.
	NTUserName NameType = 1
	// NTKRB5Principal is GSS_KRB5_NT_PRINCIPAL_NAME: a principal string, read as NTUserName.
	NTKRB5Principal NameType = 2
)

// Name is a Kerberos principal name. Realm is empty when the string named none; resolve fills
// it in for the initiator's side, while an acceptor's host-based name matches any realm.
type Name struct {
	Components []string
	Realm      string
	Hostbased  bool
}

// ParseName reads s as a name of type nt. A trailing NUL is dropped: libzmq passes names to
// gss_import_name with their terminator, which MIT tolerates.
func ParseName(s string, nt NameType) (Name, error) {
	s = strings.TrimSuffix(s, "\x00")
	if s == "" {
		return Name{}, fmt.Errorf("%w: empty name", ErrBadName)
	}
	switch nt {
	case NTHostbased:
		svc, host, found := strings.Cut(s, "@")
		if svc == "" {
			return Name{}, fmt.Errorf("%w: %q has no service", ErrBadName, s)
		}
		if !found || host == "" {
			h, err := os.Hostname()
			if err != nil {
				return Name{}, fmt.Errorf("%w: no host name: %v", ErrBadName, err)
			}
			host = h
		}
		host = strings.ToLower(strings.TrimSuffix(host, "."))
		return Name{Components: []string{svc, host}, Hostbased: true}, nil
	case NTUserName, NTKRB5Principal:
		return parsePrincipal(s)
	}
	return Name{}, fmt.Errorf("%w: name type %d", ErrBadName, nt)
}

// parsePrincipal reads krb5_parse_name's syntax: components separated by '/', then '@' and
// the realm; a backslash quotes the next character (\n, \t, \b and \0 name control characters).
func parsePrincipal(s string) (Name, error) {
	var n Name
	var cur strings.Builder
	inRealm := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\':
			i++
			if i == len(s) {
				return Name{}, fmt.Errorf("%w: %q ends in a backslash", ErrBadName, s)
			}
			cur.WriteByte(unescape(s[i]))
		case c == '/' && !inRealm:
			n.Components = append(n.Components, cur.String())
			cur.Reset()
		case c == '@':
			if inRealm {
				return Name{}, fmt.Errorf("%w: %q has two realms", ErrBadName, s)
			}
			n.Components = append(n.Components, cur.String())
			cur.Reset()
			inRealm = true
		default:
			cur.WriteByte(c)
		}
	}
	if inRealm {
		if cur.Len() == 0 {
			return Name{}, fmt.Errorf("%w: %q has an empty realm", ErrBadName, s)
		}
		n.Realm = cur.String()
	} else {
		n.Components = append(n.Components, cur.String())
	}
	if n.Components[0] == "" && len(n.Components) == 1 {
		return Name{}, fmt.Errorf("%w: %q has no name", ErrBadName, s)
	}
	return n, nil
}

func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'b':
		return '\b'
	case '0':
		return 0
	}
	return c
}

// String is the name as gss_display_name shows it: "comp/comp@REALM", with '/', '@', '\' and
// control characters quoted. A host-based name without a realm shows as "service@host".
func (n Name) String() string {
	if n.Hostbased && n.Realm == "" && len(n.Components) == 2 {
		return n.Components[0] + "@" + n.Components[1]
	}
	var b strings.Builder
	for i, c := range n.Components {
		if i > 0 {
			b.WriteByte('/')
		}
		quote(&b, c, false)
	}
	if n.Realm != "" {
		b.WriteByte('@')
		quote(&b, n.Realm, true)
	}
	return b.String()
}

func quote(b *strings.Builder, s string, realm bool) {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '/':
			if realm {
				b.WriteByte(c)
			} else {
				b.WriteString(`\/`)
			}
		case '@', '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\b':
			b.WriteString(`\b`)
		case 0:
			b.WriteString(`\0`)
		default:
			b.WriteByte(c)
		}
	}
}

// resolve gives a name without a realm its realm: the host's from [domain_realm] for a
// host-based name, else the default realm.
func (n Name) resolve(cfg *config.Config) Name {
	if n.Realm != "" {
		return n
	}
	if n.Hostbased {
		if r := cfg.ResolveRealm(n.Components[1]); r != "" {
			n.Realm = r
			return n
		}
	}
	n.Realm = cfg.LibDefaults.DefaultRealm
	return n
}

// matches reports whether the principal pn@realm is this name. A host-based name without a
// realm matches in every realm; name types do not matter (RFC 4120 §6.2).
func (n Name) matches(pn types.PrincipalName, realm string) bool {
	if len(pn.NameString) != len(n.Components) {
		return false
	}
	for i, c := range n.Components {
		if pn.NameString[i] != c {
			return false
		}
	}
	return n.Realm == "" || n.Realm == realm
}

// nameOf is the Name of pn@realm.
func nameOf(pn types.PrincipalName, realm string) Name {
	return Name{Components: append([]string(nil), pn.NameString...), Realm: realm}
}
