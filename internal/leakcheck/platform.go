package leakcheck

// This package reads the process's fd table with Unix system calls: a build for an OS that
// zreactor does not support stops in internal/platform with one clear error.
import _ "github.com/zreactor/zmq/internal/platform"
