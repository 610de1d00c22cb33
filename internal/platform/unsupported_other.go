//go:build !linux && !darwin && !dragonfly && !freebsd && !netbsd && !openbsd && !windows

package platform

// Only Linux, macOS and the BSDs have been ported to (see the package doc). The undefined name
// below is the error message of a build for any other OS.
const _ = zreactor_supports_only_linux_macos_and_the_bsds
