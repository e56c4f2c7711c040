"""Phrases that replies and nudges share. Each nudge's own words, in several variants, are
in its module (bot/nudges/<kind>.py); `pick` rotates them by the delivery key so a member does
not read the same line two weeks running."""

from __future__ import annotations

import hashlib


def pick(options: tuple[str, ...], key: str) -> str:
    """The same key always reads the same way; neighbouring weeks read differently."""
    digest = hashlib.sha256(key.encode()).digest()
    return options[digest[0] % len(options)]


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def points(n: int) -> str:
    return f"{n} pt" if n == 1 else f"{n} pts"


def week_streak(n: int) -> str:
    """"your 2-week streak": the count as an adjective."""
    return f"{n}-week streak"
