#!/bin/sh
# Regenerates the oracle's expected readings beside the fixtures (see README.md in this folder).
# Run from anywhere; needs python3 and ../shared/tools/email-oracle.py beside the repository.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../../.." && pwd)
oracle=${ORACLE:-$repo/../shared/tools/email-oracle.py}
cd "$here/.."
python3 "$oracle" cpython-email/msg_*.txt > oracle/cpython-email.jsonl
python3 "$oracle" ./*.eml | sed 's|"file": "\./|"file": "|' > oracle/fixtures.jsonl
cd "$repo"
python3 "$oracle" maildir-samples/new > "$here/maildir-samples.jsonl"
wc -l "$here"/*.jsonl
