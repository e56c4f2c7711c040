"""Dispatching through a fake Slack, on SQLite and PostgreSQL: lateness, faults, crashes,
permanent failures. Every assertion counts what the fake Slack actually received."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from zoneinfo import ZoneInfo

from sqlalchemy import Engine, select

from bot.coach import Coach
from bot.delivery import DeliveryStatus
from bot.messages import Actor
from bot.model import Platform
from bot.nudges import render
from storage.convert import aware
from storage.models import DeliveryRow, MemberRow
from storage.outbox import SqlOutbox
from storage.uow import uow_factory
from tests.fakes.slack_api import Chaos, FakeSlack, Fault, RateLimits
from tests.scheduler.conftest import minutes, seed, slack_scheduler

NEW_YORK = "America/New_York"


def kickoffs(fake: FakeSlack) -> Counter[str]:
    return Counter(k for k in fake.delivered_keys() if k.startswith("kickoff:"))


def test_a_short_outage_still_delivers_a_long_one_skips(engine: Engine, fake_slack: FakeSlack,
                                                         monday_nine: datetime) -> None:
    seed(engine, "T0001", [("U0ALEX", NEW_YORK)])
    scheduler = slack_scheduler(engine, fake_slack)
    report = scheduler.tick(monday_nine + timedelta(hours=2))
    assert report.sent == 1 and sum(kickoffs(fake_slack).values()) == 1
    assert scheduler.tick(monday_nine + timedelta(hours=2, minutes=1)).sent == 0
    seed(engine, "T0002", [("U0SAM", NEW_YORK)])
    later = scheduler.tick(monday_nine + timedelta(days=7, hours=4))
    assert later.sent == 0
    statuses = SqlOutbox(engine).counts()
    assert statuses.get(DeliveryStatus.SKIPPED_LATE.value, 0) >= 2
    assert sum(kickoffs(fake_slack).values()) == 1


def test_every_nudge_arrives_once_through_errors_429s_and_timeouts(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    people = [(f"U{i:04d}", NEW_YORK) for i in range(30)]
    seed(engine, "T0001", people)
    fake_slack.chaos = Chaos("chat.postMessage", server_errors=0.2, rate_limits=0.06,
                             timeouts=0.05, timeout_delay=1.3)
    scheduler = slack_scheduler(engine, fake_slack, timeout=1)
    now = monday_nine
    for _ in range(60):
        scheduler.tick(now)
        if SqlOutbox(engine).counts().get("sent", 0) == 30:
            break
        now += minutes(1)
        # A post the client gave up on (after 1 s) lands 0.3 s later: Slack has it before
        # the next tick looks for it.
        fake_slack.wait_idle()
    delivered = kickoffs(fake_slack)
    assert len(delivered) == 30
    assert set(delivered.values()) == {1}
    attempts = [c for c in fake_slack.calls_to("chat.postMessage")]
    assert len(attempts) > 30, "the faults should have forced retries"


def test_senders_side_by_side_send_each_nudge_once_and_wait_out_retry_after(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    for team in ("T0001", "T0002", "T0003"):
        seed(engine, team, [(f"U{team[-1]}{i:03d}", NEW_YORK) for i in range(12)])
    fake_slack.faults = [Fault("chat.postMessage", 429, retry_after=1, error="ratelimited")] * 4
    scheduler = slack_scheduler(engine, fake_slack, senders=8, per_workspace_rate=20,
                                lane_batch=5, linger_seconds=2)
    started = time.monotonic()
    report = scheduler.tick(monday_nine, lambda: monday_nine + timedelta(
        seconds=time.monotonic() - started))
    delivered = kickoffs(fake_slack)
    assert len(delivered) == 36 and set(delivered.values()) == {1}
    assert report.sent == 36 and report.retried == 1, "one 429 outlasted the client's retries"


def test_paced_senders_stay_inside_slacks_limits_without_a_single_429(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    """Five a second per workspace, counted by the fake as Slack counts them, on arrival."""
    seed(engine, "T0001", [(f"U{i:04d}", NEW_YORK) for i in range(12)])
    limits = fake_slack.limits = RateLimits(per_workspace=5)
    fake_slack.latency = 0.02
    scheduler = slack_scheduler(engine, fake_slack, senders=4, per_workspace_rate=5)
    started = time.monotonic()
    report = scheduler.tick(monday_nine, lambda: monday_nine + timedelta(
        seconds=time.monotonic() - started))
    assert report.sent == 12 and set(kickoffs(fake_slack).values()) == {1}
    assert limits.refused == 0


def test_a_sender_that_died_mid_send_is_reconciled_not_repeated(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    seed(engine, "T0001", [(f"U{i:04d}", NEW_YORK) for i in range(10)])
    doomed = slack_scheduler(engine, fake_slack, worker="doomed", lease_seconds=60)
    doomed.plan(monday_nine)
    claimed = [d for d in doomed.outbox.claim("doomed", monday_nine, 60, 50)
               if d.kind == "kickoff"]
    assert len(claimed) == 10

    for delivery in claimed[:6]:
        with doomed.uow() as uow:
            outgoing = render(uow, delivery, monday_nine)
        assert outgoing is not None
        doomed.messengers[next(iter(doomed.messengers))].send(outgoing, delivery.key)
    survivor = slack_scheduler(engine, fake_slack, worker="survivor", lease_seconds=60)
    assert survivor.tick(monday_nine + minutes(0.5)).sent == 0
    report = survivor.tick(monday_nine + minutes(2))
    assert (report.reconciled, report.sent) == (6, 4)
    assert set(kickoffs(fake_slack).values()) == {1} and len(kickoffs(fake_slack)) == 10
    assert doomed.outbox.mark_sent(claimed[0].id, "doomed", "late", monday_nine) is False


def test_permanent_failures_stop_and_a_missing_channel_tells_the_admins_once(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    seed(engine, "T0001", [("U0GONE", NEW_YORK), ("U0OWNER", NEW_YORK)],
         channel="C0TEAM123", admins=("U0OWNER",))
    fake_slack.faults.append(Fault("chat.postMessage", status=200, error="user_not_found"))
    scheduler = slack_scheduler(engine, fake_slack)
    first = scheduler.tick(monday_nine)
    assert first.failed == 1 and first.sent == 0  # the admin is no clinician: no kickoff
    fake_slack.missing_channels.add("C0TEAM123")
    friday_post = monday_nine + timedelta(days=4, hours=7)
    scheduler.tick(friday_post)
    scheduler.tick(friday_post + minutes(5))
    scheduler.tick(friday_post + timedelta(days=7))
    help_dms = [m for m in fake_slack.messages.get("D0OWNER", [])
                if "couldn't post the weekly team update" in m["text"]]
    assert len(help_dms) == 1
    assert "/invite @ShowUp" in help_dms[0]["text"]
    retries = [c for c in fake_slack.calls_to("chat.postMessage")
               if c.args.get("channel") == "U0GONE"]
    assert len(retries) == 1
    owner = Actor(Platform.SLACK, "T0001", "U0OWNER", "Olivia")
    report = Coach(uow_factory(engine), NEW_YORK).handle(owner, "admin report month",
                                                         friday_post)
    assert "⚠️ Couldn't deliver the kickoff to U0Gone: user not found" in report.text
    assert "⚠️ Couldn't deliver the teampost to team channel: not in channel" in report.text


def test_the_team_post_celebrates_and_never_names_a_miss(engine: Engine, fake_slack: FakeSlack,
                                                         monday_nine: datetime) -> None:
    seed(engine, "T0001", [("U0ALEX", NEW_YORK), ("U0SAM", NEW_YORK)], channel="C0TEAM123")
    coach = Coach(uow_factory(engine), NEW_YORK)
    alex = Actor(Platform.SLACK, "T0001", "U0ALEX", "Alex")
    sam = Actor(Platform.SLACK, "T0001", "U0SAM", "Sam")
    coach.handle(alex, "commit visit Sunrise Pediatrics wed", monday_nine)
    coach.handle(alex, "done", monday_nine + timedelta(days=2))
    coach.handle(sam, "commit talk at the library thu", monday_nine)
    coach.handle(sam, "missed", monday_nine + timedelta(days=3))
    slack_scheduler(engine, fake_slack).tick(monday_nine + timedelta(days=4, hours=7, minutes=1))
    post = fake_slack.messages["C0TEAM123"][-1]["text"]
    assert "This week the team got in front of people once — 3 pts:" in post
    assert "Sam" not in post and "Alex" not in post and "Everyone" not in post
    shared = fake_slack.shared_files["C0TEAM123"]
    assert len(shared) == 1
    assert fake_slack.uploads[shared[0]].startswith(b"\x89PNG")


def test_dst_every_nine_oclock_kickoff_exactly_once_through_slack(
        sqlite_engine: Engine, fake_slack: FakeSlack) -> None:
    """Members in New York, London and Lord Howe; the clock ticks every two hours through
    the weeks around both of each zone's DST changes."""
    zones = {"U0NYC": NEW_YORK, "U0LDN": "Europe/London", "U0LHI": "Australia/Lord_Howe"}
    seed(sqlite_engine, "T0001", list(zones.items()), joined=datetime(2026, 1, 1, tzinfo=UTC))
    scheduler = slack_scheduler(sqlite_engine, fake_slack)
    windows = [(datetime(2026, 3, 2, tzinfo=UTC), datetime(2026, 4, 14, tzinfo=UTC)),
               (datetime(2026, 9, 28, tzinfo=UTC), datetime(2026, 11, 10, tzinfo=UTC))]
    for start, end in windows:
        now = start + minutes(7)
        while now < end:
            scheduler.tick(now)
            now += timedelta(hours=2)
    with sqlite_engine.connect() as conn:
        rows = conn.execute(
            select(MemberRow.platform_user_id, DeliveryRow.local_date, DeliveryRow.due_at,
                   DeliveryRow.sent_at).join(MemberRow, MemberRow.id == DeliveryRow.member_id)
            .where(DeliveryRow.kind == "kickoff")).all()
    delivered = Counter(k for k in fake_slack.delivered_keys() if k.startswith("kickoff:"))
    assert set(delivered.values()) == {1}
    assert len(delivered) == len(rows) >= 3 * 12
    for user, local_date, due_at, sent_at in rows:
        local = aware(due_at).astimezone(ZoneInfo(zones[user]))
        assert (local.date(), local.weekday(), local.time()) == (
            local_date, 0, clock_time(9, 0)), (user, local)
        assert timedelta(0) <= aware(sent_at) - aware(due_at) <= timedelta(hours=2, minutes=7)
    offsets = {(user, aware(due).astimezone(ZoneInfo(zones[user])).utcoffset())
               for user, _, due, _ in rows}
    assert len(offsets) == 6, "each zone should be seen on both sides of its DST change"


def test_monday_streak_updates_say_kept_freeze_comeback_and_missed(
        sqlite_engine: Engine, fake_slack: FakeSlack) -> None:
    seed(sqlite_engine, "T0001", [("U0ALEX", NEW_YORK)],
         joined=datetime(2026, 9, 1, tzinfo=UTC))
    coach = Coach(uow_factory(sqlite_engine), NEW_YORK)
    alex = Actor(Platform.SLACK, "T0001", "U0ALEX", "Alex")
    scheduler = slack_scheduler(sqlite_engine, fake_slack)
    first_monday = datetime(2026, 10, 5, 14, 0, tzinfo=UTC)
    kept_weeks = {0, 1, 2, 4, 7}
    updates: list[str] = []
    for week in range(9):
        monday = first_monday + timedelta(days=7 * week)
        before = len(fake_slack.messages.get("D0ALEX", []))
        scheduler.tick(monday + minutes(1))
        new = fake_slack.messages.get("D0ALEX", [])[before:]
        updates.append(next((m["text"] for m in new
                             if m["metadata"]["event_payload"]["key"].startswith("streak:")),
                            ""))
        if week in kept_weeks:
            coach.handle(alex, "log coffee with Pastor Jim at St. Mark's today",
                         monday + timedelta(hours=2))
    assert updates[0] == ""
    assert "🔥" in updates[1] and "🔥" in updates[2]
    assert "🏅 Milestone: 3 weeks!" in updates[3]
    assert "🧊" in updates[4]
    assert "🔥" in updates[5]
    assert "🧊" not in updates[6] and updates[6] != ""
    assert any(word in updates[7] for word in ("slipped", "okay", "quiet week"))
    assert "💪" in updates[8]


def test_an_overdue_source_reaches_its_owner_once_and_a_touch_silences_it(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    seed(engine, "T0001", [("U0ALEX", NEW_YORK)])
    coach = Coach(uow_factory(engine), NEW_YORK)
    alex = Actor(Platform.SLACK, "T0001", "U0ALEX", "Alex")
    added_on = monday_nine - timedelta(days=40)
    coach.handle(alex, "sources add Sunrise Pediatrics tier:A", added_on)
    coach.handle(alex, "sources add Oak Clinic tier:A", added_on)
    coach.handle(alex, "log visit Oak Clinic today", monday_nine - timedelta(hours=1))
    scheduler = slack_scheduler(engine, fake_slack)
    for step in range(4):
        scheduler.tick(monday_nine + minutes(1) + timedelta(hours=6 * step))
    overdue = [m for m in fake_slack.messages.get("D0ALEX", [])
               if m["metadata"]["event_payload"]["key"].startswith("overdue:")]
    assert len(overdue) == 1
    assert "No one has been in touch with Sunrise Pediatrics" in overdue[0]["text"]
    assert "Oak Clinic" not in overdue[0]["text"]


def test_plans_are_shared_suggested_and_reviewed(sqlite_engine: Engine, fake_slack: FakeSlack,
                                                 monday_nine: datetime) -> None:
    seed(sqlite_engine, "T0001", [("U0ALEX", NEW_YORK)], channel="C0TEAM123")
    coach = Coach(uow_factory(sqlite_engine), NEW_YORK)
    alex = Actor(Platform.SLACK, "T0001", "U0ALEX", "Alex")
    just_before = monday_nine - minutes(1)
    for line in ("plan niche anxious teens", "plan referrers pediatricians",
                 "plan add talk at Lincoln PTA", "plan add visit Sunrise Pediatrics",
                 "plan add lunch-and-learn at Valley Family", "plan add podcast on KXLU",
                 "plan submit"):
        coach.handle(alex, line, just_before)
    scheduler = slack_scheduler(sqlite_engine, fake_slack)
    scheduler.tick(monday_nine + minutes(1))
    shared = fake_slack.messages["C0TEAM123"][0]["text"]
    assert shared.startswith("🗺 Alex's Community Connection Plan for Q4 2026")
    assert "Niche: anxious teens" in shared and "4. podcast on KXLU" in shared
    kickoff = next(c.args for c in fake_slack.calls_to("chat.postMessage")
                   if c.args["metadata"]["event_payload"]["key"].startswith("kickoff:"))
    labels = [e["text"]["text"] for b in kickoff["blocks"] if b["type"] == "actions"
              for e in b["elements"]]
    assert labels[:3] == ["Plan: talk at Lincoln PTA", "Plan: visit Sunrise Pediatrics",
                          "Plan: lunch-and-learn at Valley Family"]
    new_quarter = datetime(2027, 1, 4, 14, 1, tzinfo=UTC)
    scheduler.tick(new_quarter)
    prompt = next(m["text"] for m in fake_slack.messages["D0ALEX"]
                  if m["metadata"]["event_payload"]["key"].startswith("planprompt:"))
    assert "What happened to last quarter's plan:" in prompt
    assert "1. talk at Lincoln PTA — not started" in prompt


class Broken:
    """The Slack messenger, failing the way nobody foresaw (not a DeliveryError) for the
    people of one workspace: a bug, or a database out of reach mid-send."""

    def __init__(self, messenger: object, team: str) -> None:
        self.messenger, self.team = messenger, team
        self.broken = True

    def __getattr__(self, name: str) -> object:
        return getattr(self.messenger, name)

    def send(self, outgoing: object, key: str) -> str:
        if self.broken and outgoing.to.team_id == self.team:  # type: ignore[attr-defined]
            raise RuntimeError("unforeseen")
        return self.messenger.send(outgoing, key)  # type: ignore[attr-defined,no-any-return]


def test_a_sender_that_fails_unforeseen_stops_alone_and_its_nudges_go_out_later(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    for team in ("T0001", "T0002", "T0003"):
        seed(engine, team, [(f"U{team[-1]}{i:03d}", NEW_YORK) for i in range(6)])
    scheduler = slack_scheduler(engine, fake_slack, senders=4, per_workspace_rate=50,
                                lease_seconds=60)
    broken = Broken(scheduler.messengers[Platform.SLACK], "T0002")
    scheduler.messengers[Platform.SLACK] = broken  # type: ignore[assignment]
    report = scheduler.tick(monday_nine)
    assert report.errors == ["sender stopped"]
    assert report.sent == 12
    delivered = kickoffs(fake_slack)
    assert len(delivered) == 12 and set(delivered.values()) == {1}
    broken.broken = False
    assert scheduler.tick(monday_nine + minutes(0.5)).sent == 0, "still claimed"
    later = scheduler.tick(monday_nine + minutes(2))
    assert later.sent == 6 and later.errors == []
    assert len(kickoffs(fake_slack)) == 18 and set(kickoffs(fake_slack).values()) == {1}


class Meddling:
    """The Slack messenger, running `meddle` (an owner's or member's change) just after the
    first message went out."""

    def __init__(self, messenger: object, meddle: Callable[[], None]) -> None:
        self.messenger, self.meddle, self.sent = messenger, meddle, 0

    def __getattr__(self, name: str) -> object:
        return getattr(self.messenger, name)

    def send(self, outgoing: object, key: str) -> str:
        message_id = self.messenger.send(outgoing, key)  # type: ignore[attr-defined]
        self.sent += 1
        if self.sent == 1:
            self.meddle()
        return message_id  # type: ignore[no-any-return]


def sent_to(fake: FakeSlack) -> int:
    return len(kickoffs(fake))


def test_a_closure_added_mid_batch_silences_from_the_next_batch_a_pause_at_once(
        engine: Engine, fake_slack: FakeSlack, monday_nine: datetime) -> None:
    """A claimed batch reads its practice (and closures) once, its members afresh: an
    owner's closure shows from the next batch (seconds later), a member's pause at once."""
    today = monday_nine.astimezone(ZoneInfo(NEW_YORK)).date()
    closing = seed(engine, "T0001", [(f"UC{i:03d}", NEW_YORK) for i in range(6)])
    # A batch of four: two members' kickoffs and streak updates (none yet for new members).
    scheduler = slack_scheduler(engine, fake_slack, batch=4)

    def close_today() -> None:
        with uow_factory(engine)() as uow:
            uow.closures.add(closing, today, today)
            uow.commit()

    scheduler.messengers[Platform.SLACK] = Meddling(  # type: ignore[assignment]
        scheduler.messengers[Platform.SLACK], close_today)
    report = scheduler.tick(monday_nine)
    assert report.sent == 2 and sent_to(fake_slack) == 2

    pausing = seed(engine, "T0002", [(f"UP{i:03d}", NEW_YORK) for i in range(6)])
    with uow_factory(engine)() as uow:
        second = next(m for m in uow.members.list_active(pausing)
                      if m.platform_user_id == "UP001")

    def pause_the_second() -> None:
        with uow_factory(engine)() as uow:
            until = today + timedelta(days=7)   # as `pause` does (bot/usecases/membership.py)
            uow.members.start_pause(pausing, second.id, today, until)
            uow.members.update(pausing, second.id, paused_until=until)
            uow.commit()

    later = slack_scheduler(engine, fake_slack, batch=4, worker="w2")
    later.messengers[Platform.SLACK] = Meddling(  # type: ignore[assignment]
        later.messengers[Platform.SLACK], pause_the_second)
    report = later.tick(monday_nine + minutes(1))
    assert report.sent == 5 and sent_to(fake_slack) == 7
