package main

import (
	"fmt"
	"time"
)

// scaleResult is one run of the connection-scale test.
type scaleResult struct {
	connectMS   float64 // first PUSH created -> PULL has a hello from all
	msgsPerS    float64 // with every connection up, round robin over them
	pullKiBPer  float64 // PULL RSS growth per connection
	pushKiBPer  float64 // PUSH process RSS per connection (whole process)
	recvPeakKiB int64
}

type scaleCell struct {
	runs   []scaleResult
	failed int
	errs   []string
	na     bool
}

// runScale runs the 1,000-connection test for each impl, interleaved.
func runScale(cfg config) map[string]*scaleCell {
	out := map[string]*scaleCell{}
	for _, im := range scaleImpls {
		out[im.name] = &scaleCell{na: !im.built}
	}
	for r := range cfg.scaleRuns {
		for _, im := range scaleImpls {
			c := out[im.name]
			if c.na {
				continue
			}
			progress("scale: %d PUSH -> 1 PULL, %s, run %d/%d", cfg.scaleConns, im.name, r+1, cfg.scaleRuns)
			res, err := scaleOnce(cfg, im)
			if err != nil {
				c.failed++
				c.errs = append(c.errs, err.Error())
				logf("scale %s run %d failed: %v", im.name, r+1, err)
				continue
			}
			c.runs = append(c.runs, res)
		}
	}
	progressEnd()
	return out
}

func scaleOnce(cfg config, im *impl) (scaleResult, error) {
	port, err := freePort()
	if err != nil {
		return scaleResult{}, err
	}
	ep := fmt.Sprintf("tcp://127.0.0.1:%d", port)
	const size = 64
	o := runPair(cellArgs(im, cfg.binDir, "scale_pull", ep, size, cfg.scaleCount, cfg.scaleConns),
		cellArgs(im, cfg.binDir, "scale_push", ep, size, cfg.scaleCount, cfg.scaleConns), false, nil,
		max(cfg.timeout, 120*time.Second))
	if o.err != nil {
		return scaleResult{}, o.err
	}
	get := func(m map[string]string, k string) float64 {
		v, ok := num(m, k)
		if !ok {
			err = fmt.Errorf("result without %s", k)
		}
		return v
	}
	conns := float64(cfg.scaleConns)
	r := scaleResult{
		connectMS:   (get(o.recv, "connected_mono_ns") - get(o.send, "start_mono_ns")) / 1e6,
		msgsPerS:    get(o.recv, "msgs_per_s"),
		pullKiBPer:  (get(o.recv, "rss_connected_kib") - get(o.recv, "rss_base_kib")) / conns,
		pushKiBPer:  get(o.send, "rss_kib") / conns,
		recvPeakKiB: o.recvRSSKiB,
	}
	return r, err
}

func scaleMedian(rs []scaleResult, f func(scaleResult) float64) float64 {
	ss := make([]sample, len(rs))
	for i, r := range rs {
		ss[i] = sample{rate: f(r)}
	}
	return median(ss, func(s sample) float64 { return s.rate })
}
