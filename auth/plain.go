package auth

import "crypto/subtle"

// SetPlainUsers replaces the PLAIN users of domain ("*": every domain) with users, a map from
// username to password; an empty or nil map removes them all. The map is copied.
func (a *Authenticator) SetPlainUsers(domain string, users map[string]string) {
	m := make(map[string]string, len(users))
	for u, pw := range users {
		m[u] = pw
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(m) == 0 {
		delete(a.pol.plain, domain)
		return
	}
	a.pol.plain[domain] = m
}

// AddPlainUser adds a PLAIN user to domain ("*": every domain), or changes its password.
func (a *Authenticator) AddPlainUser(domain, user, password string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	m := a.pol.plain[domain]
	if m == nil {
		m = make(map[string]string)
		a.pol.plain[domain] = m
	}
	m[user] = password
}

// RemovePlainUser removes a PLAIN user from domain; it does nothing if there is none.
func (a *Authenticator) RemovePlainUser(domain, user string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	delete(a.pol.plain[domain], user)
}

// checkPlain looks the username up in the request's domain, then in "*"; the first entry
// found decides.
func (p *policy) checkPlain(r *request) verdict {
	for _, d := range domainsOf(r.domain) {
		pw, ok := p.plain[d][r.user]
		if !ok {
			continue
		}
		if subtle.ConstantTimeCompare([]byte(pw), r.creds[1]) == 1 {
			return verdict{ok: true, reason: "PLAIN password matches"}
		}
		return verdict{reason: "wrong password"}
	}
	return verdict{reason: "unknown user"}
}
