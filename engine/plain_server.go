package engine

import "github.com/zreactor/zmq/msg"

// PlainServer is a placeholder until the PLAIN mechanism lands: it fails every handshake.
type PlainServer struct{}

// NewPlainServer makes the placeholder.
func NewPlainServer(MechanismOptions) *PlainServer { return &PlainServer{} }

// Name returns "PLAIN".
func (*PlainServer) Name() string { return "PLAIN" }

// NextHandshakeCommand fails: not implemented.
func (*PlainServer) NextHandshakeCommand(*msg.Msg) (bool, error) { return false, errNotImplemented }

// ProcessHandshakeCommand fails: not implemented.
func (*PlainServer) ProcessHandshakeCommand(*msg.Msg) error { return errNotImplemented }

// Status is Failed.
func (*PlainServer) Status() Status { return Failed }

// PeerProperties returns nil.
func (*PlainServer) PeerProperties() map[string]string { return nil }

// PeerRoutingID returns nil, false.
func (*PlainServer) PeerRoutingID() ([]byte, bool) { return nil, false }

// Encode fails.
func (*PlainServer) Encode(*msg.Msg) error { return errNotImplemented }

// Decode fails.
func (*PlainServer) Decode(*msg.Msg) error { return errNotImplemented }

// ZapMsgAvailable fails.
func (*PlainServer) ZapMsgAvailable() error { return errNotImplemented }

// ZapProperties returns nil.
func (*PlainServer) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*PlainServer)(nil)
