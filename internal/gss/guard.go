package gss

import (
	"crypto/rand"
	"fmt"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/crypto/etype"
	"github.com/jcmturner/gokrb5/v8/iana/etypeID"
	"github.com/jcmturner/gokrb5/v8/types"
)

// gokrb5 v8.4.4 slices a ciphertext shorter than its checksum without looking first, and
// panics; so does its ASN.1 decoder on some malformed inputs. Every ciphertext a peer sends is
// measured with minCipher before it reaches gokrb5, and each establishment step recovers a
// panic into ErrDefectiveToken as a second line (fuzz tests check both).

// minCipher is the shortest ciphertext et can produce: a confounder block and the checksum.
func minCipher(et etype.EType) int {
	return et.GetConfounderByteSize() + et.GetHMACBitLength()/8
}

// checkCipher checks that ed has a known etype and a ciphertext long enough to decrypt.
func checkCipher(what string, ed types.EncryptedData) error {
	et, err := crypto.GetEtype(ed.EType)
	if err != nil {
		return fmt.Errorf("%w: %s etype %d", ErrDefectiveToken, what, ed.EType)
	}
	if len(ed.Cipher) < minCipher(et) {
		return fmt.Errorf("%w: %d-byte %s ciphertext", ErrDefectiveToken, len(ed.Cipher), what)
	}
	return nil
}

// recoverDefective turns a panic in gokrb5 into a failed context and ErrDefectiveToken.
func (c *Context) recoverDefective(err *error) {
	if r := recover(); r != nil {
		c.state = stateFailed
		*err = fmt.Errorf("%w: %v", ErrDefectiveToken, r)
	}
}

// keySize is the protocol key size of et. gokrb5 v8.4.4 reports 24 bytes for
// aes256-cts-hmac-sha384-192 (RFC 8009), whose keys are 32 bytes, and its own encryption
// wants 32.
func keySize(et etype.EType) int {
	if et.GetETypeID() == etypeID.AES256_CTS_HMAC_SHA384_192 {
		return 32
	}
	return et.GetKeyByteSize()
}

// newKey makes a random key of type et (AES keys are their random bytes, RFC 3962 §6).
func newKey(et etype.EType) (types.EncryptionKey, error) {
	b := make([]byte, keySize(et))
	if _, err := rand.Read(b); err != nil {
		return types.EncryptionKey{}, err
	}
	return types.EncryptionKey{KeyType: et.GetETypeID(), KeyValue: et.RandomToKey(b)}, nil
}
