package zmtp

// PLAIN command prefixes (RFC 24): the name-length octet and the name. libzmq recognises
// commands by these prefixes, so a frame that merely starts with one counts as that command.
const (
	plainHelloPrefix    = "\x05HELLO"
	plainWelcomePrefix  = "\x07WELCOME"
	plainInitiatePrefix = "\x08INITIATE"
	plainReadyPrefix    = "\x05READY"
	plainErrorPrefix    = "\x05ERROR"
	// plainLibzmqErrorPrefix is libzmq 4.3's spelling of PLAIN's ERROR: its source writes
	// "\x05ERROR", which C reads as the escape \x05E (0x5E, '^') followed by "RROR", so a
	// libzmq PLAIN server sends "^RROR" + reason length + reason, and its client recognises
	// only that. We send RFC 24's ERROR (a libzmq client then reports UNEXPECTED_COMMAND
	// instead of AUTH, and closes all the same) and accept both on receipt.
	plainLibzmqErrorPrefix = "^RROR"
)

// AppendPlainHello appends a PLAIN HELLO body: the name, then the username and the password,
// each behind a 1-octet length. Both must be at most 255 bytes.
func AppendPlainHello(dst []byte, username, password string) []byte {
	dst = append(dst, plainHelloPrefix...)
	dst = append(dst, byte(len(username)))
	dst = append(dst, username...)
	dst = append(dst, byte(len(password)))
	return append(dst, password...)
}

// ParsePlainHello returns the username and password of a HELLO body, aliasing body, with
// libzmq's checks in libzmq's order: a frame too short for its own name is
// ErrMalformedCommand, another command ErrUnexpectedCommand, and a credential running past
// the frame, a missing length octet or any byte after the password ErrPlainMalformedHello.
func ParsePlainHello(body []byte) (username, password []byte, err error) {
	// check_basic_command_structure: also refuses a lone name-length octet.
	if len(body) <= 1 || len(body) <= int(body[0]) {
		return nil, nil, ErrMalformedCommand
	}
	if !hasPrefix(body, plainHelloPrefix) {
		return nil, nil, ErrUnexpectedCommand
	}
	p := body[len(plainHelloPrefix):]
	if len(p) < 1 || len(p)-1 < int(p[0]) {
		return nil, nil, ErrPlainMalformedHello
	}
	username, p = p[1:1+int(p[0])], p[1+int(p[0]):]
	if len(p) < 1 || len(p)-1 != int(p[0]) {
		return nil, nil, ErrPlainMalformedHello
	}
	return username, p[1:], nil
}

// hasPrefix reports whether body starts with the command prefix p, the way libzmq compares
// them (memcmp over the prefix's length).
func hasPrefix(body []byte, p string) bool {
	return len(body) >= len(p) && string(body[:len(p)]) == p
}
