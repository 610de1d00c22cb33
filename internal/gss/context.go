package gss

import (
	"time"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/crypto/etype"
	"github.com/jcmturner/gokrb5/v8/types"
)

// state is a context's progress.
type state uint8

const (
	stateNew         state = iota // no token yet
	stateWaitAPRep                // initiator: AP-REQ sent, AP-REP awaited
	stateEstablished              // per-message calls allowed
	stateFailed                   // a step failed; the context is dead
)

// Context is one security context (gss_ctx_id_t), initiator or acceptor. Step exchanges the
// establishment tokens; once Established, Wrap/Unwrap and GetMIC/VerifyMIC protect messages.
// Any error of Step leaves the context failed.
type Context struct {
	acceptor bool
	state    state
	flags    Flags // asked for (initiator), or granted by the initiator's checksum (acceptor)

	initCred *InitiatorCred
	accCred  *AcceptorCred
	target   Name // initiator: the acceptor's name
	peer     Name // the other side's principal, once known

	// Initiator, until the AP-REP: the ticket's session key, which encrypts it, and the
	// authenticator's time, which it must echo.
	skey  types.EncryptionKey
	ctime time.Time
	cusec int

	// key protects per-message tokens (RFC 4121 §2: the acceptor subkey if the acceptor
	// sent one, else the initiator's subkey, else the ticket's session key); acceptorSubkey
	// records the first case, which every token's flags then announce.
	key            types.EncryptionKey
	et             etype.EType
	acceptorSubkey bool
	// Wrap and Unwrap's AES fast path (cfx.go), nil for other types: our seal key usage and
	// the peer's.
	sendSealer, recvSealer *sealer

	sendSeq uint64 // the next SND_SEQ we send
	recvSeq uint64 // the SND_SEQ we expect next
}

// Established reports whether the context is ready for per-message calls.
func (c *Context) Established() bool { return c.state == stateEstablished }

// Flags are the context's flags: those the initiator asked for; on the acceptor's side,
// those the initiator's checksum carried.
func (c *Context) Flags() Flags { return c.flags }

// PeerName is the other side's principal: on the acceptor's side the authenticated client
// (what gss_display_name shows, "zclient@ZREACTOR.TEST"); on the initiator's side the target.
func (c *Context) PeerName() Name { return c.peer }

// Acceptor reports whether this is the acceptor's side.
func (c *Context) Acceptor() bool { return c.acceptor }

// establish records the per-message key and the sequence numbers, and opens the context.
func (c *Context) establish(key types.EncryptionKey, acceptorSubkey bool, sendSeq, recvSeq uint64) error {
	et, err := crypto.GetEtype(key.KeyType)
	if err != nil {
		c.state = stateFailed
		return err
	}
	c.key, c.et, c.acceptorSubkey = key, et, acceptorSubkey
	if c.sendSealer, err = newSealer(et, key.KeyValue, c.sealUsage(true)); err != nil {
		return c.fail(err)
	}
	if c.recvSealer, err = newSealer(et, key.KeyValue, c.sealUsage(false)); err != nil {
		return c.fail(err)
	}
	c.sendSeq, c.recvSeq = sendSeq, recvSeq
	c.state = stateEstablished
	return nil
}

// fail marks the context dead and returns err.
func (c *Context) fail(err error) error {
	c.state = stateFailed
	return err
}

// seqNumber reads an AP-REQ/AP-REP sequence number. Old MIT releases encoded numbers above
// 2^31 as negative; both forms mean the same 32-bit value.
func seqNumber(n int64) uint64 { return uint64(uint32(n)) }
