// Package object is libzmq's object_t and command_t: the way objects that live on different
// threads talk to each other.
//
// Every object has a home thread, identified by a slot number in the context's table of mailboxes
// (I/O threads, the reaper, and one slot per application socket). Other threads never touch an
// object's fields; they send it a Command, a plain value that is queued in the home thread's
// mailbox and dispatched there to the object's ProcessCommand. Commands carry their arguments in
// fixed fields (no closures), so sending one allocates nothing. Commands that keep their
// destination alive until processed (plug, own, bind, inproc_connected) go to a Counted
// destination: SendPlug, SendOwn and SendBind count them as they send (libzmq's inc_seqnum),
// so the ownership tree (package own) cannot destroy an object with one in flight.
//
// Threading rule: Send* methods may be called from the object's home thread only (they read the
// object's own router); ProcessCommand runs on the destination's home thread.
//
// This package is the library's machinery and carries no compatibility promise: applications
// import only the root package github.com/zreactor/zmq and auth/.
package object
