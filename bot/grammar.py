"""The one `/outreach` grammar every surface shares: text in, a command value out.

Here is what holds for every command: the text cleaned, the `/outreach` prefix, a greeting
(the help), "didn't happen …" (missed) and "When …, I will …" (a commitment), the words
the families share (a #number, a clock time, weekdays) and whether a bare word opens a form.
Each verb — its command types, aliases, usage line and parser — is in its family's module
in bot/commands/, which registers it in bot/commands/registry.py; `parse` reads that table.

Parsing never touches storage or the clock; anything that needs "today" or the catalog
(dates, activity types) is interpreted by the use case that runs the command.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.commands.registry import Registry

MAX_COMMAND_CHARS = 2000


class Command:
    """What a member asked for. Each family's command types (frozen dataclasses) derive
    from it."""


@dataclass(frozen=True)
class ParseError:
    message: str
    usage: str


# Said to ShowUp as to a person: a greeting gets the help; an acknowledgement ("thanks",
# "ok", 👍) in a conversation gets no answer, or pleasantries would never end.
_GREETING = re.compile(
    r"(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|menu)"
    r"(?:\s+(?:there|showup|bot))?[\s!.?]*", re.IGNORECASE)
_ACKNOWLEDGEMENT = re.compile(
    r"(?:thanks?(?: you| u)?|thx|ty|ok(?:ay)?|k|kk|cool|great|got it|will do|sounds good|"
    r"perfect|nice|:[a-z0-9_+-]{1,40}:|[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\s]+)"
    r"[\s!.]*", re.IGNORECASE)


def is_acknowledgement(text: str) -> bool:
    """Whether a message to ShowUp is only a thank-you or an OK (nothing to answer)."""
    return bool(_ACKNOWLEDGEMENT.fullmatch(text.strip()))


# A bare word that opens a form where a surface has one (a Slack modal); elsewhere the
# commitment word asks for its usage and "plan" walks the plan step by step.
_FORM_WORDS = {"commit": "commit", "c": "commit", "add": "commit", "new": "commit",
               "plan": "plan", "ccp": "plan"}


# A review's bare "comment" (a button's `review #12 v2 comment`, or typed) opens the comment
# form; the comment written there completes the same words.
_COMMENT_FORM = re.compile(r"review\s+\S+(?:\s+\S+)*?\s+comment", re.IGNORECASE)


def form_for(text: str) -> str | None:
    """"commit", "plan" or "comment" when the words are a bare word that opens that form,
    else None. Every surface asks here, so a word opens the same form from a command, a
    button or a message."""
    words = _COMMAND_PREFIX.sub("", text.strip(), count=1).strip()
    if _COMMENT_FORM.fullmatch(words):
        return "comment"
    return _FORM_WORDS.get(words.lower())


def without_forms(text: str) -> str:
    """The words to run on a surface that cannot open the commitment form."""
    return "help commit" if form_for(text) == "commit" else text


_DIDNT_HAPPEN = re.compile(r"^(?:didn[’']?t|did\s+not)\s+happen\b", re.IGNORECASE)
_INTENTION = re.compile(r"^(?:when|if)\b", re.IGNORECASE)
_COMMAND_PREFIX = re.compile(r"^/?outreach\b", re.IGNORECASE)
REF = re.compile(r"^#?(\d{1,9})$")   # a number a member refers to: #12 or 12
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
    "saturday": 5, "sun": 6, "sunday": 6,
}


def clean(text: str) -> str:
    """Text as a person meant it: control characters gone, whitespace runs folded."""
    normalised = unicodedata.normalize("NFC", text)
    visible = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in normalised)
    return " ".join(visible.split())


def parse(text: str) -> Command | ParseError:
    """Turn what a member typed after `/outreach` into a command, or say what was wrong."""
    if len(text) > MAX_COMMAND_CHARS:
        return too_long(len(text))
    commands = _commands()
    line = _COMMAND_PREFIX.sub("", clean(text), count=1).strip()
    if not line or _GREETING.fullmatch(line):
        return commands.read("help", "")
    if _DIDNT_HAPPEN.match(line):
        return commands.read("missed", _DIDNT_HAPPEN.sub("", line, count=1).strip())
    if _INTENTION.match(line):
        return commands.read("commit", line)
    head, _, rest = line.partition(" ")
    name = commands.verb_for(head.lower().rstrip(":").replace("’", "").replace("'", ""))
    if name is None:
        return ParseError(
            f"I don't know “{shorten(head)}”. Try one of: {', '.join(commands.usage)}.",
            usage("help"),
        )
    return commands.read(name, rest.strip())


def usage(name: str) -> str:
    """The usage line of verb `name` (for `admin`, with every sub-word)."""
    return _commands().usage[name]


def too_long(length: int) -> ParseError:
    """What is said to words over MAX_COMMAND_CHARS (also when they were never stored)."""
    return ParseError(f"That's {length:,} characters — please keep it under "
                      f"{MAX_COMMAND_CHARS:,}.", usage("help"))


def _commands() -> Registry:
    """Every family's verbs. Imported when first needed rather than at the top: the families
    import this module, as does bot.messages (for `clean`), which they import too."""
    from bot.commands.registry import REGISTRY
    return REGISTRY


def shorten(word: str, limit: int = 24) -> str:
    """A word quoted back to a member, cut to `limit` characters."""
    return word if len(word) <= limit else word[: limit - 1] + "…"


def parse_clock_time(text: str) -> time | None:
    """"9", "9:30", "09:00", "3pm", "3:15 pm" → a wall-clock time."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", text.strip().lower())
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_weekdays(text: str) -> tuple[int, ...] | None:
    """"mon-fri", "mon,tue,thu", "mon tue wed" → sorted weekday numbers."""
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text.lower().strip()):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if first not in WEEKDAYS or (dash and last not in WEEKDAYS):
            return None
        start, end = WEEKDAYS[first], WEEKDAYS[last] if dash else WEEKDAYS[first]
        span = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
        days.update(span)
    return tuple(sorted(days)) or None
