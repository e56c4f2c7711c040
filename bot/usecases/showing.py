"""What did that show? The optional question after done and log, the answer stored as tags on
the item, the quarter's mix, and the one story a member may offer to Friday's team post.

Never required, never nagging: asked once per item (not again once tagged or skipped), and
not at all for a member who turned it off (`showing off`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from bot import wording
from bot.messages import Button, Reply, problem
from bot.model import Commitment, Kind, Origin, Status, Workspace
from bot.phi_guard import check
from bot.ports import UnitOfWork
from bot.practice_calendar import Period, period_bounds, quarter_label, week_start
from bot.showing import Tag, joined, mix_words
from bot.usecases.context import Context
from bot.usecases.privacy_check import team_names

QUESTION = "💬 What did that show? Tap any that fit — optional."
STORY_CHARS = 160
NO_CHANNEL = " There's no team channel yet, so no Friday post until an admin picks one."


def question_buttons(number: int, already: frozenset[Tag] = frozenset()) -> tuple[Button, ...]:
    return tuple(Button(tag.label, f"showed #{number} {tag.value}")
                 for tag in Tag if tag not in already)


def ask(uow: UnitOfWork, ctx: Context, item: Commitment, reply: Reply) -> Reply:
    """`reply` (to done or log) with the question, unless the member turned it off or this
    item was answered already."""
    if not ctx.member.ask_showing or item.status is not Status.DONE:
        return reply
    known = uow.showings.get(ctx.workspace.id, item.id)
    if known is not None and known.answered:
        return reply
    buttons = (*question_buttons(item.number), Button("Skip", f"showed #{item.number} skip"))
    return replace(reply, text=f"{reply.text}\n{QUESTION}", buttons=(*reply.buttons, *buttons))


def _item(uow: UnitOfWork, ctx: Context, number: int) -> Commitment | Reply:
    """The member's own item #number; anyone else's, or one gone, is answered as a stale
    command is."""
    found = uow.commitments.by_number(ctx.workspace.id, ctx.member.id, number)
    if found is None or found.member_id != ctx.member.id:
        return problem(f"I can't find #{number} among your commitments. "
                       "/outreach list shows their numbers.")
    return found


def _not_done(item: Commitment, what: str) -> Reply:
    """A click on an old button: say what became of the item, not "not done yet" of one that
    never will be."""
    said = f"#{item.number} “{item.what}”"
    if item.status is Status.MISSED:
        said += " is marked as didn't happen, so there's nothing to tag"
    elif item.status is Status.CANCELLED:
        said += " was cancelled, so there's nothing to tag"
    elif item.status is Status.MOVED:
        said += (" was moved to next week — tag or share the new one once it's done "
                 "(/outreach list shows its number)")
    else:
        said += f" isn't done yet — {what} once it's done"
    return Reply(f"{said}. Nothing changed.", ok=False)


def _too_late(uow: UnitOfWork, ctx: Context, item: Commitment) -> Reply | None:
    """Friday's post tells the week it is posted in: an item of an earlier week, or any once
    this week's post has gone, would be promised to a post that never carries it."""
    this_week = week_start(ctx.today)
    if week_start(item.done_on or item.due_date) < this_week:
        return Reply(f"#{item.number} was done in an earlier week: Friday's team post tells "
                     "only this week's outreach. Nothing changed.", ok=False)
    if uow.deliveries.sent_between(ctx.workspace.id, Kind.TEAM_POST.value, this_week,
                                   ctx.today + timedelta(days=1)):
        return Reply(f"This week's team post has gone out already, so #{item.number} can't "
                     "be in it. Nothing changed.", ok=False)
    return None


def story_text(item: Commitment) -> str | None:
    """The words a member may share: a log's own words, or the note said when marking done."""
    text = item.what if item.logged else item.reflection
    return text.strip() if text and text.strip() else None


def showed(uow: UnitOfWork, ctx: Context, number: int, tags: frozenset[Tag], source: Origin,
           only: bool = False) -> Reply:
    """Tag item #number (no tags: skip the question). A tag for an item already answered is
    added to what it showed; a skip for one changes nothing. `only`: these tags (or none)
    instead of what it showed — a mis-tap put right."""
    item = _item(uow, ctx, number)
    if isinstance(item, Reply):
        return item
    if item.status is not Status.DONE:
        return _not_done(item, "what it showed can be noted")
    known = uow.showings.get(ctx.workspace.id, item.id)
    before = known.tags if known is not None else None
    if only and before is not None and tags != before:
        return _replaced(uow, ctx, item, tags, source)
    if before is not None and (not tags or tags <= before):
        said = f"already shows {joined(before)}" if before else "was skipped already"
        return Reply(f"#{item.number} {said} — nothing changed.", ok=False)
    after = tags | (before or frozenset())
    saved = uow.showings.answer(ctx.workspace.id, item.id, after, ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "showed", source, ctx.now, item.id,
                   detail=",".join(sorted(after)) or "skip")
    uow.commit()
    if not after:
        return Reply(f"👍 Skipped — I won't ask about #{item.number} again.")
    if before:
        text = (f"🏷️ Added {joined(tags - before)}: #{item.number} now shows {joined(after)}.")
    else:
        text = f"🏷️ Noted: #{item.number} showed {joined(after)}."
    buttons = question_buttons(item.number, after)
    if story_text(item) and not saved.shared and _too_late(uow, ctx, item) is None:
        buttons = (*buttons, Button("Share in Friday's post", f"share #{item.number}"))
    return Reply(text, buttons=buttons)


def _replaced(uow: UnitOfWork, ctx: Context, item: Commitment, tags: frozenset[Tag],
              source: Origin) -> Reply:
    uow.showings.answer(ctx.workspace.id, item.id, tags, ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "showed", source, ctx.now, item.id,
                   detail=",".join(sorted(tags)) or "skip")
    uow.commit()
    if not tags:
        return Reply(f"👍 Skipped — I won't ask about #{item.number} again.")
    return Reply(f"🏷️ Now #{item.number} shows {joined(tags)}.",
                 buttons=question_buttons(item.number, tags))


def share(uow: UnitOfWork, ctx: Context, number: int, on: bool, source: Origin) -> Reply:
    """Offer item #number's words to the Friday team post (or take them back)."""
    item = _item(uow, ctx, number)
    if isinstance(item, Reply):
        return item
    known = uow.showings.get(ctx.workspace.id, item.id)
    shared = known is not None and known.shared
    if not on:
        if not shared:
            return Reply(f"#{item.number} isn't shared — nothing changed.", ok=False)
        uow.showings.share(ctx.workspace.id, item.id, False, ctx.now)
        uow.log.append(ctx.workspace.id, ctx.member.id, "share", source, ctx.now, item.id,
                       detail="off")
        uow.commit()
        return Reply(f"🙈 #{item.number} won't be in Friday's team post.")
    if item.status is not Status.DONE:
        return _not_done(item, "it can be shared")
    late = _too_late(uow, ctx, item)
    if late is not None:
        return late
    text = story_text(item)
    if text is None:
        return Reply(f"#{item.number} has no words to share: only a note said when marking it "
                     "done (done #n how it went) or a logged activity can go in Friday's post. "
                     "Nothing changed.", ok=False)
    finding = check(text, today=ctx.today, colleagues=team_names(uow, ctx.workspace.id))
    if finding is not None:   # the guard may know more today than when it was typed
        return Reply(f"🔒 #{item.number} can't be shared: its words look like they include "
                     f"{finding.reason}. Nothing changed.", ok=False)
    if shared:
        return Reply(f"#{item.number} is shared already — nothing changed.", ok=False)
    uow.showings.share(ctx.workspace.id, item.id, True, ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "share", source, ctx.now, item.id,
                   detail="on")
    uow.commit()
    tags = known.tags if known is not None else None
    what = f" and that it showed {joined(tags)}" if tags else ""
    return Reply(f"🌟 Friday's team post may carry #{item.number} with your name{what}: "
                 f"“{_brief(text)}” (one story a week). "
                 f"/outreach share #{item.number} off takes it back."
                 + ("" if ctx.workspace.leaderboard_channel else NO_CHANNEL))


def unshare(uow: UnitOfWork, ctx: Context, item: Commitment, source: Origin) -> bool:
    """Take back the share of an item whose done is undone: the words offered were the ones
    said then, and a done said again may say others. True when it was shared."""
    known = uow.showings.get(ctx.workspace.id, item.id)
    if known is None or not known.shared:
        return False
    uow.showings.share(ctx.workspace.id, item.id, False, ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "share", source, ctx.now, item.id,
                   detail="off")
    return True


def set_asking(uow: UnitOfWork, ctx: Context, on: bool | None, source: Origin) -> Reply:
    """`showing on|off`: whether done and log ask; bare `showing`: this quarter's mix."""
    if on is None:
        state = "on" if ctx.member.ask_showing else "off"
        mix = my_mix_line(uow, ctx) or "Nothing tagged yet this quarter."
        return Reply(f"{mix}\nThe question after done and log is {state} "
                     f"(/outreach showing {'off' if ctx.member.ask_showing else 'on'}).")
    uow.members.update(ctx.workspace.id, ctx.member.id, ask_showing=on)
    uow.log.append(ctx.workspace.id, ctx.member.id, "showing", source, ctx.now,
                   detail="on" if on else "off")
    uow.commit()
    if on:
        return Reply("💬 After done and log I'll ask what your outreach showed — one tap, "
                     "always optional.")
    return Reply("🔕 I won't ask what your outreach showed. /outreach showed #n empathy still "
                 "works any time; /outreach showing on brings the question back.")


def my_mix_line(uow: UnitOfWork, ctx: Context) -> str | None:
    """"This quarter you showed: empathy 4 · relationship 2 · problem-solving 3" — None
    while nothing this quarter is tagged."""
    start, end = period_bounds(Period.QUARTER, ctx.today)
    mix = uow.showings.mix(ctx.workspace.id, start, end, ctx.member.id)
    return f"This quarter you showed: {mix_words(mix)}" if mix else None


def team_mix_line(uow: UnitOfWork, workspace: Workspace, quarter: date) -> str | None:
    """The owner's report: what the team's outreach showed in the quarter holding `quarter`."""
    start, end = period_bounds(Period.QUARTER, quarter)
    mix = uow.showings.mix(workspace.id, start, end)
    return f"What the team showed in {quarter_label(start)}: {mix_words(mix)}" if mix else None


def _brief(text: str) -> str:
    if len(text) <= STORY_CHARS:
        return text
    cut = text[:STORY_CHARS].rsplit(" ", 1)[0] or text[:STORY_CHARS]
    return cut.rstrip(" ,;.") + "…"


def story_lines(uow: UnitOfWork, workspace: Workspace, start: date, end: date, key: str,
                day: date) -> list[str]:
    """At most one story a member chose to share, done in [start, end): their name, what it
    showed and its words, checked for client details once more before a channel sees it."""
    team = team_names(uow, workspace.id)
    stories: list[str] = []
    for item, showing in uow.showings.shared_done(workspace.id, start, end):
        text = story_text(item)
        member = uow.members.get(workspace.id, item.member_id)
        if text is None or member is None or not member.active or \
                check(text, today=day, colleagues=team) is not None:
            continue
        what = f" showed {joined(showing.tags)}" if showing.tags else ""
        stories.append(f"🌟 {member.display_name}{what}: “{_brief(text)}”")
    if not stories:
        return []
    return [wording.pick(tuple(stories), key)]
