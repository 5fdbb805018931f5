# Plenary. `make run` starts the portal on the embedded database with demo
# content at http://localhost:8080; `make test` runs every check.

GO       ?= go
BIN      := bin/plenary
VERSION  := $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)

.PHONY: build run test vet fmt-check bench fuzz clean test-deps screenshots

# What the tests need besides Go, each installed only when missing, so this
# is quick on a set-up machine: from Debian, Chromium and fonts for the
# browser tests (internal/web/browser_test.go), and the third-party
# parsers the open-data formats are checked with (xmllint, Python's
# feedparser, the HTTP::OAI harvester); from npm, into a git-ignored
# folder, axe-core, ical.js, Redocly's OpenAPI linter and citation-js.
NPM_DIR      := .cache/npm
NPM_PKGS     := axe-core@4.14.1 ical.js@2.2.1 @redocly/cli@2.77.0 citation-js@0.7.22
NPM_STAMP    := $(NPM_DIR)/.installed-$(shell echo '$(NPM_PKGS)' | cksum | cut -d' ' -f1)
APT_PKGS     := chromium fonts-noto-core fonts-noto-cjk libxml2-utils python3-feedparser libhttp-oai-perl
APT_FILES    := /usr/bin/chromium \
	/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf \
	/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
	/usr/bin/xmllint /usr/lib/python3/dist-packages/feedparser /usr/share/perl5/HTTP/OAI.pm
export PLENARY_NODE_MODULES := $(CURDIR)/$(NPM_DIR)/node_modules
export PLENARY_AXE := $(PLENARY_NODE_MODULES)/axe-core/axe.min.js

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/plenary

run: build
	$(BIN) serve --demo

test: fmt-check vet test-deps
	$(GO) test -race -count=1 ./...

test-deps:
	@pkgs=; for f in $(APT_FILES); do [ -e "$$f" ] || pkgs="$(APT_PKGS)"; done; \
	command -v npm >/dev/null || pkgs="$$pkgs nodejs npm"; \
	if [ -n "$$pkgs" ]; then \
		sudo=; [ "$$(id -u)" -eq 0 ] || sudo=sudo; \
		echo "test-deps: apt-get install $$pkgs"; \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q && \
		$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$pkgs || exit 1; \
	fi; \
	if [ ! -e $(NPM_STAMP) ]; then \
		echo "test-deps: installing $(NPM_PKGS) from npm into $(NPM_DIR)"; \
		npm install --prefix $(NPM_DIR) --no-save --no-audit --no-fund $(NPM_PKGS) && touch $(NPM_STAMP) || exit 1; \
	fi

# Home page screenshots in English and Arabic, into docs/screenshots/.
screenshots: test-deps
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
