//go:build !race

package zmq_test

// raceEnabled reports whether the race detector is on: sync.Pool then drops a quarter of what
// it is given, on purpose, so allocation counts mean nothing.
const raceEnabled = false
