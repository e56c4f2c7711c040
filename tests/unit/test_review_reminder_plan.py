"""The plan-review nudges' declarations, and the reminder's maths: a plan still waiting a week
after it was submitted comes due once for each admin (never its author), at their kickoff
time on their first working day after the week; a submission long past is never raised."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.model import Kind, Member, Plan, PlanReview, PlanStatus, Platform, Role, Workspace
from bot.nudges import NUDGES
from bot.nudges.nudge import Audience
from bot.planner import PLANNED_FOR, plan_workspace

NEW_YORK = ZoneInfo("America/New_York")
JOINED = datetime(2026, 1, 1, tzinfo=UTC)
WORKSPACE = Workspace(1, Platform.SLACK, "T1", "Clinic", "America/New_York")


def person(member_id: int, role: Role, tz: str = "America/New_York", **extra: object
           ) -> Member:
    return Member(member_id, 1, f"U{member_id}", f"M{member_id}", tz, role,
                  joined_at=JOINED, **extra)  # type: ignore[arg-type]


def waiting(submitted: datetime, author: int = 3, submission: int = 1) -> Plan:
    return Plan(7, author, date(2026, 10, 1), "teens", "pediatricians", "", True,
                review=PlanReview(PlanStatus.SUBMITTED, submission, submitted))


def reminders(members: list[Member], plans: list[Plan], start: datetime, end: datetime,
              closed: frozenset[date] = frozenset()) -> dict[str, datetime]:
    """Every reminder planned by ticking every 20 minutes from `start` to `end`, by key."""
    seen: dict[str, datetime] = {}
    now = start
    while now <= end:
        for due in plan_workspace(WORKSPACE, members, now, awaiting=plans, closed=closed):
            if due.kind is Kind.REVIEW_REMINDER:
                assert seen.setdefault(due.key, due.due_at) == due.due_at
        now += timedelta(minutes=20)
    return seen


@pytest.mark.parametrize(("kind", "value", "at", "audience"), [
    (Kind.PLAN_REVIEW, "planreview", None, Audience.ADMINS),
    (Kind.PLAN_REVIEWED, "planreviewed", None, Audience.MEMBER),
    (Kind.REVIEW_REMINDER, "reviewreminder", Kind.KICKOFF, Audience.REVIEWERS),
])
def test_the_review_kinds_declare_their_rules(kind: Kind, value: str, at: Kind | None,
                                              audience: Audience) -> None:
    nudge = NUDGES[kind]
    assert (kind.value, nudge.at, nudge.to) == (value, at, audience)
    assert nudge.closure_silences is (at is not None)
    assert Audience.REVIEWERS in PLANNED_FOR


def test_a_week_unreviewed_comes_due_once_for_each_admin_not_the_author() -> None:
    submitted = datetime(2026, 11, 30, 10, 0, tzinfo=NEW_YORK)   # a Monday
    members = [person(1, Role.OWNER), person(2, Role.ADMIN, "Europe/London"),
               person(3, Role.ADMIN), person(4, Role.MEMBER)]
    seen = reminders(members, [waiting(submitted)], submitted, submitted + timedelta(days=12))
    assert {key: at.astimezone(NEW_YORK) for key, at in seen.items()} == {
        # Monday 09:00 is before the week is up: Tuesday's kickoff time, in each one's zone
        "reviewreminder:1:7-1": datetime(2026, 12, 8, 9, 0, tzinfo=NEW_YORK),
        "reviewreminder:2:7-1": datetime(2026, 12, 8, 4, 0, tzinfo=NEW_YORK),
    }


def test_weekends_closures_quiet_hours_and_pauses_move_it_on() -> None:
    friday = datetime(2026, 12, 4, 10, 0, tzinfo=NEW_YORK)
    members = [person(1, Role.OWNER),
               person(2, Role.ADMIN, quiet_start=time(8, 0), quiet_end=time(11, 0)),
               person(3, Role.ADMIN, paused_until=date(2026, 12, 15))]
    seen = reminders(members, [waiting(friday, author=9)], friday,
                     friday + timedelta(days=16), closed=frozenset({date(2026, 12, 14)}))
    assert {key: at.astimezone(NEW_YORK) for key, at in seen.items()} == {
        # Fri 11th 09:00 is before the week is up; the weekend; Mon 14th closed
        "reviewreminder:1:7-1": datetime(2026, 12, 15, 9, 0, tzinfo=NEW_YORK),
        # quiet until 11:00, which is after the week is up: that Friday
        "reviewreminder:2:7-1": datetime(2026, 12, 11, 11, 0, tzinfo=NEW_YORK),
        # paused until the 15th
        "reviewreminder:3:7-1": datetime(2026, 12, 16, 9, 0, tzinfo=NEW_YORK),
    }


def test_a_submission_long_past_is_never_raised_and_each_one_has_its_own() -> None:
    now = datetime(2026, 12, 8, 12, 0, tzinfo=NEW_YORK)
    members = [person(1, Role.OWNER)]
    old = waiting(datetime(2026, 7, 1, tzinfo=UTC))
    assert reminders(members, [old], now, now + timedelta(days=20)) == {}
    again = waiting(datetime(2026, 12, 8, 10, 0, tzinfo=NEW_YORK), submission=2)
    assert list(reminders(members, [again], now, now + timedelta(days=9))) == [
        "reviewreminder:1:7-2"]


def test_across_a_dst_change_it_keeps_the_local_kickoff_time() -> None:
    saturday = datetime(2027, 3, 6, 10, 0, tzinfo=NEW_YORK)   # clocks go forward on the 14th
    members = [person(1, Role.OWNER), person(2, Role.ADMIN, "Europe/London")]
    q1 = Plan(7, 9, date(2027, 1, 1), "teens", "pediatricians", "", True,
              review=PlanReview(PlanStatus.SUBMITTED, 1, saturday))
    seen = reminders(members, [q1], saturday, saturday + timedelta(days=12))
    assert seen == {
        "reviewreminder:1:7-1": datetime(2027, 3, 15, 9, 0, tzinfo=NEW_YORK),   # EDT now
        "reviewreminder:2:7-1": datetime(2027, 3, 15, 9, 0, tzinfo=ZoneInfo("Europe/London")),
    }


def test_no_reminder_about_a_quarter_already_over() -> None:
    """Submitted Sunday 28 March for Q1: a week on it is Q2, whose own plan the clinician is
    being asked for; reminding the owner to review the closed quarter's plan only adds noise."""
    sunday = datetime(2027, 3, 28, 10, 0, tzinfo=NEW_YORK)
    q1 = Plan(7, 9, date(2027, 1, 1), "teens", "pediatricians", "", True,
              review=PlanReview(PlanStatus.SUBMITTED, 1, sunday))
    members = [person(1, Role.OWNER)]
    assert reminders(members, [q1], sunday, sunday + timedelta(days=20)) == {}
    march_1 = datetime(2027, 3, 1, 10, 0, tzinfo=NEW_YORK)   # still Q1 a week on: reminded
    early = Plan(7, 9, date(2027, 1, 1), "teens", "pediatricians", "", True,
                 review=PlanReview(PlanStatus.SUBMITTED, 1, march_1))
    assert list(reminders(members, [early], march_1, march_1 + timedelta(days=9))) == [
        "reviewreminder:1:7-1"]
