package zmq

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/zreactor/zmq/internal/zerr"
)

// zplEntry is one "name = value" line of a ZPL document, with the section it sits in.
type zplEntry struct {
	section     string // the name at level 0 it belongs to ("" for level 0 itself)
	name, value string
}

// zplDoc is what a certificate needs of a ZPL document: its level 0 and level 1 entries in
// order (deeper ones are checked for syntax and dropped).
type zplDoc []zplEntry

// get returns the value of the first entry name in section, "" if none.
func (d zplDoc) get(section, name string) string {
	for _, e := range d {
		if e.section == section && e.name == name {
			return e.value
		}
	}
	return ""
}

// section returns the entries of the first section of that name.
func (d zplDoc) section(name string) []zplEntry {
	var out []zplEntry
	for _, e := range d {
		if e.section == name {
			out = append(out, e)
		}
	}
	return out
}

// parseZPL reads ZPL text with zconfig's rules (see ParseCertificate).
func parseZPL(text []byte) (zplDoc, error) {
	var doc zplDoc
	depth := 0 // how deep the next line may go: one below the last entry
	section := ""
	for n, line := range bytes.Split(text, []byte("\n")) {
		l := strings.TrimRight(string(line), " \t\r\v\f")
		if strings.HasPrefix(l, "#") {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " "))
		if indent%4 != 0 {
			return nil, zerr.With(zerr.ErrInvalid, "line %d: indent by 4 spaces at a time", n+1)
		}
		level := indent / 4
		name, rest := zplName(l[indent:])
		if name == "" {
			if !zplEnds(rest) {
				return nil, zerr.With(zerr.ErrInvalid, "line %d: invalid syntax %q", n+1, rest)
			}
			continue
		}
		if strings.HasPrefix(name, "/") || strings.HasSuffix(name, "/") {
			return nil, zerr.With(zerr.ErrInvalid, "line %d: '/' not valid at the start or end of a name", n+1)
		}
		value, err := zplValue(rest)
		if err != nil {
			return nil, zerr.With(zerr.ErrInvalid, "line %d: %v", n+1, err)
		}
		if level > depth {
			return nil, zerr.With(zerr.ErrInvalid, "line %d: indentation error", n+1)
		}
		depth = level + 1
		switch level {
		case 0:
			section = name
			doc = append(doc, zplEntry{name: name, value: value})
		case 1:
			doc = append(doc, zplEntry{section: section, name: name, value: value})
		}
	}
	return doc, nil
}

// zplName splits a ZPL name off the start of s.
func zplName(s string) (name, rest string) {
	i := 0
	for i < len(s) && isZPLNameChar(s[i]) {
		i++
	}
	return s[:i], s[i:]
}

func isZPLNameChar(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		strings.IndexByte("$-_@.&+/", c) >= 0
}

// zplEnds reports whether s holds nothing but spaces and a comment.
func zplEnds(s string) bool {
	t := strings.TrimLeft(s, " \t\r\v\f")
	return t == "" || t[0] == '#'
}

// zplValue reads "= value" (or nothing, an empty value) after a name.
func zplValue(s string) (string, error) {
	t := strings.TrimLeft(s, " \t\r\v\f")
	if !strings.HasPrefix(t, "=") {
		if !zplEnds(t) {
			return "", fmt.Errorf("invalid syntax %q", t)
		}
		return "", nil
	}
	t = strings.TrimLeft(t[1:], " \t\r\v\f")
	if t != "" && (t[0] == '"' || t[0] == '\'') {
		end := strings.IndexByte(t[1:], t[0])
		if end < 0 {
			return "", fmt.Errorf("missing %c", t[0])
		}
		if !zplEnds(t[end+2:]) {
			return "", fmt.Errorf("invalid syntax %q after the value", t[end+2:])
		}
		return t[1 : end+1], nil
	}
	if i := strings.IndexByte(t, '#'); i >= 0 {
		t = strings.TrimRight(t[:i], " \t\r\v\f")
	}
	return t, nil
}

// Banners of the files Save writes. The first two lines are those czmq and pyzmq write, by
// which people (and tools) recognise the files.
const (
	certPublicBanner = "#   ****  Generated on %s by zreactor  ****\n" +
		"#   ZeroMQ CURVE Public Certificate\n" +
		"#   Give it to the peers that must know this key, over a channel they trust.\n\n"
	certSecretBanner = "#   ****  Generated on %s by zreactor  ****\n" +
		"#   ZeroMQ CURVE **Secret** Certificate\n" +
		"#   Keep it private: whoever can read it can pose as its owner.\n\n"
)

// marshal writes the public or secret certificate as czmq does (values quoted, four-space
// indents), metadata sorted by name, stamped with now in czmq's time format.
func (c *Certificate) marshal(secret bool, now time.Time) ([]byte, error) {
	if err := c.check(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	banner := certPublicBanner
	if secret {
		banner = certSecretBanner
	}
	fmt.Fprintf(&b, banner, now.Format(time.DateTime))
	b.WriteString("metadata\n")
	names := make([]string, 0, len(c.Metadata))
	for name := range c.Metadata {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		v, err := zplQuote(c.Metadata[name])
		if n, _ := zplName(name); n != name || name == "" || err != nil {
			return nil, zerr.With(zerr.ErrInvalid, "metadata %q = %q cannot be written as ZPL", name, c.Metadata[name])
		}
		fmt.Fprintf(&b, "    %s = %s\n", name, v)
	}
	b.WriteString("curve\n")
	fmt.Fprintf(&b, "    public-key = \"%s\"\n", c.PublicKey)
	if secret {
		fmt.Fprintf(&b, "    secret-key = \"%s\"\n", c.SecretKey)
	}
	return b.Bytes(), nil
}

// zplQuote quotes v in double quotes, or in single quotes if it holds a double one; a value
// with both, or with a line break, has no ZPL form.
func zplQuote(v string) (string, error) {
	if strings.ContainsAny(v, "\n\r") {
		return "", fmt.Errorf("line break")
	}
	if !strings.Contains(v, `"`) {
		return `"` + v + `"`, nil
	}
	if !strings.Contains(v, "'") {
		return "'" + v + "'", nil
	}
	return "", fmt.Errorf("both quotes")
}
