//go:build !race

package zmq_test

// raceEnabled: see race_on_test.go.
const raceEnabled = false
