package main

import (
	"math"
	"strings"
)

type point struct {
	size int
	rate float64
}

// estimator picks message counts so that a run lasts about the target.
// It prefers the rate measured for the same cell, then extrapolates from
// the pairing's previous (smaller) size assuming the time per message grows
// at most linearly with size, which errs on the short side; a short run is
// then repeated with a corrected count.
type estimator struct {
	rate map[cellKey]float64
	last map[[2]string]point
}

func (e *estimator) count(k kind, pair string, size int, target float64) int {
	r, ok := e.rate[cellKey{k.name, pair, size}]
	if !ok {
		if l, ok := e.last[[2]string{k.name, pair}]; ok {
			c := overhead(k)
			r = l.rate * (float64(l.size) + c) / (float64(size) + c)
		} else {
			r = initialRate(k, size)
		}
	}
	n := r * target
	return int(math.Max(50, math.Min(n, 1<<31-1)))
}

func (e *estimator) learn(k kind, pair string, size int, rate float64) {
	if rate <= 0 || math.IsNaN(rate) {
		return
	}
	e.rate[cellKey{k.name, pair, size}] = rate
	e.last[[2]string{k.name, pair}] = point{size, rate}
}

// overhead is a per-message cost expressed in bytes, kept low so that the
// extrapolation stays a lower bound of the real rate.
func overhead(k kind) float64 {
	if k.thr() {
		return 64
	}
	return 4096
}

// initialRate is a deliberately low first guess (msgs/s or round trips/s).
func initialRate(k kind, size int) float64 {
	if strings.HasPrefix(k.name, "pat:") && strings.Contains(k.name, "rr-") {
		return 2000 // round trips of the pattern rows: a few clients, tens of microseconds each
	}
	if k.thr() {
		return math.Min(2e5, 2e8/float64(size))
	}
	return 1 / (100e-6 + float64(size)*4e-9)
}
