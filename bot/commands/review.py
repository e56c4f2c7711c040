"""`review`: the owner and the admins review each submitted plan — `review` (what is
waiting), `review <name or #plan>` (read it), `review … approve`, `review … comment <text>`.
Buttons carry the submission they were sent for (`review #12 v2 approve`), so a click on an
older request is answered, not carried out. A bare `… comment` opens the comment form where
a surface has one (bot/grammar.py form_for)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command
from bot.usecases import reviews
from bot.usecases.reviews import APPROVE, COMMENT, PlanRef


@dataclass(frozen=True)
class ReviewWaiting(Command):
    pass


@dataclass(frozen=True)
class ReviewPlan(Command):
    ref: PlanRef
    verdict: str | None = None   # approve, comment, or None: show the plan
    comment: str = ""


_VERDICTS = {"approve": APPROVE, "approved": APPROVE, "ok": APPROVE, "comment": COMMENT,
             "note": COMMENT}
_PLAN_NUMBER = re.compile(r"^#(\d{1,9})$")
_SUBMISSION = re.compile(r"^v(\d{1,6})$", re.IGNORECASE)


def read_review(words: str) -> ReviewWaiting | ReviewPlan | str:
    tokens = words.split()
    if not tokens:
        return ReviewWaiting()
    at = next((i for i, t in enumerate(tokens) if t.lower() in _VERDICTS), len(tokens))
    named, rest = tokens[:at], tokens[at + 1:]
    verdict = _VERDICTS[tokens[at].lower()] if at < len(tokens) else None
    submission = None
    if named and (seen := _SUBMISSION.match(named[-1])):
        submission, named = int(seen.group(1)), named[:-1]
    if not named:
        return "Say whose plan: review <name> approve, or review #<plan> comment <text>."
    if verdict == APPROVE and rest:
        return "Approve takes no words; to say something, use comment <text>."
    number = _PLAN_NUMBER.match(named[0]) if len(named) == 1 else None
    ref = PlanRef(plan_id=int(number.group(1)), submission=submission) if number else \
        PlanRef(who=" ".join(named), submission=submission)
    return ReviewPlan(ref, verdict, " ".join(rest))


REGISTRY.verb("review", "/outreach review [<name> | #<plan>] [approve | comment <text>] — "
              "owners and admins: the plans waiting for review, approve one, or send a "
              "comment", read_review)

REGISTRY.handles(ReviewWaiting, lambda uow, ctx, c, source: reviews.waiting(uow, ctx),
                 admin_only=True)
REGISTRY.handles(ReviewPlan, lambda uow, ctx, c, source: reviews.review(
    uow, ctx, c.ref, c.verdict, c.comment, source), admin_only=True)
