"""Benchmark the collector: ingest one week of a 100,000-laptop organisation, then the dashboard's
queries over two years of published weeks.

Usage: .venv/bin/python bench/collector.py [--reports 100000] [--clients 8] [--weeks 104]
Ingest goes through the real HTTP path (waitress + Flask + schema validation + SQLite upsert) with
keep-alive clients. The other 103 weeks are derived from the ingested week's margins (counts scaled
at random) so the queries run over two years of realistic cells. Prints a Markdown table.
Targets: ingest under 2 minutes; each dashboard query under 200 ms.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import platform
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from companion_ui.collector import CollectorConfig, create_collector_app, users  # noqa: E402
from companion_ui.collector.server import start_in_thread  # noqa: E402
from companion_ui.collector.state import EXTENSION_KEY  # noqa: E402
from companion_ui.stats import queries  # noqa: E402
from companion_ui.stats.anonymity import Policy  # noqa: E402
from companion_ui.stats.weeks import add_weeks, week_end  # noqa: E402
from companion_ui.stats.wire import CheckCount, FeedbackCount, FindingCount, Report, encode  # noqa: E402

TOKEN = "bench-enrolment-token-0123456789"
WEEK = "2025-W10"
CATEGORIES = (
    "client",
    "confidential",
    "personal_data",
    "secret",
    "offensive",
    "discrimination",
    "employer_criticism",
    "spokesperson",
    "political",
    "colleague_media",
    "emotional",
    "disclaimer",
)
PLATFORMS = ("linkedin", "x", "facebook", "bluesky", "mastodon", "instagram", "threads", "reddit")
RULES = {c: [f"{c.replace('_', '-')}-{n}" for n in range(8)] for c in CATEGORIES}  # 96 rules


class Clock:
    """The collector's clock, moved by the benchmark."""

    def __init__(self) -> None:
        self.now = week_end(WEEK) + timedelta(hours=1)

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


def make_report(rng: random.Random) -> bytes:
    """One laptop's week: a few checked posts, some warnings, now and then a 'this is wrong'."""
    findings: Counter[tuple[str, str, str, str, str, str]] = Counter()
    checks: Counter[tuple[str, str, str]] = Counter()
    feedback: Counter[str] = Counter()
    for _ in range(rng.randint(1, 15)):
        platform = PLATFORMS[min(int(rng.expovariate(0.9)), len(PLATFORMS) - 1)]
        source = "proxy" if rng.random() < 0.1 else "extension"
        if rng.random() > 0.15:
            checks[(platform, "no_findings", source)] += 1
            continue
        outcome = (
            "posted_without_warning"
            if source == "proxy"
            else rng.choices(("edited", "cancelled", "posted_after_warning"), (22, 9, 69))[0]
        )
        checks[(platform, outcome, source)] += 1
        category = CATEGORIES[min(int(rng.expovariate(0.4)), len(CATEGORIES) - 1)]
        rule = RULES[category][min(int(rng.expovariate(0.7)), 7)]
        findings[(category, rule, platform, rng.choice(("info", "warning", "high")), outcome, source)] += 1
        if rng.random() < 0.03:
            feedback[rule] += 1
    return encode(
        Report(
            str(uuid.uuid4()),
            WEEK,
            tuple(FindingCount(*k, n) for k, n in sorted(findings.items())),
            tuple(CheckCount(*k, n) for k, n in sorted(checks.items())),
            tuple(FeedbackCount(r, n) for r, n in sorted(feedback.items())),
        )
    )


def _post_all(host: str, port: int, chunk: list[bytes], connections: int) -> Counter[int]:
    """In a client process: POST the chunk over `connections` keep-alive connections."""
    statuses: Counter[int] = Counter()
    lock = threading.Lock()
    parts = [chunk[i::connections] for i in range(connections)]

    def run(part: list[bytes]) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=60)
        local: Counter[int] = Counter()
        headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
        for body in part:
            conn.request("POST", "/api/v1/reports", body=body, headers=headers)
            response = conn.getresponse()
            response.read()
            local[response.status] += 1
        conn.close()
        with lock:
            statuses.update(local)

    threads = [threading.Thread(target=run, args=(p,)) for p in parts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return statuses


BODIES: list[bytes] = []  # filled before the client processes fork, so they inherit it


def _post_slice(host: str, port: int, start: int, stop: int, step: int, connections: int) -> Counter[int]:
    return _post_all(host, port, BODIES[start:stop:step], connections)


def ingest(pool, host: str, port: int, count: int, clients: int) -> tuple[float, Counter[int]]:  # type: ignore[no-untyped-def]
    """POST the first `count` bodies from the client processes; returns seconds and status counts."""
    processes = pool._processes
    jobs = [(host, port, i, count, processes, max(1, clients // processes)) for i in range(processes)]
    started = time.perf_counter()
    results = pool.starmap(_post_slice, jobs)
    seconds = time.perf_counter() - started
    total: Counter[int] = Counter()
    for r in results:
        total.update(r)
    return seconds, total


def fill_two_years(db, weeks: int, rng: random.Random) -> None:  # type: ignore[no-untyped-def]
    """Copy the ingested week's margins to earlier weeks with randomly scaled counts."""
    rows = list(db.query("select * from margins where week = ?", [WEEK]))
    db.conn.execute("BEGIN")
    for offset in range(1, weeks):
        week = add_weeks(WEEK, -offset)
        scale = rng.uniform(0.7, 1.2)
        db.conn.executemany(
            "insert into margins (week, tbl, facet, value, parent, count, reports) values (?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    week,
                    r["tbl"],
                    r["facet"],
                    r["value"],
                    r["parent"],
                    max(1, int(r["count"] * scale)),
                    max(1, int(r["reports"] * scale * rng.uniform(0.9, 1.1))),
                )
                for r in rows
            ],
        )
    db.conn.execute("COMMIT")


def timed(action, repeat: int = 5) -> float:  # type: ignore[no-untyped-def]
    """The median milliseconds of `repeat` runs."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return sorted(times)[len(times) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--weeks", type=int, default=104)
    parser.add_argument("--epsilon", type=float, default=1.0)
    args = parser.parse_args()
    rng = random.Random(2025)
    print(f"generating {args.reports} reports ...", file=sys.stderr)
    BODIES.extend(make_report(rng) for _ in range(args.reports))
    # Client processes fork before the server starts any thread, and keep their own GIL.
    pool = multiprocessing.get_context("fork").Pool(2)
    with pool, tempfile.TemporaryDirectory() as folder:
        clock = Clock()
        config = CollectorConfig(
            db_path=os.path.join(folder, "collector.sqlite3"),
            enrolment_tokens=(TOKEN,),
            port=0,
            policy=Policy(k=5, epsilon=args.epsilon),
            clock=clock,
            threads=4,
        )
        app = create_collector_app(config)
        st = app.extensions[EXTENSION_KEY]
        server = start_in_thread(app)
        print("ingesting ...", file=sys.stderr)
        seconds, statuses = ingest(pool, "127.0.0.1", server.port, args.reports, args.clients)
        resend = min(5000, args.reports)
        resend_seconds, resend_statuses = ingest(pool, "127.0.0.1", server.port, resend, args.clients)
        db = st.db
        fill_two_years(db, args.weeks, rng)
        clock.now = week_end(WEEK) + timedelta(days=15)
        started = time.perf_counter()
        published = queries.publish_closed_weeks(db, config.policy, clock.now)
        publish_seconds = time.perf_counter() - started
        period = queries.Period(add_weeks(WEEK, -(args.weeks - 1)), WEEK)
        rows = [
            ("trend: weekly series per category", lambda: queries.series(db, "findings", "category", period)),
            ("networks: totals per platform", lambda: queries.totals(db, "findings", "platform", period)),
            ("outcomes: change share", lambda: queries.change_share(db, period)),
            ("feedback: totals per rule", lambda: queries.totals(db, "feedback", "rule", period)),
            ("experimental: series per rule", lambda: queries.series(db, "findings", "rule", period)),
            ("export: every published cell", lambda: queries.export_rows(db, period)),
        ]
        users.add_user(db, "bench", "bench password", "viewer")
        client = app.test_client()
        page = client.get("/login").get_data(as_text=True)
        token = page.split('name="csrf_token" value="')[1].split('"')[0]
        client.post("/login", data={"csrf_token": token, "name": "bench", "password": "bench password"})
        qs = f"?from={period.first}&to={period.last}"
        pages = [
            (f"page {p}", lambda p=p: client.get(p + qs))
            for p in (
                "/",
                "/networks",
                "/outcomes",
                "/feedback",
                "/experimental",
                "/export.csv",
                "/export.json",
            )
        ]
        cells = len(queries.export_rows(db, period))
        results = [(name, timed(action)) for name, action in rows + pages]
        server.stop()
        st.close()

    print(f"# Collector benchmark ({platform.python_version()}, {os.cpu_count()} cores)\n")
    print("| step | result | target |")
    print("|---|---|---|")
    print(
        f"| ingest {args.reports:,} reports over HTTP ({args.clients} clients) | {seconds:.1f} s "
        f"({args.reports / seconds:,.0f}/s), statuses {dict(statuses)} | < 120 s |"
    )
    print(
        f"| re-send {resend:,} reports (duplicates) | {resend_seconds:.1f} s, statuses {dict(resend_statuses)} | - |"
    )
    print(
        f"| publish {len(published)} weeks (suppression + OpenDP noise, ε={args.epsilon}) | "
        f"{publish_seconds:.2f} s | - |"
    )
    print(f"| published cells over {args.weeks} weeks | {cells:,} | - |")
    for name, ms in results:
        print(f"| {name} ({args.weeks} weeks) | {ms:.1f} ms | < 200 ms |")
    ok = seconds < 120 and all(ms < 200 for _, ms in results)
    print(f"\n{'all targets met' if ok else 'TARGET MISSED'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
