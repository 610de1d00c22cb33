package gss

import (
	"encoding/asn1"
	"fmt"
	"time"

	"github.com/jcmturner/gokrb5/v8/crypto"
	"github.com/jcmturner/gokrb5/v8/iana/keyusage"
	"github.com/jcmturner/gokrb5/v8/iana/msgtype"
	"github.com/jcmturner/gokrb5/v8/messages"
	"github.com/jcmturner/gokrb5/v8/types"
)

// ASN.1 application tags of RFC 4120 §5.5.2.
const (
	tagAPRep        = 15
	tagEncAPRepPart = 27
)

// encAPRepPart is EncAPRepPart for encoding: gokrb5 only decodes it. Zero optional fields are
// left out (encoding/asn1 omits an optional field holding its zero value), so an AP-REP
// without a subkey has none.
type encAPRepPart struct {
	CTime          time.Time           `asn1:"generalized,explicit,tag:0"`
	Cusec          int                 `asn1:"explicit,tag:1"`
	Subkey         types.EncryptionKey `asn1:"optional,explicit,tag:2"`
	SequenceNumber int64               `asn1:"optional,explicit,tag:3"`
}

type apRep struct {
	PVNO    int                 `asn1:"explicit,tag:0"`
	MsgType int                 `asn1:"explicit,tag:1"`
	EncPart types.EncryptedData `asn1:"explicit,tag:2"`
}

// appTag wraps DER bytes in an [APPLICATION tag] constructed tag.
func appTag(tag int, der []byte) ([]byte, error) {
	return asn1.Marshal(asn1.RawValue{Class: asn1.ClassApplication, Tag: tag, IsCompound: true, Bytes: der})
}

// sealAPRep makes the KRB_AP_REP answering an authenticator of time ctime/cusec, carrying
// subkey (may be zero) and seq, encrypted in the session key (key usage 12).
func sealAPRep(skey types.EncryptionKey, ctime time.Time, cusec int, subkey types.EncryptionKey, seq uint32) ([]byte, error) {
	part, err := asn1.Marshal(encAPRepPart{CTime: ctime.UTC(), Cusec: cusec, Subkey: subkey, SequenceNumber: int64(seq)})
	if err != nil {
		return nil, err
	}
	if part, err = appTag(tagEncAPRepPart, part); err != nil {
		return nil, err
	}
	ed, err := crypto.GetEncryptedData(part, skey, keyusage.AP_REP_ENCPART, 0)
	if err != nil {
		return nil, err
	}
	rep, err := asn1.Marshal(apRep{PVNO: 5, MsgType: msgtype.KRB_AP_REP, EncPart: ed})
	if err != nil {
		return nil, err
	}
	return appTag(tagAPRep, rep)
}

// openAPRep decodes and decrypts a KRB_AP_REP with the session key.
func openAPRep(b []byte, skey types.EncryptionKey) (messages.EncAPRepPart, error) {
	var part messages.EncAPRepPart
	var rep messages.APRep
	if err := rep.Unmarshal(b); err != nil {
		return part, fmt.Errorf("%w: AP-REP: %v", ErrDefectiveToken, err)
	}
	if rep.EncPart.EType != skey.KeyType {
		return part, fmt.Errorf("%w: AP-REP etype %d, session key %d", ErrMutual, rep.EncPart.EType, skey.KeyType)
	}
	if err := checkCipher("AP-REP", rep.EncPart); err != nil {
		return part, err
	}
	plain, err := crypto.DecryptEncPart(rep.EncPart, skey, keyusage.AP_REP_ENCPART)
	if err != nil {
		return part, fmt.Errorf("%w: AP-REP: %v", ErrBadIntegrity, err)
	}
	if err := part.Unmarshal(plain); err != nil {
		return part, fmt.Errorf("%w: EncAPRepPart: %v", ErrDefectiveToken, err)
	}
	return part, nil
}
