//go:build race

package zmq_test

// raceEnabled: under the race detector sync.Pool drops a quarter of what it is given, so
// tests that count the bytes a recycling path allocates skip that count.
const raceEnabled = true
