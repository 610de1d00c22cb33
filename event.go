package zmq

import (
	"strconv"
	"syscall"
	"time"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/zmtp"
)

// EventKind is a socket monitor event, with libzmq's ZMQ_EVENT_* value. Kinds are bits, so a
// set of kinds to watch is their bitwise or.
type EventKind uint32

// The monitor events, with libzmq 4.3's values (zmq.h ZMQ_EVENT_*).
const (
	EventConnected               EventKind = 0x0001 // a connect completed; Value: the fd
	EventConnectDelayed          EventKind = 0x0002 // a connect is in progress; Value: the errno
	EventConnectRetried          EventKind = 0x0004 // a reconnect is scheduled; Value: the interval in ms
	EventListening               EventKind = 0x0008 // a Bind listens; Value: the fd
	EventBindFailed              EventKind = 0x0010 // Value: the errno
	EventAccepted                EventKind = 0x0020 // a connection was accepted; Value: the fd
	EventAcceptFailed            EventKind = 0x0040 // Value: the errno
	EventClosed                  EventKind = 0x0080 // a listener closed; Value: the fd
	EventCloseFailed             EventKind = 0x0100 // Value: the errno
	EventDisconnected            EventKind = 0x0200 // a connection ended; Value: the fd
	EventMonitorStopped          EventKind = 0x0400 // the last event a monitor delivers
	EventHandshakeFailedNoDetail EventKind = 0x0800 // Value: the errno
	EventHandshakeSucceeded      EventKind = 0x1000 // the ZMTP handshake completed
	EventHandshakeFailedProtocol EventKind = 0x2000 // Value: a ZMQ_PROTOCOL_ERROR_* code
	EventHandshakeFailedAuth     EventKind = 0x4000 // Value: the ZAP status code (300, 400, 500)
	EventAll                     EventKind = 0xffff // every kind, for Monitor
)

// String is the event's name without libzmq's ZMQ_EVENT_ prefix, e.g. "CONNECTED", or
// "EVENT_UNKNOWN".
func (k EventKind) String() string { return event.Kind(k).String() }

// Event is one monitor event: what happened, libzmq's value for it (an fd, an errno, a
// reconnect interval in milliseconds, a protocol error code, a ZAP status; see the EventKind
// constants), and the endpoint it concerns.
type Event struct {
	Kind     EventKind
	Value    int64
	Endpoint string
}

// eventOf converts an event raised by the machinery into the public type.
func eventOf(e event.Event) Event {
	return Event{Kind: EventKind(e.Kind), Value: e.Value, Endpoint: e.Endpoint}
}

// String describes the event for people, e.g. "CONNECTED tcp://127.0.0.1:5555 (fd 9)" or
// "HANDSHAKE_FAILED_PROTOCOL tcp://127.0.0.1:5555 (ZMTP_MALFORMED_COMMAND_HELLO)".
func (e Event) String() string {
	s := e.Kind.String()
	if e.Endpoint != "" {
		s += " " + e.Endpoint
	}
	if d := e.detail(); d != "" {
		s += " (" + d + ")"
	}
	return s
}

// detail is what the event's value means, as text.
func (e Event) detail() string {
	switch e.Kind {
	case EventConnected, EventListening, EventAccepted, EventClosed, EventDisconnected:
		return "fd " + strconv.FormatInt(e.Value, 10)
	case EventConnectRetried:
		return "in " + (time.Duration(e.Value) * time.Millisecond).String()
	case EventConnectDelayed, EventBindFailed, EventAcceptFailed, EventCloseFailed, EventHandshakeFailedNoDetail:
		if e.Value == 0 {
			return ""
		}
		return syscall.Errno(e.Value).Error()
	case EventHandshakeFailedProtocol:
		return protocolErrorName(e.Value)
	case EventHandshakeFailedAuth:
		return "ZAP status " + strconv.FormatInt(e.Value, 10)
	}
	return ""
}

// protocolErrorNames are libzmq's ZMQ_PROTOCOL_ERROR_* names without that prefix.
var protocolErrorNames = map[zmtp.ProtocolCode]string{
	zmtp.CodeZMTPUnspecified:             "ZMTP_UNSPECIFIED",
	zmtp.CodeUnexpectedCommand:           "ZMTP_UNEXPECTED_COMMAND",
	zmtp.CodeInvalidSequence:             "ZMTP_INVALID_SEQUENCE",
	zmtp.CodeKeyExchange:                 "ZMTP_KEY_EXCHANGE",
	zmtp.CodeMalformedCommandUnspecified: "ZMTP_MALFORMED_COMMAND_UNSPECIFIED",
	zmtp.CodeMalformedCommandMessage:     "ZMTP_MALFORMED_COMMAND_MESSAGE",
	zmtp.CodeMalformedCommandHello:       "ZMTP_MALFORMED_COMMAND_HELLO",
	zmtp.CodeMalformedCommandInitiate:    "ZMTP_MALFORMED_COMMAND_INITIATE",
	zmtp.CodeMalformedCommandError:       "ZMTP_MALFORMED_COMMAND_ERROR",
	zmtp.CodeMalformedCommandReady:       "ZMTP_MALFORMED_COMMAND_READY",
	zmtp.CodeMalformedCommandWelcome:     "ZMTP_MALFORMED_COMMAND_WELCOME",
	zmtp.CodeInvalidMetadata:             "ZMTP_INVALID_METADATA",
	zmtp.CodeCryptographic:               "ZMTP_CRYPTOGRAPHIC",
	zmtp.CodeMechanismMismatch:           "ZMTP_MECHANISM_MISMATCH",
	zmtp.CodeZapUnspecified:              "ZAP_UNSPECIFIED",
	zmtp.CodeZapMalformedReply:           "ZAP_MALFORMED_REPLY",
	zmtp.CodeZapBadRequestID:             "ZAP_BAD_REQUEST_ID",
	zmtp.CodeZapBadVersion:               "ZAP_BAD_VERSION",
	zmtp.CodeZapInvalidStatusCode:        "ZAP_INVALID_STATUS_CODE",
	zmtp.CodeZapInvalidMetadata:          "ZAP_INVALID_METADATA",
}

// protocolErrorName names the value of an EventHandshakeFailedProtocol event as libzmq's
// ZMQ_PROTOCOL_ERROR_* constant does, without that prefix ("ZMTP_UNEXPECTED_COMMAND"), or
// in hexadecimal if the code is not one of libzmq 4.3's.
func protocolErrorName(code int64) string {
	if n, ok := protocolErrorNames[zmtp.ProtocolCode(code)]; ok && code == int64(uint32(code)) {
		return n
	}
	return "0x" + strconv.FormatInt(code, 16)
}
