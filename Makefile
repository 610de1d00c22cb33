# zreactor: `make test` (format, vet with and without cgo, staticcheck, race tests incl.
# interop with libzmq) and `make bench` (side by side with libzmq; QUICK=1 for a one-minute run).
GO         ?= go
GOBIN      := $(shell $(GO) env GOPATH)/bin
STATICCHECK := $(GOBIN)/staticcheck
FUZZTIME   ?= 30s

.PHONY: test deps fmt-check vet nocgo lint race fuzz bench-go

test: deps fmt-check vet nocgo lint race

deps:
	@scripts/deps.sh

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	$(GO) vet ./...

# Without cgo (no C compiler, no libzmq3-dev) internal/libzmq and interop/ drop out; everything
# else must still build and vet.
nocgo:
	CGO_ENABLED=0 $(GO) build ./...
	CGO_ENABLED=0 $(GO) vet ./...

$(STATICCHECK):
	$(GO) install honnef.co/go/tools/cmd/staticcheck@v0.8.2

lint: $(STATICCHECK)
	$(STATICCHECK) ./...

race:
	$(GO) test -race -shuffle=on -count=1 -timeout 10m ./...

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

-include bench/bench.mk
