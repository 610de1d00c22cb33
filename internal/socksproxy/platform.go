package socksproxy

// This package runs proxy processes in process groups of their own (Setpgid, kill): a build
// for an OS that zreactor does not support stops in internal/platform with one clear error.
import _ "github.com/zreactor/zmq/internal/platform"
