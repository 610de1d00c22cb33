package engine

import "github.com/zreactor/zmq/msg"

// PlainClient is a placeholder until the PLAIN mechanism lands: it fails every handshake.
type PlainClient struct{}

// NewPlainClient makes the placeholder.
func NewPlainClient(MechanismOptions) *PlainClient { return &PlainClient{} }

// Name returns "PLAIN".
func (*PlainClient) Name() string { return "PLAIN" }

// NextHandshakeCommand fails: not implemented.
func (*PlainClient) NextHandshakeCommand(*msg.Msg) (bool, error) { return false, errNotImplemented }

// ProcessHandshakeCommand fails: not implemented.
func (*PlainClient) ProcessHandshakeCommand(*msg.Msg) error { return errNotImplemented }

// Status is Failed.
func (*PlainClient) Status() Status { return Failed }

// PeerProperties returns nil.
func (*PlainClient) PeerProperties() map[string]string { return nil }

// PeerRoutingID returns nil, false.
func (*PlainClient) PeerRoutingID() ([]byte, bool) { return nil, false }

// Encode fails.
func (*PlainClient) Encode(*msg.Msg) error { return errNotImplemented }

// Decode fails.
func (*PlainClient) Decode(*msg.Msg) error { return errNotImplemented }

// ZapMsgAvailable fails.
func (*PlainClient) ZapMsgAvailable() error { return errNotImplemented }

// ZapProperties returns nil.
func (*PlainClient) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*PlainClient)(nil)
