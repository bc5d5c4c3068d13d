"""Benchmark the latency the addon adds to intercepted post requests.

Two mitmdump processes run side by side, identical except that one loads the Bedenktijd addon. A client
sends the same X post requests (half with findings, half without) over one keep-alive HTTPS connection
to each, alternating between them, to a local HTTPS server standing in for x.com. Prints median, p95
and mean per proxy and the difference, as a Markdown table for BENCHMARKS.md.

Usage: .venv/bin/python bench/proxy.py [-n 300] [--warmup 30]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.proxy.addon_support import HARMLESS_TEXT, RISKY_TEXT, X_CREATE_TWEET, tweet_body  # noqa: E402
from tests.proxy.e2e_support import (  # noqa: E402
    ADDON,
    Mitmdump,
    Upstream,
    client_context,
    make_pki,
    post,
    through_proxy,
)

QUIET = ("flow_detail=0",)  # no per-request lines on the terminal, as `bedenktijd proxy` runs it


def cpu_model() -> str:
    """The CPU model name from /proc/cpuinfo (Linux), else platform.processor()."""
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def percentile(values: list[float], fraction: float) -> float:
    """The value below which `fraction` of `values` lie (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=300, help="measured requests per proxy (default 300)")
    parser.add_argument("--warmup", type=int, default=30, help="unmeasured requests per proxy first")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bedenktijd-bench-") as temp:
        folder = Path(temp)
        pki = make_pki(folder / "pki")
        upstream = Upstream(pki, record=False).start()
        store = folder / "data" / "bedenktijd.sqlite3"
        with_addon = Mitmdump(
            folder / "with", upstream.port, pki.ca_pem, (ADDON,), (*QUIET, f"bedenktijd_store={store}")
        )
        without = Mitmdump(folder / "without", upstream.port, pki.ca_pem, (), QUIET)
        try:
            with_addon.start()
            without.start()
            timings: dict[str, list[float]] = {"with addon": [], "without addon": []}
            proxies = {"with addon": with_addon, "without addon": without}
            connections = {
                name: through_proxy(proxy.port, "x.com", client_context(proxy.ca_pem))
                for name, proxy in proxies.items()
            }
            bodies = [
                tweet_body(f"{RISKY_TEXT} #{i}" if i % 2 else f"{HARMLESS_TEXT} #{i}") for i in range(64)
            ]
            for i in range(args.warmup + args.n):
                order = list(connections.items())
                if i % 2:
                    order.reverse()  # neither proxy always goes first
                for name, connection in order:
                    begin = time.perf_counter()
                    status = post(connection, X_CREATE_TWEET, bodies[i % len(bodies)])
                    elapsed = time.perf_counter() - begin
                    if status != 200:
                        raise RuntimeError(f"{name}: HTTP {status}")
                    if i >= args.warmup:
                        timings[name].append(elapsed * 1000)
            for connection in connections.values():
                connection.close()
            time.sleep(3)  # let the addon record the last posts before it is stopped
        finally:
            with_addon.stop()
            without.stop()
            upstream.stop()
        counters = [line for line in with_addon.lines if "bedenktijd: {" in line]

    print(f"Machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}")
    print(f"Requests: {args.n} measured per proxy (after {args.warmup} warm-up), alternating, keep-alive\n")
    print("| proxy | median ms | p95 ms | mean ms |")
    print("|---|---|---|---|")
    for name, values in timings.items():
        print(
            f"| {name} | {statistics.median(values):.2f} | {percentile(values, 0.95):.2f} | "
            f"{statistics.fmean(values):.2f} |"
        )
    added = statistics.median(timings["with addon"]) - statistics.median(timings["without addon"])
    added_p95 = percentile(timings["with addon"], 0.95) - percentile(timings["without addon"], 0.95)
    print(f"\nAdded by the addon: median {added:+.2f} ms, p95 {added_p95:+.2f} ms")
    if counters:
        stats = json.loads(counters[-1].split("bedenktijd: ", 1)[1])
        print(f"Addon counters: {json.dumps(stats, sort_keys=True)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
