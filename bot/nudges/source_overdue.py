"""A DM to whoever looks after a referral source that has gone a full cadence without a
touch: once per lapse, on the first working day at kickoff time."""

from __future__ import annotations

from bot import wording
from bot.messages import Button, Reply
from bot.model import Kind
from bot.nudges.nudge import Audience, DirectMessage, ToMember
from bot.ports import UnitOfWork

ASK = (
    "⏰ {since} (tier {tier}, every {cadence} days). When could you drop by or send a note?",
    "⏰ {since}. A short visit or a thank-you note keeps the door open — when will you do it?",
    "⏰ Time to reconnect: {since}. What's one easy way to get in front of them this week?",
)


def words(uow: UnitOfWork, to: ToMember) -> Reply | None:
    """Still overdue when it is time to say so? A touch since then makes the DM moot."""
    source_id = int(to.key.split(":")[2].split("-")[0])
    source = uow.sources.get(to.workspace.id, source_id)
    if source is None or source.retired or to.day < source.overdue_on():
        return None
    since = (f"It's been {(to.day - source.last_touch).days} days since anyone "
             f"from the practice was in touch with {source.name}") if source.last_touch else (
        f"No one has been in touch with {source.name} since it was added")
    text = wording.pick(ASK, to.key).format(
        since=since, tier=source.tier, cadence=source.cadence_days)
    return Reply(text, (Button("Plan a visit", f"commit visit {source.name} "
                                               f"source:{source.id}"[:2000], primary=True),
                        Button("My sources", "sources")), private=False)


NUDGE = DirectMessage(kind=Kind.SOURCE_OVERDUE, to=Audience.SOURCE_OWNERS, at=Kind.KICKOFF,
                      words=words)
