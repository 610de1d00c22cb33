package leakcheck

// fdDir lists the process's open fds, one entry per fd, each a symlink to what it refers to.
const fdDir = "/proc/self/fd"
