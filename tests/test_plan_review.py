"""The owner reviews each plan (draft → submitted → reviewed), through the real coach and
scheduler on SQLite and PostgreSQL: the review request with Approve and Comment, the
clinician's DM, a revision resubmitted, stale and refused reviews, and the week's reminder."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import Engine, text

from bot.clock import MovableClock
from bot.delivery import Outgoing, Recipient
from bot.model import Platform
from bot.scheduler import Policy, Scheduler
from bot.usecases.retention import forget_old_words
from bot.usecases.reviews import CommentForm
from storage.outbox import SqlOutbox
from storage.uow import uow_factory
from tests.conftest import Conversation

A_PLAN = ["plan niche anxious teens", "plan referrers pediatricians, school counselors",
          "plan add lunch-and-learn at Valley Family Medicine", "plan add talk at Lincoln PTA",
          "plan add visit Sunrise Pediatrics", "plan add consult with Lincoln Middle counselors"]


@dataclass
class Inboxes:
    """What the scheduler sent, by the console user it went to (a fake messenger)."""

    sent: list[tuple[str, Outgoing]] = field(default_factory=list)

    def send(self, outgoing: Outgoing, key: str) -> str:
        self.sent.append((outgoing.to.user_id or outgoing.to.channel or "", outgoing))
        return f"m{len(self.sent)}"

    def find_sent(self, to: Recipient, key: str, since: datetime) -> str | None:
        return None

    def to(self, who: str) -> list[Outgoing]:
        return [out for user, out in self.sent if user == who]


@pytest.fixture
def inboxes(engine: Engine) -> Inboxes:
    return Inboxes()


def tick(engine: Engine, inboxes: Inboxes, at: datetime) -> None:
    Scheduler(uow_factory(engine), SqlOutbox(engine), {Platform.CONSOLE: inboxes},
              Policy()).tick(at)


def submit_a_plan(chat: Conversation, who: str = "Alex") -> None:
    chat.say("Sam", "streak")          # a colleague, so the team has more than one clinician
    chat.say("Dana", "streak")
    chat.say("Owner", "admin role dana admin")
    for line in A_PLAN:
        chat.say(who, line)
    assert "The practice owner will review it." in chat.say(who, "plan submit")


def test_approve_from_the_request_tells_the_clinician(chat: Conversation, engine: Engine,
                                                      clock: MovableClock,
                                                      inboxes: Inboxes) -> None:
    assert "Status: draft — not submitted yet." in chat.say("Alex", "plan")
    submit_a_plan(chat)
    assert "Status: submitted — waiting for the practice owner's review." in chat.say(
        "Alex", "plan")
    tick(engine, inboxes, clock.now())
    [request] = inboxes.to("owner")
    assert request.reply.text.startswith(
        "📝 Alex submitted their plan for Q4 2026 — please review it:")
    assert "3. visit Sunrise Pediatrics" in request.reply.text
    approve, comment = request.reply.buttons
    assert (approve.label, comment.label) == ("Approve", "Comment")
    assert approve.command.endswith(" v1 approve") and comment.command.endswith(" v1 comment")
    assert len(inboxes.to("dana")) == 1                        # every admin is asked
    assert inboxes.to("alex") == [] and inboxes.to("sam") == []

    assert "Only the practice owner or an admin" in chat.say("Sam", approve.command)
    assert "waiting for review" in chat.say("Owner", "report quarter").split("• Alex")[1]
    assert chat.say("Owner", approve.command) == (
        "✅ Approved Alex's plan for Q4 2026. I'll let them know.")
    again = chat.say("Dana", approve.command)   # the other admin's copy is stale now
    assert again == "Already reviewed: Owner approved Alex's plan — nothing changed."
    tick(engine, inboxes, clock.now())
    [told] = inboxes.to("alex")
    assert told.reply.text.startswith("✅ Owner approved your Q4 2026 plan.")
    assert "Status: reviewed ✓ — Owner approved it." in chat.say("Alex", "plan")
    assert "(approved)" in chat.say("Owner", "admin report quarter").split("• Alex")[1]
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status, submission FROM plans")).one() == (
            "approved", 1)


def test_a_comment_then_a_revision_asks_the_reviewers_again(chat: Conversation,
                                                           engine: Engine, clock: MovableClock,
                                                           inboxes: Inboxes) -> None:
    submit_a_plan(chat)
    tick(engine, inboxes, clock.now())
    comment = inboxes.to("owner")[0].reply.buttons[1].command
    assert "Write your comment after the word" in chat.say("Owner", comment)
    assert "🔒" in chat.say("Owner", f"{comment} ask my client Jane Doe's mother")
    assert "under 500 characters" in chat.say("Owner", f"{comment} {'x' * 501}")
    assert chat.say("Owner", f"{comment} add a school counselor visit") == (
        "💬 Sent your comment on Alex's plan for Q4 2026. They can revise it and send it "
        "again.")
    tick(engine, inboxes, clock.now())
    [told] = inboxes.to("alex")
    assert told.reply.text.startswith(
        "💬 Owner commented on your Q4 2026 plan: “add a school counselor visit”")
    assert "reviewed — Owner commented" in chat.say("Alex", "plan")

    assert "Status: draft — changed since you submitted it" in chat.say(
        "Alex", "plan add visit Lincoln Middle counselor office")
    assert "is revising that plan" in chat.say("Dana", comment.replace("comment", "approve"))
    assert "Sent your revised plan for Q4 2026 back for review" in chat.say(
        "Alex", "plan submit")
    assert "already submitted" in chat.say("Alex", "plan submit")
    tick(engine, inboxes, clock.now())
    resent = inboxes.to("owner")[-1].reply
    assert resent.text.startswith("📝 Alex revised their plan for Q4 2026 and sent it again:")
    assert "5. visit Lincoln Middle counselor office" in resent.text
    assert resent.buttons[0].command.endswith(" v2 approve")
    # The first request's buttons name the first submission: stale, nothing changes.
    assert "has revised that plan since" in chat.say("Owner", comment + " old thoughts")
    assert "✅ Approved" in chat.say("Owner", resent.buttons[0].command)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status, submission, review_comment FROM plans")
                            ).one() == ("approved", 2, "")
        shared = conn.execute(text("SELECT count(*) FROM deliveries WHERE kind = "
                                   "'planshared'")).scalar_one()
    assert shared == 0   # no team channel here: plans are shared only when there is one


def test_typed_reviews_by_name_and_what_is_refused(chat: Conversation, engine: Engine) -> None:
    assert "No plans are waiting" in chat.say("Owner", "review")
    submit_a_plan(chat)
    waiting = chat.say("Owner", "review")
    assert "📝 Plans waiting for your review:\n• #1 Alex — Q4 2026" in waiting
    shown = chat.say("Owner", "review alex")
    assert shown.startswith("📝 Alex's plan for Q4 2026:")
    assert "That plan isn't there any more" in chat.say("Owner", "review #99 approve")
    assert "has no plan waiting" in chat.say("Owner", "review sam approve")
    assert "I don't know anyone by that name" in chat.say("Owner", "review zed approve")
    for line in ("review v2 approve", "review alex approve now"):
        chat.say("Owner", line)
        assert chat.last is not None and not chat.last.ok, line
    for line in A_PLAN:
        chat.say("Dana", line)
    chat.say("Dana", "plan submit")
    assert "That's your own plan" in chat.say("Dana", "review dana approve")
    assert "✅ Approved Alex's plan" in chat.say("Owner", "review alex ok")
    # Another practice's admin can't see or touch this one's plans.
    other = Conversation(chat.coach, chat.clock, team="T2")
    other.say("Olga", "streak")
    assert "isn't there any more" in other.say("Olga", "review #2 approve")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status FROM plans ORDER BY id")).scalars().all() == [
            "approved", "submitted"]


def test_the_comment_form_is_offered_only_while_the_plan_waits(chat: Conversation) -> None:
    submit_a_plan(chat)
    owner, sam = chat.actor("Owner"), chat.actor("Sam")
    form = chat.coach.comment_form(owner, "review #1 v1 comment", chat.clock.now())
    assert isinstance(form, CommentForm)
    assert (form.command, form.title) == ("review #1 v1 comment", "Comment on Alex's plan")
    assert "Niche: anxious teens" in form.plan_text
    refused = chat.coach.comment_form(sam, "review #1 v1 comment", chat.clock.now())
    assert not isinstance(refused, CommentForm) and "Only the practice owner" in refused.text
    stale = chat.coach.comment_form(owner, "review #1 v9 comment", chat.clock.now())
    assert not isinstance(stale, CommentForm) and "no version 9 of Alex" in stale.text


def test_a_week_unreviewed_reminds_the_admins_once(chat: Conversation, engine: Engine,
                                                  clock: MovableClock,
                                                  inboxes: Inboxes) -> None:
    submit_a_plan(chat)   # Monday 30 November, 10:00
    tick(engine, inboxes, clock.now())
    before = len(inboxes.to("owner"))
    for hours in range(0, 24 * 9, 6):   # every six hours for nine days
        tick(engine, inboxes, clock.now() + timedelta(hours=hours))
    reminders = [o for o in inboxes.to("owner")[before:]]
    assert [r.reply.text.split(" has")[0] for r in reminders] == [
        "⏳ Alex's plan for Q4 2026"]
    with engine.connect() as conn:
        keys = conn.execute(text("SELECT dedupe_key, local_date FROM deliveries WHERE kind = "
                                 "'reviewreminder' ORDER BY dedupe_key")).all()
    assert [(k, str(d)) for k, d in keys] == [("reviewreminder:1:1-1", "2026-12-08"),
                                              ("reviewreminder:3:1-1", "2026-12-08")]


def test_no_reminder_once_reviewed(chat: Conversation, engine: Engine, clock: MovableClock,
                                   inboxes: Inboxes) -> None:
    submit_a_plan(chat)
    chat.say("Owner", "review alex approve")
    for hours in range(0, 24 * 9, 6):
        tick(engine, inboxes, clock.now() + timedelta(hours=hours))
    assert not any("⏳" in o.reply.text for _, o in inboxes.sent)


def test_a_comment_goes_with_the_plans_words_after_the_retention_period(
        chat: Conversation, engine: Engine, clock: MovableClock) -> None:
    submit_a_plan(chat)
    chat.say("Owner", "review alex comment add a school counselor visit")
    clock.move_to(clock.now() + timedelta(days=300))
    with uow_factory(engine)() as uow:
        forget_old_words(uow, uow.workspaces.list_all()[0], clock.now(), 180)
        uow.commit()
    with engine.connect() as conn:
        assert conn.execute(text("SELECT status, review_comment FROM plans")).one() == (
            "commented", "")
