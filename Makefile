# LeadMail: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what they need on a fresh Debian machine with the Swift toolchain (apt-get, pip), then build.

SWIFT     ?= swift
SUDO      := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo)
LEADMAIL  := .build/debug/leadmail
DEMO      := demo

.PHONY: all build demo test deps test-deps clean-demo

all: build

# System libraries: libcurl (SMTP client) and SQLite (the store), found with pkg-config.
deps:
	@if ! pkg-config --exists libcurl sqlite3 2>/dev/null; then \
		echo "Installing libcurl4-openssl-dev, libsqlite3-dev and pkg-config (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcurl4-openssl-dev libsqlite3-dev pkg-config; \
	fi

# The tests also talk to a real SMTP server: aiosmtpd, from PyPI (or Debian's python3-aiosmtpd).
test-deps: deps
	@if ! command -v python3 >/dev/null; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3 python3-pip; \
	fi
	@python3 -c "import aiosmtpd" 2>/dev/null || python3 -m pip install -q aiosmtpd 2>/dev/null \
		|| python3 -m pip install -q --break-system-packages aiosmtpd 2>/dev/null \
		|| ( $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq python3-aiosmtpd )
	@python3 -c "import aiosmtpd" || { echo "aiosmtpd could not be installed; the SMTP tests need it"; exit 1; }

build: deps
	$(SWIFT) build --product leadmail

# Runs the main job on the embedded default: maildir-samples copied into demo/inbox, SQLite in demo/, replies
# written to the demo/outbox maildir (no SMTP server needed). Run it as often as you like: it starts afresh.
demo: build clean-demo
	@mkdir -p $(DEMO)
	@cp -R maildir-samples $(DEMO)/inbox
	@rm -f $(DEMO)/inbox/README.md
	$(LEADMAIL) run --once --config leadmail.yml
	@echo
	@echo "== Leads captured (leadmail leads list --config leadmail.yml)"
	@$(LEADMAIL) leads list --config leadmail.yml
	@echo
	@echo "== Replies written to $(DEMO)/outbox/new"
	@for f in $(DEMO)/outbox/new/*; do \
		[ -f "$$f" ] || continue; \
		printf '%-44s %s\n' "$$(grep -m1 '^To:' "$$f" | cut -c1-44)" "$$(grep -m1 '^Subject:' "$$f")"; \
	done
	@echo
	@echo "Try: $(LEADMAIL) leads show 1 --config leadmail.yml"

clean-demo:
	@rm -rf $(DEMO)

test: test-deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build
