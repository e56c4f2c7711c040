"""Referral outcomes: monthly totals per source, and whether outreach was followed by them.

Only totals are stored — how many referrals a source sent in a month — never who they were.
Most outreach pays off late, so the report covers twelve months (REPORT_MONTHS; the README
says so), counts the referrals that came within six months after a touch, and compares
sources the team touched with those it did not.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

from bot.messages import Reply, problem
from bot.model import Origin, ReferralSource
from bot.ports import UnitOfWork
from bot.practice_calendar import add_months
from bot.usecases.context import Context
from bot.wording import plural

WINDOW_MONTHS = 6
REPORT_MONTHS = 12
_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1)}


def read_month(text: str, today: date) -> date | None:
    """"2026-11", "nov", "november 2026" or nothing (this month) → the first of that month."""
    text = text.strip().lower()
    if not text:
        return today.replace(day=1)
    iso = re.fullmatch(r"(\d{4})-(\d{1,2})", text)
    if iso:
        year, month = int(iso.group(1)), int(iso.group(2))
        return date(year, month, 1) if 1 <= month <= 12 and 2000 <= year <= 2100 else None
    named = re.fullmatch(r"([a-z]{3})[a-z]*\.?(?:\s+(\d{4}))?", text)
    if named is None or named.group(1) not in _MONTHS:
        return None
    month = _MONTHS[named.group(1)]
    year = int(named.group(2)) if named.group(2) else today.year
    if named.group(2) is None and date(year, month, 1) > today:
        year -= 1
    return date(year, month, 1) if 2000 <= year <= 2100 else None


def record(uow: UnitOfWork, ctx: Context, ref: int, month_text: str, count: int,
           source: Origin) -> Reply:
    found = uow.sources.get(ctx.workspace.id, ref)
    if found is None:
        return problem(f"There's no source #{ref}. /outreach sources all lists them.")
    month = read_month(month_text, ctx.workspace_today)
    if month is None:
        return problem("Months look like nov, november 2026 or 2026-11.")
    if month > ctx.workspace_today:
        return problem("That month hasn't happened yet.")
    uow.sources.record_referrals(ctx.workspace.id, ref, month, count, ctx.now)
    uow.log.append(ctx.workspace.id, ctx.member.id, "referrals", source, ctx.now,
                   detail=f"source {ref} {month:%Y-%m}: {count}")
    uow.commit()
    return Reply(f"📈 {found.name}: {count} referral{'s' if count != 1 else ''} in "
                 f"{month:%B %Y}.")


def followed_outreach(outcomes: list[tuple[int, date, int]],
                      touch_days: dict[int, list[date]]) -> dict[int, int]:
    """Referrals per source in months that came within six months after a touch of it."""
    found: dict[int, int] = {}
    ordered = {source_id: sorted(days) for source_id, days in touch_days.items()}
    for source_id, month, count in outcomes:
        days = ordered.get(source_id, [])
        first = bisect_left(days, add_months(month, -WINDOW_MONTHS))  # the first touch since
        if first < len(days) and days[first] < add_months(month, 1):
            found[source_id] = found.get(source_id, 0) + count
    return found


@dataclass(frozen=True)
class OutreachYear:
    """REPORT_MONTHS of outreach and referrals for every source (retired ones too): the
    months [start, end), touches and referral totals per source, the referrals that came
    within six months of outreach, and what each month held."""

    start: date
    end: date    # exclusive: the first of the month after this one
    sources: tuple[ReferralSource, ...]
    touches: dict[int, int]
    referrals: dict[int, int]
    followed: dict[int, int]
    touch_days: dict[int, list[date]]             # touches in [start, end)
    outcomes: tuple[tuple[int, date, int], ...]   # (source, month, referrals) in [start, end)

    def ranked(self) -> list[ReferralSource]:
        """The sources with the most touches first, then the most referrals."""
        return sorted(self.sources, key=lambda s: (-self.touches.get(s.id, 0),
                                                   -self.referrals.get(s.id, 0)))

    def months(self) -> list[date]:
        month, found = self.start, []
        while month < self.end:
            found.append(month)
            month = add_months(month, 1)
        return found


def outreach_year(uow: UnitOfWork, workspace_id: int, today: date) -> OutreachYear:
    """The twelve months up to and including the month of `today` (the practice's)."""
    end = add_months(today, 1)
    start = add_months(today, 1 - REPORT_MONTHS)
    outcomes = tuple(uow.sources.outcome_rows(workspace_id, start, end))
    days = uow.sources.touch_days(workspace_id, add_months(start, -WINDOW_MONTHS), end)
    in_year = {source: [d for d in touched if d >= start] for source, touched in days.items()}
    return OutreachYear(
        start, end, tuple(uow.sources.listing(workspace_id, include_retired=True)),
        {source: len(touched) for source, touched in in_year.items() if touched},
        uow.sources.referrals(workspace_id, start, end),
        followed_outreach(list(outcomes), days), in_year, outcomes)


def report(uow: UnitOfWork, ctx: Context) -> Reply:
    """A year of touches and referral totals per source, and how many referrals followed
    outreach to that source within six months; touched versus untouched sources."""
    year = outreach_year(uow, ctx.workspace.id, ctx.workspace_today)
    sources, touches, referrals = year.sources, year.touches, year.referrals
    if not sources:
        return Reply("No referral sources yet — add them with /outreach sources add.")
    lines = [f"📈 Outreach and referrals, {year.start:%b %Y} – {ctx.workspace_today:%b %Y}"]
    for item in year.ranked():
        after = year.followed.get(item.id, 0)
        lines.append(f"• #{item.id} {item.name}: "
                     f"{plural(touches.get(item.id, 0), 'touch', 'touches')} · "
                     f"{plural(referrals.get(item.id, 0), 'referral')}"
                     + (f" ({after} within six months of outreach)" if after else ""))
    touched = [s for s in sources if touches.get(s.id)]
    untouched = [s for s in sources if not touches.get(s.id)]
    from_touched = plural(sum(referrals.get(s.id, 0) for s in touched), "referral")
    from_untouched = plural(sum(referrals.get(s.id, 0) for s in untouched), "referral")
    lines.append(f"Touched sources ({len(touched)}): {from_touched} · untouched "
                 f"({len(untouched)}): {from_untouched}.")
    lines.append("Most outreach pays off months later — keep showing up.")
    return Reply("\n".join(lines))
