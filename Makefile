# zreactor: `make test` (format, vet with and without cgo, cross-platform vets, staticcheck, race
# tests incl. interop with libzmq, on both pollers and both wait modes, the allocation tests
# without -race) and
# `make bench` (side by side with libzmq; QUICK=1 for a one-minute run).
GO         ?= go
GOBIN      := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
FUZZTIME   ?= 30s

.PHONY: test deps fmt-check vet nocgo cross lint race race-waits test-poll allocs fuzz bench-go

test: deps fmt-check vet nocgo cross lint race race-waits test-poll allocs

deps:
	@scripts/deps.sh

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...
	$(GO) vet -tags soak,faults ./...

# Without cgo (no C compiler, no libzmq3-dev) internal/libzmq and interop/ drop out; everything
# else must still build and vet.
nocgo:
	CGO_ENABLED=0 $(GO) build ./...
	CGO_ENABLED=0 $(GO) vet ./...

# go vet for macOS (amd64, arm64), FreeBSD and Linux arm64, and for the host with -tags
# zmq_poll; the Windows build must be refused with one clear error (scripts/cross.sh). About a
# minute with a warm build cache.
cross:
	@GO=$(GO) scripts/cross.sh

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: $(STATICCHECK)
	$(STATICCHECK) ./...
	$(STATICCHECK) -tags soak,faults ./...
	$(STATICCHECK) -tags zmq_poll ./...

race:
	$(GO) test -race -shuffle=on -count=1 -timeout 10m ./...

# The root package again with every context in the wait mode this machine would not pick
# (kernel waits on a small machine, scheduler waits on a big one; SchedulerWaits): both modes
# run under the race detector wherever `make test` runs.
race-waits:
	ZR_TEST_WAITS=other $(GO) test -race -shuffle=on -count=1 -timeout 10m .

# The whole suite again over the poll(2) backend and the pipe signaler that macOS and the BSDs
# use, with the race detector: on 2 cores it takes about as long as `race` (3 minutes), which
# keeps `make test` under 10.
test-poll:
	$(GO) test -tags zmq_poll -race -shuffle=on -count=1 -timeout 10m ./...

# The allocation tests (every test named *Alloc*) again without the race detector, under which
# they skip: sync.Pool drops a quarter of what it is given there, so counts mean nothing.
allocs:
	$(GO) test -count=1 -run 'Alloc' ./...

# Each fuzz target of every package that has one, for FUZZTIME; the committed corpus is
# replayed by plain `go test` too.
FUZZ_PKGS = $(sort $(dir $(shell find . -path ./bench -prune -o -name '*_test.go' -print | xargs grep -l '^func Fuzz')))

fuzz:
	@for p in $(FUZZ_PKGS); do \
		for t in $$($(GO) test -list 'Fuzz.*' $$p | grep ^Fuzz); do \
			echo "== $$p $$t"; $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p || exit 1; \
		done; \
	done

# The Go micro-benchmarks of every package.
bench-go:
	$(GO) test -run '^$$' -bench . -benchmem -benchtime=200ms ./...

# Robustness (README "Reliability"; not part of `make test`): `make soak` runs random
# operations against SIGKILLed peer processes for SOAK (SEED replays a run); `make faults`
# runs the fault cases against zreactor and libzmq and writes faults/results.md. RACE=1 runs the
# soak (and its peer processes) under the race detector.
SOAK    ?= 60s
SEED    ?= 0
PUSHERS ?= 2000

.PHONY: soak faults
soak:
	$(GO) test $(if $(filter 1,$(RACE)),-race) -tags soak -count=1 -timeout 0 -run '^TestSoak$$' -v ./soak/ -args -soak.duration=$(SOAK) -soak.seed=$(SEED)

# Run as root (network namespaces, nftables); PUSHERS=10000 for the full scale case.
faults:
	@scripts/deps.sh faults || echo "faults: going on; what needs the missing packages skips or says n/a"
	$(GO) test -tags faults -count=1 -timeout 20m -v ./faults/ \
		-args -faults.pushers=$(PUSHERS) -faults.results=results.md -faults.readme=../README.md

-include bench/bench.mk
