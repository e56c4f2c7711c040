"""Which ideas fit a member: their plan's niche and referrers, and the referral sources of
theirs that have fallen overdue. Pure: the data in, the ranking out.

An idea for another niche than the member's is a bad fit and is never offered unasked; an
idea that touches nothing the member named is no fit at all. The pick for a week rotates
among the best fits by the week alone, so the same week always gets the same idea.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.ideas_library import FOR_SOURCE_KIND, Idea, kinds_in, niches_in
from bot.model import Plan, ReferralSource

NICHE_POINTS = 2
KIND_POINTS = 2
OVERDUE_POINTS = 3
ANY_REFERRER_POINTS = 1   # an idea for any referrer, when one of theirs is overdue
WEEKLY_POOL = 6           # how many of the best fits a week's pick rotates among


@dataclass(frozen=True)
class Fit:
    """What a member's outreach is about."""

    niches: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    overdue: tuple[ReferralSource, ...] = ()   # theirs, the longest overdue first

    @property
    def known(self) -> bool:
        return bool(self.niches or self.kinds or self.overdue)

    def describe(self) -> str:
        """"anxiety, kids · pediatrician, school": what the ideas were matched to."""
        parts = [", ".join(sorted(self.niches)), ", ".join(sorted(self.kinds))]
        return " · ".join(part for part in parts if part)


@dataclass(frozen=True)
class Match:
    idea: Idea
    score: int
    source: ReferralSource | None = None   # an overdue source of theirs it reaches


def fit_of(plan: Plan | None, overdue: list[ReferralSource]) -> Fit:
    """A member's fit from their current plan (if any) and their overdue sources."""
    niches = frozenset(niches_in(plan.niche)) if plan else frozenset()
    kinds = frozenset(kinds_in(plan.referrers)) if plan else frozenset()
    return Fit(niches, kinds, tuple(sorted(overdue, key=lambda s: (s.overdue_on(), s.id))))


def score(idea: Idea, fit: Fit) -> Match | None:
    """How well an idea fits; None for another niche's idea or one that touches nothing."""
    if idea.niches and fit.niches and not fit.niches & set(idea.niches):
        return None
    points = NICHE_POINTS if fit.niches & set(idea.niches) else 0
    points += KIND_POINTS if fit.kinds & set(idea.kinds) else 0
    for source in fit.overdue:
        if set(idea.kinds) & set(FOR_SOURCE_KIND[source.kind]):
            return Match(idea, points + OVERDUE_POINTS, source)
    if not idea.kinds and fit.overdue:
        return Match(idea, points + ANY_REFERRER_POINTS, fit.overdue[0])
    return Match(idea, points) if points else None


def ranked(ideas: list[Idea], fit: Fit) -> list[Match]:
    """Every idea that fits, the best first; among equals the practice's own, then in
    library order."""
    matches = [m for m in (score(idea, fit) for idea in ideas) if m is not None]
    return sorted(matches, key=lambda m: (-m.score, not m.idea.own, m.idea.number))


def week_number(monday: date) -> int:
    return monday.toordinal() // 7


def rotated(matches: list[Match], monday: date, pool: int = WEEKLY_POOL) -> list[Match]:
    """The best fits (within a point of the best, at most `pool`), turned by the week so
    each week leads with another; the rest after them in their order."""
    if not matches:
        return []
    best = matches[0].score
    top = [m for m in matches[:pool] if m.score >= best - 1]
    turn = week_number(monday) % len(top)
    return top[turn:] + top[:turn] + matches[len(top):]


def for_the_week(ideas: list[Idea], fit: Fit, monday: date) -> Match | None:
    """The one idea for the week of `monday`: the same each time it is asked; None rather
    than a bad fit."""
    matches = rotated(ranked(ideas, fit), monday)
    return matches[0] if matches else None


def filtered(ideas: list[Idea], field: str, value: str) -> list[Idea]:
    """The ideas for one referrer kind, niche or thing shown (`field`: kind, niche, shows)."""
    if field == "kind":
        return [i for i in ideas if value in i.kinds]
    if field == "niche":
        return [i for i in ideas if value in i.niches]
    return [i for i in ideas if i.shows == value]


def fitting_first(ideas: list[Idea], fit: Fit, monday: date) -> list[Match]:
    """Asked-for ideas (a filter's): those that fit the member first, then the practice's
    own, then the rest turned by the week; none left out."""
    matches = rotated(ranked(ideas, fit), monday)
    chosen = {m.idea.key for m in matches}
    own = [Match(i, 0) for i in ideas if i.key not in chosen and i.own]
    rest = [Match(i, 0) for i in ideas if i.key not in chosen and not i.own]
    turn = week_number(monday) % len(rest) if rest else 0
    return matches + own + rest[turn:] + rest[:turn]
