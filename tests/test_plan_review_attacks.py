"""Plan review attacked from outside: two reviewers racing on one submission, and the
owner's list when many plans wait. Through the real coach on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.messages import Actor
from bot.model import Origin, Platform
from bot.usecases import reviews
from bot.usecases.context import resolve
from bot.usecases.reviews import APPROVE, PlanRef
from storage.models import PlanRow
from storage.uow import uow_factory
from tests.conftest import PRACTICE_TZ, Conversation
from tests.test_plan_review import A_PLAN, Inboxes, submit_a_plan, tick


@pytest.fixture
def inboxes() -> Inboxes:
    return Inboxes()


# PostgreSQL only: SQLite lets one writer in at a time, so a review's read and write cannot
# interleave there.
@pytest.mark.parametrize("engine", ["postgresql"], indirect=True)
def test_two_reviewers_racing_review_the_submission_once(chat: Conversation,
                                                        engine: Engine) -> None:
    """Dana's approval has read the plan as waiting when the owner's comment commits (two
    processes on PostgreSQL): hers must not overwrite it, nor tell the clinician twice."""
    submit_a_plan(chat)
    with uow_factory(engine)() as uow:
        ctx = resolve(uow, chat.actor("Dana"), chat.clock.now(), PRACTICE_TZ)
        # Dana's process has read the plan (the row held, as between its read and write).
        read = uow.plans.session.get(PlanRow, 1)
        assert read is not None and read.status == "submitted"
        assert "💬 Sent your comment" in chat.say("Owner", "review #1 v1 comment more schools")
        late = reviews.review(uow, ctx, PlanRef(plan_id=1, submission=1), APPROVE, "",
                              Origin.BUTTON)
        uow.commit()
    assert not late.ok
    assert "Already reviewed: Owner commented on Alex's plan" in late.text
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status, review_comment FROM plans")).one() == (
            "commented", "more schools")
        assert conn.execute(text("SELECT count(*) FROM accountability_log WHERE action "
                                 "LIKE 'plan review%'")).scalar_one() == 1


def test_a_long_waiting_list_says_how_many_more(chat: Conversation) -> None:
    chat.say("Owner", "streak")
    for n in range(23):
        for line in A_PLAN:
            chat.say(f"Clin{n:02}", line)
        chat.say(f"Clin{n:02}", "plan submit")
    waiting = chat.say("Owner", "review")
    assert waiting.count("\n• #") == 20
    assert "…and 3 more: /outreach review <name> opens one." in waiting


def test_a_forgotten_clinicians_plan_number_never_names_the_next_plan(
        chat: Conversation, engine: Engine, clock: MovableClock, inboxes: Inboxes) -> None:
    """Alex submits and then deletes their data; Bob submits next. On SQLite a deleted row's
    id came back: Bob's plan took Alex's number, so the owner's old Approve on Alex's request
    approved Bob's plan, and Bob's request had Alex's key and was never sent."""
    submit_a_plan(chat)
    tick(engine, inboxes, clock.now())
    [alex_request] = inboxes.to("owner")
    old_approve = alex_request.reply.buttons[0].command
    assert "Deleted your data" in chat.say("Alex", "forget me confirm")
    for line in A_PLAN:
        chat.say("Bob", line)
    chat.say("Bob", "plan submit")
    tick(engine, inboxes, clock.now())
    assert [r.reply.text.split(" —")[0] for r in inboxes.to("owner")[1:]] == [
        "📝 Bob submitted their plan for Q4 2026"]
    assert "isn't there any more" in chat.say("Owner", old_approve)
    assert "Status: submitted — waiting" in chat.say("Bob", "plan")


def test_the_owners_own_plan_with_no_one_else_to_review_it(chat: Conversation) -> None:
    """The owner, the only admin, opts in as a clinician and submits a plan: nobody can
    review it, so neither the answer nor `plan` may promise the owner's review."""
    chat.say("Sam", "streak")
    chat.say("Owner", "me clinician on")
    for line in A_PLAN:
        chat.say("Owner", line)
    saved = chat.say("Owner", "plan submit")
    assert "The practice owner will review it" not in saved
    assert "There's no other owner or admin here to review it yet; /outreach admin role " \
           "<name> admin makes a colleague one." in saved
    shown = chat.say("Owner", "plan")
    assert "waiting for the practice owner's review" not in shown
    assert "Status: submitted — no other owner or admin here to review it yet" in shown
    chat.say("Owner", "admin role sam admin")
    assert "Status: submitted — waiting for the practice owner's review." in chat.say(
        "Owner", "plan")
    assert "#1 Owner" in chat.say("Sam", "review")


def test_a_paused_clinician_still_hears_how_their_plan_was_reviewed(
        chat: Conversation, engine: Engine, clock: MovableClock, inboxes: Inboxes) -> None:
    """Alex submits, then pauses for a holiday; the owner's comment came while Alex was away.
    The answer to Alex's own submission waited in their DM — it was dropped for good."""
    submit_a_plan(chat)
    assert "Paused through" in chat.say("Alex", "pause until 2026-12-20")
    chat.say("Owner", "review alex comment Add one school counselor visit")
    tick(engine, inboxes, clock.now())
    [told] = inboxes.to("alex")
    assert told.reply.text.startswith("💬 Owner commented on your Q4 2026 plan: “Add one "
                                      "school counselor visit”")
    assert "Status: reviewed — Owner commented" in chat.say("Alex", "plan")


def test_review_by_a_name_two_people_share(chat: Conversation) -> None:
    """Two clinicians are both called Alex: `review alex` found “more than one person” and
    asked for a mention, which the console and a busy owner don't have at hand."""
    submit_a_plan(chat)                               # Alex (alex)
    other = Actor(Platform.CONSOLE, chat.team, "alex.b", "Alex", team_name="Practice")
    chat.coach.handle(other, "streak", chat.clock.now())
    shown = chat.say("Owner", "review alex")          # only the first Alex's plan waits
    assert shown.startswith("📝 Alex's plan for Q4 2026:"), shown
    for line in A_PLAN:
        chat.coach.handle(other, line, chat.clock.now())
    chat.coach.handle(other, "plan submit", chat.clock.now())
    both = chat.say("Owner", "review alex approve")
    assert both == ("More than one person called alex has a plan waiting: review #1 or "
                    "review #2 (the numbers are in /outreach review).")
    assert "✅ Approved Alex's plan" in chat.say("Owner", "review #2 approve")
    assert chat.say("Owner", "review alex").startswith("📝 Alex's plan for Q4 2026:")
    chat.say("Owner", "review alex approve")
    assert chat.say("Owner", "review alex") == (
        "No one called alex has a plan waiting for review.")


def test_a_clinician_who_left_is_not_waited_for(chat: Conversation, engine: Engine,
                                               clock: MovableClock, inboxes: Inboxes) -> None:
    """Alex submits and then leaves the workspace (deactivated by Slack or Teams): their plan
    stayed on the owner's waiting list and the week's reminder still chased it."""
    submit_a_plan(chat)
    assert chat.coach.refresh_member(chat.actor("Alex"), active=False)
    assert chat.say("Owner", "review") == "📝 No plans are waiting for your review."
    for hours in range(0, 24 * 9, 6):
        tick(engine, inboxes, clock.now() + timedelta(hours=hours))
    assert not [o for o in inboxes.to("owner") if o.reply.text.startswith("⏳")]


def test_an_admin_demoted_before_the_request_goes_out_is_not_asked(
        chat: Conversation, engine: Engine, clock: MovableClock, inboxes: Inboxes) -> None:
    submit_a_plan(chat)                                   # Dana is an admin when Alex submits
    chat.say("Owner", "admin role dana member")
    tick(engine, inboxes, clock.now())
    assert len(inboxes.to("owner")) == 1
    assert inboxes.to("dana") == []                       # buttons she could not use


def test_a_version_that_never_was(chat: Conversation) -> None:
    """`review #1 v7 approve` typed or forged: it said Alex had “revised that plan since”."""
    submit_a_plan(chat)
    for line in ("review #1 v7 approve", "review #1 v0 comment hi"):
        assert chat.say("Owner", line) == ("There's no version "
                                           f"{line.split()[2][1:]} of Alex's plan — review "
                                           "the newest (/outreach review #1).")
    assert "✅ Approved Alex's plan" in chat.say("Owner", "review #1 v1 approve")


def test_the_waiting_list_dates_a_submission_in_the_owners_zone(chat: Conversation,
                                                                 clock: MovableClock) -> None:
    """Submitted at 21:30 in New York on Monday 30 November (02:30 UTC on 1 December): the
    owner's list said “submitted Dec 01”."""
    clock.move_by(timedelta(hours=11, minutes=30))
    submit_a_plan(chat)
    assert "• #1 Alex — Q4 2026, submitted Nov 30" in chat.say("Owner", "review")
