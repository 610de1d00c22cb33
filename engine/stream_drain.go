package engine

// Lingering over what the engine holds. A terminating session waits for its pipe's queue to
// reach the engine, but the engine may still hold part of the last frames: a 1 MiB frame goes
// out over several writes when the socket buffer is small. Ending the engine then cuts the
// frame off, and a peer waiting for it (a REQ for its reply) waits for ever. libzmq ends the
// engine at that point whatever it holds, and its slower termination usually leaves the
// writes time to finish; here the session asks the engine to say when everything it took has
// been written.

// Drain reports whether the engine holds frames or bytes taken from the session but not yet
// written; if so it calls done once they are all written. done is never called if the engine
// fails first (the session hears of that through EngineError) or is terminated.
func (e *Stream) Drain(done func()) bool {
	if !e.plugged || e.writeFailed || !e.unsent() {
		return false
	}
	e.onFlushed = done
	return true
}

// unsent reports frames or bytes taken from the session and not yet written.
func (e *Stream) unsent() bool {
	if e.txHeld {
		return true
	}
	if e.raw {
		return e.rawW > e.rawR
	}
	return e.enc.Buffered() > 0
}

// flushed runs the Drain callback once nothing is left to write. The callback may end the
// session and this engine with it, so it comes last in an event.
func (e *Stream) flushed() {
	if e.onFlushed == nil || e.unsent() {
		return
	}
	done := e.onFlushed
	e.onFlushed = nil
	done()
}
