"""Platform-neutral replies. Surfaces render them (Block Kit, Adaptive Cards, plain text).

The text is plain: no markup of any platform, so each surface escapes it in one place.
A button carries the `/outreach` command it stands for, so a click and a typed command run
through the same use case and a stale click is answered like a stale command.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.grammar import clean
from bot.model import Platform

NAME_CHARS = 120


@dataclass(frozen=True)
class Button:
    label: str
    command: str
    primary: bool = False


@dataclass(frozen=True)
class Link:
    """A web address for the person who asked (a one-time sign-in link to the dashboard):
    a URL button on Slack, Action.OpenUrl on Teams, the URL on a line of its own in the
    console. It is personal, so surfaces send it only to that person and never store it."""

    label: str
    url: str


@dataclass(frozen=True)
class Attachment:
    """A file for the person who asked (a CSV export)."""

    filename: str
    content: bytes
    rows: int


@dataclass(frozen=True)
class Reply:
    text: str
    buttons: tuple[Button, ...] = field(default=())
    private: bool = True
    ok: bool = True
    attachments: tuple[Attachment, ...] = field(default=())
    links: tuple[Link, ...] = field(default=())


def problem(text: str, usage: str | None = None) -> Reply:
    """A short explanation of what went wrong, with the usage line that would have worked."""
    return Reply(f"{text}\nUsage: {usage}" if usage else text, ok=False)


def commitment_buttons(number: int) -> tuple[Button, ...]:
    """Buttons for the member's commitment #`number` (their own numbering)."""
    return (
        Button("Done", f"done #{number}", primary=True),
        Button("Didn't happen", f"missed #{number}"),
        Button("Move to next week", f"move #{number}"),
    )


@dataclass(frozen=True)
class ChannelPicker:
    """Ask for a channel; the choice runs `command` with the channel's id appended."""

    label: str
    command: str
    current: str | None = None


@dataclass(frozen=True)
class Section:
    title: str
    text: str
    buttons: tuple[Button, ...] = field(default=())
    picker: ChannelPicker | None = None


@dataclass(frozen=True)
class Page:
    """A screen made of sections: Slack's App Home, a Teams tab card."""

    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Actor:
    """A person as a surface knows them: platform ids, name, and what the platform told us."""

    platform: Platform
    team_id: str
    user_id: str
    display_name: str
    team_name: str = ""
    timezone: str | None = None
    is_platform_admin: bool = False

    def __post_init__(self) -> None:
        # Names come from a platform's profile: cleaned as typed text is (no control,
        # bidirectional or zero-width characters), and bounded, before anything keeps them.
        for name in ("display_name", "team_name"):
            object.__setattr__(self, name, clean(getattr(self, name))[:NAME_CHARS])
