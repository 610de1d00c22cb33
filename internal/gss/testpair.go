package gss

import (
	"github.com/jcmturner/gokrb5/v8/types"
)

// NewTestPair returns an established initiator and acceptor that share key (of the etype
// with that number, e.g. 18 for aes256-cts-hmac-sha1-96) as the acceptor subkey, the
// initiator numbering from 100 and the acceptor from 500, as if they had exchanged an AP-REQ
// and an AP-REP. It is for tests and fuzz targets that need contexts without a KDC: the
// tokens such a pair makes are ordinary RFC 4121 tokens under key.
func NewTestPair(etype int32, key []byte) (ini, acc *Context, err error) {
	k := types.EncryptionKey{KeyType: etype, KeyValue: append([]byte(nil), key...)}
	ini, acc = &Context{}, &Context{acceptor: true}
	if err := ini.establish(k, true, 100, 500); err != nil {
		return nil, nil, err
	}
	if err := acc.establish(k, true, 500, 100); err != nil {
		return nil, nil, err
	}
	return ini, acc, nil
}
