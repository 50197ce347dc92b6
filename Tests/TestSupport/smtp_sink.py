#!/usr/bin/env python3
"""A real SMTP server for LeadMail's tests: aiosmtpd on 127.0.0.1 that saves every accepted message.

Usage: smtp_sink.py --dir DIR [--rules RULES.json] [--auth USER:PASSWORD] [--tls-cert PEM --tls-key PEM]
                   [--implicit-tls]

Prints "PORT <n>" as its first stdout line once it accepts connections. Each accepted message is saved
atomically as DIR/NNNNNN.eml (the DATA bytes, dot-unstuffed, CRLF line endings as received) plus
DIR/NNNNNN.json ({"mailFrom": ..., "rcptTos": [...], "peer": [host, port], "authMechanism": "PLAIN"|"LOGIN"|null,
"helo": the HELO/EHLO name});
the .json is written last, so
a reader that sees it can read the .eml.

The rules file (re-read on every MAIL/RCPT/DATA, so a test can change it while the server runs) is a JSON
list of {"stage": "mail"|"rcpt"|"data", "recipient": "a@b" or null, "code": 550, "message": "5.1.1 ..."}; a rule
with "nonFqdnHelo": true applies only when the client's HELO/EHLO name has no dot.
The first rule whose stage matches (and, for "rcpt", whose recipient matches or is null) is answered with
"<code> <message>" instead of accepting. Exits with status 0 on SIGTERM, 2 when aiosmtpd is missing.
"""

import argparse
import json
import os
import signal
import sys
import threading
import time

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult
except ImportError:
    sys.stderr.write(
        "smtp_sink.py: the Python package aiosmtpd is not installed for %s; "
        "install it with `pip install aiosmtpd` and run the tests again\n" % sys.executable
    )
    sys.exit(2)


def load_rules(path):
    if not path or not os.path.exists(path):
        return []
    try:
        with open(path, "r", encoding="utf-8") as handle:
            rules = json.load(handle)
    except (OSError, ValueError) as error:
        sys.stderr.write("smtp_sink.py: ignoring unreadable rules file %s: %s\n" % (path, error))
        return []
    return rules if isinstance(rules, list) else []


def matching_rule(rules_path, stage, recipient=None, helo=None):
    for rule in load_rules(rules_path):
        if rule.get("stage", "rcpt") != stage:
            continue
        # Postfix's reject_non_fqdn_helo_hostname: only a HELO/EHLO name without a dot is refused.
        if rule.get("nonFqdnHelo") and "." in (helo or ""):
            continue
        wanted = rule.get("recipient")
        if stage == "rcpt" and wanted is not None and wanted.lower() != (recipient or "").lower():
            continue
        return "%d %s" % (int(rule.get("code", 550)), rule.get("message", "rejected by test rule"))
    return None


def write_atomically(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.rename(temporary, path)


class SinkHandler:
    def __init__(self, directory, rules_path):
        self.directory = directory
        self.rules_path = rules_path
        self.counter = 0
        self.lock = threading.Lock()

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        reply = matching_rule(self.rules_path, "mail")
        if reply:
            return reply
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        reply = matching_rule(self.rules_path, "rcpt", address, session.host_name)
        if reply:
            return reply
        envelope.rcpt_tos.append(address)
        envelope.rcpt_options.extend(rcpt_options)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        reply = matching_rule(self.rules_path, "data")
        if reply:
            return reply
        with self.lock:
            self.counter += 1
            number = self.counter
        base = os.path.join(self.directory, "%06d" % number)
        content = envelope.original_content or envelope.content or b""
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        write_atomically(base + ".eml", content)
        peer = list(session.peer) if session.peer else None
        metadata = {
            "mailFrom": envelope.mail_from,
            "rcptTos": list(envelope.rcpt_tos),
            "peer": peer,
            "authMechanism": getattr(session, "leadmail_auth_mechanism", None),
            "helo": session.host_name,
        }
        write_atomically(base + ".json", json.dumps(metadata).encode("utf-8"))
        return "250 2.0.0 Ok: queued as %06d" % number


class FreePortController(Controller):
    """Binds port 0 and records the port the kernel chose, so parallel tests never collide."""

    def _create_server(self):
        async def create():
            server = await self.loop.create_server(
                self._factory_invoker, host=self.hostname, port=0, ssl=self.ssl_context
            )
            self.port = server.sockets[0].getsockname()[1]
            return server

        return create()


def make_authenticator(credentials):
    username, _, password = credentials.partition(":")

    def authenticate(server, session, envelope, mechanism, auth_data):
        login = getattr(auth_data, "login", b"") or b""
        secret = getattr(auth_data, "password", b"") or b""
        if isinstance(login, bytes):
            login = login.decode("utf-8", "replace")
        if isinstance(secret, bytes):
            secret = secret.decode("utf-8", "replace")
        if login == username and secret == password:
            session.leadmail_auth_mechanism = mechanism
            return AuthResult(success=True, auth_data=auth_data)
        return AuthResult(success=False, handled=False, message="535 5.7.8 Authentication credentials invalid")

    return authenticate


def main():
    parser = argparse.ArgumentParser(description="SMTP sink for LeadMail tests")
    parser.add_argument("--dir", required=True, help="directory that receives NNNNNN.eml/.json")
    parser.add_argument("--rules", help="JSON rules file, re-read on every command")
    parser.add_argument("--auth", help="USER:PASSWORD to offer AUTH PLAIN/LOGIN (over TLS when --tls-cert)")
    parser.add_argument("--tls-cert", help="PEM certificate: offer STARTTLS and require it before MAIL/AUTH")
    parser.add_argument("--tls-key", help="PEM private key for --tls-cert")
    parser.add_argument("--implicit-tls", action="store_true",
                        help="with --tls-cert: TLS from the first byte (smtps://, port 465 style), no STARTTLS")
    arguments = parser.parse_args()
    os.makedirs(arguments.dir, exist_ok=True)

    options = {}
    if arguments.tls_cert:
        import ssl

        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(arguments.tls_cert, arguments.tls_key)
        if arguments.implicit_tls:
            options.update(ssl_context=context)
        else:
            options.update(tls_context=context, require_starttls=True)
    if arguments.auth:
        # With implicit TLS the whole connection is encrypted, but aiosmtpd only counts STARTTLS as TLS.
        options.update(
            authenticator=make_authenticator(arguments.auth),
            auth_require_tls=bool(arguments.tls_cert) and not arguments.implicit_tls,
            auth_required=bool(arguments.tls_cert),
        )
    handler = SinkHandler(arguments.dir, arguments.rules)
    controller = FreePortController(handler, hostname="127.0.0.1", port=0, **options)

    # The handlers only append to a list: an Event's set() from a signal handler can deadlock on the Event's own
    # lock when the signal lands while the main thread holds it inside wait() (seen: sinks stuck for hours).
    stop_requested = []
    signal.signal(signal.SIGTERM, lambda *_: stop_requested.append(True))
    signal.signal(signal.SIGINT, lambda *_: stop_requested.append(True))
    # A parent may spawn us with these signals blocked (Foundation.Process on Linux can); unblock them, or
    # SIGTERM would never arrive and the test harness would have to SIGKILL us.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

    controller.start()
    sys.stdout.write("PORT %d\n" % controller.port)
    sys.stdout.flush()
    parent = os.getppid()
    while not stop_requested:
        time.sleep(0.2)  # a signal cuts the sleep short
        if os.getppid() != parent:  # the test process died without stopping us: don't linger
            break
    # aiosmtpd's stop() can hang while a client (a kept-alive libcurl connection) is still attached; give it two
    # seconds, then leave anyway: a test server must never outlive its test.
    stopper = threading.Thread(target=controller.stop, daemon=True)
    stopper.start()
    stopper.join(2.0)
    sys.stdout.flush()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
