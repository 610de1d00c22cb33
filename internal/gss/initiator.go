package gss

import (
	"fmt"
	"strings"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/flags"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// NewInitiator starts an initiator's context towards the acceptor named target (of type nt),
// with cred, asking for fl (DefaultFlags; without FlagMutual the context is established by
// the first token and the acceptor sends none back). cred stays the caller's.
func NewInitiator(cred *InitiatorCred, target string, nt NameType, fl Flags) (*Context, error) {
	if cred == nil || cred.cl == nil {
		return nil, ErrNoCred
	}
	n, err := ParseName(target, nt)
	if err != nil {
		return nil, err
	}
	n = n.resolve(cred.cfg)
	return &Context{initCred: cred, target: n, peer: n, flags: fl}, nil
}

// Step is gss_init_sec_context and gss_accept_sec_context: it takes the peer's last token
// (nil for an initiator's first call) and returns the token to send, if any. The context is
// established when Step returns with Established() true; a further Step is an error.
func (c *Context) Step(in []byte) ([]byte, error) {
	switch {
	case c.acceptor && c.state == stateNew:
		return c.accept(in)
	case !c.acceptor && c.state == stateNew && in == nil:
		return c.initFirst()
	case !c.acceptor && c.state == stateWaitAPRep:
		return nil, c.initReply(in)
	}
	return nil, c.fail(ErrNoContext)
}

// initFirst gets a service ticket and makes the AP-REQ: an authenticator with a fresh subkey
// of the session key's type, a random sequence number and the 0x8003 checksum of the flags.
func (c *Context) initFirst() ([]byte, error) {
	cl := c.initCred.cl
	if cl == nil {
		return nil, c.fail(ErrNoCred)
	}
	// gokrb5 picks the ticket's realm from [domain_realm] or the client's realm; the name's
	// realm, when given, must be one of those (no cross-realm referrals).
	tkt, skey, err := cl.GetServiceTicket(strings.Join(c.target.Components, "/"))
	if err != nil {
		return nil, c.fail(fmt.Errorf("%w: service ticket for %s: %v", ErrNoCred, c.target, err))
	}
	et, err := crypto.GetEtype(skey.KeyType)
	if err != nil {
		return nil, c.fail(err)
	}
	auth, err := types.NewAuthenticator(cl.Credentials.Domain(), cl.Credentials.CName())
	if err != nil {
		return nil, c.fail(err)
	}
	seq, err := randomSeq()
	if err != nil {
		return nil, c.fail(err)
	}
	if auth.SubKey, err = newKey(et); err != nil {
		return nil, c.fail(err)
	}
	auth.SeqNumber = int64(seq)
	auth.Cksum = types.Checksum{CksumType: gssChecksumType, Checksum: gssChecksum{Flags: c.flags}.marshal()}
	req, err := messages.NewAPReq(tkt, skey, auth)
	if err != nil {
		return nil, c.fail(err)
	}
	if c.flags&FlagMutual != 0 {
		types.SetFlag(&req.APOptions, flags.APOptionMutualRequired)
	}
	b, err := req.Marshal()
	if err != nil {
		return nil, c.fail(err)
	}
	c.ctime, c.cusec = auth.CTime, auth.Cusec
	if c.flags&FlagMutual == 0 {
		// No AP-REP: the acceptor numbers its tokens from our number, with our subkey.
		if err := c.establish(auth.SubKey, false, uint64(seq), uint64(seq)); err != nil {
			return nil, err
		}
		return frameToken(tokAPReq, b), nil
	}
	c.key, c.skey = auth.SubKey, skey
	c.sendSeq = uint64(seq)
	c.state = stateWaitAPRep
	return frameToken(tokAPReq, b), nil
}

// initReply checks the acceptor's AP-REP: it must decrypt with the session key and echo our
// authenticator's time. Its subkey, if any, becomes the per-message key, and its sequence
// number the first one we expect.
func (c *Context) initReply(in []byte) (err error) {
	defer c.recoverDefective(&err)
	id, body, err := parseToken(in)
	if err != nil {
		return c.fail(err)
	}
	switch id {
	case tokAPRep:
	case tokKRBError:
		var ke messages.KRBError
		if err := ke.Unmarshal(body); err != nil {
			return c.fail(fmt.Errorf("%w: %v", ErrDefectiveToken, err))
		}
		return c.fail(fmt.Errorf("%w: %s", ErrKRBError, ke.Error()))
	default:
		return c.fail(fmt.Errorf("%w: TOK_ID %#04x where an AP-REP was due", ErrDefectiveToken, id))
	}
	part, err := openAPRep(body, c.skey)
	if err != nil {
		return c.fail(err)
	}
	if part.CTime.Unix() != c.ctime.Unix() || part.Cusec != c.cusec {
		return c.fail(fmt.Errorf("%w: AP-REP time differs from the authenticator's", ErrMutual))
	}
	key, accSubkey := c.key, false
	if part.Subkey.KeyType != 0 {
		key, accSubkey = part.Subkey, true
	}
	return c.establish(key, accSubkey, c.sendSeq, seqNumber(part.SequenceNumber))
}
