package pipe

import "golang.org/x/sys/unix"

// parkFds returns a blocking eventfd, to read and to write.
func parkFds() (r, w int, err error) {
	fd, err := unix.Eventfd(0, unix.EFD_CLOEXEC)
	return fd, fd, err
}
