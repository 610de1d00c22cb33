package gss

import "errors"

// Errors. Every failure of a token a peer sent is one of these (possibly wrapped with detail),
// so a caller may close the connection on any error without looking closer.
var (
	// ErrDefectiveToken: a token that does not parse (GSS_S_DEFECTIVE_TOKEN).
	ErrDefectiveToken = errors.New("gss: defective token")
	// ErrBadMech: an initial context token for another mechanism than Kerberos V5.
	ErrBadMech = errors.New("gss: not a Kerberos V5 token")
	// ErrBadIntegrity: a token whose checksum or encryption does not verify (GSS_S_BAD_SIG).
	ErrBadIntegrity = errors.New("gss: token integrity check failed")
	// ErrReplay: a per-message token whose sequence number was already seen or comes late
	// (GSS_S_DUPLICATE_TOKEN / GSS_S_OLD_TOKEN).
	ErrReplay = errors.New("gss: replayed or reordered token")
	// ErrGap: a per-message token after a missing one (GSS_S_GAP_TOKEN).
	ErrGap = errors.New("gss: token sequence gap")
	// ErrDirection: a token that claims to come from our own side, such as a token of ours
	// reflected back.
	ErrDirection = errors.New("gss: token sent in the wrong direction")
	// ErrNotSealed: a Wrap token without confidentiality.
	ErrNotSealed = errors.New("gss: wrap token is not sealed")
	// ErrNoContext: a per-message call on a context that is not established, or a context
	// step after it is established or failed.
	ErrNoContext = errors.New("gss: no established context")
	// ErrNoCred: no usable credentials (no keytab, no ccache, no key for the name).
	ErrNoCred = errors.New("gss: no credentials")
	// ErrBadName: a name that does not parse.
	ErrBadName = errors.New("gss: bad name")
	// ErrWrongPrincipal: a ticket for a principal other than the acceptor's name.
	ErrWrongPrincipal = errors.New("gss: ticket is for another principal")
	// ErrMutual: an AP-REP that does not answer our authenticator.
	ErrMutual = errors.New("gss: mutual authentication failed")
	// ErrKRBError: the peer answered with a KRB-ERROR token.
	ErrKRBError = errors.New("gss: peer sent a Kerberos error")
)
