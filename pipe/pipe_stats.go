package pipe

// Counts are one pipe end's running totals, read by its owner for statistics. They are the
// counters flow control keeps anyway (msgsWritten, msgsRead and the byte counts), so
// statistics cost the data path nothing.
type Counts struct {
	MsgsWritten  uint64 // complete messages written towards the peer
	BytesWritten uint64 // their body bytes (routing-id frames excluded)
	MsgsRead     uint64 // complete messages read from the peer
	BytesRead    uint64
	Queued       uint64 // messages written that the peer had not reported read (HWM's view)
	Dropped      uint64 // messages the owner dropped because this end was full
}

// Counts returns the end's totals. Home thread only.
func (p *Pipe) Counts() Counts {
	return Counts{
		MsgsWritten: p.msgsWritten, BytesWritten: p.bytesWritten,
		MsgsRead: p.msgsRead, BytesRead: p.bytesRead,
		Queued:  p.msgsWritten - p.peersMsgsRead,
		Dropped: p.dropped,
	}
}

// CountDropped records that the owner dropped a message for this end because it was full
// (a PUB's subscriber at its HWM). Home thread only.
func (p *Pipe) CountDropped() { p.dropped++ }

// SetEndpoint names what the pipe serves, for statistics: the endpoint given to Bind or
// Connect and, for a connection that was accepted, the peer's address. Call it before the end
// is handed to its owner's thread.
func (p *Pipe) SetEndpoint(endpoint, remote string) { p.endpoint, p.remote = endpoint, remote }

// Endpoint returns what SetEndpoint stored.
func (p *Pipe) Endpoint() (endpoint, remote string) { return p.endpoint, p.remote }
