package perf

import (
	"fmt"
	"time"
)

// LocalThr binds PULL and times the first to the last of Count messages.
func LocalThr(lib Lib, a Args) (string, error) {
	s, err := lib.Listen(Pull, a.Endpoint)
	if err != nil {
		return "", err
	}
	defer s.Close()
	Ready()
	if err := recvSized(s, a.Size); err != nil {
		return "", err
	}
	start := time.Now()
	for i := 1; i < a.Count; i++ {
		if err := recvSized(s, a.Size); err != nil {
			return "", err
		}
	}
	el := max(time.Since(start), 1)
	return fmt.Sprintf("role=local_thr size=%d count=%d elapsed_ns=%d msgs_per_s=%.0f",
		a.Size, a.Count, el.Nanoseconds(), float64(a.Count)/el.Seconds()), nil
}

// RemoteThr connects PUSH, sends Count messages and closes with the
// default linger, so that all of them are delivered before it returns.
func RemoteThr(lib Lib, a Args) (string, error) {
	s, err := lib.Dial(Push, a.Endpoint)
	if err != nil {
		return "", err
	}
	// Like the C program (zmq_msg_init_size, zmq_msg_send), a library that can send a frame
	// built in its own buffer does so; the others send a copy of buf.
	var send func() error
	if ip, ok := s.(InPlace); ok {
		send = func() error { return ip.SendNew(a.Size) }
	} else {
		buf := payload(a.Size)
		send = func() error { return s.Send(buf) }
	}
	for i := 0; i < a.Count; i++ {
		if err := send(); err != nil {
			s.Close()
			return "", fmt.Errorf("send: %w", err)
		}
	}
	if err := s.Close(); err != nil {
		return "", err
	}
	return fmt.Sprintf("role=remote_thr size=%d count=%d", a.Size, a.Count), nil
}

func recvSized(s Socket, size int) error {
	b, err := s.Recv()
	if err != nil {
		return fmt.Errorf("recv: %w", err)
	}
	if len(b) != size {
		return fmt.Errorf("message of %d bytes, want %d", len(b), size)
	}
	return nil
}

func payload(size int) []byte {
	b := make([]byte, size)
	for i := range b {
		b[i] = 'x'
	}
	return b
}
