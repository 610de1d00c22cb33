package engine

// errNotImplemented is returned by placeholder mechanisms. Delete this file once PLAIN and
// CURVE exist.
var errNotImplemented = protoErr(CodeNone, "security mechanism not implemented")
