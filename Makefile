# porttutor: the two set-up commands are `make run` and `make test`.
SWIFT ?= swift
PREFIX ?= /usr/local
DESTDIR ?=
LESSON ?=
BINDIR ?= $(PREFIX)/bin
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
# Where each shell looks for completions under PREFIX (a package puts zsh's in vendor-completions).
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d
# The release binary links the Swift runtime and Foundation statically: it runs on a machine
# with no Swift toolchain (what `make install` and `make deb` ship).
RELEASE_FLAGS ?= -c release --static-swift-stdlib -Xswiftc -use-ld=lld -Xlinker -z -Xlinker pack-relative-relocs
# What install and deb ship; `make deb BIN=.build/debug/porttutor` packages the debug build (tests).
BIN ?= .build/release/porttutor
VERSION := $(shell sed -n 's/.*static let release = "\(.*\)"/\1/p' Sources/porttutor/PortTutor.swift)
# The man page's date: the last commit's, so the same commit gives the same page.
MAN_DATE ?= $(shell git log -1 --format=%cs 2>/dev/null || date -u +%F)
EXTRAS = .build/extras
DEB_ARCH = $(shell dpkg --print-architecture 2>/dev/null || echo unknown)
DEB ?= .build/porttutor_$(VERSION)_$(DEB_ARCH).deb
ifeq ($(BIN),.build/release/porttutor)
SHIPPED_BUILD = release
else
SHIPPED_BUILD =
endif

.PHONY: run test build release deps test-deps bench install install-files uninstall extras deb deb-package lint check-pure clean fuzz

## Builds porttutor (release) and starts it. `make run LESSON=http` opens one lesson.
run: deps release
	./.build/release/porttutor $(LESSON)

## Builds everything and runs every test (unit, real-socket, capture, tmux end-to-end).
test: test-deps
	$(SWIFT) build
	scripts/check-pure-core.sh
	./.build/debug/porttutor lint Lessons
	$(MAKE) --no-print-directory extras BIN=.build/debug/porttutor
	$(SWIFT) test
	fuzz/run.sh $(FUZZ_SECONDS)

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build $(RELEASE_FLAGS) --product porttutor

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

## The man page (from the ArgumentParser commands, by swift-argument-parser's generate-manual
## tool) and the bash, zsh and fish completions, made from $(BIN) into .build/extras.
extras:
	rm -rf $(EXTRAS) && mkdir -p $(EXTRAS)
	$(SWIFT) package generate-manual --help >/dev/null
	tool=$$(find .build -name generate-manual-tool -type f -perm -u+x | head -n 1); \
	    [ -n "$$tool" ] || { echo "swift package generate-manual built no generate-manual-tool" >&2; exit 1; }; \
	    "$$tool" $(BIN) --date $(MAN_DATE) --output-directory $(EXTRAS) >/dev/null
	# A blank line between paragraphs of a discussion is a new paragraph (.Pp) in mdoc.
	sed -i 's/^$$/.Pp/' $(EXTRAS)/porttutor.1
	$(BIN) --generate-completion-script bash | sed '1{/^#!/d}' > $(EXTRAS)/porttutor.bash
	$(BIN) --generate-completion-script zsh > $(EXTRAS)/_porttutor
	$(BIN) --generate-completion-script fish > $(EXTRAS)/porttutor.fish

## Installs the binary (the lessons are inside it), its man pages and completions under
## PREFIX (/usr/local), into DESTDIR when given. Capture is not granted: the setcap line is printed.
install: $(SHIPPED_BUILD) extras install-files
	@echo "Installed $(BINDIR)/porttutor. To watch live packets without root, either give it the right:"
	@echo "  sudo setcap cap_net_raw,cap_net_admin=eip $(BINDIR)/porttutor"
	@echo "or give it to the members of a porttutor group only: sudo $(SBINDIR)/porttutor-enable-capture USER"

install-files:
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(SBINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man8 \
	    $(DESTDIR)$(BASH_COMPLETION_DIR) $(DESTDIR)$(ZSH_COMPLETION_DIR) $(DESTDIR)$(FISH_COMPLETION_DIR)
	install -m 755 $(BIN) $(DESTDIR)$(BINDIR)/porttutor
	install -m 755 packaging/porttutor-enable-capture $(DESTDIR)$(SBINDIR)/porttutor-enable-capture
	install -m 644 $(EXTRAS)/porttutor.1 $(DESTDIR)$(MANDIR)/man1/porttutor.1
	install -m 644 packaging/porttutor-enable-capture.8 $(DESTDIR)$(MANDIR)/man8/porttutor-enable-capture.8
	install -m 644 $(EXTRAS)/porttutor.bash $(DESTDIR)$(BASH_COMPLETION_DIR)/porttutor
	install -m 644 $(EXTRAS)/_porttutor $(DESTDIR)$(ZSH_COMPLETION_DIR)/_porttutor
	install -m 644 $(EXTRAS)/porttutor.fish $(DESTDIR)$(FISH_COMPLETION_DIR)/porttutor.fish

## Removes what install put there (and the lessons folder older versions installed).
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/porttutor $(DESTDIR)$(SBINDIR)/porttutor-enable-capture \
	    $(DESTDIR)$(MANDIR)/man1/porttutor.1 $(DESTDIR)$(MANDIR)/man8/porttutor-enable-capture.8 \
	    $(DESTDIR)$(BASH_COMPLETION_DIR)/porttutor $(DESTDIR)$(ZSH_COMPLETION_DIR)/_porttutor \
	    $(DESTDIR)$(FISH_COMPLETION_DIR)/porttutor.fish
	rm -rf $(DESTDIR)$(PREFIX)/share/porttutor

## A Debian package (.build/porttutor_VERSION_ARCH.deb), built with dpkg-deb; see packaging/.
deb: $(SHIPPED_BUILD) extras deb-package

## The package from $(BIN) and the extras already made (no build: the tests call this).
deb-package:
	rm -rf .build/deb-root
	$(MAKE) --no-print-directory install-files DESTDIR=$(CURDIR)/.build/deb-root PREFIX=/usr \
	    ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions BIN=$(BIN)
	packaging/build-deb.sh .build/deb-root $(VERSION) $(DEB)

clean:
	rm -rf .build .build-purity
