package main

import (
	"context"
	"fmt"
	"time"
)

// member is one process of a group run.
type member struct {
	argv []string
	env  []string
	// untilEOF marks a process that runs until its standard input closes (the proxy):
	// the group closes it once every other process is done.
	untilEOF bool
}

// groupOutcome is what one group run produced: every member's result line, in order.
type groupOutcome struct {
	results []map[string]string
	err     error
}

// runGroup starts the members in order, waiting for each but the last to print "ready", then
// waits for the last one, then for the others that end on their own, and finally stops those
// that run until their input closes. Any failure kills them all; so does the timeout.
func runGroup(members []member, timeout time.Duration) groupOutcome {
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	procs := make([]*proc, 0, len(members))
	waited := make([]bool, len(members))
	out := groupOutcome{results: make([]map[string]string, len(members))}
	// reap kills and waits for every process started and not yet waited for.
	reap := func(err error) groupOutcome {
		cancel()
		for i, p := range procs {
			if waited[i] {
				continue
			}
			if p.stdin != nil {
				p.stdin.Close()
			}
			p.wait()
		}
		if ctx.Err() == context.DeadlineExceeded {
			err = fmt.Errorf("%w after %v, killed", errTimeout, timeout)
		}
		out.err = err
		return out
	}
	for i, m := range members {
		p, err := startProc(ctx, m.argv, false, m.env, m.untilEOF)
		if err != nil {
			return reap(err)
		}
		procs = append(procs, p)
		if i == len(members)-1 {
			break
		}
		select {
		case <-p.ready:
		case <-p.eof:
			_, err := p.wait()
			waited[i] = true
			if err == nil {
				err = fmt.Errorf("%s exited before it was ready", m.argv[0])
			}
			return reap(err)
		case <-ctx.Done():
			return reap(fmt.Errorf("%s not ready", m.argv[0]))
		case <-time.After(10 * time.Second):
			return reap(fmt.Errorf("%s not ready after 10s", m.argv[0]))
		}
	}
	// The last member first, then those that end by themselves, then the ones that wait
	// for their input to close.
	order := []int{len(procs) - 1}
	for i := range len(procs) - 1 {
		if !members[i].untilEOF {
			order = append(order, i)
		}
	}
	for i := range len(procs) - 1 {
		if members[i].untilEOF {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if members[i].untilEOF {
			procs[i].stdin.Close()
		}
		res, err := procs[i].wait()
		waited[i] = true
		if err != nil {
			return reap(err)
		}
		out.results[i] = res
	}
	if ctx.Err() == context.DeadlineExceeded {
		out.err = fmt.Errorf("%w after %v, killed", errTimeout, timeout)
	}
	return out
}
