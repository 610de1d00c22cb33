package zmq_test

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"syscall"
	"testing"

	zmq "github.com/zreactor/zmq"
	"github.com/zreactor/zmq/internal/testutil"
)

// RFC 32's test vector.
var z85Hello = []byte{0x86, 0x4F, 0xD2, 0x6F, 0xB5, 0x59, 0xF7, 0x5B}

func TestZ85RFCVector(t *testing.T) {
	t.Parallel()
	s, err := zmq.Z85Encode(z85Hello)
	testutil.Must(t, err, "Z85Encode")
	if s != "HelloWorld" {
		t.Fatalf("Z85Encode = %q, want HelloWorld", s)
	}
	b, err := zmq.Z85Decode("HelloWorld")
	testutil.Must(t, err, "Z85Decode")
	if !bytes.Equal(b, z85Hello) {
		t.Fatalf("Z85Decode = % x, want % x", b, z85Hello)
	}
}

// Every byte value and every alphabet character survive a round trip, at every length.
func TestZ85RoundTrip(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n <= 64; n += 4 {
		for range 20 {
			data := make([]byte, n)
			for i := range data {
				data[i] = byte(r.UintN(256))
			}
			s, err := zmq.Z85Encode(data)
			testutil.Must(t, err, "Z85Encode(%d bytes)", n)
			if len(s) != n/4*5 {
				t.Fatalf("%d bytes encode to %d characters", n, len(s))
			}
			if n == 0 {
				continue // libzmq refuses to decode an empty string
			}
			back, err := zmq.Z85Decode(s)
			testutil.Must(t, err, "Z85Decode(%q)", s)
			if !bytes.Equal(back, data) {
				t.Fatalf("round trip of % x gave % x", data, back)
			}
		}
	}
	// The extremes of a group.
	for _, data := range [][]byte{{0, 0, 0, 0}, {0xff, 0xff, 0xff, 0xff}} {
		s, _ := zmq.Z85Encode(data)
		back, err := zmq.Z85Decode(s)
		if err != nil || !bytes.Equal(back, data) {
			t.Fatalf("% x -> %q -> % x, %v", data, s, back, err)
		}
	}
	if s, _ := zmq.Z85Encode([]byte{0xff, 0xff, 0xff, 0xff}); s != "%nSc0" {
		t.Fatalf("0xffffffff encodes as %q, want %%nSc0", s)
	}
}

func TestZ85Invalid(t *testing.T) {
	t.Parallel()
	for _, n := range []int{1, 2, 3, 5, 31} {
		_, err := zmq.Z85Encode(make([]byte, n))
		if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
			t.Errorf("Z85Encode(%d bytes) = %v, want ErrInvalid", n, err)
		}
	}
	for name, s := range map[string]string{
		"empty": "", "4 chars": "Hell", "6 chars": "HelloW", "space": "Hello World",
		"quote": "Hell\"", "backslash": "Hell\\", "comma": "Hell,", "high byte": "Hell\xc3",
		"NUL": "Hell\x00", "over 32 bits": "%nSc1", "all max": "#####",
		"tilde": "Hell~", "backtick": "Hell`", "pipe": "Hell|",
	} {
		_, err := zmq.Z85Decode(s)
		if !errors.Is(err, zmq.ErrInvalid) || !errors.Is(err, syscall.EINVAL) {
			t.Errorf("Z85Decode(%s %q) = %v, want ErrInvalid", name, s, err)
		}
	}
}

// The alphabet is exactly RFC 32's: each of its 85 characters decodes to its position.
func TestZ85Alphabet(t *testing.T) {
	t.Parallel()
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#"
	for i := 0; i < len(alphabet); i++ {
		// "0000" + digit encodes the value i.
		b, err := zmq.Z85Decode("0000" + alphabet[i:i+1])
		testutil.Must(t, err, "Z85Decode of %q", alphabet[i])
		if got := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3]); got != i {
			t.Fatalf("%q decodes to %d, want %d", alphabet[i], got, i)
		}
	}
	accepted := 0
	for c := range 256 {
		if _, err := zmq.Z85Decode("0000" + string(rune(c))); err == nil && c < 128 {
			accepted++
		}
	}
	if accepted != 85 {
		t.Fatalf("%d characters accepted, want 85", accepted)
	}
	if strings.ContainsAny(alphabet, " \"'\\,;`|~") {
		t.Fatal("test alphabet broken")
	}
}

func FuzzZ85Decode(f *testing.F) {
	f.Add("HelloWorld")
	f.Add(rfcServerPublic)
	f.Add("%nSc1")
	f.Fuzz(func(t *testing.T, s string) {
		b, err := zmq.Z85Decode(s)
		if err != nil {
			return
		}
		back, err := zmq.Z85Encode(b)
		if err != nil || back != s {
			t.Fatalf("%q decodes to % x, which encodes to %q (%v)", s, b, back, err)
		}
	})
}
