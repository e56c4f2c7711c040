"""Progress: streak, board, and the owner's report (`report`, `admin report`)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.commands.registry import REGISTRY
from bot.grammar import Command, shorten
from bot.practice_calendar import Period
from bot.usecases import progress


@dataclass(frozen=True)
class ShowStreak(Command):
    pass


@dataclass(frozen=True)
class Board(Command):
    period: Period = Period.WEEK
    back: int = 0  # 1: the one before ("board last quarter")


@dataclass(frozen=True)
class AdminReport(Command):
    period: Period = Period.WEEK
    back: int = 0


_PERIODS = {p.value: p for p in Period} | {"q": Period.QUARTER}


def _period(words: str) -> tuple[Period, int] | str:
    """"quarter" → (quarter, 0); "last quarter" → (quarter, 1): the one that has closed."""
    said = words.lower().split()
    back = 0
    if said and said[0] in ("last", "previous", "prev"):
        back, said = 1, said[1:]
        if not said:
            said = ["week"]
    elif said and said[0] == "this":
        said = said[1:]
    if not said:
        return Period.WEEK, back
    period = _PERIODS.get(" ".join(said))
    if period is None:
        return (f"Choose week, month or quarter (or last week, last month, last quarter), "
                f"not “{shorten(words)}”.")
    return period, back


def _board(words: str) -> Board | str:
    period = _period(words)
    return period if isinstance(period, str) else Board(*period)


def _report(words: str) -> AdminReport | str:
    period = _period(words)
    return period if isinstance(period, str) else AdminReport(*period)


REGISTRY.verb("streak", "/outreach streak", lambda words: ShowStreak(), aliases=("streaks",),
              place=10)
REGISTRY.verb("board", "/outreach board [week|month|quarter] — or last week, last month, last "
              "quarter", _board, aliases=("leaderboard", "team", "scores"), place=11)
REGISTRY.verb("report", "/outreach report [week|month|quarter|last quarter] — the owner's "
              "accountability report", _report, place=21)
REGISTRY.admin_word("report", _report, usage="report [week|month|quarter]", place=6)

REGISTRY.handles(ShowStreak, lambda uow, ctx, c, source: progress.show_streak(uow, ctx))
REGISTRY.handles(Board, lambda uow, ctx, c, source: progress.board(uow, ctx, c.period, c.back))
REGISTRY.handles(AdminReport, lambda uow, ctx, c, source: progress.report(
    uow, ctx, c.period, c.back), admin_only=True)
