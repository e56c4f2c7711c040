"""Read a commitment the way a clinician types it, into what, when/where, day and type.

Pure: it is given today's date in the member's zone and the workspace catalog.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from bot.activity_guess import guess_activity
from bot.catalog import FALLBACK_KEY, find_activity, infer_activity
from bot.credit import LOG_WINDOW_DAYS, too_old
from bot.dates import describe_day, find_day
from bot.model import ActivityType
from bot.practice_calendar import last_working_day, week_start

MAX_WHAT_CHARS = 280
MAX_AHEAD_DAYS = 120

_IF_THEN = re.compile(
    r"^(?:when|if)\s+(?P<when>.+?)\s*(?:,|\bthen\b|,\s*then\b)\s*"
    r"(?:i\s+will|i[’']ll|i\s+shall)\s+(?P<what>.+)$",
    re.IGNORECASE,
)
_IF_THEN_LOOSE = re.compile(
    r"^(?:when|if)\s+(?P<when>.+?)\s+(?:i\s+will|i[’']ll)\s+(?P<what>.+)$", re.IGNORECASE)
_LEADING_I_WILL = re.compile(
    r"^(?:i\s+will|i[’']ll|i\s+am\s+going\s+to|i[’']m\s+going\s+to)(?:\s+|$)", re.IGNORECASE)
_TYPE_TAG = re.compile(r"(?:^|\s)(?:type|activity):\s*(?P<key>[\w-]{1,24})(?=\s|$)",
                       re.IGNORECASE)
_DANGLING = re.compile(r"(?:^|\s+)(?:on|by|this|for|due)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Intention:
    """A commitment as read from what was typed ("when I'm at X, I will Y"), before it is
    saved; not the quarterly plan (bot.model.Plan)."""

    what: str
    when_where: str
    due: date
    activity: ActivityType
    dated: bool
    situation: bool = False  # when_where names a situation ("When I'm at …"), not a day
    other: ActivityType | None = None  # the next likeliest type, when this one was a guess


@dataclass(frozen=True)
class Refusal:
    message: str


def default_due(today: date, working_days: tuple[int, ...]) -> date:
    """No day given: by the last working day of this week, or of next week once it has passed."""
    due = last_working_day(week_start(today), working_days)
    return due if due >= today else due + timedelta(days=7)


def read_commitment(
    text: str, today: date, catalog: list[ActivityType], working_days: tuple[int, ...],
    *, allow_past: bool = False,
) -> Intention | Refusal:
    """Interpret "/outreach commit …" (or "log …" with `allow_past`) text."""
    activity, text = _explicit_type(text, catalog)
    if isinstance(activity, Refusal):
        return activity
    match = _IF_THEN.match(text) or _IF_THEN_LOOSE.match(text)
    if match:
        when_text, what = _tidy(match.group("when")), _tidy(match.group("what"))
        found = find_day(when_text, today, prefer_past=allow_past)
        if found is None:
            found = find_day(what, today, prefer_past=allow_past)
            if found is not None:
                what = _without(what, found.start, found.end)
                when_text = f"{when_text} {describe_day(found.day, today)}"
        due = found.day if found else default_due(today, working_days)
        when_where = when_text
    else:
        what = _tidy(_LEADING_I_WILL.sub("", text))
        found = find_day(what, today, prefer_past=allow_past)
        if found:
            what = _without(what, found.start, found.end)
        due = found.day if found else (today if allow_past else default_due(today, working_days))
        when_where = describe_day(due, today) if found else (
            "today" if allow_past else f"this week (by {describe_day(due, today)})")
    if allow_past and not found:
        due = today
    problem = _check(what, due, today, allow_past)
    if problem:
        return problem
    chosen, other = (activity, None) if activity else _guess(what, catalog)
    return Intention(what, when_where, due, chosen, found is not None, situation=match is not None,
                other=other)


def _without(text: str, start: int, end: int) -> str:
    """The text with a day phrase taken out, and any "on"/"by" left dangling before it."""
    return _tidy(_DANGLING.sub("", text[:start]) + " " + text[end:])


def _explicit_type(
    text: str, catalog: list[ActivityType]
) -> tuple[ActivityType | Refusal | None, str]:
    tag = _TYPE_TAG.search(text)
    if tag is None:
        return None, text
    activity = find_activity(tag.group("key"), catalog)
    if activity is None:
        keys = ", ".join(a.key for a in catalog if a.active)
        return Refusal(f"I don't know the activity type “{tag.group('key')}”. "
                       f"Choose one of: {keys}."), text
    return activity, _tidy(text[: tag.start()] + " " + text[tag.end():])


def _guess(what: str, catalog: list[ActivityType]) -> tuple[ActivityType, ActivityType | None]:
    """The likeliest type, and the runner-up to offer as a one-tap change."""
    ranked = guess_activity(what, catalog)
    if not ranked:
        return infer_activity(what, catalog) or _fallback(catalog), None
    return ranked[0], ranked[1] if len(ranked) > 1 else None


def _fallback(catalog: list[ActivityType]) -> ActivityType:
    active = [a for a in catalog if a.active]
    for activity in active:
        if activity.key == FALLBACK_KEY:
            return activity
    return active[0] if active else ActivityType(FALLBACK_KEY, "Outreach", 1)


def _tidy(text: str) -> str:
    """Spaces collapsed, none left before a comma ("his son's play , I'll" once a day phrase
    is taken out), no dangling punctuation at either end."""
    return re.sub(r"\s+([,;])", r"\1", " ".join(text.split())).strip(" ,;:-–—").rstrip(".")


def _check(what: str, due: date, today: date, allow_past: bool) -> Refusal | None:
    if not re.search(r"\w\w", what):
        return Refusal("Tell me what you'll do — for example “visit Sunrise Pediatrics thu”.")
    if len(what) > MAX_WHAT_CHARS:
        return Refusal(f"That's {len(what)} characters — please keep it under "
                       f"{MAX_WHAT_CHARS}.")
    if allow_past:
        if due > today:
            return Refusal("That day hasn't come yet — use /outreach commit to plan it.")
        if too_old(due, today):
            return Refusal(f"I can only log outreach from the last {LOG_WINDOW_DAYS} days.")
        return None
    if due < today:
        return Refusal("That day has passed. To record something you already did, use "
                       "/outreach log.")
    if due > today + timedelta(days=MAX_AHEAD_DAYS):
        return Refusal(f"Pick a day within the next {MAX_AHEAD_DAYS} days — "
                       "your quarterly plan holds the longer view.")
    return None


@dataclass(frozen=True)
class FormOptions:
    """What a commitment form offers: the catalog, and the day it proposes."""

    activities: tuple[ActivityType, ...]
    today: date
    proposed_due: date


@dataclass(frozen=True)
class CommitForm:
    """A commitment entered field by field (a Slack modal, a Teams card)."""

    what: str
    activity_key: str | None
    due: date | None
    when_where: str = ""
    referral_source: str = ""


def read_form(form: CommitForm, today: date, catalog: list[ActivityType],
              working_days: tuple[int, ...]) -> Intention | dict[str, str]:
    """A plan, or an error per field in words a person can act on."""
    errors: dict[str, str] = {}
    what = _tidy(form.what)
    source = _tidy(form.referral_source)
    if source:
        what = f"{what} — {source}"
    if not re.search(r"\w\w", form.what):
        errors["what"] = "Say what you'll do, e.g. “visit Sunrise Pediatrics”."
    elif len(what) > MAX_WHAT_CHARS:
        errors["what"] = f"Please keep it under {MAX_WHAT_CHARS} characters."
    activity = find_activity(form.activity_key, catalog) if form.activity_key else None
    if form.activity_key and activity is None:
        errors["activity"] = "Choose one of the activity types."
    due = form.due or default_due(today, working_days)
    if due < today:
        errors["due"] = "That day has passed — pick today or later."
    elif due > today + timedelta(days=MAX_AHEAD_DAYS):
        errors["due"] = f"Pick a day within the next {MAX_AHEAD_DAYS} days."
    when_where = _tidy(form.when_where)
    if len(when_where) > MAX_WHAT_CHARS:
        errors["when_where"] = f"Please keep it under {MAX_WHAT_CHARS} characters."
    if errors:
        return errors
    chosen, other = (activity, None) if activity else _guess(what, catalog)
    label = describe_day(due, today)
    return Intention(what, f"{label}, {when_where}" if when_where else label, due, chosen,
                form.due is not None, other=other)


@dataclass(frozen=True)
class Revision:
    """What an `edit` changes: any of a new day, a new type, new words (None: unchanged)."""

    due: date | None
    activity: ActivityType | None
    what: str | None


def read_revision(text: str, today: date, catalog: list[ActivityType]) -> Revision | Refusal:
    """"fri", "type:talk", "coffee with Pastor Dan thu": whatever of day, type and words
    the member gave, each checked as a commitment's would be."""
    activity, rest = _explicit_type(text, catalog)
    if isinstance(activity, Refusal):
        return activity
    found = find_day(rest, today)
    words = _without(rest, found.start, found.end) if found else _tidy(rest)
    what = words if re.search(r"\w\w", words) else None
    if found is None and activity is None and what is None:
        return Refusal("Say what to change: a day (fri), a type (type:talk) or new words.")
    problem = _check(what or "ok", found.day if found else today, today, allow_past=False)
    if problem is not None:
        return problem
    return Revision(found.day if found else None, activity, what)
