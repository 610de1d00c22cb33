package ipc

import (
	"strconv"

	"golang.org/x/sys/unix"
)

// peerAddress is the Peer-Address property of a connected unix-domain socket, as libzmq 4.3
// makes it on glibc: getnameinfo(NI_NUMERICHOST) names any AF_UNIX address "localhost", and
// SO_PEERCRED appends ":uid:gid:pid".
func peerAddress(fd int) string {
	cred, err := unix.GetsockoptUcred(fd, unix.SOL_SOCKET, unix.SO_PEERCRED)
	if err != nil {
		return "localhost"
	}
	return "localhost:" + strconv.FormatUint(uint64(cred.Uid), 10) + ":" +
		strconv.FormatUint(uint64(cred.Gid), 10) + ":" + strconv.FormatInt(int64(cred.Pid), 10)
}
