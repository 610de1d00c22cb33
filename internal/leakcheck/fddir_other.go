//go:build !linux

package leakcheck

// fdDir lists the process's open fds, one entry per fd: macOS's /dev/fd does (its entries are
// not symlinks, so a failure names fds without their targets). On FreeBSD it does only with
// fdescfs mounted on /dev/fd; the default devfs one shows 0, 1 and 2 alone, and the fd checks
// then see no leak.
const fdDir = "/dev/fd"
