package engine

import "github.com/zreactor/zmq/msg"

// CurveServer is a placeholder until the CURVE mechanism lands: it fails every handshake.
type CurveServer struct{}

// NewCurveServer makes the placeholder.
func NewCurveServer(MechanismOptions) (*CurveServer, error) { return &CurveServer{}, errNotImplemented }

// Name returns "CURVE".
func (*CurveServer) Name() string { return "CURVE" }

// NextHandshakeCommand fails: not implemented.
func (*CurveServer) NextHandshakeCommand(*msg.Msg) (bool, error) { return false, errNotImplemented }

// ProcessHandshakeCommand fails: not implemented.
func (*CurveServer) ProcessHandshakeCommand(*msg.Msg) error { return errNotImplemented }

// Status is Failed.
func (*CurveServer) Status() Status { return Failed }

// PeerProperties returns nil.
func (*CurveServer) PeerProperties() map[string]string { return nil }

// PeerRoutingID returns nil, false.
func (*CurveServer) PeerRoutingID() ([]byte, bool) { return nil, false }

// Encode fails.
func (*CurveServer) Encode(*msg.Msg) error { return errNotImplemented }

// Decode fails.
func (*CurveServer) Decode(*msg.Msg) error { return errNotImplemented }

// ZapMsgAvailable fails.
func (*CurveServer) ZapMsgAvailable() error { return errNotImplemented }

// ZapProperties returns nil.
func (*CurveServer) ZapProperties() map[string]string { return nil }

var _ Mechanism = (*CurveServer)(nil)
