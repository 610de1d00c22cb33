package zmtp

// AppendError appends an ERROR command body: "\x05ERROR", a 1-octet reason length, the
// reason (truncated to 255 bytes).
func AppendError(dst []byte, reason string) []byte {
	if len(reason) > 255 {
		reason = reason[:255]
	}
	dst = appendCommandName(dst, CmdError)
	dst = append(dst, byte(len(reason)))
	return append(dst, reason...)
}

// ParseError returns the reason of an ERROR command body (aliasing body). A missing reason
// length, or a reason running past the frame, is ErrMalformedError; bytes after the reason are
// ignored, as libzmq does.
func ParseError(body []byte) ([]byte, error) {
	c, _, data, err := ParseCommand(body)
	if err != nil {
		return nil, err
	}
	if c != CmdError {
		return nil, ErrUnexpectedCommand
	}
	if len(data) < 1 || int(data[0]) > len(data)-1 {
		return nil, ErrMalformedError
	}
	return data[1 : 1+int(data[0])], nil
}
