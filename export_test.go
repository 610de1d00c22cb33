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

// FlipAutoWaits makes contexts without SchedulerWaits take the wait mode NewContext would not
// pick on this machine (ZR_TEST_WAITS=other).
func FlipAutoWaits() { flipAutoWaits = true }

// UsesSchedulerWaits reports the wait mode NewContext settled on for c.
func UsesSchedulerWaits(c *Context) bool { return c.cfg.waits == waitsScheduler }
