# LeadMail: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what they need on a fresh Debian machine with the Swift toolchain (apt-get, pip), then build.

SWIFT     ?= swift
SUDO      := $(shell [ "$$(id -u)" -ne 0 ] && command -v sudo)
LEADMAIL  := .build/debug/leadmail
DEMO      := demo
# The build to deploy and to measure: optimised, with the Swift runtime and Foundation linked in, so the binary needs
# only libcurl and libsqlite3 from the system, starts without resolving the runtime's symbols, and maps 3 MB less.
RELEASE   := -c release --static-swift-stdlib

.PHONY: all build release demo serve test deps test-deps clean-demo bench bench-parser bench-send bench-postgres fuzz lint format

all: build

# .build/release/leadmail, the binary to install (see README, "Under systemd").
release: deps
	$(SWIFT) build $(RELEASE) --product leadmail

# System libraries: libcurl (SMTP client), SQLite (the embedded store) and libpq (the PostgreSQL store's client,
# needed by every build), found with pkg-config.
deps:
	@if ! pkg-config --exists libcurl sqlite3 libpq 2>/dev/null; then \
		echo "Installing libcurl4-openssl-dev, libsqlite3-dev, libpq-dev and pkg-config (apt-get)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcurl4-openssl-dev libsqlite3-dev libpq-dev \
			pkg-config; \
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
	@command -v systemd-analyze >/dev/null || ( $(SUDO) apt-get update -qq \
		&& DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq systemd )
	@# The STARTTLS test makes a self-signed certificate with the openssl command.
	@command -v openssl >/dev/null || ( $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq openssl )
	@# The real-IMAP tests start Dovecot from a configuration in a temporary folder (RealMailSystemTests).
	@test -x /usr/lib/dovecot/imap || ( $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq dovecot-imapd )
	@# The real-MTA tests start a Postfix instance of their own (RealMailSystemTests); "No configuration" keeps
	@# the package from setting up or starting the machine's own mail system.
	@test -x /usr/lib/postfix/sbin/master || ( echo "postfix postfix/main_mailer_type select No configuration" \
		| $(SUDO) debconf-set-selections && $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postfix )
	@# The PostgreSQL store's tests start a throw-away server (initdb, pg_ctl) in a temporary folder.
	@test -x /usr/lib/postgresql/15/bin/initdb || ( $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq postgresql libpq-dev )
	@# The browser tests drive Debian's Chromium with Selenium (PyPI); nothing is downloaded when they run.
	@[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || ( $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium chromium-driver )
	@python3 -c "import selenium" 2>/dev/null || python3 -m pip install -q selenium 2>/dev/null \
		|| python3 -m pip install -q --break-system-packages selenium
	@python3 -c "import selenium" || { echo "selenium could not be installed; the browser tests need it"; exit 1; }

build: deps
	$(SWIFT) build --product leadmail

# Runs the main job on the embedded default: maildir-samples copied into demo/inbox, SQLite in demo/, replies
# written to the demo/outbox maildir (no SMTP server needed). Run it as often as you like: it starts afresh.
# The samples arrived on 16-23 November 2026: the run is replayed at that time (LEADMAIL_NOW), since no mail older
# than intake.replyMaxAgeDays gets an automatic reply.
demo: build clean-demo
	@mkdir -p $(DEMO)
	@cp -R maildir-samples $(DEMO)/inbox
	@rm -f $(DEMO)/inbox/README.md
	LEADMAIL_NOW=2026-11-23T15:00:00Z $(LEADMAIL) run --once --config leadmail.yml
	@echo
	@echo "== Leads captured (leadmail leads list --config leadmail.yml)"
	@$(LEADMAIL) leads list --config leadmail.yml
	@echo
	@echo "== Replies written to $(DEMO)/outbox/new (leadmail outbox list --all --config leadmail.yml)"
	@$(LEADMAIL) outbox list --all --config leadmail.yml
	@echo
	@echo "Try: $(LEADMAIL) leads show 1 --config leadmail.yml"
	@echo "Open the web workspace over these leads: make serve (http://127.0.0.1:8080, demo users printed)"

# The web workspace over the demo's leads (run `make demo` first) on http://127.0.0.1:8080 until Ctrl-C, with a
# demo user of each role; their passwords are printed.
serve: build
	@[ -f $(DEMO)/leadmail.sqlite ] || { echo "No demo store yet: run make demo first"; exit 1; }
	@sh contrib/demo-users.sh $(LEADMAIL) leadmail.yml
	$(LEADMAIL) serve --config leadmail.yml --listen 127.0.0.1:8080

clean-demo:
	@rm -rf $(DEMO)

test: test-deps lint
	$(SWIFT) build --build-tests
	# One test at a time: several suites run real processes (leadmail, aiosmtpd) and would starve each other's
	# timers on a two-core machine if run side by side.
	$(SWIFT) test --skip-build --no-parallel

# The layout every file keeps (.swift-format): `make format` rewrites, `make lint` (part of `make test`) checks.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Benchmarks Package.swift

format:
	$(SWIFT) format format --in-place --recursive --parallel Sources Tests Benchmarks Package.swift

# The figures to quote, in one table (release): ingest, latency, sending, memory, floors and, where installed,
# mu index, notmuch new and Python's email over the same 10,000 generated messages. BENCH_PEERS=1 installs
# maildir-utils and notmuch first; BENCH_COUNT=N, BENCH_LATENCY_SECONDS=S (default 60) and SEND_COUNT=N shorten
# a run. See Benchmarks/LeadMailBenchmark.
bench: test-deps
	@if [ -n "$(BENCH_PEERS)" ] && ! { command -v mu >/dev/null && command -v notmuch >/dev/null; }; then \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq maildir-utils notmuch; \
	fi
	$(SWIFT) build $(RELEASE) --product leadmail
	$(SWIFT) build $(RELEASE) --product LeadMailBenchmark
	.build/release/LeadMailBenchmark

# Ingest of the 10,000-message backlog on PostgreSQL beside SQLite, then with 1, 2 and 3 processes (separate
# maildirs) on one database, on a throw-away cluster (release). BENCH_COUNT=N shortens it. See
# Benchmarks/Postgres/bench_postgres.py.
bench-postgres: test-deps
	$(SWIFT) build $(RELEASE) --product leadmail
	$(SWIFT) build $(RELEASE) --product LeadMailBenchmark
	python3 Benchmarks/Postgres/bench_postgres.py

# The MIME parser alone (release): messages/s and MB/s over 10,000 generated messages beside Python's email
# in the same run, then parse time and peak memory for 1 KB to 50 MB messages. See Benchmarks/ParserBenchmark.
bench-parser:
	$(SWIFT) build $(RELEASE) --product ParserBenchmark
	.build/release/ParserBenchmark

# Replies per second through CurlSMTPTransport to a local aiosmtpd (release): one connection for the batch, then a
# new connection per reply. SEND_COUNT=N (default 2000). See Benchmarks/SendBenchmark.
bench-send: test-deps
	$(SWIFT) build $(RELEASE) --product SendBenchmark
	.build/release/SendBenchmark

# libFuzzer over the MIME parser for FUZZ_SECONDS, seeded with every test message; findings go to
# Fuzz/artifacts/. Fuzz/ is a package of its own, never built by `make test` (see Fuzz/README.md).
FUZZ_SECONDS ?= 600
# Whole messages: the largest fixture is 240 KB; inputs may grow to 1 MiB (libFuzzer cuts longer ones).
FUZZ_MAX_LEN ?= 1048576
FUZZER_NO_MAIN ?= $(shell dirname $$(readlink -f $$(command -v $(SWIFT))))/../lib/swift/clang/lib/linux/libclang_rt.fuzzer_no_main-x86_64.a
fuzz:
	cd Fuzz && FUZZER_NO_MAIN=$(FUZZER_NO_MAIN) $(SWIFT) build -c release
	@mkdir -p Fuzz/corpus Fuzz/artifacts
	@cp Tests/MIMETests/Fixtures/*.eml Tests/MIMETests/Fixtures/cpython-email/msg_* Tests/MIMETests/Fixtures/fuzz/* \
		maildir-samples/new/* Fuzz/corpus/
	Fuzz/.build/release/MIMEFuzz Fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -timeout=10 -max_len=$(FUZZ_MAX_LEN) \
		-rss_limit_mb=3000 -artifact_prefix=Fuzz/artifacts/
