#!/usr/bin/env python3
"""The web workspace under load: 100,000 leads and a million log entries, 20 concurrent signed-in sessions.

Builds a store in a temporary folder (the schema from `leadmail users add`, then leads, contacts, messages, log
entries, tasks and tags written straight into SQLite, the search index rebuilt), starts `leadmail serve` on it,
signs in 20 users (sales people, managers, an administrator) and drives three pages with wrk (Debian's `wrk`),
one after the other: the leads list (pages 1-40 of several views), a full-text search, and the lead page of a
lead in the session's scope. Prints p50/p90/p99 and requests/s of each with the load average before and after
it (the machine's cores are shared), and the server's peak RSS (VmHWM) beside its PSS.

    swift build -c release --product leadmail
    python3 Benchmarks/Web/web_bench.py [--leads 100000] [--events 1000000] [--seconds 20] [--page dashboard]
    BENCH_KEEP=1 python3 Benchmarks/Web/web_bench.py ...   # keeps the store; then --store DIR uses it again

`--page work` drives My work, the landing page, of the same sessions. `--change-every 1` edits a lead's contact
(its name and company, which the search index holds) through the lead page's form once a second while the pages
run, as staff and intake change leads on a live server: each edit changes the search index. `--page dashboard` drives the managers'
dashboard instead (the managers' and the administrator's sessions), over the default 12 weeks, a year, and a
year of one source, one after the other.

Not a test: the figures depend on the machine. README.md ("Speed") quotes them.
"""
import argparse
import http.client
import os
import random
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TEAMS = {"uk": 8, "dach": 6, "nordics": 6}
PASSWORD = "a long benchmark password"
WORDS = ("level pressure flow sensor sensors brewery dairy tank quote stainless probe radar ultrasonic "
         "datasheet calibration pump valve silo hygienic explosion atex ip68 cable display").split()
COMPANIES = "North Brewing|Alpen Molkerei|Fjord Fisk|Baltic Grain|Rhein Chemie|Tyne Water|Oslo Dairy".split("|")


def sh(*args, **kw):
    return subprocess.run(args, check=True, capture_output=True, text=True, **kw)


def config(folder):
    teams = "".join(
        f"  - name: {team}\n    notify: false\n    members:\n"
        + "".join(f"      - {{ name: {team.title()} Person {n}, email: {team}{n}@acme.example }}\n" for n in range(size))
        for team, size in TEAMS.items())
    text = f"""mailbox: {folder}/inbox
store: {folder}/leadmail.sqlite
templates: {ROOT}/templates
quarantine: {folder}/quarantine
outbox: {folder}/outbox
createMailbox: true
from: "Acme Sales <sales@acme.example>"
ourAddresses: [sales@acme.example]
staffDomains: [acme.example]
company: {{name: Acme Industrial Sensors}}
teams:
{teams}"""
    path = os.path.join(folder, "leadmail.yml")
    with open(path, "w") as out:
        out.write(text)
    return path


def add_users(leadmail, cfg):
    users = [("root@acme.example", "admin", None)]
    for team, size in TEAMS.items():
        users.append((f"manager-{team}@acme.example", "manager", team))
        users += [(f"{team}{n}@acme.example", "sales", team) for n in range(size)]
    for email, role, team in users:
        args = [leadmail, "users", "add", email, "--name", email.split("@")[0], "--role", role, "--config", cfg]
        if team:
            args += ["--team", team]
        if email != "root@acme.example":
            args += ["--as", "root@acme.example"]
        subprocess.run(args, input=f"{PASSWORD}\n{PASSWORD}\n", check=True, capture_output=True, text=True,
                       env=dict(os.environ, USER="root"))
    return users


def stamp(seconds):
    return time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(seconds)) + ".000"


def seed(path, leads, events):
    """Leads spread over two years, owned by the teams' members (a tenth unassigned), with their messages, an
    even share of the million log entries, a task each and a few tags."""
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous = OFF")
    rng = random.Random(23)
    owners = [(f"{team}{n}@acme.example", team) for team, size in TEAMS.items() for n in range(size)]
    start = time.time() - 2 * 365 * 86400
    statuses = ["new"] * 4 + ["contacted"] * 3 + ["qualified"] * 2 + ["converted", "rejected", "nurture"]
    contacts, rows, comms, logs, tasks, tags = [], [], [], [], [], []
    per_lead = max(1, events // leads)
    for i in range(1, leads + 1):
        created = start + i * (2 * 365 * 86400 / leads)
        company = rng.choice(COMPANIES)
        name = f"{rng.choice(['Jo', 'Anna', 'Lars', 'Ines', 'Tom', 'Mia', 'Omar', 'Sven'])} Buyer{i}"
        email = f"buyer{i}@customer{i % 997}.example"
        text = " ".join(rng.choice(WORDS) for _ in range(40))
        owner, team = rng.choice(owners) if rng.random() > 0.1 else (None, None)
        status = rng.choice(statuses)
        contacts.append((i, email, name, company, stamp(created)))
        rows.append((i, i, name, email, company, rng.choice(["email", "web-form", "trade-show"]), status,
                     "Level sensors for " + company, text, stamp(created), stamp(created), rng.randint(0, 90),
                     owner, team, rng.choice([None, "A", "B", "C"]),
                     rng.randint(1000, 90000) if status == "converted" else None))
        comms.append((i, "inbound", "enquiry", stamp(created), email, "sales@acme.example",
                      "Level sensors for " + company, f"<m{i}@customer.example>", "received", text, stamp(created)))
        comms.append((i, "outbound", "reply", stamp(created + 60), "sales@acme.example", email,
                      "Thanks for your enquiry", None, "sent", "Thank you for your enquiry.", stamp(created + 60)))
        for n in range(per_lead):
            logs.append((i, stamp(created + 3600 * (n + 1)), owner or "system",
                         rng.choice(["note", "call", "status", "assigned"]), f"step {n}: " + " ".join(
                             rng.choice(WORDS) for _ in range(8))))
        tasks.append((i, "call", time.strftime("%Y-%m-%d", time.gmtime(created + 3 * 86400)), owner,
                      stamp(created), None if rng.random() < 0.2 else stamp(created + 86400)))
        if rng.random() < 0.3:
            tags.append((i, rng.choice(["expo", "brewery", "dairy", "atex"])))
    with db:
        db.executemany("INSERT INTO contacts (id, email, name, company, created_at) VALUES (?,?,?,?,?)", contacts)
        db.executemany(
            "INSERT INTO leads (id, contact_id, name, email, company, source, status, subject, enquiry, created_at,"
            " updated_at, score, owner, team, rating, value) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
        db.executemany(
            "INSERT INTO communications (lead_id, direction, kind, date, from_address, to_address, subject,"
            " message_id, status, text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", comms)
        db.executemany("INSERT INTO lead_events (lead_id, date, by, kind, text) VALUES (?,?,?,?,?)", logs)
        db.executemany("INSERT INTO tasks (lead_id, kind, due, owner, created_at, done_at) VALUES (?,?,?,?,?,?)",
                       tasks)
        db.executemany("INSERT OR IGNORE INTO lead_tags (lead_id, tag) VALUES (?,?)", tags)
        db.execute("INSERT INTO leads_fts(leads_fts) VALUES ('rebuild')")
        db.execute("DELETE FROM leads_fts_pending")
        db.execute("UPDATE leads SET workflow_seen = workflow_latest")
    db.execute("ANALYZE")
    db.close()
    return {row[1]: row[12] for row in rows}


def sign_in(port, email):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/signin")
    page = conn.getresponse()
    html = page.read().decode()
    cookies = [c.split(";")[0] for c in page.headers.get_all("Set-Cookie") or []]
    token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
    body = urllib.parse.urlencode({"csrf": token, "email": email, "password": PASSWORD})
    conn.request("POST", "/signin", body, {"Content-Type": "application/x-www-form-urlencoded",
                                           "Cookie": "; ".join(cookies)})
    answer = conn.getresponse()
    answer.read()
    session = [c.split(";")[0] for c in answer.headers.get_all("Set-Cookie") or [] if "leadmail_session" in c]
    if answer.status != 303 or not session:
        raise SystemExit(f"{email} could not sign in: {answer.status}")
    return session[0]


LUA = """
local lines = {}
for line in io.lines(os.getenv("BENCH_REQUESTS")) do
  local cookie, path = line:match("([^\\t]+)\\t(.+)")
  table.insert(lines, {cookie, path})
end
local n = 0
function setup(thread) thread:set("offset", math.random(#lines)) end
function request()
  n = n + 1
  local entry = lines[(n + offset) % #lines + 1]
  return wrk.format("GET", entry[2], {["Cookie"] = entry[1]})
end
"""


def percentile(text, name):
    match = re.search(rf"^\s+{name}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
    value, unit = float(match.group(1)), match.group(2)
    return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value


def drive(folder, port, name, requests, seconds, connections=20):
    listing = os.path.join(folder, name + ".tsv")
    with open(listing, "w") as out:
        out.writelines(f"{cookie}\t{path}\n" for cookie, path in requests)
    script = os.path.join(folder, "requests.lua")
    with open(script, "w") as out:
        out.write(LUA)
    before = load()
    result = sh("wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, f"http://127.0.0.1:{port}",
                env=dict(os.environ, BENCH_REQUESTS=listing))
    text = result.stdout
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    print(f"{name:<10} p50 {percentile(text, '50'):7.1f} ms  p90 {percentile(text, '90'):7.1f} ms  "
          f"p99 {percentile(text, '99'):7.1f} ms  {rate:7.0f} req/s  load {before} -> {load()}"
          + (f"  ({bad.group(1)} answers not 2xx!)" if bad else ""))


class Changer(threading.Thread):
    """Edits one lead's contact every `every` seconds through the lead page's form, as the administrator, until
    stopped: each edit changes the search index, as a lead arriving does."""

    def __init__(self, port, cookie, leads, every):
        super().__init__(daemon=True)
        self.port, self.cookie, self.leads, self.every = port, cookie, leads, every
        self.stopping = threading.Event()
        self.done = 0
        self.rng = random.Random(11)

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        while not self.stopping.wait(self.every):
            lead = self.rng.randint(1, self.leads)
            conn.request("GET", f"/leads/{lead}", headers={"Cookie": self.cookie})
            token = re.search(r'name="csrf" value="([^"]+)"', conn.getresponse().read().decode()).group(1)
            body = urllib.parse.urlencode({"csrf": token, "name": f"Ed Buyer{lead} {self.done}",
                                           "company": self.rng.choice(COMPANIES), "phone": ""})
            conn.request("POST", f"/leads/{lead}/contact", body, {
                "Content-Type": "application/x-www-form-urlencoded", "Cookie": self.cookie})
            answer = conn.getresponse()
            answer.read()
            if answer.status != 303:
                raise SystemExit(f"editing lead {lead} answered {answer.status}")
            self.done += 1


def load():
    """The machine's 1-minute load average, printed from before and after each run: its 2 cores are shared, and
    figures measured beside other work are slower (the run itself adds about 2: the server and wrk)."""
    with open("/proc/loadavg") as average:
        return average.read().split()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=int, default=20)
    # The dashboard is a manager's page: a handful open it at once, not twenty.
    parser.add_argument("--connections", type=int, default=20, help="concurrent requests of the dashboard's run")
    parser.add_argument("--leadmail", default=os.path.join(ROOT, ".build/release/leadmail"))
    parser.add_argument("--page", choices=["all", "dashboard", "list", "search", "lead", "work"], default="all",
                        help="the three sales pages (all), one of them, My work (the landing page: each "
                        "salesperson has about 960 open tasks due), or the managers' dashboard alone")
    parser.add_argument("--change-every", type=float, default=0, help="seconds between edits of a lead's contact "
                        "while the pages run (0: none)")
    parser.add_argument("--store", help="a folder a run with BENCH_KEEP=1 kept: its store is used again, not "
                        "built (its sessions stay; the figures are those of a store that has served before)")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")
    if options.store:
        folder = options.store
        cfg = os.path.join(folder, "leadmail.yml")
        users = [("root@acme.example", "admin", None)]
        for team, size in TEAMS.items():
            users.append((f"manager-{team}@acme.example", "manager", team))
            users += [(f"{team}{n}@acme.example", "sales", team) for n in range(size)]
        db = sqlite3.connect(os.path.join(folder, "leadmail.sqlite"))
        owners = dict(db.execute("SELECT id, owner FROM leads"))
        options.leads = len(owners)
        db.close()
        print(f"store: {options.leads} leads, kept in {folder}")
    else:
        folder = tempfile.mkdtemp(prefix="leadmail-web-bench-")
        cfg = config(folder)
        began = time.time()
        users = add_users(options.leadmail, cfg)
        owners = seed(os.path.join(folder, "leadmail.sqlite"), options.leads, options.events)
        print(f"store: {options.leads} leads, {options.events} log entries, {len(users)} users "
              f"({time.time() - began:.0f} s to build)")
    server = subprocess.Popen([options.leadmail, "serve", "--config", cfg, "--listen", "127.0.0.1:0"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = int(re.search(r":(\d+) ", line).group(1))
        sales = [u for u in users if u[1] == "sales"]
        people = sales[:16] + [u for u in users if u[1] == "manager"] + [users[0]]
        people = people[:20]
        sessions = [(email, role, team, sign_in(port, email)) for email, role, team in people]
        rng = random.Random(7)
        by_owner = {}
        for lead, owner in owners.items():
            by_owner.setdefault(owner, []).append(lead)
        views = ["", "view=mine&", "sort=newest&", "status=qualified&", "view=converted&", "source=web-form&"]
        lists, searches, pages, works = [], [], [], []
        for email, role, team, cookie in sessions:
            for _ in range(200):
                lists.append((cookie, f"/leads?{rng.choice(views)}page={rng.randint(1, 40)}"))
                words = " ".join(rng.sample(WORDS, rng.choice([1, 2])))
                searches.append((cookie, "/leads?" + urllib.parse.urlencode({"q": words})))
                if role == "sales":
                    lead = rng.choice(by_owner[email])
                elif role == "manager":
                    lead = rng.choice(by_owner[f"{team}{rng.randrange(TEAMS[team])}@acme.example"])
                else:
                    lead = rng.randint(1, options.leads)
                pages.append((cookie, f"/leads/{lead}"))
            works.append((cookie, "/"))
        # The dashboard, for the sessions with its right (managers over their team, the administrator over all),
        # each range measured on its own: the default 12 weeks, a year, and a year of one source.
        year = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 365 * 86400))
        ranges = {"12 weeks": "", "a year": f"from={year}", "year+src": f"from={year}&source=web-form"}
        dashboards = {name: [(cookie, "/dashboard?" + query) for _, role, _, cookie in sessions
                             if role in ("manager", "admin")] for name, query in ranges.items()}
        print(f"{len(sessions)} sessions, wrk -t2, {options.seconds} s each"
              + (f", the dashboard {options.connections} at once:" if options.page == "dashboard" else ", 20 at once:"))
        changer = None
        if options.change_every > 0:
            changer = Changer(port, sessions[-1][3], options.leads, options.change_every)
            changer.start()
        if options.page in ("all", "list"):
            drive(folder, port, "list", lists, options.seconds)
        if options.page in ("all", "search"):
            drive(folder, port, "search", searches, options.seconds)
        if options.page in ("all", "lead"):
            drive(folder, port, "lead page", pages, options.seconds)
        if options.page == "work":
            drive(folder, port, "my work", works, options.seconds)
        if options.page == "dashboard":
            for name, requests in dashboards.items():
                drive(folder, port, name, requests, options.seconds, options.connections)
        if changer:
            changer.stopping.set()
            changer.join()
            print(f"{changer.done} leads' contacts edited meanwhile, one every {options.change_every:g} s")
        with open(f"/proc/{server.pid}/status") as status:
            fields = {line.split(":")[0]: line.split()[1] for line in status if line.startswith(("VmHWM", "Rss"))}
        # Pages of the store that SQLite maps count in the RSS as the file's, once per reader connection that maps
        # them (they are the page cache's, shared); the PSS counts each page once, shared among its mappings.
        with open(f"/proc/{server.pid}/smaps_rollup") as rollup:
            pss = next(line for line in rollup if line.startswith("Pss:")).split()[1]
        print(f"server peak RSS: {int(fields['VmHWM']) / 1024:.0f} MB (now {int(fields['RssAnon']) / 1024:.0f} MB "
              f"anonymous, {int(fields['RssFile']) / 1024:.0f} MB of files; PSS {int(pss) / 1024:.0f} MB)")
    finally:
        server.terminate()
        server.wait()
        if not os.environ.get("BENCH_KEEP") and not options.store:
            shutil.rmtree(folder, ignore_errors=True)
        else:
            print(f"store kept in {folder}")


if __name__ == "__main__":
    sys.exit(main())
