// Package auth is a ready ZAP handler (RFC 27) for zreactor contexts: the role czmq's zauth
// actor plays for libzmq. An Authenticator binds a REP socket at inproc://zeromq.zap.01 in a
// zmq.Context and answers the authentication requests that server sockets of that context send
// while they handshake with a peer: it lets peers in or keeps them out by IP address, checks
// PLAIN usernames and passwords, and CURVE client public keys.
//
// # Policy
//
// A request passes two checks, in this order:
//
//  1. Address. If any address was given to Allow, only peers whose IP matches one of them pass;
//     otherwise, peers whose IP matches one given to Deny are refused. Address rules apply to
//     every mechanism and every domain, and a refused peer is never asked for credentials.
//  2. Mechanism. NULL passes once its address passed. PLAIN needs a username and password
//     registered with AddPlainUser or SetPlainUsers; CURVE needs a client public key registered
//     with AllowCurveKeys or found in a directory of certificates given to
//     AllowCurveCertificates, or a domain opened with AllowAnyCurve. Other mechanisms are
//     refused.
//
// Users and keys belong to a ZAP domain, the value of the server socket's SetZapDomain (empty
// when unset). The domain "*" stands for every domain. A request is checked against its own
// domain first: a PLAIN user registered there is judged by that entry alone, and only a
// username unknown in the request's domain is looked up under "*". A CURVE key passes if its
// own domain or "*" allows it (or allows any key).
//
// With no policy at all, NULL peers pass and PLAIN and CURVE peers are refused, as with zauth.
//
// Accepted peers get a User-Id (the PLAIN username, or the CURVE public key in Z85; none for
// NULL) and any metadata set with SetPlainMetadata or SetCurveMetadata (looked up in the
// request's domain first, then "*"); the server socket's messages from them carry these as
// properties (zmq.Msg.Property). Refused peers get status 400. A request that breaks RFC 27
// (wrong version, missing frames, credentials of the wrong shape for NULL, PLAIN or CURVE) gets
// status 500, logged at Warn, and the handler goes on serving.
//
// # Which sockets ask
//
// As in libzmq 4.3: a PLAIN server always asks the handler (and refuses every peer when none
// is bound); a CURVE server asks when a handler is bound; a NULL server asks only when its ZAP
// domain is set (SetZapDomain). Start the Authenticator before the server sockets accept
// connections: a CURVE server that finds no handler lets every client with a valid handshake in.
//
// # Lifecycle and threading
//
// New starts one goroutine that owns the handler socket. All methods of an Authenticator are
// safe for concurrent use, and policy changes apply to the next request. Stop it with Close
// before closing the context; if the context is closed first, Context.Close makes the
// goroutine's receive fail with zmq.ErrTerminated, the goroutine closes its socket and exits,
// and Context.Close can then return. Close is still allowed (and returns nil) afterwards.
// Either way no goroutine is left behind. After Close a new Authenticator may bind in the same
// context.
package auth
