// Command harness is `make bench`: it makes sure libzmq's development
// package is there, builds every benchmark program (bench/c, bench/cmd/...),
// runs the matrix of throughput and latency cells over tcp://127.0.0.1 for
// every pairing and message size, a CURVE throughput section (both processes
// with ZR_CURVE=1), a throughput section over ipc:// (a unix-domain socket),
// then the 1,000-connection scale run, and
// writes the results as a text table (stdout), Markdown, CSV and PNG plots
// under bench/results/.
//
// Every cell runs two processes, receiver first (it prints "ready" once
// bound), and reads their one-line results. Runs of different pairings are
// interleaved (A B A B) so that drift on the noisy VM hits all of them alike;
// each cell is the median of its runs. A process that outlives its deadline
// is killed and the run counted as failed. A program that does not build
// (zreactor, until its API lands) turns its cells into "n/a".
//
// Run it from bench/: go run ./harness [-quick] [-runs N] [-sizes 1,64,...].
package main
