package auth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/zreactor/zmq"
)

// AllowCurveCertificates lets in to domain ("*": every domain) the CURVE clients whose public
// keys are in the certificates of directory dir, as czmq's zauth does given a location with its
// CURVE command, and pyzmq's Authenticator.configure_curve(domain, location): every regular
// file of dir whose name does not end in "_secret" or start with "." is read with
// zmq.LoadCertificate, so a directory written by pyzmq's create_certificates (name.key,
// name.key_secret) or czmq's zcert_save (name, name_secret) works as it is. Files that are not
// certificates are skipped and logged at Warn (pyzmq reads only *.key files; czmq skips what
// it cannot parse). Unlike czmq, subdirectories are not read, as in pyzmq. A client accepted by a
// certificate gets its key as User-Id and, as with czmq's zauth, the certificate's metadata as
// properties, unless SetCurveMetadata gave its key metadata of its own.
//
// The directory is read once, now, as pyzmq does: no watching (czmq checks the directory's
// time and size on every request and reloads it when they change). Calling again with the same domain and
// directory reloads it, replacing the keys it gave before (keys no longer there stop being
// allowed), for instance on SIGHUP; the keys of other directories, and those given to
// AllowCurveKeys, are not affected. An error (a directory that cannot be read) leaves the
// policy as it was; it wraps the error of the file system.
func (a *Authenticator) AllowCurveCertificates(domain, dir string) error {
	keys, err := a.loadCertificates(dir)
	if err != nil {
		return err
	}
	dir = filepath.Clean(dir)
	a.mu.Lock()
	defer a.mu.Unlock()
	byDir := a.pol.curveDirs[domain]
	if byDir == nil {
		byDir = make(map[string]map[string]map[string]string)
		a.pol.curveDirs[domain] = byDir
	}
	byDir[dir] = keys
	return nil
}

// loadCertificates reads the certificates in dir: their metadata by raw public key.
func (a *Authenticator) loadCertificates(dir string) (map[string]map[string]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("auth: CURVE certificates: %w", err)
	}
	keys := make(map[string]map[string]string)
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_secret") || strings.HasPrefix(name, ".") {
			continue
		}
		path := filepath.Join(dir, name)
		if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() {
			continue // a subdirectory, a dangling link, a socket...
		}
		c, err := zmq.LoadCertificate(path)
		if err != nil {
			a.log.Warn("CURVE certificate skipped", "file", path, "error", err.Error())
			continue
		}
		raw, _ := rawKey(c.PublicKey) // LoadCertificate checked it
		keys[raw] = a.certMetadata(path, c.Metadata)
	}
	a.log.Debug("CURVE certificates loaded", "dir", dir, "keys", len(keys))
	return keys, nil
}

// certMetadata keeps the metadata a ZAP reply can carry: ZPL allows names ZMTP does not
// ("$", "@", "&", "/"), and those entries are left out with a warning.
func (a *Authenticator) certMetadata(path string, md map[string]string) map[string]string {
	var out map[string]string
	for name, value := range md {
		if err := checkProperty(name, value); err != nil {
			a.log.Warn("CURVE certificate metadata skipped", "file", path, "name", name, "error", err.Error())
			continue
		}
		if out == nil {
			out = make(map[string]string, len(md))
		}
		out[name] = value
	}
	return out
}
