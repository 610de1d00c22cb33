package gss

import (
	"crypto/rand"
	"encoding/binary"
	"fmt"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// NewAcceptor starts an acceptor's context with cred. cred stays the caller's.
func NewAcceptor(cred *AcceptorCred) (*Context, error) {
	if cred == nil || cred.kt == nil {
		return nil, ErrNoCred
	}
	return &Context{acceptor: true, accCred: cred}, nil
}

// accept verifies the initiator's AP-REQ (ticket decrypted with our keys, authenticator
// checked against it, time and replay), reads the 0x8003 checksum and, when the initiator
// asks for mutual authentication, answers with an AP-REP that carries a fresh acceptor subkey
// and our first sequence number, as MIT does. The context is established either way.
func (c *Context) accept(in []byte) (out []byte, err error) {
	defer c.recoverDefective(&err)
	id, body, err := parseToken(in)
	if err != nil {
		return nil, c.fail(err)
	}
	if id != tokAPReq {
		return nil, c.fail(fmt.Errorf("%w: TOK_ID %#04x where an AP-REQ was due", ErrDefectiveToken, id))
	}
	var req messages.APReq
	if err := req.Unmarshal(body); err != nil {
		return nil, c.fail(fmt.Errorf("%w: AP-REQ: %v", ErrDefectiveToken, err))
	}
	if n := c.accCred.name; n != nil && !n.matches(req.Ticket.SName, req.Ticket.Realm) {
		return nil, c.fail(fmt.Errorf("%w: %s, accepting %s", ErrWrongPrincipal, nameOf(req.Ticket.SName, req.Ticket.Realm), n))
	}
	if len(req.Ticket.SName.NameString) == 0 {
		return nil, c.fail(fmt.Errorf("%w: ticket without a server name", ErrDefectiveToken))
	}
	if err := checkCipher("ticket", req.Ticket.EncPart); err != nil {
		return nil, c.fail(err)
	}
	if err := checkCipher("authenticator", req.EncryptedAuthenticator); err != nil {
		return nil, c.fail(err)
	}
	// APReq.Verify decrypts the ticket with our key, checks its times and addresses, decrypts
	// the authenticator with the session key and checks its client and time. Unlike gokrb5's
	// service.VerifyAPREQ it leaves the PAC alone (MIT 1.20 KDCs put one without logon
	// information in every ticket, which gokrb5 rejects) and has no replay cache of its own.
	skew := c.accCred.cfg.LibDefaults.Clockskew
	if ok, err := req.Verify(c.accCred.kt, skew, types.HostAddress{}, nil); err != nil || !ok {
		return nil, c.fail(fmt.Errorf("%w: AP-REQ: %v", ErrBadIntegrity, err))
	}
	if rcache.check(req.EncryptedAuthenticator.Cipher, skew) {
		return nil, c.fail(fmt.Errorf("%w: AP-REQ authenticator", ErrReplay))
	}
	auth := req.Authenticator
	if auth.Cksum.CksumType != gssChecksumType {
		return nil, c.fail(fmt.Errorf("%w: authenticator checksum type %d", ErrDefectiveToken, auth.Cksum.CksumType))
	}
	ck, err := parseGSSChecksum(auth.Cksum.Checksum)
	if err != nil {
		return nil, c.fail(err)
	}
	c.flags = ck.Flags
	c.peer = nameOf(auth.CName, auth.CRealm)
	skey := req.Ticket.DecryptedEncPart.Key
	key := skey
	if auth.SubKey.KeyType != 0 {
		key = auth.SubKey
	}
	peerSeq := seqNumber(auth.SeqNumber)
	if !types.IsFlagSet(&req.APOptions, flags.APOptionMutualRequired) {
		// No AP-REP: both directions number from the initiator's sequence number.
		return nil, c.establish(key, false, peerSeq, peerSeq)
	}
	et, err := crypto.GetEtype(key.KeyType)
	if err != nil {
		return nil, c.fail(err)
	}
	sub, err := newKey(et)
	if err != nil {
		return nil, c.fail(err)
	}
	seq, err := randomSeq()
	if err != nil {
		return nil, c.fail(err)
	}
	rep, err := sealAPRep(skey, auth.CTime, auth.Cusec, sub, seq)
	if err != nil {
		return nil, c.fail(err)
	}
	if err := c.establish(sub, true, uint64(seq), peerSeq); err != nil {
		return nil, err
	}
	return frameToken(tokAPRep, rep), nil
}

// randomSeq is a random nonzero 30-bit initial sequence number, as gokrb5 and MIT make them.
func randomSeq() (uint32, error) {
	var b [4]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return 0, err
		}
		if s := binary.BigEndian.Uint32(b[:]) & 0x3fffffff; s != 0 {
			return s, nil
		}
	}
}
