"""The one place where counts become publishable: k-anonymity, complementary suppression, DP noise.

Every dashboard page, API answer and export reads only the `published` table, and only
`publish_week` writes it. The argument that nothing hidden can be recomputed:

1. Fixed grid. A week's counts are published once, when the week is closed (its end plus
   `publish_after_days`), as one frozen snapshot per week; reports arriving later are refused. So
   nothing changes between two views of the same week and late reports cannot be isolated by
   comparing snapshots. Periods are whole weeks, and any period figure is a sum of published week
   cells, so two overlapping period queries (or a difference of them) reveal only sums of published
   week cells, never a hidden one.
2. Fixed hierarchies. Per table and week the published cells are the week total, one flat facet per
   dimension (platform, outcome, source; category) and rules nested in their category. Apart from
   the nesting, facets are independent dimensions whose only common linear term is the week total;
   severity is not published because it would be a second, overlapping grouping of rules.
3. Primary suppression: a cell is hidden when fewer than k reports (laptops) contributed. Within a
   week a laptop sends one report, so k reports are k laptops; distinct reports are counted at
   ingest, per facet value.
4. Complementary suppression, to a fixed point: in every family (a parent and the children that
   sum to it) a visible parent never has exactly one hidden child, and a hidden parent never has
   all its children visible. For nested partitions that share only their root these two local
   conditions are what exact derivation needs (`tests/stats/test_anonymity.py` checks the stronger
   statement, that no hidden cell lies in the linear span of the visible ones, by exact elimination).
   Totals shown on pages are published totals or sums of visible cells, so they add nothing new.
5. Optional noise (`noise.py`, OpenDP) on the visible counts, drawn once at publication.

Not modelled: equalities that hold only because some combinations happen to be empty (say every
warning on one network came from one rule). The generic model treats every combination as possible;
noise is the answer for organisations that need protection against that kind of side knowledge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import sqlite_utils

from companion_ui.stats import noise
from companion_ui.stats.cube import FACETS, TOTAL, Margin, week_margins

MIN_K = 3
Node = tuple[str, str]  # (facet, value)


@dataclass(frozen=True)
class Policy:
    """What the collector enforces: k, epsilon per week (None: no noise), publication delay, retention."""

    k: int = 5
    epsilon: float | None = None
    publish_after_days: int = 14
    retention_weeks: int = 104

    def __post_init__(self) -> None:
        if self.k < MIN_K:
            raise ValueError(f"k must be at least {MIN_K} (got {self.k}); smaller groups identify people")
        if self.epsilon is not None and not 0 < self.epsilon <= 10:
            raise ValueError(f"epsilon must be above 0 and at most 10 (got {self.epsilon})")
        if not 0 <= self.publish_after_days <= 90:
            raise ValueError(f"publish_after_days must be 0..90 (got {self.publish_after_days})")
        if not 4 <= self.retention_weeks <= 520:
            raise ValueError(f"retention_weeks must be 4..520 (got {self.retention_weeks})")


@dataclass(frozen=True)
class Family:
    """A parent cell and the children that add up to it."""

    parent: Node
    children: tuple[Node, ...]


def families(margins: Sequence[Margin]) -> list[Family]:
    """The sum relations among one table's margins of one week."""
    groups: dict[tuple[Node, str], list[Node]] = defaultdict(list)
    for m in margins:
        if (m.facet, m.value) == TOTAL:
            continue
        parent = ("category", m.parent) if m.parent else TOTAL
        groups[(parent, m.facet)].append((m.facet, m.value))
    return [Family(parent, tuple(sorted(children))) for (parent, _), children in sorted(groups.items())]


def first_leak(visible: frozenset[Node], fams: Sequence[Family]) -> tuple[Family, str] | None:
    """A family from which a hidden cell follows ("child" or "parent" derivation), or None."""
    for fam in fams:
        hidden = [c for c in fam.children if c not in visible]
        if fam.parent in visible and len(hidden) == 1:
            return fam, "child"
        if not hidden and fam.parent not in visible:
            return fam, "parent"
    return None


def suppress(margins: Sequence[Margin], k: int) -> frozenset[Node]:
    """The cells of one table-week that may be shown: k reports each, plus complementary suppression."""
    if k < MIN_K:
        raise ValueError(f"k must be at least {MIN_K} (got {k})")
    by_node = {(m.facet, m.value): m for m in margins}
    visible = {node for node, m in by_node.items() if m.reports >= k}
    fams = families(margins)

    def cost(node: Node) -> tuple[int, int, Node]:
        # Hide the least informative cell: smallest count, then fewest reports, then by name (stable).
        m = by_node[node]
        return (m.count, m.reports, node)

    while (leak := first_leak(frozenset(visible), fams)) is not None:
        fam, kind = leak
        candidates = [c for c in fam.children if c in visible]
        if kind == "child" and not candidates:
            visible.discard(fam.parent)
            continue
        visible.discard(min(candidates, key=cost))
    return frozenset(visible)


def create_schema(db: sqlite_utils.Database) -> None:
    """The published snapshot tables (idempotent)."""
    db.execute(
        "create table if not exists published (week text not null, tbl text not null, facet text not null,"
        " value text not null, parent text not null, count integer not null,"
        " primary key (week, tbl, facet, value))"
    )
    db.execute("create index if not exists published_facet on published (tbl, facet, week)")
    db.execute(
        "create table if not exists published_weeks (week text primary key, published_at text not null,"
        " k integer not null, epsilon real, visible integer not null, hidden integer not null)"
    )


def publish_week(db: sqlite_utils.Database, week: str, policy: Policy, now: datetime | None = None) -> int:
    """Freeze the publishable cells of `week` (inside the caller's transaction); returns cells published."""
    margins = week_margins(db, week)
    rows: list[list[object]] = []
    hidden = 0
    for table, levels in FACETS.items():
        table_margins = [m for m in margins if m.table == table]
        visible = suppress(table_margins, policy.k)
        shown = [m for m in table_margins if (m.facet, m.value) in visible]
        hidden += len(table_margins) - len(shown)
        counts = [m.count for m in shown]
        if policy.epsilon is not None:
            counts = noise.noisy_counts(counts, policy.epsilon, sensitivity=len(levels))
        rows.extend([week, table, m.facet, m.value, m.parent, c] for m, c in zip(shown, counts, strict=True))
    db.conn.executemany(
        "insert or replace into published (week, tbl, facet, value, parent, count) values (?, ?, ?, ?, ?, ?)",
        rows,
    )
    db.conn.execute(
        "insert or replace into published_weeks (week, published_at, k, epsilon, visible, hidden)"
        " values (?, ?, ?, ?, ?, ?)",
        [
            week,
            (now or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds"),
            policy.k,
            policy.epsilon,
            len(rows),
            hidden,
        ],
    )
    return len(rows)
