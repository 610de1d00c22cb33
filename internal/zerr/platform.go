package zerr

// This package is built on syscall.Errno, which not every OS has (Plan 9): a build for an OS
// that zreactor does not support stops in internal/platform with one clear error.
import _ "github.com/zreactor/zmq/internal/platform"
