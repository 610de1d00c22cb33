package sysio

// This package has OS-specific code: a build for an OS that zreactor does not support stops in
// internal/platform with one clear error.
import _ "github.com/zreactor/zmq/internal/platform"
