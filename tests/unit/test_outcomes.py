"""Which referrals followed outreach: the month of a touch and the six after it count."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from bot.practice_calendar import add_months
from bot.usecases.outcomes import followed_outreach, read_month


def test_referrals_count_when_they_follow_a_touch_within_six_months() -> None:
    touches = {1: [date(2026, 1, 20)], 2: []}
    outcomes = [(1, date(2025, 12, 1), 5), (1, date(2026, 1, 1), 1), (1, date(2026, 3, 1), 2),
                (1, date(2026, 7, 1), 3), (1, date(2026, 8, 1), 4), (2, date(2026, 3, 1), 9)]
    assert followed_outreach(outcomes, touches) == {1: 1 + 2 + 3}


def test_months_are_read_in_the_practices_words() -> None:
    today = date(2026, 11, 30)
    assert read_month("", today) == date(2026, 11, 1)
    assert read_month("nov", today) == date(2026, 11, 1)
    assert read_month("December", today) == date(2025, 12, 1)
    assert read_month("dec 2026", today) == date(2026, 12, 1)
    assert read_month("2026-02", today) == date(2026, 2, 1)
    for bad in ("smarch", "2026-13", "13", "nov 1999"):
        assert read_month(bad, today) is None


MONTHS = st.dates(date(2024, 1, 1), date(2027, 12, 1)).map(lambda d: d.replace(day=1))


@given(st.lists(st.tuples(st.integers(1, 3), MONTHS, st.integers(0, 9)), max_size=30),
       st.dictionaries(st.integers(1, 4), st.lists(st.dates(date(2023, 6, 1),
                                                            date(2028, 1, 1)), max_size=12)))
def test_following_outreach_is_a_touch_in_the_six_months_to_the_months_end(
        outcomes: list[tuple[int, date, int]], touches: dict[int, list[date]]) -> None:
    expected: dict[int, int] = {}
    for source_id, month, count in outcomes:
        if any(add_months(month, -6) <= day < add_months(month, 1)
               for day in touches.get(source_id, [])):
            expected[source_id] = expected.get(source_id, 0) + count
    assert followed_outreach(outcomes, touches) == expected
