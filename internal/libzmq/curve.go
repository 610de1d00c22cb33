//go:build cgo

package libzmq

/*
#include <stdlib.h>
#include <stdint.h>
#include <zmq.h>
*/
import "C"

import (
	"fmt"
	"unsafe"
)

// Has is zmq_has: whether the linked libzmq supports a capability ("curve", "ipc", "draft" ...).
func Has(capability string) bool {
	cs := C.CString(capability)
	defer C.free(unsafe.Pointer(cs))
	return C.zmq_has(cs) != 0
}

// CurveKeypair is zmq_curve_keypair: a fresh CURVE key pair, each key as 40 Z85 characters.
func CurveKeypair() (public, secret string, err error) {
	var pub, sec [41]C.char
	rc, cerr := C.zmq_curve_keypair(&pub[0], &sec[0])
	if err := check("zmq_curve_keypair", rc, cerr); err != nil {
		return "", "", err
	}
	return C.GoString(&pub[0]), C.GoString(&sec[0]), nil
}

// CurvePublic is zmq_curve_public: the Z85 public key of a Z85 secret key.
func CurvePublic(secret string) (string, error) {
	if len(secret) != 40 {
		return "", fmt.Errorf("libzmq: CURVE secret key of %d characters, want 40", len(secret))
	}
	cs := C.CString(secret)
	defer C.free(unsafe.Pointer(cs))
	var pub [41]C.char
	rc, err := C.zmq_curve_public(&pub[0], cs)
	if err := check("zmq_curve_public", rc, err); err != nil {
		return "", err
	}
	return C.GoString(&pub[0]), nil
}

// Z85Encode is zmq_z85_encode; len(data) must be a multiple of 4.
func Z85Encode(data []byte) (string, error) {
	if len(data)%4 != 0 {
		return "", fmt.Errorf("libzmq: Z85 encode of %d bytes, not a multiple of 4", len(data))
	}
	out := (*C.char)(C.malloc(C.size_t(len(data)*5/4 + 1)))
	defer C.free(unsafe.Pointer(out))
	in := C.CBytes(data)
	defer C.free(in)
	if C.zmq_z85_encode(out, (*C.uint8_t)(in), C.size_t(len(data))) == nil {
		return "", fmt.Errorf("libzmq: zmq_z85_encode failed")
	}
	return C.GoString(out), nil
}

// Z85Decode is zmq_z85_decode; len(s) must be a multiple of 5 and every character in the
// Z85 alphabet (libzmq refuses others).
func Z85Decode(s string) ([]byte, error) {
	if len(s)%5 != 0 {
		return nil, fmt.Errorf("libzmq: Z85 decode of %d characters, not a multiple of 5", len(s))
	}
	n := len(s) * 4 / 5
	out := C.malloc(C.size_t(n + 1))
	defer C.free(out)
	cs := C.CString(s)
	defer C.free(unsafe.Pointer(cs))
	if C.zmq_z85_decode((*C.uint8_t)(out), cs) == nil {
		return nil, fmt.Errorf("libzmq: zmq_z85_decode refused %q", s)
	}
	return C.GoBytes(out, C.int(n)), nil
}
