"""50 synthetic laptops, 12 weeks, a real collector on loopback and a real SQLite file.

Nothing any page, API answer or export shows comes from fewer than k laptops, no hidden cell can be
recomputed from what is shown (exact span check per week, and every pair of period queries), and
sending a report again changes nothing.
"""

from __future__ import annotations

import csv
import io
import itertools
import random
from collections import defaultdict
from datetime import timedelta
from html.parser import HTMLParser

import pytest

from companion_ui.collector import catalogue as rule_catalogue
from companion_ui.collector import texts
from companion_ui.collector.server import RunningCollector
from companion_ui.collector.state import EXTENSION_KEY
from companion_ui.stats.cube import Margin, week_margins
from companion_ui.stats.weeks import week_end
from companion_ui.stats.wire import encode
from tests.stats.derivation import derivable_hidden

from .conftest import Browser, Clock, post_report
from .synthetic import catalogue, organisation

K = 5
TABLES_DUMPED = ("finding_cells", "check_cells", "feedback_cells", "margins", "seen_reports")


class Tables(HTMLParser):
    """Every table on a page as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables_of(html: str) -> list[list[list[str]]]:
    parser = Tables()
    parser.feed(html)
    return parser.tables


@pytest.fixture(scope="module")
def reports():
    return organisation(laptops=50, weeks=12, seed=7)


def dump(running: RunningCollector) -> dict[str, list[tuple[object, ...]]]:
    db = running.app.extensions[EXTENSION_KEY].db
    return {
        t: [tuple(r.values()) for r in db.query(f"select * from {t} order by 1, 2, 3")] for t in TABLES_DUMPED
    }


def test_simulated_organisation(running: RunningCollector, clock: Clock, reports) -> None:
    st = running.app.extensions[EXTENSION_KEY]
    rule_catalogue.replace(st.db, rule_catalogue.parse(catalogue()))
    weeks = list(reports)
    # Each week's reports arrive the day after the week ends.
    for week, batch in reports.items():
        clock.now = week_end(week) + timedelta(days=1)
        for report in batch:
            assert post_report(running.url, encode(report)) == (
                201,
                {"ok": True, "status": "stored", "report_id": report.report_id},
            )

    # Re-sending changes nothing: a whole week and a random sample of the others.
    before = dump(running)
    sample = reports[weeks[-1]] + random.Random(1).sample([r for w in weeks[:-1] for r in reports[w]], 60)
    for report in sample:
        status, body = post_report(running.url, encode(report))
        assert (status, body["status"]) == (200, "duplicate")
    assert dump(running) == before

    # Weeks are published 14 days after they end; then late reports are refused.
    clock.now = week_end(weeks[-1]) + timedelta(days=15)
    late = reports[weeks[0]][0]
    fresh = late.__class__(
        report_id="0" * 8 + "-0000-4000-8000-" + "0" * 12, week=late.week, checks=late.checks
    )
    status, body = post_report(running.url, encode(fresh))
    assert (status, body["error"]["code"]) == (422, "week_closed")

    truth: dict[tuple[str, str], list[Margin]] = {}
    for week in weeks:
        for m in week_margins(st.db, week):
            truth.setdefault((week, m.table), []).append(m)
    rare = [m for ms in truth.values() for m in ms if 1 <= m.reports < K]
    assert len(rare) >= 20, "the simulation must contain cells with 1-4 contributors"

    browser = Browser(running.url)
    browser.login("vera")
    period = f"?from={weeks[0]}&to={weeks[-1]}"
    exported = browser.json("/export.json" + period)
    assert exported["k"] == K
    shown = {(c["week"], c["table"], c["facet"], c["value"]): c["count"] for c in exported["cells"]}
    by_key = {(m.week, m.table, m.facet, m.value): m for ms in truth.values() for m in ms}

    # 1. Nothing shown with fewer than k contributors; counts are the true sums (no noise configured).
    for key, count in shown.items():
        assert by_key[key].reports >= K, key
        assert by_key[key].count == count
    assert set(weeks) == {key[0] for key in shown}

    # 2. The CSV export is the same set of cells.
    _, csv_text = browser.get("/export.csv" + period)
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert {(r["week"], r["table"], r["facet"], r["value"]): int(r["count"]) for r in rows} == shown

    # 3. Per week and table, no hidden cell lies in the linear span of the shown ones.
    hidden_cells = 0
    for (week, table), margins in truth.items():
        visible = frozenset((m.facet, m.value) for m in margins if (week, table, m.facet, m.value) in shown)
        hidden_cells += len(margins) - len(visible)
        assert derivable_hidden(margins, visible) == [], (week, table)
    assert hidden_cells > len(rare)  # complementary suppression did hide extra cells

    # 4. Every period query is the sum of published week cells only, so any pair of period queries
    #    differs by published cells only; a hidden cell never enters a difference.
    per_week: dict[tuple[str, str, str], dict[str, int]] = defaultdict(dict)
    for (week, table, facet, value), count in shown.items():
        per_week[(table, facet, value)][week] = count
    period_totals: dict[tuple[int, int], dict[tuple[str, str, str], int]] = {}
    for a, b in itertools.combinations_with_replacement(range(len(weeks)), 2):
        cells = browser.json(f"/export.json?from={weeks[a]}&to={weeks[b]}")["cells"]
        totals: dict[tuple[str, str, str], int] = defaultdict(int)
        for c in cells:
            assert weeks[a] <= c["week"] <= weeks[b]
            totals[(c["table"], c["facet"], c["value"])] += c["count"]
        period_totals[(a, b)] = dict(totals)
    for p, q in itertools.combinations(period_totals, 2):
        inside_p, inside_q = set(weeks[p[0] : p[1] + 1]), set(weeks[q[0] : q[1] + 1])
        for key in set(period_totals[p]) | set(period_totals[q]):
            difference = period_totals[q].get(key, 0) - period_totals[p].get(key, 0)
            published = sum(v for w, v in per_week[key].items() if w in inside_q) - sum(
                v for w, v in per_week[key].items() if w in inside_p
            )
            assert difference == published, (p, q, key)

    # 5. Pages, in both languages: every number in the trend and outcome tables is a published cell,
    #    and a cell with fewer than k contributors is shown as a gap.
    for lang in ("nl", "en"):
        status, html = browser.get(f"/{period}&lang={lang}")
        assert status == 200
        assert texts.text(lang, "trend.title") in html
        table = tables_of(html)[0]
        header = table[0][1:]
        assert header == weeks
        names = {texts.label(lang, "category", c): c for c in texts.CATEGORY_NAMES}
        for row in table[1:]:
            category = names.get(row[0])
            for week, cell in zip(header, row[1:], strict=True):
                key = (
                    (week, "findings", "category", category) if category else (week, "findings", "total", "*")
                )
                if key in shown:
                    assert cell == str(shown[key]), key
                else:
                    assert cell == "·", key
        for category in texts.CATEGORY_NAMES:
            for week in weeks:
                m = by_key.get((week, "findings", "category", category))
                if m is not None and m.reports < K:
                    assert (week, "findings", "category", category) not in shown
        for page in ("/networks", "/outcomes", "/feedback", "/experimental", "/privacy"):
            status, html = browser.get(f"{page}{period}&lang={lang}")
            assert status == 200, page

    # Network totals on the page are sums over published weeks only.
    _, html = browser.get(f"/networks{period}&lang=en")
    network_rows = {row[0]: row for row in tables_of(html)[0][1:]}
    for platform, row in network_rows.items():
        if row[1] != "·":
            assert int(row[1]) == sum(per_week[("findings", "platform", platform)].values())

    # Experimental rules are listed from the catalogue.
    _, html = browser.get(f"/experimental{period}&lang=en")
    assert "client-deal" in html and "personal-phone" in html
