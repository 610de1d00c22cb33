//go:build !linux

package iothread

// osThreadID is 0: outside Linux there is no thread id to read without cgo, so the tests'
// same-OS-thread checks hold trivially there; their other checks still run.
func osThreadID() int { return 0 }
