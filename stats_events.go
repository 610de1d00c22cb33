package zmq

// eventCounts are the connection figures of a socket's statistics, counted from its monitor
// events under the monitor's mutex: events are rare next to messages, and they are raised
// anyway, so counting them there costs the data path nothing.
type eventCounts struct {
	connects, reconnects, connectRetries uint64
	accepts, acceptFailures, disconnects uint64
	handshakes                           uint64
	failures                             map[HandshakeFailure]uint64
	connected                            map[string]struct{} // endpoints that have connected once
}

// count records e and reports whether it is a reconnection (CONNECTED again on an endpoint).
func (c *eventCounts) count(e Event) (reconnect bool) {
	switch e.Kind {
	case EventConnected:
		c.connects++
		if _, again := c.connected[e.Endpoint]; again {
			c.reconnects++
			return true
		}
		if c.connected == nil {
			c.connected = make(map[string]struct{})
		}
		c.connected[e.Endpoint] = struct{}{}
	case EventConnectRetried:
		c.connectRetries++
	case EventAccepted:
		c.accepts++
	case EventAcceptFailed:
		c.acceptFailures++
	case EventDisconnected:
		c.disconnects++
	case EventHandshakeSucceeded:
		c.handshakes++
	case EventHandshakeFailedNoDetail, EventHandshakeFailedProtocol, EventHandshakeFailedAuth:
		if c.failures == nil {
			c.failures = make(map[HandshakeFailure]uint64)
		}
		c.failures[HandshakeFailure{Kind: e.Kind, Value: e.Value}]++
	}
	return false
}

// counts copies the event figures into st.
func (m *monitor) counts(st *SocketStats) {
	m.mu.Lock()
	defer m.mu.Unlock()
	c := &m.events
	st.Connects, st.Reconnects, st.ConnectRetries = c.connects, c.reconnects, c.connectRetries
	st.Accepts, st.AcceptFailures, st.Disconnects = c.accepts, c.acceptFailures, c.disconnects
	st.Handshakes = c.handshakes
	if len(c.failures) > 0 {
		st.HandshakeFailures = make(map[HandshakeFailure]uint64, len(c.failures))
		for k, v := range c.failures {
			st.HandshakeFailures[k] = v
		}
	}
}
