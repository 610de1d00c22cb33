package kdctest

import (
	"fmt"
	"os"
	"path/filepath"
)

// krb5Conf is the client side's configuration. The DNS and canonicalisation switches make name
// handling deterministic (the host part of "svc@host" is taken as written, lower-cased);
// udp_preference_limit = 1 sends every request over TCP. The enctype lines list the AES types
// only: gokrb5's built-in defaults lack RFC 8009's and include arcfour.
const krb5Conf = `[libdefaults]
    default_realm = %[1]s
    dns_lookup_kdc = false
    dns_lookup_realm = false
    dns_canonicalize_hostname = false
    rdns = false
    udp_preference_limit = 1
    forwardable = false
    ticket_lifetime = 1h
    default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128
    default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96 aes256-cts-hmac-sha384-192 aes128-cts-hmac-sha256-128
    default_ccache_name = FILE:%[3]s/ccache
    default_keytab_name = FILE:%[3]s/service.keytab
    default_client_keytab_name = FILE:%[3]s/client.keytab

[realms]
    %[1]s = {
        kdc = 127.0.0.1:%[2]d
    }

[domain_realm]
    localhost = %[1]s
    .localhost = %[1]s
`

// kdcConf is the KDC's: database, stash and log in the directory, listening on one port.
const kdcConf = `[kdcdefaults]
    kdc_listen = 127.0.0.1:%[2]d
    kdc_tcp_listen = 127.0.0.1:%[2]d

[realms]
    %[1]s = {
        database_name = %[3]s/principal
        key_stash_file = %[3]s/stash
        acl_file = %[3]s/kadm5.acl
        kdc_listen = 127.0.0.1:%[2]d
        kdc_tcp_listen = 127.0.0.1:%[2]d
        max_life = 10h
        max_renewable_life = 0
        supported_enctypes = %[4]s
    }

[logging]
    kdc = FILE:%[3]s/kdc.log
    default = FILE:%[3]s/kdc.log
`

func (k *KDC) writeConfig(o Options) error {
	if err := os.WriteFile(k.Config, []byte(fmt.Sprintf(krb5Conf, k.Realm, k.Port, k.Dir)), 0o600); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(k.Dir, "kdc.conf"), []byte(fmt.Sprintf(kdcConf, k.Realm, k.Port, k.Dir, o.Enctypes)), 0o600)
}
