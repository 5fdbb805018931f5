# Plenary. `make run` starts the portal on the embedded database with demo
# content at http://localhost:8080; `make test` runs every check.

GO       ?= go
BIN      := bin/plenary
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: build run test vet fmt-check bench fuzz clean

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/plenary

run: build
	$(BIN) serve --demo

test: fmt-check vet
	$(GO) test -race -count=1 ./...

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l cmd internal); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

# Benchmarks: figures and the commands that produced them are in docs/benchmarks.md.
bench:
	$(GO) test -run '^$$' -bench . -benchtime 1x -count 3 ./internal/importer/
	$(GO) test -run '^$$' -bench . -benchtime 2s ./internal/embeddb/
	$(GO) test -run '^$$' -bench . -benchtime 3x ./internal/changefeed/
	$(GO) test -run '^$$' -bench '^Benchmark(IndexRebuild(Baseline)?|Search)$$' -benchtime 1x -timeout 60m ./internal/search/bleveindex/
	$(GO) test -run '^$$' -bench '^BenchmarkPutToSearchable$$' -benchtime 40x ./internal/search/bleveindex/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/symbol/
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/search/

clean:
	rm -rf bin
