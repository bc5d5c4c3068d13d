"""Benchmark the rule engine: time per post on the development set, and how it grows with keywords.

Usage: .venv/bin/python bench/engine.py [--org ../shared/eval/org.yaml] [--cases ../shared/eval/cases.jsonl]
Prints a Markdown table for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402

from rules.cases import read_cases  # noqa: E402
from rules.engine import evaluate, warm_up  # noqa: E402
from rules.loader import load_ruleset  # noqa: E402

SYLLABLES = [
    "ka",
    "lo",
    "mer",
    "van",
    "ber",
    "dijk",
    "sen",
    "hof",
    "tra",
    "ns",
    "bouw",
    "groep",
    "ver",
    "ste",
]


def fake_name(rng: random.Random) -> str:
    """A made-up company name of two words."""
    word = lambda: "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize()  # noqa: E731
    return f"{word()} {word()}"


def per_post(cases, ruleset, repeat: int = 5) -> tuple[float, float]:
    """Median and p95 milliseconds per post over `repeat` passes, after the warm-up the proxy does."""
    warm_up(ruleset)
    timings = []
    for _ in range(repeat):
        for case in cases:
            start = time.perf_counter()
            evaluate(case.post, ruleset)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95)]


def org_with_clients(base: Path, count: int, folder: Path) -> Path:
    """A copy of the org profile with `count` extra made-up client names."""
    data = yaml.safe_load(base.read_text(encoding="utf-8"))
    rng = random.Random(count)
    data["clients"] = list(data.get("clients") or []) + [fake_name(rng) for _ in range(count)]
    path = folder / f"org-{count}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def timed_load(org: Path, runs: int = 3):
    """The ruleset and the median seconds of `runs` loads in this process."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        ruleset = load_ruleset(org)
        times.append(time.perf_counter() - start)
        if len(times) < runs:
            del ruleset  # freeing the previous ruleset is not part of the next load
    return ruleset, statistics.median(times)


COLD = """
import sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from rules.loader import load_ruleset
start = time.perf_counter()
ruleset = load_ruleset(Path({org!r}))
print(time.perf_counter() - start)
"""


def cold_load(org: Path, runs_wanted: int = 5) -> float:
    """Seconds to load the ruleset in a new process (imports excluded), as the proxy does at start.

    The parsed pack and the packs' compiled keywords come from the on-disk cache that the in-process
    loads above have filled, as on any laptop after the first start; the org profile is read and its
    names compiled in every process; regexes compile on first use.
    """
    script = COLD.format(root=str(ROOT), org=str(org))
    runs = []
    for _ in range(runs_wanted):  # the median of five processes: a shared machine is noisy
        out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        runs.append(float(out.stdout.strip()))
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--org", type=Path, default=ROOT.parent / "shared" / "eval" / "org.yaml")
    parser.add_argument("--cases", type=Path, default=ROOT.parent / "shared" / "eval" / "cases.jsonl")
    args = parser.parse_args()
    cases = read_cases(args.cases)
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
        f"Python {platform.python_version()}, {len(cases)} posts; "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.2f}"
    )
    print()
    print(
        "| org profile | load, new process (s) | reload in process (s) | keywords in automaton "
        "| median ms/post | p95 ms/post |"
    )
    print("|---|---|---|---|---|---|")
    ruleset, load = timed_load(args.org)
    median, p95 = per_post(cases, ruleset)
    cold = cold_load(args.org)
    print(
        f"| development org | {cold:.3f} | {load:.3f} | {ruleset.keywords.size} | {median:.3f} | {p95:.3f} |"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for count in (100, 1_000, 10_000, 100_000):
            org = org_with_clients(args.org, count, Path(tmp))
            ruleset, load = timed_load(org)
            median, p95 = per_post(cases, ruleset, repeat=2)
            cold = cold_load(org)
            print(
                f"| + {count:,} client names | {cold:.3f} | {load:.3f} | {ruleset.keywords.size} "
                f"| {median:.3f} | {p95:.3f} |"
            )
    print()
    print(f"load average at the end: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
