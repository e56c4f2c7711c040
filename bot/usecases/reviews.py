"""The owner's review of each Community Connection Plan: draft → submitted → reviewed.

A submitted plan goes to the practice owner and the admins in a DM with Approve and Comment
(bot/nudges/plan_review.py); either marks it reviewed and tells the clinician by DM
(bot/nudges/plan_reviewed.py). A plan changed after it was submitted is a draft again until
it is resubmitted, which asks the reviewers again. A review names the plan and the
submission it saw (`review #12 v2 approve`), so a click on an older request, on a plan
reviewed already or revised since, or on one that is gone changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

from bot.grammar import usage
from bot.messages import Button, Reply, problem
from bot.model import Due, Kind, Member, Origin, Plan, PlanReview, PlanStatus
from bot.phi_guard import check
from bot.ports import UnitOfWork
from bot.practice_calendar import local_today, quarter_label, short_day
from bot.usecases.admin import not_an_admin
from bot.usecases.context import Context
from bot.usecases.people import mentioned, person
from bot.usecases.privacy_check import refuse_client_details, team_names

MAX_COMMENT = 500
TOO_LONG = f"Please keep a comment under {MAX_COMMENT} characters."
NO_REVIEWER = ("no other owner or admin here to review it yet; /outreach admin role <name> "
               "admin makes a colleague one.")
APPROVE, COMMENT = "approve", "comment"


@dataclass(frozen=True)
class PlanRef:
    """Which plan a review is about: its number (`#12`), or its author's name; with the
    submission a button saw (`v2`), if any."""

    who: str = ""
    plan_id: int | None = None
    submission: int | None = None

    def words(self) -> str:
        return f"#{self.plan_id}" if self.plan_id is not None else self.who


@dataclass(frozen=True)
class CommentForm:
    """What a surface shows to take a reviewer's comment: the command the comment completes
    (its words, then the comment), a title and the plan as the reviewer will read it."""

    command: str
    title: str
    plan_text: str


def review_buttons(plan: Plan) -> tuple[Button, ...]:
    ref = f"#{plan.id} v{plan.review.submission}"
    return (Button("Approve", f"review {ref} {APPROVE}", primary=True),
            Button("Comment", f"review {ref} {COMMENT}"))


def status_words(plan: Plan | None) -> str:
    """A plan's review status in a word or two, for the owner's report."""
    if plan is None or plan.review.status is PlanStatus.DRAFT:
        return "being revised" if plan is not None and plan.submitted else "draft"
    return {PlanStatus.SUBMITTED: "waiting for review", PlanStatus.APPROVED: "approved",
            PlanStatus.COMMENTED: "reviewed with a comment"}[plan.review.status]


def status_line(uow: UnitOfWork, ctx: Context, plan: Plan) -> str:
    """Where the clinician's own plan stands, for `plan`."""
    review = plan.review
    if review.status is PlanStatus.SUBMITTED:
        if not reviewers(uow, ctx.workspace.id, plan.member_id):
            return f"Status: submitted — {NO_REVIEWER}"
        return "Status: submitted — waiting for the practice owner's review."
    if review.status is PlanStatus.DRAFT:
        if plan.submitted:
            return ("Status: draft — changed since you submitted it; /outreach plan submit "
                    "sends it for review again.")
        return "Status: draft — not submitted yet."
    reviewer = _name(uow, ctx, review.reviewer_id)
    if review.status is PlanStatus.APPROVED:
        return f"Status: reviewed ✓ — {reviewer} approved it."
    said = f": “{review.comment}”" if review.comment else ""
    return (f"Status: reviewed — {reviewer} commented{said}\nRevise it (/outreach plan add, "
            "remove, niche …), then /outreach plan submit to send it again.")


def revised(uow: UnitOfWork, ctx: Context, plan: Plan) -> Plan:
    """A submitted or reviewed plan that is changed is a draft again, until resubmitted."""
    if plan.review.status is PlanStatus.DRAFT:
        return plan
    uow.plans.update(ctx.workspace.id, plan.id, status=PlanStatus.DRAFT.value)
    return replace(plan, review=replace(plan.review, status=PlanStatus.DRAFT))


def submitted(uow: UnitOfWork, ctx: Context, plan: Plan) -> Plan:
    """Mark a plan submitted (again) and ask every reviewer but its author to review it.
    The caller commits."""
    number = plan.review.submission + 1
    changes = {"status": PlanStatus.SUBMITTED.value, "submission": number,
               "last_submitted_at": _utc(ctx)}
    if not plan.submitted:
        changes["submitted_at"] = _utc(ctx)
    plan = uow.plans.update(ctx.workspace.id, plan.id, **changes)
    for reviewer in reviewers(uow, ctx.workspace.id, plan.member_id):
        uow.deliveries.schedule(Due(Kind.PLAN_REVIEW, ctx.workspace.id, reviewer.id, ctx.today,
                                    _utc(ctx) - timedelta(seconds=1),
                                    tag=f"{plan.id}-{number}"), _utc(ctx))
    return plan


def reviewers(uow: UnitOfWork, workspace_id: int, author_id: int) -> list[Member]:
    """The practice owner and the admins, but never the plan's own author."""
    return [m for m in uow.members.list_active(workspace_id)
            if m.is_admin and m.id != author_id]


def plan_lines(uow: UnitOfWork, workspace_id: int, plan: Plan) -> list[str]:
    """The plan as a reviewer reads it; a line the guard would now refuse is left out."""
    team = team_names(uow, workspace_id)
    lines = [f"Niche: {plan.niche or '—'}", f"Referrers: {plan.referrers or '—'}",
             *(f"{item.position}. {item.text}" for item in plan.items)]
    if plan.update_note:
        lines.append(f"Last quarter: {plan.update_note}")
    return [line for line in lines if check(line, colleagues=team) is None]


def waiting(uow: UnitOfWork, ctx: Context) -> Reply:
    """`review` alone: the plans waiting for a review, each with a button to open it."""
    plans = [p for p in uow.plans.awaiting_review(ctx.workspace.id)
             if p.member_id != ctx.member.id]
    if not plans:
        return Reply("📝 No plans are waiting for your review.")
    lines = ["📝 Plans waiting for your review:"]
    buttons = []
    for plan in plans[:20]:
        author = _name(uow, ctx, plan.member_id)
        since = plan.review.submitted_at   # the day in the reviewer's own zone
        day = local_today(since, ctx.member.zone(ctx.workspace)) if since else None
        when = f", submitted {short_day(day)}" if day else ""
        lines.append(f"• #{plan.id} {author} — {quarter_label(plan.quarter)}{when}")
        buttons.append(Button(f"{author}'s plan"[:75], f"review #{plan.id}"))
    if len(plans) > 20:
        lines.append(f"…and {len(plans) - 20} more: /outreach review <name> opens one.")
    return Reply("\n".join(lines), tuple(buttons[:5]))


def review(uow: UnitOfWork, ctx: Context, ref: PlanRef, verdict: str | None, comment: str,
           source: Origin) -> Reply:
    """`review <plan>` shows it; `… approve` or `… comment <text>` reviews it."""
    plan = _waiting(uow, ctx, ref)
    if isinstance(plan, Reply):
        return plan
    author = _name(uow, ctx, plan.member_id)
    label = quarter_label(plan.quarter)
    if verdict is None:
        return Reply("\n".join([f"📝 {author}'s plan for {label}:",
                                *plan_lines(uow, ctx.workspace.id, plan)]),
                     review_buttons(plan))
    comment = " ".join(comment.split())
    if verdict == COMMENT:
        if not comment:
            return problem(f"Write your comment after the word: review #{plan.id} comment "
                           "<what you'd suggest>.", usage("review"))
        if len(comment) > MAX_COMMENT:
            return problem(TOO_LONG)
        refusal = refuse_client_details(comment, team=team_names(uow, ctx.workspace.id))
        if refusal:
            return refusal
    status = PlanStatus.APPROVED if verdict == APPROVE else PlanStatus.COMMENTED
    marked = uow.plans.mark_reviewed(
        ctx.workspace.id, plan.id, plan.review.submission, status=status.value,
        reviewer_id=ctx.member.id, reviewed_at=_utc(ctx),
        review_comment=comment if status is PlanStatus.COMMENTED else "")
    if marked is None:   # another reviewer (another process) came first: theirs stands
        now = uow.plans.by_id(ctx.workspace.id, plan.id)
        return (_stale(uow, ctx, now, ref) if now else None) or problem(
            "That plan isn't there any more — nothing to review.")
    uow.deliveries.schedule(Due(Kind.PLAN_REVIEWED, ctx.workspace.id, plan.member_id,
                                ctx.today, _utc(ctx) - timedelta(seconds=1),
                                tag=f"{plan.id}-{plan.review.submission}"), _utc(ctx))
    uow.log.append(ctx.workspace.id, ctx.member.id, f"plan review {verdict}", source, ctx.now)
    uow.commit()
    if status is PlanStatus.APPROVED:
        return Reply(f"✅ Approved {author}'s plan for {label}. I'll let them know.")
    return Reply(f"💬 Sent your comment on {author}'s plan for {label}. They can revise it "
                 "and send it again.")


def comment_form(uow: UnitOfWork, ctx: Context, ref: PlanRef) -> CommentForm | Reply:
    """What a surface needs to open the comment form; a short answer instead when there is
    nothing to comment on (not an admin, a plan reviewed already, revised or gone)."""
    if not ctx.member.is_admin:
        return not_an_admin()
    plan = _waiting(uow, ctx, ref)
    if isinstance(plan, Reply):
        return plan
    author = _name(uow, ctx, plan.member_id)
    command = f"review #{plan.id} v{plan.review.submission} {COMMENT}"
    return CommentForm(command, f"Comment on {author}'s plan",
                       "\n".join([f"{author}'s plan for {quarter_label(plan.quarter)}:",
                                  *plan_lines(uow, ctx.workspace.id, plan)]))


def _waiting(uow: UnitOfWork, ctx: Context, ref: PlanRef) -> Plan | Reply:
    """The plan `ref` names, as long as that submission still waits for a review; else the
    short answer why not (gone, reviewed already, revised since)."""
    plan = _find(uow, ctx, ref)
    if isinstance(plan, Reply):
        return plan
    return _stale(uow, ctx, plan, ref) or plan


def _find(uow: UnitOfWork, ctx: Context, ref: PlanRef) -> Plan | Reply:
    if ref.plan_id is not None:
        plan = uow.plans.by_id(ctx.workspace.id, ref.plan_id)
        return plan or problem("That plan isn't there any more — nothing to review.")
    namesakes = [] if mentioned(ref.who) else uow.members.find_by_name(
        ctx.workspace.id, ref.who.lstrip("@"))
    if len(namesakes) > 1:   # two people called Alex: the one whose plan waits, if only one
        ids = {m.id for m in namesakes}
        theirs = [p for p in uow.plans.awaiting_review(ctx.workspace.id) if p.member_id in ids]
        if len(theirs) == 1:
            return theirs[0]
        if not theirs:
            return problem(f"No one called {ref.who} has a plan waiting for review.")
        numbers = " or ".join(f"review #{p.id}" for p in theirs)
        return problem(f"More than one person called {ref.who} has a plan waiting: "
                       f"{numbers} (the numbers are in /outreach review).")
    who = person(uow, ctx, ref.who, create=False)
    if isinstance(who, Reply):
        return who
    mine = [p for p in uow.plans.awaiting_review(ctx.workspace.id) if p.member_id == who.id]
    if mine:
        return mine[-1]
    return problem(f"{who.display_name} has no plan waiting for review.")


def _stale(uow: UnitOfWork, ctx: Context, plan: Plan, ref: PlanRef) -> Reply | None:
    """Why this plan can't be reviewed now, if it can't: nothing is changed."""
    author = _name(uow, ctx, plan.member_id)
    review: PlanReview = plan.review
    if plan.member_id == ctx.member.id:
        return problem("That's your own plan — another admin or the practice owner reviews it.")
    if ref.submission is not None and not 1 <= ref.submission <= review.submission:
        return problem(f"There's no version {ref.submission} of {author}'s plan — review "
                       f"the newest (/outreach review #{plan.id}).")
    if ref.submission is not None and ref.submission != review.submission:
        return problem(f"{author} has revised that plan since — review the newest version "
                       f"(/outreach review #{plan.id}).")
    if review.status is PlanStatus.DRAFT:
        if plan.submitted:
            return problem(f"{author} is revising that plan — you'll hear when they send it "
                           "again.")
        return problem(f"{author} hasn't submitted that plan yet.")
    if review.reviewed:
        by = _name(uow, ctx, review.reviewer_id)
        did = "approved" if review.status is PlanStatus.APPROVED else "commented on"
        return problem(f"Already reviewed: {by} {did} {author}'s plan — nothing changed.")
    return None


def _utc(ctx: Context) -> datetime:
    """Now as storage keeps instants (SQLite drops the zone of whatever it is given)."""
    return ctx.now.astimezone(UTC)


def _name(uow: UnitOfWork, ctx: Context, member_id: int | None) -> str:
    member = uow.members.get(ctx.workspace.id, member_id) if member_id else None
    return member.display_name if member else "an admin"
