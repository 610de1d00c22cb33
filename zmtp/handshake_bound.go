package zmtp

// Before authentication a peer must not make us hold more than the handshake needs: every
// mechanism says, through MaxHandshakeCommand, how big the next command it can accept may
// be, and the engine refuses a bigger frame at its header, before reading its body, whatever
// MaxMsgSize allows (ErrHandshakeCommandSize). libzmq has no such bound: its decoder takes
// any command up to ZMQ_MAXMSGSIZE, so a peer that sent only a greeting could make it read
// and hold any amount before the mechanism looked at a byte.
//
// The bounds are the largest well-formed commands, so no valid peer is refused:
//
//	NULL   READY 6 + properties, ERROR 262
//	PLAIN  HELLO 518 (two 255-byte strings); WELCOME 8; INITIATE 9 + properties;
//	       READY 6 + properties; ERROR 262
//	CURVE  HELLO 200; WELCOME 168; INITIATE 257 + properties; READY 30 + properties
//	GSSAPI INITIATE 13 + a token of up to 64 KiB; MESSAGE(READY + properties) 12 + 128 +
//	       7 + properties
//
// Properties are bounded by MaxMetadataSize (DefaultMaxMetadataSize, 64 KiB, when 0), which
// the mechanisms already enforce once a command is in; a mechanism whose next command has a
// fixed size bounds it by that size (a CURVE server waiting for HELLO takes 200 bytes). The
// engine never bounds below its read buffer (8 KiB), since a frame that fits there costs
// nothing more: a malformed command that small still reaches the mechanism, which reports it
// with libzmq's code.

// Command sizes the bounds are made of.
const (
	errorCommandMax   = 1 + 5 + 1 + 255           // ERROR: name, reason length, the longest reason
	readyCommandHead  = 1 + 5                     // READY's name before its properties
	plainHelloMax     = 1 + 5 + 1 + 255 + 1 + 255 // HELLO: name, username, password
	plainInitiateHead = 1 + 8                     // INITIATE's name before its properties
)

// metadataLimit is the bound on a peer's property list (MaxMetadataSize or its default).
func metadataLimit(o *MechanismOptions) int {
	if o.MaxMetadataSize > 0 {
		return o.MaxMetadataSize
	}
	return DefaultMaxMetadataSize
}

// MaxHandshakeCommand implements Mechanism: READY with properties, or ERROR.
func (n *NullMechanism) MaxHandshakeCommand() int {
	return max(readyCommandHead+metadataLimit(&n.opts), errorCommandMax)
}

// MaxHandshakeCommand implements Mechanism: HELLO first, then INITIATE with properties.
func (s *PlainServer) MaxHandshakeCommand() int {
	if s.state == plainWaitingForHello {
		return plainHelloMax
	}
	return plainInitiateHead + metadataLimit(&s.opts)
}

// MaxHandshakeCommand implements Mechanism: WELCOME or ERROR first, then READY with
// properties or ERROR.
func (c *PlainClient) MaxHandshakeCommand() int {
	if c.state <= plainWaitingForWelcome {
		return errorCommandMax
	}
	return max(readyCommandHead+metadataLimit(&c.opts), errorCommandMax)
}

// MaxHandshakeCommand implements Mechanism: HELLO's fixed 200 bytes first, then INITIATE
// with properties (RFC 26: a CURVE server answers nothing else).
func (s *CurveServer) MaxHandshakeCommand() int {
	if s.state == curveWaitHello {
		return curveHelloSize
	}
	return curveInitiateMinSize + metadataLimit(&s.opts)
}

// MaxHandshakeCommand implements Mechanism: WELCOME's fixed 168 bytes or ERROR first, then
// READY with properties or ERROR.
func (c *CurveClient) MaxHandshakeCommand() int {
	if c.state <= curveExpectWelcome {
		return max(curveWelcomeSize, errorCommandMax)
	}
	return max(curveReadyMinSize+metadataLimit(&c.opts), errorCommandMax)
}

// gssTokenMax bounds a GSSAPI context token: Windows' largest MaxTokenSize, which tickets
// carrying big PACs need; MIT's AP-REQ and AP-REP are a few KiB at most.
const gssTokenMax = 65535

// gssWrapOverhead is what an RFC 4121 sealed wrap token adds to its data at most: the 16-byte
// header, an encrypted copy of it, a 16-byte confounder and a 12-byte checksum, with room.
const gssWrapOverhead = 128

// MaxHandshakeCommand implements Mechanism: an INITIATE with one context token, or a MESSAGE
// wrapping READY with properties, or ERROR. The bound is the same in every state; the
// mechanism checks each command's shape once it is in.
func (s *GSSAPIServer) MaxHandshakeCommand() int { return gssHandshakeMax(&s.opts) }

// MaxHandshakeCommand implements Mechanism: as for the server.
func (c *GSSAPIClient) MaxHandshakeCommand() int { return gssHandshakeMax(&c.opts) }

func gssHandshakeMax(o *MechanismOptions) int {
	initiate := len(gssInitiateName) + gssLenSize + gssTokenMax
	ready := len(gssMessageName) + gssLenSize + gssWrapOverhead + 1 + readyCommandHead + metadataLimit(o)
	return max(initiate, ready, errorCommandMax)
}
