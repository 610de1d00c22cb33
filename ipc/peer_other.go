//go:build !linux

package ipc

// peerAddress is "localhost" where this package does not read the peer's credentials yet
// (libzmq adds ":uid:gid:" from LOCAL_PEERCRED on the BSDs and macOS).
func peerAddress(int) string { return "localhost" }
