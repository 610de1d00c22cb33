// Package ipc is the ipc:// transport: ZMTP over unix-domain stream sockets, the counterpart
// of libzmq's ipc_address_t, ipc_listener_t and ipc_connecter_t. It is only the address
// family: Unix implements tcp.Family, and the listener and connecter are package tcp's
// reactor objects, so sessions, engines, accept pauses, reconnection, heartbeats, linger,
// monitor events and every security mechanism behave over ipc:// as over tcp://.
//
// Endpoints, as libzmq 4.3 reads them: "ipc:///abs/path" and "ipc://rel/path" name a socket
// file; "ipc://@name" names a socket in Linux's abstract namespace (the '@' becomes the NUL
// byte that starts sun_path, and no file exists); Bind("ipc://*") makes a private directory
// in $TMPDIR and binds "socket" inside it. A name must fit sun_path with its terminating NUL
// (at most 107 bytes), or Bind and Connect fail with ENAMETOOLONG; "@" alone is EINVAL.
//
// Files: Bind removes a stale socket file at the path first, as libzmq does, so that a
// service restarts over what a crashed run left; it leaves any other kind of file alone (bind
// then fails with EADDRINUSE), where libzmq would delete it. Unbind and Close remove the file
// the listener bound, unless it was replaced meanwhile (another Bind took the path over), and
// the directory of "ipc://*". libzmq 4.3 removes only the latter.
//
// Peer-Address is what libzmq 4.3 on glibc reports for a unix-domain peer:
// "localhost:<uid>:<gid>:<pid>" from SO_PEERCRED (the connecting process's credentials on
// the listener's side, the listening process's on the connecter's). The same text is the
// Address of ZAP requests. libzmq's deprecated ZMQ_IPC_FILTER_PID/UID/GID are not offered.
//
// No TCP setting applies (keepalives, TOS, buffers, TCP_NODELAY, BINDTODEVICE). ZMQ_USE_FD
// adopts a listening unix-domain socket; the endpoint then only names it, and its file is
// left to whoever made it.
//
// Threading: as package tcp's. Unix's methods keep no state; Listen runs on the binding
// socket's goroutine, the rest on I/O threads.
package ipc
