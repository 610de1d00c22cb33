package platform

// zreactor is built on epoll or poll(2), eventfds or pipes and POSIX sockets; a Windows port
// (IOCP or WSAPoll, libzmq's select/wepoll) does not exist yet. The undefined name below is the
// error message of a Windows build.
const _ = zreactor_does_not_support_windows_yet
