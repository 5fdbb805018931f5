# Plenary. `make run` starts the portal on the embedded database with demo
# content at http://localhost:8080; `make test` runs every check.

GO       ?= go
BIN      := bin/plenary
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: build run test vet fmt-check bench fuzz clean browser-deps screenshots

# What the browser tests (internal/web/browser_test.go) need: Chromium and
# fonts from Debian, axe-core from npm in a git-ignored folder. Each is
# installed only when missing, so this is quick on a set-up machine.
AXE_VERSION   := 4.14.1
AXE_DIR       := .cache/npm
AXE_JS        := $(AXE_DIR)/node_modules/axe-core/axe.min.js
BROWSER_PKGS  := chromium fonts-noto-core fonts-noto-cjk
BROWSER_FILES := /usr/bin/chromium \
	/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf \
	/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
export PLENARY_AXE := $(CURDIR)/$(AXE_JS)

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/plenary

run: build
	$(BIN) serve --demo

test: fmt-check vet browser-deps
	$(GO) test -race -count=1 ./...

browser-deps:
	@pkgs=; for f in $(BROWSER_FILES); do [ -e "$$f" ] || pkgs="$(BROWSER_PKGS)"; done; \
	command -v npm >/dev/null || pkgs="$$pkgs nodejs npm"; \
	if [ -n "$$pkgs" ]; then \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		echo "browser-deps: apt-get install $$pkgs"; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$pkgs || exit 1; \
	fi; \
	if ! grep -qs '"version": "$(AXE_VERSION)"' $(AXE_DIR)/node_modules/axe-core/package.json; then \
		echo "browser-deps: installing axe-core@$(AXE_VERSION) from npm into $(AXE_DIR)"; \
		npm install --prefix $(AXE_DIR) --no-save --no-audit --no-fund axe-core@$(AXE_VERSION) || exit 1; \
	fi

# Home page screenshots in English and Arabic, into docs/screenshots/.
screenshots: browser-deps
	PLENARY_SCREENSHOTS=1 $(GO) test -count=1 -v -run '^TestBrowser$$/^Screenshots$$' ./internal/web/

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
	$(GO) test -run '^$$' -bench '^BenchmarkPages$$' -benchtime 1x -timeout 30m ./internal/web/
	$(GO) test -run '^$$' -bench '^BenchmarkSignedIn$$' -benchtime 1x ./internal/web/
	$(GO) test -run '^$$' -bench '^BenchmarkPDF$$' -benchtime 3x ./internal/extract/

fuzz:
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/symbol/
	$(GO) test -run '^$$' -fuzz FuzzParse -fuzztime 60s ./internal/search/
	$(GO) test -run '^$$' -fuzz FuzzPages -fuzztime 60s ./internal/web/
	$(GO) test -run '^$$' -fuzz FuzzCheck -fuzztime 60s ./internal/upload/

clean:
	rm -rf bin
