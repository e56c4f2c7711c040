"""Monday's kickoff: what will you do this week — knowing what the week already holds, and
asking once about anything left open from last week."""

from __future__ import annotations

from datetime import date, timedelta

from bot import wording
from bot.dates import describe_day
from bot.messages import Button, Reply
from bot.model import Commitment, Status
from bot.practice_calendar import week_start

MAX_SHOWN = 5


def kickoff(name: str, key: str, day: date, mine: list[Commitment],
            suggestions: tuple[Button, ...]) -> Reply:
    """`mine`: the member's recent commitments; `suggestions`: plan activities to offer."""
    monday = week_start(day)
    this_week = [c for c in mine if c.week_start == monday
                 and c.status in (Status.OPEN, Status.DONE)]
    left_open = [c for c in mine if c.status is Status.OPEN
                 and week_start(c.due_date) == monday - timedelta(days=7)]
    if this_week:
        lines = [wording.pick(wording.KICKOFF_UNDER_WAY, key).format(name=name)]
        lines += [_line(c, day) for c in this_week[:MAX_SHOWN]]
        lines.append("Room for one more?")
        add = Button("Add one more", "commit", primary=True)
    else:
        lines = [wording.pick(wording.KICKOFF, key).format(name=name)]
        add = Button("Add a commitment", "commit", primary=True)
    buttons: list[Button] = [*suggestions, add, Button("My streak", "streak")]
    if left_open:
        lines.append("Still open from last week — did it happen?")
        for c in left_open[:MAX_SHOWN]:
            lines.append(f"#{c.number} {c.what} ({describe_day(c.due_date, day)})")
            buttons += [Button(f"Did it #{c.number}", f"done #{c.number}"),
                        Button(f"Didn't happen #{c.number}", f"missed #{c.number}"),
                        Button(f"This week #{c.number}", f"move #{c.number}")]
    return Reply("\n".join(lines), tuple(buttons), private=False)


def _line(c: Commitment, today: date) -> str:
    if c.status is Status.DONE:
        return f"✅ {c.what} — done"
    return f"◻️ #{c.number} {c.what} — {describe_day(c.due_date, today)}"
