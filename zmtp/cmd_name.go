package zmtp

// Command is the kind of a ZMTP command frame, told by its name.
type Command uint8

// Command kinds. CmdUnknown is a well-formed command with another name; after the handshake
// libzmq drops those silently.
const (
	CmdUnknown Command = iota
	CmdReady
	CmdError
	CmdPing
	CmdPong
	CmdSubscribe
	CmdCancel
	CmdHello
	CmdWelcome
	CmdInitiate
	CmdMessage
)

var commandNames = [...]string{"", "READY", "ERROR", "PING", "PONG", "SUBSCRIBE", "CANCEL",
	"HELLO", "WELCOME", "INITIATE", "MESSAGE"}

// String returns the command's wire name ("" for CmdUnknown).
func (c Command) String() string { return commandNames[c] }

// ParseCommand splits a command frame body into its kind, name and data (everything after
// the name). A body too short for its own name-length octet is ErrMalformedCommand (libzmq
// check_basic_command_structure). Names are case-sensitive.
func ParseCommand(body []byte) (Command, []byte, []byte, error) {
	if len(body) < 1 || len(body) < 1+int(body[0]) {
		return CmdUnknown, nil, nil, ErrMalformedCommand
	}
	name := body[1 : 1+int(body[0])]
	data := body[1+int(body[0]):]
	for i := 1; i < len(commandNames); i++ {
		if string(name) == commandNames[i] {
			return Command(i), name, data, nil
		}
	}
	return CmdUnknown, name, data, nil
}

// appendCommandName appends the name-length octet and the name.
func appendCommandName(dst []byte, c Command) []byte {
	name := commandNames[c]
	dst = append(dst, byte(len(name)))
	return append(dst, name...)
}
