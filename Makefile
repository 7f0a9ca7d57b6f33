# porttutor: the two set-up commands are `make run` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
LESSON ?=

.PHONY: run test build release deps test-deps bench install lint check-pure clean fuzz

## Builds porttutor (release) and starts it. `make run LESSON=http` opens one lesson.
run: deps release
	./.build/release/porttutor $(LESSON)

## Builds everything and runs every test (unit, real-socket, capture, tmux end-to-end).
test: test-deps
	$(SWIFT) build
	scripts/check-pure-core.sh
	./.build/debug/porttutor lint Lessons
	$(SWIFT) test
	fuzz/run.sh $(FUZZ_SECONDS)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

deps:
	@scripts/install-deps.sh

test-deps:
	@scripts/install-deps.sh --test

## Proves the core (Tutor and what it imports) loads no I/O module: see scripts/check-pure-core.sh.
check-pure:
	scripts/check-pure-core.sh

lint: build
	./.build/debug/porttutor lint Lessons

## Builds the fuzz targets from the package and runs each FUZZ_SECONDS (5 in `make test`; see fuzz/README.md).
FUZZ_SECONDS ?= 5
fuzz: test-deps
	fuzz/run.sh $(FUZZ_SECONDS)

## Benchmarks against tcpdump, ss and netstat (see bench/README.md).
bench: test-deps release
	bench/run-all.sh

install: release
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/porttutor
	install -m 755 .build/release/porttutor $(DESTDIR)$(PREFIX)/bin/porttutor
	cp -R Lessons $(DESTDIR)$(PREFIX)/share/porttutor/

clean:
	rm -rf .build .build-purity
