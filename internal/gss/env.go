package gss

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jcmturner/gokrb5/v8/config"
)

// Env is where credentials come from, named as MIT's libraries name them. EnvFromOS reads the
// process environment; tests may fill one in directly.
type Env struct {
	Config       string // KRB5_CONFIG: krb5.conf paths separated by ':' (default /etc/krb5.conf)
	Keytab       string // KRB5_KTNAME: the acceptor's keys (default default_keytab_name)
	ClientKeytab string // KRB5_CLIENT_KTNAME: keys an initiator gets a ticket with
	CCache       string // KRB5CCNAME: an initiator's ticket cache (default default_ccache_name)
}

// EnvFromOS reads the environment variables MIT reads.
func EnvFromOS() Env {
	return Env{
		Config:       os.Getenv("KRB5_CONFIG"),
		Keytab:       os.Getenv("KRB5_KTNAME"),
		ClientKeytab: os.Getenv("KRB5_CLIENT_KTNAME"),
		CCache:       os.Getenv("KRB5CCNAME"),
	}
}

// loadConfig reads the first krb5.conf of the list that exists. MIT merges every file of the
// list; here a realm's settings must live in one file. Without any file the configuration is
// empty (no default realm), and names must carry their realm.
func (e Env) loadConfig() (*config.Config, string, error) {
	list := e.Config
	if list == "" {
		list = "/etc/krb5.conf"
	}
	for _, p := range strings.Split(list, ":") {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err != nil {
			continue
		}
		cfg, err := config.Load(p)
		var unsupported config.UnsupportedDirective
		if err != nil && !errors.As(err, &unsupported) {
			return nil, "", fmt.Errorf("gss: %s: %w", p, err)
		}
		return cfg, p, nil
	}
	return config.New(), "", nil
}

// residual returns the path of a FILE: (or WRFILE:, or typeless) keytab or ccache name, with
// MIT's %{uid}, %{euid}, %{username} and %{TEMP} expanded. Other types (MEMORY:, KEYRING:,
// KCM:, DIR:, API:) give ok == false: they cannot be read from Go.
func residual(name string) (path string, ok bool) {
	typ, rest, found := strings.Cut(name, ":")
	if !found || strings.HasPrefix(name, "/") {
		typ, rest = "FILE", name
	}
	switch strings.ToUpper(typ) {
	case "FILE", "WRFILE":
	default:
		return "", false
	}
	uid := strconv.Itoa(os.Getuid())
	r := strings.NewReplacer("%{uid}", uid, "%{euid}", strconv.Itoa(os.Geteuid()),
		"%{USERID}", uid, "%{username}", os.Getenv("USER"), "%{TEMP}", os.TempDir())
	return filepath.Clean(r.Replace(rest)), true
}

// defaultCCacheName reads default_ccache_name from krb5.conf's [libdefaults], which gokrb5 does
// not parse; MIT's built-in default is FILE:/tmp/krb5cc_%{uid}.
func defaultCCacheName(confPath string) string {
	if confPath != "" {
		if b, err := os.ReadFile(confPath); err == nil {
			section := ""
			for _, line := range strings.Split(string(b), "\n") {
				line = strings.TrimSpace(line)
				if strings.HasPrefix(line, "[") {
					section = line
					continue
				}
				k, v, ok := strings.Cut(line, "=")
				if ok && section == "[libdefaults]" && strings.TrimSpace(k) == "default_ccache_name" {
					return strings.TrimSpace(v)
				}
			}
		}
	}
	return "FILE:/tmp/krb5cc_%{uid}"
}
