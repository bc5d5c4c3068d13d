"""Exact derivation checks for tests: is a hidden cell in the linear span of the published ones?"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

from companion_ui.stats.cube import TOTAL, Margin

Node = tuple[str, str]


PRIME = (1 << 61) - 1


class Span:
    """Row-echelon basis over GF(p), p = 2**61 - 1, built incrementally.

    Membership over the rationals implies membership mod p, so this never misses a derivation;
    a false alarm would need p to divide a minor of a small 0/1 matrix.
    """

    def __init__(self, width: int) -> None:
        self.width = width
        self.rows: dict[int, list[int]] = {}  # pivot column -> row with 1 at the pivot

    def reduce(self, vector: Sequence[int]) -> list[int]:
        row = [v % PRIME for v in vector]
        for pivot, basis in self.rows.items():
            factor = row[pivot]
            if factor:
                row = [(a - factor * b) % PRIME for a, b in zip(row, basis, strict=True)]
        return row

    def add(self, vector: Sequence[int]) -> None:
        row = self.reduce(vector)
        pivot = next((i for i, v in enumerate(row) if v), None)
        if pivot is None:
            return
        inverse = pow(row[pivot], PRIME - 2, PRIME)
        row = [(v * inverse) % PRIME for v in row]
        # Keep the basis reduced on every pivot so `reduce` needs one pass.
        for other, basis in list(self.rows.items()):
            factor = basis[pivot]
            if factor:
                self.rows[other] = [(a - factor * b) % PRIME for a, b in zip(basis, row, strict=True)]
        self.rows[pivot] = row

    def contains(self, vector: Sequence[int]) -> bool:
        return not any(self.reduce(vector))


def product_space(margins: Iterable[Margin]) -> tuple[list[dict[str, str]], dict[Node, list[int]]]:
    """Generic variables (every combination of the table's dimensions) and each node's indicator."""
    margins = list(margins)
    dims: dict[str, set[str]] = {}
    for m in margins:
        if (m.facet, m.value) == TOTAL or m.facet == "category":
            continue
        dims.setdefault(m.facet, set()).add(m.value)
    categories = {m.value for m in margins if m.facet == "category"}
    if categories and "rule" not in dims:
        dims["rule"] = {f"{c}/?" for c in categories}
    names = sorted(dims)
    variables = [
        dict(zip(names, combo, strict=True)) for combo in itertools.product(*(sorted(dims[n]) for n in names))
    ]
    vectors: dict[Node, list[int]] = {}
    for m in margins:
        node = (m.facet, m.value)
        if node == TOTAL:
            vectors[node] = [1] * len(variables)
        elif m.facet == "category":
            vectors[node] = [int(v["rule"].split("/")[0] == m.value) for v in variables]
        else:
            vectors[node] = [int(v[m.facet] == m.value) for v in variables]
    return variables, vectors


def derivable_hidden(margins: Sequence[Margin], visible: frozenset[Node]) -> list[Node]:
    """Hidden nodes whose indicator lies in the span of the visible nodes' indicators."""
    _, vectors = product_space(margins)
    if not vectors:
        return []
    span = Span(len(next(iter(vectors.values()))))
    for node in visible:
        span.add(vectors[node])
    return [node for node in vectors if node not in visible and span.contains(vectors[node])]
