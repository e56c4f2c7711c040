"""The planner's maths: every slot once, at its local time, across DST, in order."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.model import Member, Platform, ReferralSource, Role, SourceKind, Workspace
from bot.planner import Kind, next_slot_after, plan_workspace

ZONES = ("America/New_York", "Europe/London", "Australia/Lord_Howe")
JOINED = datetime(2026, 1, 1, tzinfo=UTC)


def workspace(channel: str | None = None, days: tuple[int, ...] = (0, 1, 2, 3, 4)
              ) -> Workspace:
    return Workspace(1, Platform.SLACK, "T1", "Clinic", "America/New_York",
                     working_days=days, leaderboard_channel=channel)


def member(member_id: int, tz: str, **extra: object) -> Member:
    return Member(member_id, 1, f"U{member_id}", f"M{member_id}", tz, Role.MEMBER,
                  joined_at=JOINED, **extra)  # type: ignore[arg-type]


def tick_through(ws: Workspace, members: list[Member], start: datetime, end: datetime,
                 every: timedelta) -> dict[str, datetime]:
    """Run the planner the way the clock does, and collect each delivery once by key."""
    seen: dict[str, datetime] = {}
    now = start
    while now <= end:
        for due in plan_workspace(ws, members, now):
            assert seen.setdefault(due.key, due.due_at) == due.due_at
        now += every
    return seen


@pytest.mark.parametrize("start, end", [
    (datetime(2026, 2, 23, tzinfo=UTC), datetime(2026, 4, 14, tzinfo=UTC)),
    (datetime(2026, 9, 21, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC)),
])
def test_kickoff_is_at_nine_local_once_a_week_across_dst(start: datetime, end: datetime
                                                         ) -> None:
    members = [member(i, tz) for i, tz in enumerate(ZONES, start=1)]
    seen = tick_through(workspace(), members, start, end, timedelta(minutes=20))
    for index, tz in enumerate(ZONES, start=1):
        kickoffs = sorted(at for key, at in seen.items() if key.startswith(f"kickoff:{index}:"))
        local = [at.astimezone(ZoneInfo(tz)) for at in kickoffs]
        assert all((t.weekday(), t.time()) == (0, time(9, 0)) for t in local), local
        days = [t.date() for t in local]
        assert len(days) >= 7
        assert {(b - a).days for a, b in itertools.pairwise(days)} == {7}
        offsets = {t.utcoffset() for t in local}
        assert len(offsets) == 2, f"{tz} should cross a DST change in this window"


def test_the_week_arrives_in_rhythm_order() -> None:
    ws = workspace(channel="C0TEAM")
    monday = datetime(2026, 11, 30, 0, 0, tzinfo=ZoneInfo("America/New_York"))
    dues = plan_workspace(ws, [member(1, "America/New_York")], monday + timedelta(days=7),
                          lookback=timedelta(days=7))
    assert [(d.kind, d.due_at.astimezone(ZoneInfo("America/New_York")).strftime("%a %H:%M"))
            for d in dues] == [
        (Kind.STREAK, "Mon 09:00"), (Kind.KICKOFF, "Mon 09:00"), (Kind.CHECKIN, "Wed 12:00"),
        (Kind.WRAPUP, "Fri 15:00"), (Kind.TEAM_POST, "Fri 16:00")]


def test_keys_name_kind_recipient_and_local_date() -> None:
    dues = plan_workspace(workspace(channel="C1"), [member(7, "Europe/London")],
                          datetime(2026, 12, 4, 23, 0, tzinfo=UTC), lookback=timedelta(days=1))
    assert {d.key for d in dues} == {"wrapup:7:2026-12-04", "teampost:w1:2026-12-04"}


def test_a_zone_change_does_not_rename_a_delivery() -> None:
    now = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)
    before = {d.key for d in plan_workspace(workspace(), [member(1, "Europe/London")], now)}
    after = {d.key for d in plan_workspace(workspace(), [member(1, "America/Chicago")], now)}
    assert "kickoff:1:2026-11-30" in before & after


def test_paused_members_and_days_off_get_nothing() -> None:
    now = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)
    paused = member(1, "America/New_York", paused_until=date(2026, 12, 31))
    assert plan_workspace(workspace(), [paused], now, lookback=timedelta(days=7)) == []
    four_days = workspace(days=(0, 1, 2, 3))
    kinds = {d.kind for d in plan_workspace(four_days, [member(2, "America/New_York")], now,
                                            lookback=timedelta(days=7))}
    assert Kind.WRAPUP not in kinds and Kind.KICKOFF in kinds


def test_nothing_before_a_member_joined() -> None:
    late = Member(3, 1, "U3", "M3", "America/New_York", Role.MEMBER,
                  joined_at=datetime(2026, 12, 2, 18, 0, tzinfo=UTC))
    dues = plan_workspace(workspace(), [late], datetime(2026, 12, 4, 23, 0, tzinfo=UTC),
                          lookback=timedelta(days=7))
    assert [d.kind for d in dues] == [Kind.WRAPUP]


def test_no_team_post_from_before_the_practice_started() -> None:
    """A practice whose first member arrives Friday 16:30 in New York: that Friday's 16:00
    post is not owed; the next Friday's is."""
    first = Member(3, 1, "U3", "M3", "America/New_York", Role.OWNER,
                   joined_at=datetime(2026, 12, 4, 21, 30, tzinfo=UTC))
    later = Member(4, 1, "U4", "M4", "America/New_York", Role.MEMBER,
                   joined_at=datetime(2026, 12, 4, 22, 0, tzinfo=UTC))
    posts = [d.key for d in plan_workspace(workspace(channel="C1"), [later, first],
                                           datetime(2026, 12, 11, 23, 0, tzinfo=UTC),
                                           lookback=timedelta(days=8)) if d.kind is Kind.TEAM_POST]
    assert posts == ["teampost:w1:2026-12-11"]
    earlier = member(5, "America/New_York")  # someone who was here before: the post is owed
    posts = [d.key for d in plan_workspace(workspace(channel="C1"), [first, earlier],
                                           datetime(2026, 12, 4, 22, 0, tzinfo=UTC))
             if d.kind is Kind.TEAM_POST]
    assert posts == ["teampost:w1:2026-12-04"]


def test_the_plan_prompt_comes_on_the_first_two_mondays_of_a_quarter() -> None:
    def prompted(at: datetime) -> bool:
        kinds = [d.kind for d in plan_workspace(workspace(), [member(1, "America/New_York")],
                                                at, lookback=timedelta(hours=12))]
        return Kind.PLAN_PROMPT in kinds

    first = datetime(2027, 1, 4, 18, 0, tzinfo=UTC)
    assert [prompted(first + timedelta(weeks=n)) for n in range(4)] == [
        True, True, False, False]
    assert not prompted(datetime(2026, 12, 28, 18, 0, tzinfo=UTC))


def test_next_slot_after_finds_the_next_stop() -> None:
    after = datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
    found = next_slot_after(workspace(), [member(1, "America/New_York")], after,
                            after + timedelta(days=7))
    assert found == datetime(2026, 12, 2, 17, 0, tzinfo=UTC)


def test_quiet_hours_hold_a_nudge_until_they_end() -> None:
    night_owl = member(1, "America/New_York", quiet_start=time(20, 0), quiet_end=time(9, 30))
    dues = plan_workspace(workspace(), [night_owl], datetime(2026, 11, 30, 20, 0, tzinfo=UTC),
                          lookback=timedelta(hours=12))
    kickoff = next(d for d in dues if d.kind is Kind.KICKOFF)
    assert kickoff.key == "kickoff:1:2026-11-30"
    assert kickoff.due_at.astimezone(ZoneInfo("America/New_York")).time() == time(9, 30)
    early = plan_workspace(workspace(), [night_owl], datetime(2026, 11, 30, 14, 15, tzinfo=UTC),
                           lookback=timedelta(hours=2))
    assert [d.kind for d in early] == []


def test_quiet_hours_can_span_midnight() -> None:
    owl = member(1, "Europe/London", quiet_start=time(22, 0), quiet_end=time(7, 0))
    assert owl.is_quiet(time(23, 30)) and owl.is_quiet(time(6, 59))
    assert not owl.is_quiet(time(7, 0)) and not owl.is_quiet(time(12, 0))


def source(source_id: int, owner_id: int, last_touch: date | None, cadence: int = 30,
           retired: bool = False) -> ReferralSource:
    return ReferralSource(source_id, 1, f"Source {source_id}", SourceKind.PHYSICIAN, "A",
                          owner_id, cadence, last_touch, retired, date(2026, 9, 1))


def test_an_overdue_source_nudges_its_owner_once_per_lapse() -> None:
    owner = member(1, "America/New_York")
    lapsed = source(10, 1, date(2026, 10, 30))
    week = [plan_workspace(workspace(), [owner], datetime(2026, 12, 1, 14, 0, tzinfo=UTC)
                           + timedelta(days=d), sources=[lapsed]) for d in range(6)]
    keys = {d.key for dues in week for d in dues if d.kind is Kind.SOURCE_OVERDUE}
    assert keys == {"overdue:1:10-2026-11-30"}
    fresh = source(11, 1, date(2026, 11, 20))
    retired = source(12, 1, date(2026, 1, 1), retired=True)
    orphan = source(13, 99, date(2026, 1, 1))
    dues = plan_workspace(workspace(), [owner], datetime(2026, 12, 1, 14, 5, tzinfo=UTC),
                          sources=[fresh, retired, orphan])
    assert [d for d in dues if d.kind is Kind.SOURCE_OVERDUE] == []
