"""When the quarter's briefs go to the admins (bot/nudges/quarter_brief.py, planned by
bot/planner.py for Audience.ADMINS): at the kickoff beat of the new quarter's first six
weeks that is a working, unpaused day, in each admin's zone, once a quarter (the key names
the quarter), and never to a clinician who is not an admin."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from bot.model import Kind, Member, Role
from bot.nudges import NUDGES
from bot.nudges.nudge import Audience
from bot.nudges.quarter_brief import closed_quarter, is_brief_day
from bot.planner import PLANNED_FOR, plan_workspace
from tests.scheduler.test_planner import JOINED, member, workspace


def owner(member_id: int, tz: str, **extra: object) -> Member:
    return Member(member_id, 1, f"U{member_id}", f"M{member_id}", tz, Role.OWNER,
                  joined_at=JOINED, **extra)  # type: ignore[arg-type]


def briefs(members: list[Member], start: datetime, end: datetime,
           closed: frozenset[date] = frozenset()) -> dict[str, datetime]:
    found: dict[str, datetime] = {}
    now = start
    while now <= end:
        for due in plan_workspace(workspace(), members, now, closed=closed):
            if due.kind is Kind.QUARTER_BRIEF:
                found.setdefault(due.key, due.due_at)
        now += timedelta(hours=1)
    return found


def test_the_declaration() -> None:
    nudge = NUDGES[Kind.QUARTER_BRIEF]
    assert (Kind.QUARTER_BRIEF.value, nudge.at, nudge.to, nudge.closure_silences) == (
        "quarterbrief", Kind.KICKOFF, Audience.ADMINS, True)
    assert nudge.to in PLANNED_FOR
    assert [is_brief_day(d) for d in (date(2027, 1, 4), date(2027, 1, 14), date(2027, 2, 11),
                                      date(2027, 2, 12), date(2027, 3, 29), date(2027, 4, 5))
            ] == [True, True, True, False, False, True]
    assert closed_quarter(date(2027, 1, 4)) == date(2026, 10, 1)


def test_each_admin_once_on_the_first_monday_of_the_quarter_in_their_own_zone() -> None:
    people = [owner(1, "America/New_York"), owner(2, "Europe/London"),
              member(3, "America/New_York")]
    found = briefs(people, datetime(2026, 12, 27, tzinfo=UTC), datetime(2027, 1, 20, tzinfo=UTC))
    assert found == {
        "quarterbrief:1:2027-01-01": datetime(2027, 1, 4, 14, 0, tzinfo=UTC),   # 09:00 NY
        "quarterbrief:2:2027-01-01": datetime(2027, 1, 4, 9, 0, tzinfo=UTC),    # 09:00 London
    }
    # The next Monday names the same deliveries, which the outbox has already: nothing new.
    again = plan_workspace(workspace(), people, datetime(2027, 1, 11, 15, 0, tzinfo=UTC))
    assert {d.key for d in again if d.kind is Kind.QUARTER_BRIEF} == set(found)


def test_a_closed_first_monday_moves_it_to_the_next_working_one() -> None:
    """Monday Jan 4 closed: the brief comes on Monday Jan 11 (same key, so once)."""
    found = briefs([owner(1, "America/New_York")], datetime(2027, 1, 3, tzinfo=UTC),
                   datetime(2027, 1, 20, tzinfo=UTC), closed=frozenset({date(2027, 1, 4)}))
    assert found == {"quarterbrief:1:2027-01-01": datetime(2027, 1, 11, 14, 0, tzinfo=UTC)}


def test_not_mid_quarter_nor_to_a_paused_admin_and_after_quiet_hours() -> None:
    assert briefs([owner(1, "America/New_York")], datetime(2026, 11, 12, tzinfo=UTC),
                  datetime(2026, 12, 31, tzinfo=UTC)) == {}   # past the first six weeks
    away = owner(1, "America/New_York", paused_until=date(2027, 1, 20))
    assert briefs([away], datetime(2027, 1, 3, tzinfo=UTC),
                  datetime(2027, 1, 15, tzinfo=UTC)) == {}
    late = owner(1, "America/New_York", quiet_start=time(18, 0), quiet_end=time(10, 30))
    assert briefs([late], datetime(2027, 4, 4, tzinfo=UTC), datetime(2027, 4, 7, tzinfo=UTC)) \
        == {"quarterbrief:1:2027-04-01": datetime(2027, 4, 5, 14, 30, tzinfo=UTC)}


def test_an_admin_paused_over_the_quarters_first_weeks_gets_it_when_back() -> None:
    """An owner away from Dec 28 through Jan 20 (the holidays and the first Mondays): the
    briefs come on the first Monday they are back, Jan 25, once — not never."""
    away = owner(1, "America/New_York", paused_until=date(2027, 1, 20))
    found = briefs([away], datetime(2027, 1, 3, tzinfo=UTC), datetime(2027, 2, 20, tzinfo=UTC))
    assert found == {"quarterbrief:1:2027-01-01": datetime(2027, 1, 25, 14, 0, tzinfo=UTC)}
    # Away until mid-February: the quarter's one-to-ones are long under way; none then.
    longer = owner(1, "America/New_York", paused_until=date(2027, 2, 14))
    assert briefs([longer], datetime(2027, 1, 3, tzinfo=UTC),
                  datetime(2027, 3, 20, tzinfo=UTC)) == {}
