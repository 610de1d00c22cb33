package perf

import (
	"fmt"
	"time"
)

// LocalLat binds REP and echoes Count+1 messages (one is the requester's
// untimed warm-up).
func LocalLat(lib Lib, a Args) (string, error) {
	s, err := lib.Listen(Rep, a.Endpoint)
	if err != nil {
		return "", err
	}
	defer s.Close()
	Ready()
	for i := 0; i <= a.Count; i++ {
		b, err := s.Recv()
		if err != nil {
			return "", fmt.Errorf("recv: %w", err)
		}
		if len(b) != a.Size {
			return "", fmt.Errorf("message of %d bytes, want %d", len(b), a.Size)
		}
		send := func() error { return s.Send(b) }
		if ip, ok := s.(InPlace); ok {
			send = ip.Echo
		}
		if err := send(); err != nil {
			return "", fmt.Errorf("send: %w", err)
		}
	}
	return fmt.Sprintf("role=local_lat size=%d count=%d", a.Size, a.Count), nil
}

// RemoteLat connects REQ, does one untimed warm-up round trip, then times
// Count round trips and reports half the mean round trip.
func RemoteLat(lib Lib, a Args) (string, error) {
	s, err := lib.Dial(Req, a.Endpoint)
	if err != nil {
		return "", err
	}
	defer s.Close()
	buf := payload(a.Size)
	if err := roundTrip(s, buf); err != nil {
		return "", err
	}
	start := time.Now()
	for i := 0; i < a.Count; i++ {
		if err := roundTrip(s, buf); err != nil {
			return "", err
		}
	}
	el := time.Since(start)
	lat := float64(el.Nanoseconds()) / 1e3 / float64(2*a.Count)
	return fmt.Sprintf("role=remote_lat size=%d count=%d elapsed_ns=%d latency_us=%.3f",
		a.Size, a.Count, el.Nanoseconds(), lat), nil
}

func roundTrip(s Socket, buf []byte) error {
	var err error
	if ip, ok := s.(InPlace); ok {
		err = ip.SendNew(len(buf))
	} else {
		err = s.Send(buf)
	}
	if err != nil {
		return fmt.Errorf("send: %w", err)
	}
	return recvSized(s, len(buf))
}
