package zmtp

import "github.com/zreactor/zmq/options"

// AppendReady appends a READY command body with our basic properties: "\x05READY" then
// Socket-Type, Identity (REQ/DEALER/ROUTER) and the X- metadata. Send it in a frame with the
// msg.Command flag.
func AppendReady(dst []byte, t options.Type, routingID []byte, meta map[string]string) []byte {
	dst = appendCommandName(dst, CmdReady)
	return AppendBasicProperties(dst, t, routingID, meta)
}

// ParseReady returns the property list of a READY command body, or ErrUnexpectedCommand if
// the body is not a READY.
func ParseReady(body []byte) ([]byte, error) {
	c, _, data, err := ParseCommand(body)
	if err != nil {
		return nil, err
	}
	if c != CmdReady {
		return nil, ErrUnexpectedCommand
	}
	return data, nil
}
