package auth

// policy is the Authenticator's rule set. The Authenticator's mutex guards it; decide only
// reads it. The maps in meta are replaced, never changed, so a verdict may read one after the
// lock is released.
type policy struct {
	allow, deny addrSet
	plain       map[string]map[string]string                       // domain -> username -> password
	curve       map[string]map[string]struct{}                     // domain -> raw 32-byte keys
	curveDirs   map[string]map[string]map[string]map[string]string // domain -> directory -> raw key -> its certificate's metadata (certs.go)
	curveAny    map[string]bool                                    // domains open to any CURVE key
	meta        map[userKey]map[string]string                      // properties for accepted users
}

func newPolicy() policy {
	return policy{
		plain:     make(map[string]map[string]string),
		curve:     make(map[string]map[string]struct{}),
		curveDirs: make(map[string]map[string]map[string]map[string]string),
		curveAny:  make(map[string]bool),
		meta:      make(map[userKey]map[string]string),
	}
}

// anyDomain is the domain name standing for every domain.
const anyDomain = "*"

// decide applies the address rules, then the mechanism's.
func (p *policy) decide(r *request) verdict {
	if ok, reason := p.checkAddress(r.address); !ok {
		return verdict{reason: reason}
	}
	var v verdict
	switch r.mechanism {
	case mechNull:
		v = verdict{ok: true, reason: "NULL"}
	case mechPlain:
		v = p.checkPlain(r)
	case mechCurve:
		v = p.checkCurve(r)
	default:
		return verdict{reason: "mechanism not supported"}
	}
	if v.ok && r.mechanism != mechNull {
		if md := p.userMetadata(r); md != nil || v.meta == nil {
			v.meta = md // metadata set for the user wins over a certificate's
		}
	}
	return v
}

// checkAddress applies Allow, or failing that Deny, to the peer's address.
func (p *policy) checkAddress(address string) (bool, string) {
	switch {
	case !p.allow.empty():
		if !p.allow.contains(address) {
			return false, "address not allowed"
		}
	case p.deny.contains(address):
		return false, "address denied"
	}
	return true, ""
}

// domainsOf lists where a request's domain looks things up, the specific domain first.
func domainsOf(domain string) []string {
	if domain == anyDomain {
		return []string{anyDomain}
	}
	return []string{domain, anyDomain}
}

// userKey names a user for metadata: the PLAIN username or the raw CURVE key, per domain.
type userKey struct {
	domain, mechanism, id string
}

// userMetadata finds the properties set for the request's user, its own domain first.
func (p *policy) userMetadata(r *request) map[string]string {
	id := r.user
	if r.mechanism == mechCurve {
		id = string(r.creds[0])
	}
	for _, d := range domainsOf(r.domain) {
		if md, ok := p.meta[userKey{d, r.mechanism, id}]; ok {
			return md
		}
	}
	return nil
}
