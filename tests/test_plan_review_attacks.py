"""Plan review attacked from outside: two reviewers racing on one submission, and the
owner's list when many plans wait. Through the real coach on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, text

from bot.model import Origin
from bot.usecases import reviews
from bot.usecases.context import resolve
from bot.usecases.reviews import APPROVE, PlanRef
from storage.models import PlanRow
from storage.uow import uow_factory
from tests.conftest import PRACTICE_TZ, Conversation
from tests.test_plan_review import A_PLAN, submit_a_plan


def test_two_reviewers_racing_review_the_submission_once(chat: Conversation,
                                                        engine: Engine) -> None:
    """Dana's approval has read the plan as waiting when the owner's comment commits (two
    processes on PostgreSQL): hers must not overwrite it, nor tell the clinician twice."""
    if engine.dialect.name == "sqlite":
        pytest.skip("SQLite has one writer: a review's read and write cannot interleave")
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
