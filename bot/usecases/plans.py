"""The quarterly Community Connection Plan, taken one step at a time.

Four times a year each clinician writes down a niche, the referrers who send those
clients and 4–6 activities; the new plan says what happened to the last one; submitted
plans are shared with the team (a workspace setting can turn that off).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from bot.activity_guess import guess_activity
from bot.catalog import FALLBACK_KEY, infer_activity
from bot.grammar import usage
from bot.messages import Button, Reply, problem
from bot.model import Due, Kind, Origin, Plan, PlanStatus, Status
from bot.plan_match import PlannedActivity, match_plan_item
from bot.ports import UnitOfWork
from bot.practice_calendar import add_months, quarter_label, quarter_start
from bot.source_match import match_source
from bot.usecases import reviews
from bot.usecases.context import Context
from bot.usecases.privacy_check import refuse_client_details, team_names

MIN_ITEMS, MAX_ITEMS = 4, 6
MAX_TEXT = 280


_PLAN_TAG = re.compile(r"(?:^|\s)plan:\s*#?(\d{1,9})(?=\s|$)", re.IGNORECASE)


@dataclass(frozen=True)
class PlanForm:
    niche: str
    referrers: str
    activities: tuple[str, ...]
    update_note: str = ""


def current_plan(uow: UnitOfWork, ctx: Context) -> Plan:
    """This quarter's plan as it stands; a blank one (not saved) when none was started, so
    looking at a plan never creates one."""
    quarter = quarter_start(ctx.today)
    found = uow.plans.get(ctx.workspace.id, ctx.member.id, quarter)
    return found or Plan(0, ctx.member.id, quarter, "", "", "", False)


def _plan_to_change(uow: UnitOfWork, ctx: Context) -> Plan:
    return uow.plans.get_or_create(ctx.workspace.id, ctx.member.id, quarter_start(ctx.today))


def submit_form(uow: UnitOfWork, ctx: Context, form: PlanForm, source: Origin
                ) -> Reply | dict[str, str]:
    """The whole plan at once (a Slack modal); problems are pinned to their fields."""
    fields = {"niche": " ".join(form.niche.split()),
              "referrers": " ".join(form.referrers.split()),
              "update_note": " ".join(form.update_note.split())}
    activities = [" ".join(a.split()) for a in form.activities if a.strip()]
    errors: dict[str, str] = {}
    team = team_names(uow, ctx.workspace.id)
    for name, value in (*fields.items(), *(("activities", a) for a in activities)):
        if len(value) > MAX_TEXT:
            errors[name] = f"Please keep each part under {MAX_TEXT} characters."
        elif refuse_client_details(value, team=team):
            errors[name] = "🔒 This looks like it includes client details. Name only the " \
                           "organisation or role."
    for name in ("niche", "referrers"):
        if not fields[name] and name not in errors:
            errors[name] = "Please fill this in."
    if not MIN_ITEMS <= len(activities) <= MAX_ITEMS and "activities" not in errors:
        errors["activities"] = f"List {MIN_ITEMS}–{MAX_ITEMS} activities, one per line."
    existing = current_plan(uow, ctx)
    if existing.review.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        errors.setdefault("niche", f"Your plan for {quarter_label(existing.quarter)} is already "
                                   "submitted.")
    if errors:
        uow.rollback()
        return errors
    plan = _plan_to_change(uow, ctx)
    uow.plans.update(ctx.workspace.id, plan.id, niche=fields["niche"],
                     referrers=fields["referrers"], update_note=fields["update_note"])
    while uow.plans.remove_item(ctx.workspace.id, plan.id, 1) is not None:
        pass
    for activity in activities:
        plan = uow.plans.add_item(ctx.workspace.id, plan.id, activity)
    return _submit(uow, ctx, plan, source)


def plan_item_for(uow: UnitOfWork, ctx: Context, text: str) -> tuple[str, int | None] | Reply:
    """A `plan:<item>` tag on a commitment, checked against the member's own current plan."""
    tag = _PLAN_TAG.search(text)
    if tag is None:
        return text, None
    plan = uow.plans.get(ctx.workspace.id, ctx.member.id, quarter_start(ctx.today))
    item_id = int(tag.group(1))
    if plan is None or item_id not in {item.id for item in plan.items}:
        return problem("That isn't one of the activities in your plan for this quarter.")
    return (text[: tag.start()] + " " + text[tag.end():]).strip(), item_id


def planned_activity_for(uow: UnitOfWork, ctx: Context, what: str, activity_key: str,
                         source_id: int | None) -> int | None:
    """The activity of this quarter's plan that a commitment or log carries out, if any —
    so plan progress follows what people do, not only what they start from its buttons."""
    plan = uow.plans.get(ctx.workspace.id, ctx.member.id, quarter_start(ctx.today))
    if plan is None or not plan.items:
        return None
    catalog = uow.activities.list(ctx.workspace.id)
    sources = uow.sources.listing(ctx.workspace.id)
    planned = []
    for item in plan.items:
        guessed = guess_activity(item.text, catalog)
        activity = guessed[0] if guessed else infer_activity(item.text, catalog)
        named = match_source(item.text, sources)
        planned.append(PlannedActivity(item.id, item.text,
                                       activity.key if activity else FALLBACK_KEY,
                                       named.source.id if named and named.sure else None))
    return match_plan_item(what, activity_key, source_id, planned)


def item_progress(statuses: list[Status]) -> str:
    if Status.DONE in statuses:
        return f"done ✅ ({statuses.count(Status.DONE)})"
    if Status.OPEN in statuses:
        return "planned"
    if statuses:
        return "didn't happen"
    return "not started"


def describe_plan(uow: UnitOfWork, ctx: Context, plan: Plan, with_progress: bool) -> list[str]:
    progress = uow.plans.item_statuses(ctx.workspace.id, plan.id) if with_progress else {}
    lines = [f"Niche: {plan.niche or '—'}", f"Referrers: {plan.referrers or '—'}"]
    for item in plan.items:
        suffix = f" — {item_progress(progress.get(item.id, []))}" if with_progress else ""
        lines.append(f"{item.position}. {item.text}{suffix}")
    return lines


def previous_plan(uow: UnitOfWork, ctx: Context) -> Plan | None:
    """Last quarter's plan, if anything was written in it: an empty one (opened and left, or
    made by an older ShowUp just by looking) has nothing to look back on."""
    last_quarter = add_months(quarter_start(ctx.today), -3)
    plan = uow.plans.get(ctx.workspace.id, ctx.member.id, last_quarter)
    written = plan is not None and (plan.submitted or plan.niche or plan.referrers or plan.items)
    return plan if written else None


def next_step(uow: UnitOfWork, ctx: Context, plan: Plan) -> Reply:
    label = quarter_label(plan.quarter)
    if plan.submitted:
        lines = [f"🗺 Your plan for {label}:", reviews.status_line(uow, ctx, plan),
                 *describe_plan(uow, ctx, plan, True)]
        buttons = tuple(Button(f"Commit: {item.text}"[:75],
                               f"commit {item.text} plan:{item.id}")
                        for item in plan.items[:3])
        return Reply("\n".join(lines), buttons)
    before = previous_plan(uow, ctx)
    steps: list[tuple[str, bool]] = [
        ("What happened to last quarter's plan? /outreach plan update <a sentence>",
         before is not None and not plan.update_note),
        ("Your niche — who do you help best? /outreach plan niche <e.g. anxious teens>",
         not plan.niche),
        ("The referrers who send those clients: /outreach plan referrers <e.g. pediatricians, "
         "school counselors>", not plan.referrers),
        (f"Activities for the next three months ({MIN_ITEMS}–{MAX_ITEMS}): /outreach plan add "
         f"<e.g. lunch-and-learn at Valley Family Medicine> — you have {len(plan.items)}",
         len(plan.items) < MIN_ITEMS),
    ]
    pending = [text for text, missing in steps if missing]
    lines = [f"🗺 Community Connection Plan for {label}", reviews.status_line(uow, ctx, plan)]
    if before is not None and not plan.update_note:
        lines += ["Last quarter:", *describe_plan(uow, ctx, before, True)]
    if pending:
        lines.append(f"Next step: {pending[0]}")
    else:
        lines.append("All there. Review it, then /outreach plan submit to share it with the team.")
    if plan.niche or plan.items:
        lines += ["So far:", *describe_plan(uow, ctx, plan, False)]
    return Reply("\n".join(lines))


def plan_step(uow: UnitOfWork, ctx: Context, field: str | None, value: str, source: Origin
              ) -> Reply:
    value = " ".join(value.split())
    if len(value) > MAX_TEXT:
        return problem(f"Please keep it under {MAX_TEXT} characters.", usage("plan"))
    refusal = refuse_client_details(value, team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    if field is None:
        return next_step(uow, ctx, current_plan(uow, ctx))
    if field == "submit":
        return _submit(uow, ctx, current_plan(uow, ctx), source)
    if field == "remove" and not 1 <= int(value.lstrip("#")) <= len(current_plan(uow, ctx).items):
        return problem(f"Your plan has no activity {value}.")
    plan = _plan_to_change(uow, ctx)
    if field == "add":
        if len(plan.items) >= MAX_ITEMS:
            return problem(f"A plan holds {MAX_ITEMS} activities — remove one first "
                           "(/outreach plan remove <n>).")
        plan = uow.plans.add_item(ctx.workspace.id, plan.id, value)
    elif field == "remove":
        removed = uow.plans.remove_item(ctx.workspace.id, plan.id, int(value.lstrip("#")))
        if removed is None:
            return problem(f"Your plan has no activity {value}.")
        plan = removed
    else:
        column = {"niche": "niche", "referrers": "referrers", "update": "update_note"}[field]
        plan = uow.plans.update(ctx.workspace.id, plan.id, **{column: value})
    plan = reviews.revised(uow, ctx, plan)
    uow.log.append(ctx.workspace.id, ctx.member.id, f"plan {field}", source, ctx.now)
    uow.commit()
    return next_step(uow, ctx, plan)


def _submit(uow: UnitOfWork, ctx: Context, plan: Plan, source: Origin) -> Reply:
    if plan.review.status in (PlanStatus.SUBMITTED, PlanStatus.APPROVED):
        return Reply("Your plan is already submitted — it's on your Home tab and in "
                     "/outreach plan.", ok=False)
    if not plan.niche or not plan.referrers or len(plan.items) < MIN_ITEMS:
        return Reply("Not quite ready:\n" + next_step(uow, ctx, plan).text, ok=False)
    first = not plan.submitted
    plan = reviews.submitted(uow, ctx, plan)
    shared = first and ctx.workspace.share_plans and ctx.workspace.leaderboard_channel
    if shared:
        uow.deliveries.schedule(Due(Kind.PLAN_SHARED, ctx.workspace.id, None, ctx.today,
                                    ctx.now - timedelta(seconds=1), tag=str(plan.id)), ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "plan submit", source, ctx.now)
    uow.commit()
    label = quarter_label(plan.quarter)
    review = (" The practice owner will review it." if reviews.reviewers(
        uow, ctx.workspace.id, ctx.member.id) else f" There's {reviews.NO_REVIEWER}")
    if not first:
        return Reply(f"🗺 Sent your revised plan for {label} back for review.{review}")
    where = " and shared it with the team" if shared else ""
    return Reply(f"🗺 Saved your plan for {label}{where}. Writing it "
                 "down is half the work — your Monday kickoffs will suggest its activities."
                 + review)
