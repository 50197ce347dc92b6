#!/usr/bin/env python3
"""Ingest of the generated backlog on PostgreSQL beside SQLite, and with 1, 2 and 3 processes on one database.

`make bench-postgres` (release build). Writes the deterministic backlog (BacklogCorpus, through
`LeadMailBenchmark --write-corpus`), starts a throw-away PostgreSQL cluster (initdb and pg_ctl on a temporary
folder and a free port, as the `postgres` user when run as root, fsync on as in production), then times
`leadmail run --once` over the whole backlog:

- on SQLite (the embedded default) and on PostgreSQL, one process each;
- on PostgreSQL with the backlog split in 2 and 3 maildirs, one `leadmail run --once` per maildir at the same time,
  each on its own database connection (several hosts on one database, here on one machine).

Each run starts from an empty store (a new database) and replies go to the outbox maildir (file transport), as in
`make bench`. Prints one table; figures are wall-clock seconds and messages per second.

    bench_postgres.py [--count N] [--leadmail PATH] [--bench PATH]
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time

PG_BIN = "/usr/lib/postgresql/15/bin"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A throw-away PostgreSQL server; stopped and removed by stop()."""

    def __init__(self, folder):
        self.folder = folder
        self.data = os.path.join(folder, "data")
        self.port = free_port()
        self.as_root = os.getuid() == 0
        if self.as_root:
            shutil.chown(folder, "postgres", "postgres")
        self.run(f"{PG_BIN}/initdb -D {self.data} -A trust -U postgres -E UTF8 --locale=C.UTF-8")
        options = f"-p {self.port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=100"
        self.run(f"{PG_BIN}/pg_ctl -D {self.data} -l {folder}/server.log -w -o '{options}' start")

    def run(self, command):
        line = f"{command} >> {self.folder}/pg.log 2>&1 < /dev/null"
        if self.as_root:
            subprocess.run(["su", "postgres", "-s", "/bin/sh", "-c", line], check=True)
        else:
            subprocess.run(["/bin/sh", "-c", line], check=True)

    def create(self, name):
        self.run(f"{PG_BIN}/createdb -h 127.0.0.1 -p {self.port} -U postgres {name}")
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}?sslmode=disable"

    def stop(self):
        try:
            self.run(f"{PG_BIN}/pg_ctl -D {self.data} -m immediate stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def workspace(folder, store):
    """A leadmail.yml with the repository's rules, the paths under `folder`, replies into the outbox maildir."""
    os.makedirs(folder)
    paths = {"mailbox": "inbox", "quarantine": "quarantine", "outbox": "outbox"}
    lines = []
    with open(os.path.join(ROOT, "leadmail.yml")) as example:
        for line in example.read().split("\n"):
            key = line.split(":", 1)[0]
            if key in paths:
                line = f"{key}: {os.path.join(folder, paths[key])}"
            elif key == "store":
                line = f"store: {store}"
            elif key == "templates":
                line = f"templates: {os.path.join(ROOT, 'templates')}"
            lines.append(line)
    lines += ["maxRepliesPerHour: 0", "perRecipientReplyLimit: 0", "intake:", "  replyMaxAgeDays: 36500"]
    config = os.path.join(folder, "leadmail.yml")
    with open(config, "w") as file:
        file.write("\n".join(lines) + "\n")
    for sub in ("new", "cur", "tmp"):
        os.makedirs(os.path.join(folder, "inbox", sub))
    return config


def link(names, corpus, folder):
    for name in names:
        os.link(os.path.join(corpus, "new", name), os.path.join(folder, "inbox", "new", name))


def timed(leadmail, configs):
    """Runs `leadmail run --once` for every config at once; returns the wall-clock seconds of the slowest."""
    subprocess.run(["sync"], check=True)
    started = time.monotonic()
    children = [
        subprocess.Popen(
            [leadmail, "run", "--once", "--config", config], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={key: value for key, value in os.environ.items() if key != "LEADMAIL_RELAY"})
        for config in configs
    ]
    again = []
    for child, config in zip(children, configs):
        out, err = child.communicate()
        # 75: some messages stayed in new/ (a deadlock between two hosts' batches on one person's contact row, for
        # instance): `leadmail run` takes them at its next wake; here a second pass does, and is timed too.
        if child.returncode == 75:
            again.append(config)
        elif child.returncode != 0:
            sys.exit(f"leadmail run --once --config {config} failed ({child.returncode}): {err.decode()[-2000:]}")
    for config in again:
        subprocess.run([leadmail, "run", "--once", "--config", config], check=True, capture_output=True,
                       env={key: value for key, value in os.environ.items() if key != "LEADMAIL_RELAY"})
    if again:
        print(f"  {len(again)} process(es) left messages in new/ for a second pass", file=sys.stderr)
    return time.monotonic() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", "10000")))
    parser.add_argument("--leadmail", default=os.path.join(ROOT, ".build/release/leadmail"))
    parser.add_argument("--bench", default=os.path.join(ROOT, ".build/release/LeadMailBenchmark"))
    arguments = parser.parse_args()
    work = tempfile.mkdtemp(prefix="leadmail-bench-pg-")
    os.chmod(work, 0o755)  # the postgres user runs the server in a folder under it
    cluster = None
    try:
        corpus = os.path.join(work, "corpus")
        subprocess.run([arguments.bench, "--write-corpus", corpus, "--count", str(arguments.count)], check=True)
        names = sorted(os.listdir(os.path.join(corpus, "new")))
        cluster_folder = os.path.join(work, "pg")
        os.makedirs(cluster_folder)
        cluster = Cluster(cluster_folder)
        rows = []

        def measure(label, stores, parts):
            configs = []
            for index, store in enumerate(stores):
                folder = os.path.join(work, f"{label.replace(' ', '-')}-{index}")
                configs.append(workspace(folder, store))
                link(names[index::parts], corpus, folder)
            seconds = timed(arguments.leadmail, configs)
            rows.append((label, seconds, arguments.count / seconds))
            print(f"{label}: {seconds:.1f} s, {arguments.count / seconds:.0f} messages/s", file=sys.stderr)

        measure("SQLite, 1 process", [os.path.join(work, "sqlite.db")], 1)
        for processes in (1, 2, 3):
            database = cluster.create(f"bench{processes}")
            measure(f"PostgreSQL, {processes} process{'es' if processes > 1 else ''}", [database] * processes,
                    processes)
        print(f"\ningest of the {arguments.count}-message backlog (`leadmail run --once`, file transport)")
        print(f"{'store':<28} {'seconds':>8} {'messages/s':>11}")
        for label, seconds, rate in rows:
            print(f"{label:<28} {seconds:>8.1f} {rate:>11.0f}")
    finally:
        if cluster:
            cluster.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
