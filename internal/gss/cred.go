package gss

import (
	"fmt"
	"os"
	"time"

	"github.com/jcmturner/gokrb5/v8/client"
	"github.com/jcmturner/gokrb5/v8/config"
	"github.com/jcmturner/gokrb5/v8/credentials"
	"github.com/jcmturner/gokrb5/v8/keytab"
	"github.com/jcmturner/gokrb5/v8/types"
)

// InitiatorCred is an initiator's credential: a client principal with a TGT, from a ccache or
// obtained with a client keytab (gss_acquire_cred with GSS_C_INITIATE). Release it when done:
// a TGT obtained here has a renewal goroutine.
type InitiatorCred struct {
	cfg  *config.Config
	cl   *client.Client
	name Name
}

// AcceptorCred is an acceptor's credential: a keytab, and the name it accepts tickets for
// (gss_acquire_cred with GSS_C_ACCEPT). Without a name it accepts a ticket for any principal
// whose key the keytab holds, as MIT does with GSS_C_NO_CREDENTIAL.
type AcceptorCred struct {
	cfg  *config.Config
	kt   *keytab.Keytab
	name *Name
}

// AcquireInitiator finds an initiator credential as MIT's GSS-API does: the ccache KRB5CCNAME
// names (or default_ccache_name) if it holds a valid TGT for the wanted principal, else a TGT
// obtained from the KDC with the keys in KRB5_CLIENT_KTNAME (or default_client_keytab_name).
// An empty principal takes the ccache's principal or the client keytab's first one.
func AcquireInitiator(env Env, principal string, nt NameType) (*InitiatorCred, error) {
	cfg, confPath, err := env.loadConfig()
	if err != nil {
		return nil, err
	}
	var want *Name
	if principal != "" {
		n, err := ParseName(principal, nt)
		if err != nil {
			return nil, err
		}
		n = n.resolve(cfg)
		want = &n
	}
	ccName := env.CCache
	if ccName == "" {
		ccName = defaultCCacheName(confPath)
	}
	if c, ok := fromCCache(cfg, ccName, want); ok {
		return c, nil
	}
	ktName := env.ClientKeytab
	if ktName == "" {
		ktName = cfg.LibDefaults.DefaultClientKeytabName
	}
	c, err := fromClientKeytab(cfg, ktName, want)
	if err != nil {
		return nil, fmt.Errorf("%w: no valid TGT in %q and %v", ErrNoCred, ccName, err)
	}
	return c, nil
}

// fromCCache uses a FILE ccache whose principal is the wanted one and whose TGT is valid.
// Any other ccache (missing, another type, expired) is not an error: the caller goes on to
// the client keytab.
func fromCCache(cfg *config.Config, ccName string, want *Name) (*InitiatorCred, bool) {
	path, ok := residual(ccName)
	if !ok {
		return nil, false
	}
	if _, err := os.Stat(path); err != nil {
		return nil, false
	}
	cc, err := credentials.LoadCCache(path)
	if err != nil {
		return nil, false
	}
	realm := cc.GetClientRealm()
	name := nameOf(cc.GetClientPrincipalName(), realm)
	if want != nil && !want.matches(cc.GetClientPrincipalName(), realm) {
		return nil, false
	}
	tgt, found := cc.GetEntry(types.PrincipalName{NameString: []string{"krbtgt", realm}})
	if !found || !time.Now().Before(tgt.EndTime) {
		return nil, false
	}
	cl, err := client.NewFromCCache(cc, cfg, client.DisablePAFXFAST(true))
	if err != nil {
		return nil, false
	}
	return &InitiatorCred{cfg: cfg, cl: cl, name: name}, true
}

// fromClientKeytab logs in with a client keytab's keys.
func fromClientKeytab(cfg *config.Config, ktName string, want *Name) (*InitiatorCred, error) {
	path, ok := residual(ktName)
	if !ok {
		return nil, fmt.Errorf("client keytab %q: unsupported type", ktName)
	}
	kt, err := keytab.Load(path)
	if err != nil {
		return nil, fmt.Errorf("client keytab %q: %v", ktName, err)
	}
	var name Name
	switch {
	case want != nil:
		name = *want
		if !keytabHas(kt, name) {
			return nil, fmt.Errorf("client keytab %q has no key for %s", ktName, name)
		}
	case len(kt.Entries) > 0:
		p := kt.Entries[0].Principal
		name = Name{Components: append([]string(nil), p.Components...), Realm: p.Realm}
	default:
		return nil, fmt.Errorf("client keytab %q is empty", ktName)
	}
	cl := client.NewWithKeytab(joinComponents(name.Components), name.Realm, kt, cfg, client.DisablePAFXFAST(true))
	if err := cl.Login(); err != nil {
		cl.Destroy()
		return nil, fmt.Errorf("login as %s: %v", name, err)
	}
	return &InitiatorCred{cfg: cfg, cl: cl, name: name}, nil
}

func joinComponents(c []string) string {
	s := ""
	for i, x := range c {
		if i > 0 {
			s += "/"
		}
		s += x
	}
	return s
}

// keytabHas reports whether kt holds a key for n.
func keytabHas(kt *keytab.Keytab, n Name) bool {
	for _, e := range kt.Entries {
		pn := types.PrincipalName{NameString: e.Principal.Components}
		if n.matches(pn, e.Principal.Realm) {
			return true
		}
	}
	return false
}

// Name is the credential's principal.
func (c *InitiatorCred) Name() Name { return c.name }

// Release stops the TGT's renewal and forgets the tickets. The credential is unusable after.
func (c *InitiatorCred) Release() {
	if c != nil && c.cl != nil {
		c.cl.Destroy()
		c.cl = nil
	}
}

// AcquireAcceptor loads the acceptor's keytab, KRB5_KTNAME or default_keytab_name. With a
// principal, the keytab must hold its keys, and only tickets for it are accepted.
func AcquireAcceptor(env Env, principal string, nt NameType) (*AcceptorCred, error) {
	cfg, _, err := env.loadConfig()
	if err != nil {
		return nil, err
	}
	ktName := env.Keytab
	if ktName == "" {
		ktName = cfg.LibDefaults.DefaultKeytabName
	}
	path, ok := residual(ktName)
	if !ok {
		return nil, fmt.Errorf("%w: keytab %q: unsupported type", ErrNoCred, ktName)
	}
	kt, err := keytab.Load(path)
	if err != nil {
		return nil, fmt.Errorf("%w: keytab %q: %v", ErrNoCred, ktName, err)
	}
	c := &AcceptorCred{cfg: cfg, kt: kt}
	if principal != "" {
		n, err := ParseName(principal, nt)
		if err != nil {
			return nil, err
		}
		if !n.Hostbased {
			n = n.resolve(cfg)
		}
		if !keytabHas(kt, n) {
			return nil, fmt.Errorf("%w: keytab %q has no key for %s", ErrNoCred, ktName, n)
		}
		c.name = &n
	} else if len(kt.Entries) == 0 {
		return nil, fmt.Errorf("%w: keytab %q is empty", ErrNoCred, ktName)
	}
	return c, nil
}
