package engine

import "github.com/zreactor/zmq/msg"

// CurveClient is a placeholder until the CURVE mechanism lands: it fails every handshake.
type CurveClient struct{}

// NewCurveClient makes the placeholder.
func NewCurveClient(MechanismOptions) (*CurveClient, error) { return &CurveClient{}, errNotImplemented }

// Name returns "CURVE".
func (*CurveClient) Name() string { return "CURVE" }

// NextHandshakeCommand fails: not implemented.
func (*CurveClient) NextHandshakeCommand(*msg.Msg) (bool, error) { return false, errNotImplemented }

// ProcessHandshakeCommand fails: not implemented.
func (*CurveClient) ProcessHandshakeCommand(*msg.Msg) error { return errNotImplemented }

// Status is Failed.
func (*CurveClient) Status() Status { return Failed }

// PeerProperties returns nil.
func (*CurveClient) PeerProperties() map[string]string { return nil }

// PeerRoutingID returns nil, false.
func (*CurveClient) PeerRoutingID() ([]byte, bool) { return nil, false }

// Encode fails.
func (*CurveClient) Encode(*msg.Msg) error { return errNotImplemented }

// Decode fails.
func (*CurveClient) Decode(*msg.Msg) error { return errNotImplemented }

// ZapMsgAvailable fails.
func (*CurveClient) ZapMsgAvailable() error { return errNotImplemented }

// ZapProperties returns nil.
func (*CurveClient) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*CurveClient)(nil)
