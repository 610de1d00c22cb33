# bench.mk: benchmark targets, included from the top-level Makefile.
#
#   make bench            full matrix (3 runs per cell) + scale run + Go micro-benchmarks
#   make bench QUICK=1    small matrix, 1 run per cell (~2 minutes) + short micro-benchmarks
#   make bench RUNS=3     three full runs (results/run-1 ...), then one report of medians over
#                         them with their spread (results/results.md, headline.md for the README)
#   make bench-matrix     only the process matrix and the scale run
#   make bench-micro      only `go test -bench` over the library
#   make bench-build      only build the benchmark programs into bench/bin
#   make bench-test       vet and test the bench module itself, including the smoke tests
#                         (harness TestSmoke, TestSmokeCurve) that run every program briefly;
#                         `make test` runs it too
#   make bench-clean      remove bench/bin
#
# BENCH_FLAGS passes extra harness flags, e.g. BENCH_FLAGS='-sizes 1,64 -pairings libzmq,raw-tcp',
# or BENCH_FLAGS='-kinds curve -scale-conns 0' for the CURVE section alone ('-kinds ipc' for the
# ipc one, '-kinds gssapi' for the GSSAPI one).
# Results land in bench/results/ (results.md, results.csv, scale.csv, throughput.png,
# latency.png, micro.txt).

BENCH_DIR  ?= bench
BENCH_GO   ?= go
BENCHTIME  ?= $(if $(filter 1,$(QUICK)),100ms,1s)
BENCH_ARGS  = $(if $(filter 1,$(QUICK)),-quick) $(BENCH_FLAGS)
RUNS       ?= 1

.PHONY: bench bench-matrix bench-micro bench-build bench-test bench-clean

bench: bench-matrix bench-micro

bench-matrix:
ifeq ($(RUNS),1)
	cd $(BENCH_DIR) && $(BENCH_GO) run ./harness $(BENCH_ARGS)
else
	cd $(BENCH_DIR) && $(BENCH_GO) build -o bin/harness ./harness
	for i in $$(seq 1 $(RUNS)); do \
		echo "== full run $$i of $(RUNS)"; \
		(cd $(BENCH_DIR) && bin/harness $(BENCH_ARGS) -out results/run-$$i) || exit 1; \
	done
	cd $(BENCH_DIR) && bin/harness -aggregate $$(seq -s, -f 'results/run-%g' 1 $(RUNS)) -out results
endif

# Micro-benchmarks of the library (main module). A package that does not
# compile yet must not sink the whole bench run, so failures only warn.
bench-micro:
	@mkdir -p $(BENCH_DIR)/results
	@echo "$(BENCH_GO) test -run '^$$' -bench . -benchmem -benchtime=$(BENCHTIME) ./..."
	@$(BENCH_GO) test -run '^$$' -bench . -benchmem -benchtime=$(BENCHTIME) ./... \
		>$(BENCH_DIR)/results/micro.txt 2>&1 \
		|| echo "bench-micro: some packages failed (details in $(BENCH_DIR)/results/micro.txt)"
	@cat $(BENCH_DIR)/results/micro.txt

bench-build:
	cd $(BENCH_DIR) && $(BENCH_GO) run ./harness -build-only

bench-test:
	cd $(BENCH_DIR) && $(BENCH_GO) vet ./... && $(BENCH_GO) test -count=1 ./...

# The bench module is separate, so the library's `go test ./...` does not see it: `make test`
# runs its tests, smoke runs of every benchmark program included, as an extra prerequisite.
test: bench-test

bench-clean:
	rm -rf $(BENCH_DIR)/bin
