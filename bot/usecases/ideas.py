"""Ideas that fit: `ideas [kind or niche]` for any member, the Monday kickoff's one idea,
and the admins' `admin ideas` to list, add, remove and restore the practice's library.

Each idea offered carries a one-tap `commit …` for this week: the idea's words, its activity
type when the practice's catalog still has it, and the overdue source it reaches (or
`source:none`, so a one-tap commitment is never asked "is this about …?")."""

from __future__ import annotations

from datetime import date

from bot.grammar import usage
from bot.idea_match import (
    Fit,
    Match,
    filtered,
    fit_of,
    fitting_first,
    for_the_week,
    ranked,
    rotated,
)
from bot.ideas_library import DEFAULT_IDEAS, KINDS, NICHES, SHOWS, Idea
from bot.interpret import Intention, read_commitment
from bot.messages import Button, Reply, problem
from bot.model import Member, Origin, Plan, ReferralSource, Workspace
from bot.phrasing import lower_first, upper_first
from bot.ports import UnitOfWork
from bot.practice_calendar import quarter_start, week_start
from bot.usecases.context import Context, catalog
from bot.usecases.privacy_check import refuse_client_details, team_names

SHOWN = 5
MIN_SHOWN = 3
LABEL_CHARS = 60
MIN_TEXT, MAX_TEXT = 12, 200
MAX_OWN = 200


def library(uow: UnitOfWork, workspace_id: int) -> list[Idea]:
    """The practice's ideas: the defaults it has not hidden, then its own."""
    hidden = uow.ideas.hidden(workspace_id)
    return [i for i in DEFAULT_IDEAS if i.key not in hidden] + uow.ideas.own(workspace_id)


def fit_for(uow: UnitOfWork, workspace: Workspace, member: Member, day: date) -> Fit:
    """What the member's outreach is about on `day`: this quarter's plan and their sources
    that have gone a full cadence without a touch."""
    return fit_with(uow, workspace, member, day,
                    uow.plans.get(workspace.id, member.id, quarter_start(day)))


def fit_with(uow: UnitOfWork, workspace: Workspace, member: Member, day: date,
             plan: Plan | None) -> Fit:
    """`fit_for` with this quarter's plan already in hand."""
    overdue = [s for s in uow.sources.owned_by(workspace.id, member.id)
               if day >= s.overdue_on()]
    return fit_of(plan, overdue)


def show_ideas(uow: UnitOfWork, ctx: Context, field: str | None, value: str,
               more: tuple[tuple[str, str], ...] = ()) -> Reply:
    """`ideas`: a few that fit the member; `ideas school`, `ideas anxiety`: that kind's;
    `ideas school anxiety`: narrowed by each further word while ideas are left."""
    ideas = library(uow, ctx.workspace.id)
    if not ideas:
        return Reply("💡 Your practice's ideas library is empty. An admin can bring the "
                     "defaults back: admin ideas restore")
    fit = fit_for(uow, ctx.workspace, ctx.member, ctx.today)
    monday = week_start(ctx.today)
    if field is None:
        head, matches = _for_member(ideas, fit, monday)
    else:
        chosen, about = _narrowed(filtered(ideas, field, value), value, more)
        matches = fitting_first(chosen, fit, monday)
        head = f"💡 Ideas for {about}" + (" — those that fit you first:" if fit.known else ":")
    if not matches:
        return Reply(f"💡 Your practice's library has no ideas for {value or 'your niche'} "
                     "yet. An admin can add one: admin ideas add <idea> "
                     f"{field or 'niche'}:{value or '<niche>'}")
    shown = matches[:SHOWN]
    active = _active_types(uow, ctx.workspace.id)
    lines = [head] + [f"{n}. {_line(m)}" for n, m in enumerate(shown, 1)]
    lines.append("Tap one to commit to it this week. Filter: ideas <referrer or niche>, e.g. "
                 "ideas school · ideas anxiety")
    buttons = tuple(Button(f"{n}. {_label(m.idea.text)}", commit_words(m, active))
                    for n, m in enumerate(shown, 1))
    return Reply("\n".join(lines), buttons)


_NONE_ALSO = {"kind": "for", "niche": "about", "shows": "shows"}


def _narrowed(chosen: list[Idea], value: str, more: tuple[tuple[str, str], ...]
              ) -> tuple[list[Idea], str]:
    """The ideas for every further filter that leaves some, and what they are for."""
    applied, left_out = [value], []
    for field, other in more:
        narrower = filtered(chosen, field, other)
        if narrower:
            chosen = narrower
            applied.append(other)
        elif chosen:
            left_out.append(f"{_NONE_ALSO[field]} {other}")
    about = " · ".join(applied)
    return chosen, about + (f" (none also {' or '.join(left_out)})" if left_out else "")


def _for_member(ideas: list[Idea], fit: Fit, monday: date) -> tuple[str, list[Match]]:
    """What `ideas` lists: the fits (at least MIN_SHOWN, made up from ideas for any niche),
    or a few to try when nothing fits."""
    fits = rotated(ranked(ideas, fit), monday)
    taken = {m.idea.key for m in fits}
    others = rotated([Match(i, 0) for i in _not_another_niche(ideas, fit)
                      if i.key not in taken], monday, pool=len(ideas))
    if fits:
        about = fit.describe() or "your overdue sources"
        return (f"💡 Ideas that fit your plan ({about}):",
                (fits + others)[:max(len(fits), MIN_SHOWN)])
    if not fit.known:
        return ("💡 A few ideas to try. Tell me your niche (plan niche <who you help best>) "
                "and referrers (plan referrers <who sends them>), and I'll pick ones that "
                "fit:", others)
    return "💡 Nothing in the library matches your plan closely; a few to try:", others


def kickoff_idea(uow: UnitOfWork, workspace: Workspace, member: Member, day: date,
                 plan: Plan | None) -> tuple[str, Button] | None:
    """The Monday kickoff's one idea (its line and its button), or None when nothing fits;
    `plan`: the member's plan for `day`'s quarter, which the kickoff has read already."""
    fit = fit_with(uow, workspace, member, day, plan)
    if not fit.known:
        return None
    match = for_the_week(library(uow, workspace.id), fit, week_start(day))
    if match is None:
        return None
    line = f"💡 An idea that fits: {_line(match)}"
    return line, Button(f"💡 {_label(match.idea.text)}",
                        commit_words(match, _active_types(uow, workspace.id)))


def commit_words(match: Match, active_types: set[str]) -> str:
    """The `commit …` a tap on an idea runs: this week, its type, the source it reaches."""
    idea = match.idea
    words = f"commit {lower_first(idea.text)}"
    if idea.activity and idea.activity in active_types:
        words += f" type:{idea.activity}"
    return words + (f" source:#{match.source.id}" if match.source else " source:none")


def admin_list(uow: UnitOfWork, ctx: Context) -> Reply:
    ideas = library(uow, ctx.workspace.id)
    hidden = len(uow.ideas.hidden(ctx.workspace.id))
    own = sum(1 for i in ideas if i.own)
    lines = [f"💡 Ideas library: {len(ideas) - own} defaults, {own} of your own"
             + (f", {hidden} hidden" if hidden else "") + "."]
    lines += [f"{i.number}. {upper_first(i.text)} — {_tags(i)} [{i.key}]" for i in ideas]
    lines.append("Change it: admin ideas add <idea> [kind:<referrer>] [niche:<niche>] "
                 "[shows:<empathy|relationship|problem-solving>] · admin ideas remove <number>"
                 + (" · admin ideas restore" if hidden else ""))
    return Reply("\n".join(lines))


def admin_add(uow: UnitOfWork, ctx: Context, text: str, kind: str | None, niche: str | None,
              shows: str, source: Origin) -> Reply:
    text = " ".join(text.split())
    if not MIN_TEXT <= len(text) <= MAX_TEXT:
        return problem(f"An idea is {MIN_TEXT}–{MAX_TEXT} characters: something a clinician "
                       "can do in a week.", usage("admin"))
    refusal = refuse_client_details(text, team=team_names(uow, ctx.workspace.id))
    if refusal:
        return refusal
    if not _commits_as_written(uow, ctx, text):
        return problem("An idea is committed this week as written, so it can't name a day or "
                       "a situation (“friday”, “in 2 weeks”, “when I'm at …”): leave the "
                       "day to whoever commits to it.")
    ideas = library(uow, ctx.workspace.id)
    hidden = next((i for i in DEFAULT_IDEAS if i.text.lower() == text.lower()
                   and i not in ideas), None)
    if hidden is not None:   # a copy would stand beside it once the defaults come back
        return problem(f"That's default idea {hidden.number}, which is hidden: admin ideas "
                       "restore brings it back.")
    if any(i.text.lower() == text.lower() for i in ideas):
        return problem("That idea is already in the library.")
    if sum(1 for i in ideas if i.own) >= MAX_OWN:
        return problem(f"The library holds up to {MAX_OWN} ideas of your own; remove one "
                       "first.")
    idea = uow.ideas.add(ctx.workspace.id, text, kind, niche, shows, ctx.now)
    _logged(uow, ctx, source, f"ideas add {idea.key}")
    return Reply(f"💡 Added idea {idea.number}: {upper_first(idea.text)} — {_tags(idea)}.")


def admin_remove(uow: UnitOfWork, ctx: Context, which: str, source: Origin) -> Reply:
    wanted = which.lstrip("#").lower()
    idea = next((i for i in library(uow, ctx.workspace.id)
                 if str(i.number) == wanted or i.key == wanted), None)
    if idea is None and wanted in _hidden_numbers(uow, ctx.workspace.id):
        return problem(f"Idea {wanted} is already hidden. admin ideas restore brings the "
                       "defaults back.")
    if idea is None:
        return problem(f"There's no idea “{which[:24]}” in the library. admin ideas lists "
                       "them with their numbers.")
    if idea.own:
        uow.ideas.remove(ctx.workspace.id, idea.key)
        said = f"🗑 Deleted your idea {idea.number}."
    else:
        uow.ideas.hide(ctx.workspace.id, idea.key, ctx.now)
        said = (f"🗑 Hid idea {idea.number} ({idea.key}). admin ideas restore brings the "
                "defaults back.")
    _logged(uow, ctx, source, f"ideas remove {idea.key}")
    return Reply(said)


def admin_restore(uow: UnitOfWork, ctx: Context, source: Origin) -> Reply:
    shown_again = uow.ideas.restore(ctx.workspace.id)
    if not shown_again:
        return Reply("💡 Every default idea is already in the library.")
    _logged(uow, ctx, source, "ideas restore")
    return Reply(f"💡 Brought back {shown_again} default idea{'s' if shown_again != 1 else ''}. "
                 "Your own ideas are unchanged.")


def _commits_as_written(uow: UnitOfWork, ctx: Context, text: str) -> bool:
    """Whether a tap's `commit <text>` reads as these very words, due this week."""
    words = lower_first(text)
    read = read_commitment(words, ctx.today, catalog(uow, ctx.workspace.id),
                           ctx.workspace.working_days)
    return (isinstance(read, Intention) and read.what == words and not read.dated
            and not read.situation)


def _hidden_numbers(uow: UnitOfWork, workspace_id: int) -> set[str]:
    hidden = uow.ideas.hidden(workspace_id)
    return {str(i.number) for i in DEFAULT_IDEAS if i.key in hidden} | hidden


def vocabulary() -> str:
    """The words `ideas <filter>` knows, for a filter it does not."""
    return (f"Referrers: {', '.join(KINDS)}. Niches: {', '.join(NICHES)}. "
            f"Or what it shows: {', '.join(SHOWS)}.")


def _not_another_niche(ideas: list[Idea], fit: Fit) -> list[Idea]:
    return [i for i in ideas if not i.niches or not fit.niches or fit.niches & set(i.niches)]


def _line(match: Match) -> str:
    text = f"{upper_first(match.idea.text)} — shows {match.idea.shows}"
    return text + (_for_source(match.source) if match.source else "")


def _for_source(source: ReferralSource) -> str:
    return f" · for {source.name}, overdue for a touch"


def _tags(idea: Idea) -> str:
    parts = [", ".join(idea.kinds) or "any referrer", ", ".join(idea.niches) or "any niche",
             idea.shows]
    return " · ".join(parts)


def _label(text: str) -> str:
    """A button's words: the idea's, cut at a word to fit."""
    text = upper_first(text)
    if len(text) <= LABEL_CHARS:
        return text
    return text[:LABEL_CHARS].rsplit(" ", 1)[0].rstrip(",;:—-") + "…"


def _active_types(uow: UnitOfWork, workspace_id: int) -> set[str]:
    return {a.key for a in uow.activities.list(workspace_id) if a.active}


def _logged(uow: UnitOfWork, ctx: Context, source: Origin, detail: str) -> None:
    uow.log.append(ctx.workspace.id, ctx.member.id, "admin", source, ctx.now,
                   detail=detail[:200])
    uow.commit()
