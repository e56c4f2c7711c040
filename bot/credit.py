"""Which day outreach counts on: the week it was done, never the week it was due, and a
week that has ended stays as it was (the Monday update and the Friday post already spoke
of it). Pure: given the days, in the member's own zone."""

from __future__ import annotations

from datetime import date, timedelta

from bot.practice_calendar import week_start

LOG_WINDOW_DAYS = 30


def credited_day(happened: date, today: date) -> date:
    """The day outreach that happened on `happened` counts on, recorded `today`: that day
    while its week is still open, otherwise today."""
    return happened if week_start(happened) == week_start(today) else today


def too_old(day: date, today: date) -> bool:
    """Older than anything ShowUp lets a member record after the fact."""
    return day < today - timedelta(days=LOG_WINDOW_DAYS)
