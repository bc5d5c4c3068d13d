"""k-anonymity with complementary suppression: no hidden cell lies in the span of the shown ones."""

import random

import pytest

from companion_ui.stats import noise
from companion_ui.stats.anonymity import Policy, families, first_leak, suppress
from companion_ui.stats.cube import Margin

from .derivation import derivable_hidden


def m(facet: str, value: str, reports: int, count: int | None = None, parent: str = "") -> Margin:
    return Margin(
        "2025-W10", "findings", facet, value, parent, count if count is not None else reports * 2, reports
    )


def test_k_below_three_is_refused() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        Policy(k=2)
    with pytest.raises(ValueError, match="at least 3"):
        suppress([], 2)
    with pytest.raises(ValueError, match="epsilon"):
        Policy(epsilon=0)


def test_one_small_cell_takes_the_next_smallest_with_it() -> None:
    margins = [
        m("total", "*", 30, 100),
        m("platform", "linkedin", 25, 80),
        m("platform", "x", 6, 15),
        m("platform", "facebook", 9, 12),
        m("platform", "reddit", 2, 3),
    ]
    visible = suppress(margins, 5)
    # reddit alone would follow from total - the rest; facebook (smallest count) is hidden too.
    assert ("platform", "reddit") not in visible
    assert ("platform", "facebook") not in visible
    assert {("platform", "linkedin"), ("platform", "x"), ("total", "*")} <= visible


def test_hidden_category_with_all_rules_visible_hides_a_rule() -> None:
    margins = [
        m("total", "*", 40),
        m("category", "client", 30),
        m("category", "secret", 12),
        m("category", "political", 3),
        m("rule", "client/client-name", 20, 30, "client"),
        m("rule", "client/client-deal", 15, 10, "client"),
        m("rule", "secret/secret-key", 12, 9, "secret"),
        m("rule", "political/vote", 3, 3, "political"),
    ]
    visible = suppress(margins, 5)
    assert first_leak(visible, families(margins)) is None
    # political is hidden, so its sibling secret is hidden too; then secret's only rule must go.
    assert ("category", "secret") not in visible
    assert ("rule", "secret/secret-key") not in visible
    assert derivable_hidden(margins, visible) == []


def test_the_exact_check_does_find_leaks_without_complementary_suppression() -> None:
    margins = [m("total", "*", 30), m("platform", "linkedin", 25), m("platform", "x", 2)]
    primary_only = frozenset(n for n in [("total", "*"), ("platform", "linkedin")])
    assert derivable_hidden(margins, primary_only) == [("platform", "x")]


def random_table(rng: random.Random) -> list[Margin]:
    """Consistent margins: laptops each contribute to some cells of every facet."""
    laptops = rng.randint(3, 45)
    rules = {
        c: [f"{c}/r{i}" for i in range(rng.randint(1, 3))]
        for c in rng.sample(["client", "secret", "offensive", "political", "emotional"], rng.randint(1, 4))
    }
    dims = {
        "platform": ["linkedin", "x", "facebook", "reddit"],
        "outcome": ["edited", "cancelled", "posted_after_warning"],
        "source": ["extension", "proxy"],
    }
    popularity = {v: rng.random() ** 2 for vals in [*dims.values(), *rules.values()] for v in vals}
    counts: dict[tuple[str, str, str], list[int]] = {}
    for _ in range(laptops):
        touched: dict[tuple[str, str, str], int] = {}
        for _ in range(rng.randint(1, 4)):
            category = rng.choice(list(rules))
            rule = max(rules[category], key=lambda r: popularity[r] * rng.random())
            n = rng.randint(1, 3)
            keys = [("total", "*", ""), ("category", category, ""), ("rule", rule, category)]
            for facet, values in dims.items():
                keys.append((facet, max(values, key=lambda v: popularity[v] * rng.random()), ""))
            for key in keys:
                touched[key] = touched.get(key, 0) + n
        for key, n in touched.items():
            entry = counts.setdefault(key, [0, 0])
            entry[0] += n
            entry[1] += 1
    return [Margin("2025-W10", "findings", f, v, p, c, r) for (f, v, p), (c, r) in counts.items()]


@pytest.mark.parametrize("seed", range(8))
def test_no_hidden_cell_is_in_the_span_of_visible_cells(seed: int) -> None:
    rng = random.Random(seed)
    leaks = 0
    hidden_total = 0
    for _ in range(40):
        margins = random_table(rng)
        for k in (3, 5, 10):
            visible = suppress(margins, k)
            hidden_total += len(margins) - len(visible)
            assert all(mg.reports >= k for mg in margins if (mg.facet, mg.value) in visible)
            leaks += len(derivable_hidden(margins, visible))
    assert leaks == 0
    assert hidden_total > 0  # the cases do exercise suppression


def test_opendp_noise_spends_the_stated_epsilon() -> None:
    measurement = noise.mechanism(epsilon=1.0, sensitivity=6)
    assert float(measurement.map(6)) <= 1.0 + 1e-9
    values = [1000] * 200
    noisy = noise.noisy_counts(values, epsilon=1.0, sensitivity=6)
    assert noisy != values
    assert all(v >= 0 for v in noisy)
    # Discrete Laplace with scale 6: the mean error stays near 6, far below 100.
    assert sum(abs(a - b) for a, b in zip(noisy, values, strict=True)) / len(values) < 15
    assert noise.noisy_counts([], 1.0, 6) == []
