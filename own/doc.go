// Package own is libzmq's own_t: the ownership tree that makes teardown of objects spread over
// several threads orderly.
//
// A socket owns its listeners and sessions; a listener owns the sessions it accepted; a session
// owns its connecter. An owner launches a child on the child's home thread (plug) and records it
// (own). Termination runs downwards and acknowledgements run upwards: an owner sends term to
// every child, counts the term_acks it expects, and finishes only when all have arrived and every
// counted command (plug, own, bind, inproc_connected: object.Counted) sent to it has been
// processed, so no such command can reach an object after it is gone. Linger travels down with the term command.
//
// Threading rule: all methods run on the object's home thread, except IncSeqnum which any thread
// may call before it sends the object a counted command (object.Counted: plug, own, bind,
// inproc_connected); object's SendPlug, SendOwn and SendBind call it themselves.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package own
