"""ISO weeks in UTC."""

from datetime import UTC, datetime, timedelta, timezone

import pytest

from companion_ui.stats.weeks import (
    add_weeks,
    is_complete,
    parse_week,
    week_end,
    week_of,
    week_start,
    weeks_between,
)


@pytest.mark.parametrize(
    ("moment", "week"),
    [
        (datetime(2025, 1, 1, tzinfo=UTC), "2025-W01"),
        (datetime(2021, 1, 3, 23, 59, tzinfo=UTC), "2020-W53"),
        (datetime(2024, 12, 30, tzinfo=UTC), "2025-W01"),
        # Monday 00:30 in Amsterdam is still Sunday in UTC: weeks are UTC weeks.
        (datetime(2025, 3, 10, 0, 30, tzinfo=timezone(timedelta(hours=1))), "2025-W10"),
    ],
)
def test_week_of(moment: datetime, week: str) -> None:
    assert week_of(moment) == week


def test_naive_time_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        week_of(datetime(2025, 1, 1))


@pytest.mark.parametrize("label", ["2025-W54", "2025-W00", "2025-7", "2021-W53", "x"])
def test_bad_labels_name_the_label(label: str) -> None:
    with pytest.raises(ValueError, match=label):
        parse_week(label)


def test_bounds_and_arithmetic() -> None:
    assert week_start("2025-W10") == datetime(2025, 3, 3, tzinfo=UTC)
    assert week_end("2025-W10") == datetime(2025, 3, 10, tzinfo=UTC)
    assert add_weeks("2020-W52", 1) == "2020-W53"
    assert add_weeks("2020-W53", 1) == "2021-W01"
    assert weeks_between("2020-W52", "2021-W02") == ["2020-W52", "2020-W53", "2021-W01", "2021-W02"]
    assert weeks_between("2021-W02", "2021-W01") == []
    assert not is_complete("2025-W10", datetime(2025, 3, 9, 23, 59, tzinfo=UTC))
    assert is_complete("2025-W10", datetime(2025, 3, 10, tzinfo=UTC))
