//go:build cgo && !race

package interop_test

// curveMillion is how many messages the CURVE ordering tests stream: the full million, like
// the plain-TCP check (see security_race_test.go for -race).
const curveMillion = 1_000_000
