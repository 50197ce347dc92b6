#!/usr/bin/env python3
"""Python's email package (policy=default) over the same maildir as ParserBenchmark, in the same run.

    python3 python_email_bench.py MAILDIR_NEW

Reads every file into memory first, then times (best of two) two things: parsing alone
(message_from_bytes, which leaves most of the work for later), and parse + read (addresses, subject,
date, body text and attachments), which is what LeadMail's parser does in one go.
"""
import email
import email.policy
import os
import sys
import time


def read(msg):
    for name in ("From", "To", "Cc", "Reply-To", "Subject", "Date", "Message-ID"):
        str(msg.get(name, ""))
    try:
        body = msg.get_body(preferencelist=("plain", "html"))
        if body is not None:
            body.get_content()
    except Exception:
        pass
    for part in msg.iter_attachments():
        try:
            part.get_content()
        except Exception:
            pass


def best_of_three(messages, work):
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for data in messages:
            work(data)
        best = min(best, time.perf_counter() - start)
    return best


def main():
    folder = sys.argv[1]
    messages = []
    for name in sorted(os.listdir(folder)):
        with open(os.path.join(folder, name), "rb") as handle:
            messages.append(handle.read())
    total = sum(len(m) for m in messages) / 1e6
    policy = email.policy.default
    parse = best_of_three(messages, lambda data: email.message_from_bytes(data, policy=policy))
    full = best_of_three(messages, lambda data: read(email.message_from_bytes(data, policy=policy)))
    version = sys.version.split()[0]
    print(f"Python {version} email, parse only:  {parse:.3f} s  {len(messages) / parse:8.0f} messages/s  "
          f"{total / parse:7.1f} MB/s")
    print(f"Python {version} email, parse + read: {full:.3f} s  {len(messages) / full:8.0f} messages/s  "
          f"{total / full:7.1f} MB/s")


if __name__ == "__main__":
    main()
