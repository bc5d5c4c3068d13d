"""Optional differential-privacy noise on published counts, from OpenDP (never hand-written noise).

Privacy unit: one item of a table (one warning, one checked post, one "this warning is wrong").
An item adds 1 to exactly one cell of each published facet level, so the L1 sensitivity of a table's
week vector is the number of levels; OpenDP's discrete Laplace mechanism is scaled so that the whole
vector costs `epsilon` for that week. A post with m warnings spends (m + 1) x epsilon per week.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any


@cache
def _opendp() -> Any:
    import opendp.prelude as dp

    dp.enable_features("contrib")
    return dp


def available() -> bool:
    """True when OpenDP can be imported."""
    try:
        _opendp()
    except ImportError:
        return False
    return True


def mechanism(epsilon: float, sensitivity: int) -> Any:
    """OpenDP's vector discrete Laplace measurement whose privacy map gives `epsilon` at `sensitivity`."""
    if epsilon <= 0:
        raise ValueError(f"epsilon must be positive, got {epsilon}")
    dp = _opendp()
    measurement = dp.m.make_laplace(
        dp.vector_domain(dp.atom_domain(T=int)), dp.l1_distance(T=int), scale=sensitivity / epsilon
    )
    spent = float(measurement.map(sensitivity))
    if spent > epsilon * (1 + 1e-9):
        raise ValueError(f"OpenDP reports epsilon {spent} for a budget of {epsilon}")
    return measurement


def noisy_counts(counts: Sequence[int], epsilon: float, sensitivity: int) -> list[int]:
    """`counts` plus discrete Laplace noise for `epsilon`; negatives clamped to 0 (post-processing)."""
    if not counts:
        return []
    released = mechanism(epsilon, sensitivity)([int(c) for c in counts])
    return [max(0, int(value)) for value in released]


def noise_scale(epsilon: float, sensitivity: int) -> float:
    """The Laplace scale b used (the standard deviation is b times the square root of 2)."""
    return sensitivity / epsilon
