package iothread

import "golang.org/x/sys/unix"

// osThreadID identifies the calling OS thread, for the tests that check that every command of
// a thread runs on its locked OS thread.
func osThreadID() int { return unix.Gettid() }
