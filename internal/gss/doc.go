// Package gss is the Kerberos V5 GSS-API mechanism (RFC 4121) that zreactor's ZMTP "GSSAPI"
// security mechanism runs on, written in Go on top of gokrb5 the way MIT's libgssapi_krb5
// behaves, so that it interoperates with libzmq built against MIT Kerberos:
//
//   - credential discovery as MIT's GSS-API does it: krb5.conf from KRB5_CONFIG, acceptor
//     keys from KRB5_KTNAME, an initiator's ticket from a FILE: ccache named by KRB5CCNAME or
//     else obtained with the keys in KRB5_CLIENT_KTNAME (cred.go, env.go);
//   - names in libzmq's three types: host-based "service@host", user name, krb5 principal
//     (name.go);
//   - context establishment, initiator and acceptor, exchanging RFC 2743 framed tokens:
//     AP-REQ with the RFC 4121 0x8003 authenticator checksum, AP-REP for mutual
//     authentication with an acceptor subkey as MIT makes it (token.go, checksum.go,
//     initiator.go, acceptor.go, aprep.go);
//   - per-message protection with RFC 4121 CFX tokens: sealed Wrap/Unwrap and GetMIC/VerifyMIC,
//     with strict sequence checks (wrap.go, mic.go, seq.go).
//
// gokrb5 supplies krb5.conf, keytab and ccache parsing, the AS and TGS exchanges, the
// RFC 3961/3962/8009 encryption profiles and AP-REQ verification; everything GSS-API is here.
//
// Not supported, on purpose: SPNEGO (libzmq asks for the krb5 mechanism directly), DCE style,
// RC4 and DES tokens (RFC 1964), integrity-only Wrap tokens (libzmq's plaintext mode sends no
// tokens at all, and an encrypted connection must not accept unsealed ones), credential
// delegation (a delegated ticket is ignored), channel bindings, cross-realm name mapping.
//
// Threading rule: a Context belongs to one connection and is not safe for concurrent use.
// Credentials are immutable after acquisition and may be shared.
package gss
