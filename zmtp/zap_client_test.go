package zmtp

import (
	"errors"
	"syscall"
	"testing"

	"github.com/zreactor/zmq/internal/event"
	"github.com/zreactor/zmq/internal/zerr"
	"github.com/zreactor/zmq/msg"
	"github.com/zreactor/zmq/options"
)

// zapTestClient is a zapClient for a PULL socket over a fresh plainTestZAP, with its request
// sent and reply queued.
func zapTestClient(t *testing.T, reply []msg.Msg) (*zapClient, *plainTestZAP, *plainEvents) {
	t.Helper()
	zap := &plainTestZAP{}
	ev := &plainEvents{}
	z := &zapClient{o: &MechanismOptions{SocketType: options.PULL, ZAP: zap, Event: ev.hook()}}
	if !z.connect() {
		t.Fatal("connect")
	}
	if err := z.sendRequest("NULL"); err != nil {
		t.Fatal(err)
	}
	zap.queue = reply
	return z, zap, ev
}

// zapSetMore returns frames with frame i's More flag set to more.
func zapSetMore(frames []msg.Msg, i int, more bool) []msg.Msg {
	if more {
		frames[i].SetFlags(msg.More)
	} else {
		frames[i].ClearFlags(msg.More)
	}
	return frames
}

// TestZapReplyMalformed: every way a reply can break RFC 27, with libzmq's code for each.
func TestZapReplyMalformed(t *testing.T) {
	ok := func(f ...string) []msg.Msg { return plainZapFrames(f...) }
	meta := func(m string) []msg.Msg { return ok("", "1.0", "1", "200", "OK", "", m) }
	cases := []struct {
		name  string
		reply []msg.Msg
		want  error
		code  ProtocolCode
	}{
		{"6 frames", ok("", "1.0", "1", "200", "OK", ""), ErrZapMalformedReply, CodeZapMalformedReply},
		{"8 frames", ok("", "1.0", "1", "200", "OK", "", "", ""), ErrZapMalformedReply, CodeZapMalformedReply},
		{"last frame with More", zapSetMore(ok("", "1.0", "1", "200", "OK", "", ""), 6, true), ErrZapMalformedReply, CodeZapMalformedReply},
		{"middle frame without More", zapSetMore(ok("", "1.0", "1", "200", "OK", "", ""), 3, false), ErrZapMalformedReply, CodeZapMalformedReply},
		{"first frame without More", zapSetMore(ok("", "1.0", "1", "200", "OK", "", ""), 0, false), ErrZapMalformedReply, CodeZapMalformedReply},
		{"1 frame", ok("200"), ErrZapMalformedReply, CodeZapMalformedReply},
		{"delimiter not empty", ok("x", "1.0", "1", "200", "OK", "", ""), ErrZapUnspecified, CodeZapUnspecified},
		{"version 1.1", ok("", "1.1", "1", "200", "OK", "", ""), ErrZapBadVersion, CodeZapBadVersion},
		{"version empty", ok("", "", "1", "200", "OK", "", ""), ErrZapBadVersion, CodeZapBadVersion},
		{"version 1.0 with NUL", ok("", "1.0\x00", "1", "200", "OK", "", ""), ErrZapBadVersion, CodeZapBadVersion},
		{"request id 2", ok("", "1.0", "2", "200", "OK", "", ""), ErrZapBadRequestID, CodeZapBadRequestID},
		{"request id empty", ok("", "1.0", "", "200", "OK", "", ""), ErrZapBadRequestID, CodeZapBadRequestID},
		{"status 201", ok("", "1.0", "1", "201", "OK", "", ""), ErrZapInvalidStatusCode, CodeZapInvalidStatusCode},
		{"status 100", ok("", "1.0", "1", "100", "OK", "", ""), ErrZapInvalidStatusCode, CodeZapInvalidStatusCode},
		{"status 600", ok("", "1.0", "1", "600", "OK", "", ""), ErrZapInvalidStatusCode, CodeZapInvalidStatusCode},
		{"status 20", ok("", "1.0", "1", "20", "OK", "", ""), ErrZapInvalidStatusCode, CodeZapInvalidStatusCode},
		{"status 2000", ok("", "1.0", "1", "2000", "OK", "", ""), ErrZapInvalidStatusCode, CodeZapInvalidStatusCode},
		{"status empty", ok("", "1.0", "1", "", "OK", "", ""), ErrZapInvalidStatusCode, CodeZapInvalidStatusCode},
		{"metadata truncated", meta("\x05X-Abc\x00\x00\x00\x05ab"), ErrZapInvalidMetadata, CodeZapInvalidMetadata},
		{"metadata trailing byte", meta("\x05X-Abc\x00\x00\x00\x01a\x00"), ErrZapInvalidMetadata, CodeZapInvalidMetadata},
		{"metadata one byte", meta("\x00"), ErrZapInvalidMetadata, CodeZapInvalidMetadata},
		{"metadata huge length", meta("\x05X-Abc\xff\xff\xff\xff"), ErrZapInvalidMetadata, CodeZapInvalidMetadata},
		{"metadata incompatible Socket-Type", meta("\x0bSocket-Type\x00\x00\x00\x04PULL"), ErrZapInvalidMetadata, CodeZapInvalidMetadata},
	}
	for _, tc := range cases {
		z, _, ev := zapTestClient(t, tc.reply)
		done, err := z.receiveReply()
		if done || !errors.Is(err, tc.want) || CodeOf(err) != tc.code || !errors.Is(err, syscall.EPROTO) {
			t.Errorf("%s: %v %v (code %#x)", tc.name, done, err, CodeOf(err))
		}
		if z.Status() != "" || z.Properties() != nil {
			t.Errorf("%s: kept %q %v", tc.name, z.Status(), z.Properties())
		}
		ev.only(t, 0, 0) // the engine raises HANDSHAKE_FAILED_PROTOCOL from the code
	}
	// A short reply (6 frames, the last without More) waits for nothing more: it is
	// malformed as soon as its last frame is read, not left pending.
	z, zap, _ := zapTestClient(t, ok("", "1.0", "1", "200", "OK", ""))
	if _, err := z.receiveReply(); !errors.Is(err, ErrZapMalformedReply) || len(zap.queue) != 0 {
		t.Fatal(err)
	}
}

// TestZapReplyValid: each valid status, the AUTH event for denials, User-Id and metadata.
func TestZapReplyValid(t *testing.T) {
	md := AppendProperty(nil, "X-Role", []byte("admin"))
	md = AppendProperty(md, "X-Role", []byte("second")) // first of duplicates wins, as libzmq's map emplace
	md = AppendProperty(md, PropUserID, []byte("forged"))
	md = AppendProperty(md, "Socket-Type", []byte("PUSH")) // compatible with our PULL
	for status, auth := range map[string]int64{"200": 0, "300": 300, "400": 400, "500": 500} {
		z, _, ev := zapTestClient(t, plainZapFrames("", "1.0", "1", status, "text", "alice", string(md)))
		done, err := z.receiveReply()
		if !done || err != nil || z.Status() != status {
			t.Fatal(status, done, err)
		}
		if auth == 0 {
			ev.only(t, 0, 0)
		} else {
			ev.only(t, event.HandshakeFailedAuth, auth)
		}
		p := z.Properties()
		if len(p) != 3 || p[PropUserID] != "alice" || p["X-Role"] != "admin" || p["Socket-Type"] != "PUSH" {
			t.Fatalf("%s: %v", status, p)
		}
		// Asking again changes nothing and raises nothing.
		if done, err := z.receiveReply(); !done || err != nil || z.Status() != status || len(*ev) > 1 {
			t.Fatal("second receiveReply", done, err)
		}
	}
}

// TestZapReplyPartial: frames arriving one by one are collected across calls.
func TestZapReplyPartial(t *testing.T) {
	reply := plainZapFrames("", "1.0", "1", "200", "OK", "bob", "")
	z, zap, _ := zapTestClient(t, nil)
	for i := range reply {
		if done, err := z.receiveReply(); done || err != nil {
			t.Fatal(i, done, err)
		}
		zap.queue = append(zap.queue, reply[i])
	}
	if done, err := z.receiveReply(); !done || err != nil || z.Properties()[PropUserID] != "bob" {
		t.Fatal(done, err)
	}
}

// TestZapReadError: a broken pipe is passed on, not mistaken for "not yet".
func TestZapReadError(t *testing.T) {
	z, zap, _ := zapTestClient(t, nil)
	zap.readErr = zerr.ErrTerminated
	if done, err := z.receiveReply(); done || !errors.Is(err, zerr.ErrTerminated) {
		t.Fatal(done, err)
	}
}

// TestZapRequestFrames: the request's frames and More flags for 0, 1 and 2 credentials.
func TestZapRequestFrames(t *testing.T) {
	for n, creds := range [][][]byte{nil, {[]byte("key")}, {[]byte("user"), nil}} {
		zap := &plainTestZAP{}
		var got []msg.Flags
		z := &zapClient{o: &MechanismOptions{ZapDomain: "dom", PeerAddress: "::1", RoutingID: []byte("rid"),
			ZAP: zapFlagRecorder{zap, &got}}}
		if !z.connect() || z.sendRequest("MECH", creds...) != nil {
			t.Fatal("send")
		}
		want := []string{"", "1.0", "1", "dom", "::1", "rid", "MECH"}
		for _, c := range creds {
			want = append(want, string(c))
		}
		if len(zap.requests) != 1 || len(zap.requests[0]) != len(want) || len(got) != len(want) {
			t.Fatalf("%d: %q", n, zap.requests)
		}
		for i, f := range want {
			if string(zap.requests[0][i]) != f || (got[i]&msg.More != 0) != (i < len(want)-1) {
				t.Errorf("%d: frame %d %q flags %v", n, i, zap.requests[0][i], got[i])
			}
		}
	}
	if (&zapClient{o: &MechanismOptions{}}).connect() {
		t.Fatal("connected without a pipe")
	}
}

// zapFlagRecorder notes each request frame's flags on the way to the double.
type zapFlagRecorder struct {
	*plainTestZAP
	flags *[]msg.Flags
}

func (r zapFlagRecorder) WriteZapMsg(m *msg.Msg) error {
	*r.flags = append(*r.flags, m.Flags())
	return r.plainTestZAP.WriteZapMsg(m)
}
