package auth

import "errors"

// Mechanism names as they appear in ZAP requests.
const (
	mechNull  = "NULL"
	mechPlain = "PLAIN"
	mechCurve = "CURVE"
)

// request is one parsed ZAP request (RFC 27), without the envelope REP removed.
type request struct {
	id        []byte // echoed in the reply
	domain    string
	address   string
	identity  []byte
	mechanism string
	creds     [][]byte
	user      string // PLAIN username or Z85 CURVE key, once known; for logs and User-Id
}

// Errors for malformed requests; their text goes into the 500 reply's status text.
var (
	errShortRequest = errors.New("request has fewer than 6 frames")
	errVersion      = errors.New("request version is not 1.0")
	errPlainCreds   = errors.New("PLAIN request needs 2 credential frames")
	errCurveCreds   = errors.New("CURVE request needs one 32-byte credential frame")
	errNullCreds    = errors.New("NULL request has credential frames")
)

// parseRequest splits a request into its fields and checks the credentials' shape for the
// mechanisms we know. On error the returned request still holds the id if there was one, so
// the 500 reply can echo it.
func parseRequest(f [][]byte) (request, error) {
	var r request
	if len(f) > 1 {
		r.id = f[1]
	}
	if len(f) < 6 {
		return r, errShortRequest
	}
	if string(f[0]) != "1.0" {
		return r, errVersion
	}
	r.domain, r.address, r.identity = string(f[2]), string(f[3]), f[4]
	r.mechanism, r.creds = string(f[5]), f[6:]
	return r, r.checkCredentials()
}

func (r *request) checkCredentials() error {
	switch r.mechanism {
	case mechNull:
		if len(r.creds) != 0 {
			return errNullCreds
		}
	case mechPlain:
		if len(r.creds) != 2 {
			return errPlainCreds
		}
		r.user = string(r.creds[0])
	case mechCurve:
		if len(r.creds) != 1 || len(r.creds[0]) != curveKeyLen {
			return errCurveCreds
		}
		r.user = keyText(r.creds[0])
	}
	return nil
}
