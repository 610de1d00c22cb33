package zmtp

import (
	"bytes"
	"errors"
	"syscall"
	"testing"
	"time"

	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

func TestReadyDealerVector(t *testing.T) {
	body := AppendReady(nil, options.DEALER, nil, nil)
	frame := encodeAll(t, V31, 256, []frame{{msg.Command, body}})
	want := unhex(t, `04 29 05 "READY" 0b "Socket-Type" 00000006 "DEALER" 08 "Identity" 00000000`)
	if !bytes.Equal(frame, want) {
		t.Fatalf("% x\nwant % x", frame, want)
	}
	// PUB sends no Identity; user metadata follows, sorted by name.
	body = AppendReady(nil, options.PUB, []byte("ignored"), map[string]string{"X-b": "2", "X-a": "1"})
	want = unhex(t, `05 "READY" 0b "Socket-Type" 00000003 "PUB" 03 "X-a" 00000001 "1" 03 "X-b" 00000001 "2"`)
	if !bytes.Equal(body, want) {
		t.Fatalf("% x", body)
	}
	props, err := ParseReady(body)
	if err != nil || !bytes.Equal(props, body[6:]) {
		t.Fatal(err)
	}
}

func TestPingPongVectors(t *testing.T) {
	ping := AppendPing(nil, TTLFromDuration(1500*time.Millisecond), nil)
	if got := encodeAll(t, V31, 64, []frame{{msg.Command, ping}}); !bytes.Equal(got, unhex(t, "04 07 04 50 49 4e 47 00 0f")) {
		t.Fatalf("ping % x", got)
	}
	ttl, ctx, err := ParsePing(AppendPing(nil, 300, []byte("CTX123")))
	if err != nil || ttl != 300 || string(ctx) != "CTX123" || PingTTL(ttl) != 30*time.Second {
		t.Fatal(ttl, ctx, err)
	}
	pong := encodeAll(t, V31, 64, []frame{{msg.Command, AppendPong(nil, ctx)}})
	if !bytes.Equal(pong, unhex(t, "04 0b 04 50 4f 4e 47 43 54 58 31 32 33")) {
		t.Fatalf("pong % x", pong)
	}
	long := bytes.Repeat([]byte("c"), 40)
	_, ctx, _ = ParsePing(append(unhex(t, `04 "PING" 00 01`), long...))
	if got, _ := ParsePong(AppendPong(nil, ctx)); len(got) != MaxPingContext {
		t.Fatalf("pong context %d bytes", len(got))
	}
	if PingTTL(65535) != 6553500*time.Millisecond || TTLFromDuration(2*time.Hour) != 65535 || TTLFromDuration(-1) != 0 {
		t.Fatal("TTL arithmetic")
	}
}

func TestMalformedCommands(t *testing.T) {
	cases := []struct {
		name string
		fn   func([]byte) error
		in   string
		want error
	}{
		{"empty", func(b []byte) error { _, _, _, err := ParseCommand(b); return err }, "", ErrMalformedCommand},
		{"name overruns", func(b []byte) error { _, _, _, err := ParseCommand(b); return err }, `05 "REA"`, ErrMalformedCommand},
		{"ping without ttl", func(b []byte) error { _, _, err := ParsePing(b); return err }, `04 "PING"`, ErrMalformedPing},
		{"ping one ttl octet", func(b []byte) error { _, _, err := ParsePing(b); return err }, `04 "PING" 00`, ErrMalformedPing},
		{"ping is not pong", func(b []byte) error { _, err := ParsePong(b); return err }, `04 "PING" 00 00`, ErrUnexpectedCommand},
		{"error without length", func(b []byte) error { _, err := ParseError(b); return err }, `05 "ERROR"`, ErrMalformedError},
		{"error reason overruns", func(b []byte) error { _, err := ParseError(b); return err }, `05 "ERROR" 04 "400"`, ErrMalformedError},
		{"ready is not error", func(b []byte) error { _, err := ParseError(b); return err }, `05 "READY"`, ErrUnexpectedCommand},
		{"error is not ready", func(b []byte) error { _, err := ParseReady(b); return err }, `05 "ERROR" 00`, ErrUnexpectedCommand},
		{"lowercase ready", func(b []byte) error { _, err := ParseReady(b); return err }, `05 "ready"`, ErrUnexpectedCommand},
	}
	for _, c := range cases {
		if err := c.fn(unhex(t, c.in)); !errors.Is(err, c.want) || !errors.Is(err, syscall.EPROTO) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
	if r, err := ParseError(unhex(t, `05 "ERROR" 03 "400" "trailing"`)); err != nil || string(r) != "400" {
		t.Errorf("error with trailing bytes: %q %v", r, err)
	}
	if r, _ := ParseError(AppendError(nil, string(make([]byte, 300)))); len(r) != 255 {
		t.Errorf("reason not truncated: %d", len(r))
	}
}

func TestSubscriptions(t *testing.T) {
	cases := []struct {
		flags msg.Flags
		in    string
		kind  Subscription
		topic string
	}{
		{msg.Command, `09 "SUBSCRIBE" "ab"`, Subscribe, "ab"},
		{msg.Command, `06 "CANCEL"`, Cancel, ""},
		{0, `01 "ab"`, Subscribe, "ab"},
		{0, `00 "ab"`, Cancel, "ab"},
		{0, `02 "ab"`, NotSubscription, ""},
		{0, ``, NotSubscription, ""},
		{msg.Command, `04 "PING" 00 00`, NotSubscription, ""},
	}
	for _, c := range cases {
		k, topic, err := ParseSubscription(c.flags, unhex(t, c.in))
		if err != nil || k != c.kind || string(topic) != c.topic {
			t.Errorf("%s: %v %q %v", c.in, k, topic, err)
		}
	}
	if _, _, err := ParseSubscription(msg.Command, unhex(t, `09 "SUB"`)); !errors.Is(err, ErrMalformedCommand) {
		t.Error(err)
	}
	if b := AppendSubscribe(nil, []byte("A"), false); !bytes.Equal(b, unhex(t, `09 "SUBSCRIBE" 41`)) {
		t.Errorf("% x", b)
	}
	if b := AppendSubscribe(nil, []byte("A"), true); !bytes.Equal(b, unhex(t, `06 "CANCEL" 41`)) {
		t.Errorf("% x", b)
	}
}

func TestParseProperties(t *testing.T) {
	good := AppendProperty(AppendProperty(nil, "A", []byte("1")), "A", []byte("2"))
	got := map[string]string{}
	collect := func(n, v []byte) error { got[string(n)] = string(v); return nil }
	if err := ParseProperties(good, 0, collect); err != nil || got["A"] != "2" {
		t.Fatalf("%v %v", got, err)
	}
	for _, bad := range [][]byte{
		append(good, 0), append(good, 0, 0), good[:len(good)-1], good[:3],
		unhex(t, `01 "A" ff ff ff ff`),
	} {
		if err := ParseProperties(bad, 0, collect); !errors.Is(err, ErrInvalidMetadata) || CodeOf(err) != CodeInvalidMetadata {
			t.Errorf("% x: %v", bad, err)
		}
	}
	if err := ParseProperties(good, len(good)-1, collect); !errors.Is(err, ErrMetadataTooLarge) {
		t.Error(err)
	}
	if err := ParseProperties(nil, 0, collect); err != nil {
		t.Error(err)
	}
}
