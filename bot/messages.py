"""Platform-neutral replies. Surfaces render them (Block Kit, Adaptive Cards, plain text).

The text is plain: no markup of any platform, so each surface escapes it in one place.
A button carries the `/outreach` command it stands for, so a click and a typed command run
through the same use case and a stale click is answered like a stale command.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Button:
    label: str
    command: str
    primary: bool = False


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
