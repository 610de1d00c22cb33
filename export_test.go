package zmq

// SocketSignals returns the eventfd writes made to s's mailbox so far: the wake-ups it cost
// its peers, for the benchmarks that count wake-ups per message.
func SocketSignals(s *Socket) uint64 { return s.mb.Signals() }

// EnterExit takes and releases s's use guard (guard.go) as every Socket call does, for the
// benchmark that prices it.
func EnterExit(s *Socket) error {
	if err := s.enter(callSend); err != nil {
		return err
	}
	s.exit()
	return nil
}
