//go:build cgo && race

package interop_test

// curveMillion is how many messages the CURVE ordering tests stream. Under the race detector
// a million each way through CURVE takes several times the 5 s it takes without, so the
// stream is cut to 100k, which still crosses the HWM a hundred times; a plain `go test`
// streams the full million, like the plain-TCP check.
const curveMillion = 100_000
