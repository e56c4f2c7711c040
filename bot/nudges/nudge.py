"""What every nudge declares, and how a delivery becomes its message.

Each kind is a module beside this one named after it (Kind.TEAM_POST: team_post.py) holding
its words and a NUDGE: to whom it goes, at which beat of the rhythm, on which days and whether
a practice closure silences it. The planner reads these to know when a kind comes due;
bot.nudges.render reads them to send it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from bot.delivery import Delivery, Outgoing, Recipient
from bot.messages import Reply
from bot.model import Kind, Member, Workspace
from bot.ports import UnitOfWork
from bot.usecases.context import Context


class Audience(Enum):
    """Who reads a nudge — which also tells the planner how to find its recipients."""

    CLINICIANS = "each clinician on the weekly rhythm, in a DM"
    SOURCE_OWNERS = "whoever looks after a referral source that has fallen overdue, in a DM"
    ADMINS = "the admin it was scheduled for, in a DM"
    CHANNEL = "the team's channel"
    MEMBER = "the member it was scheduled for, in a DM"
    REVIEWERS = "the owner and the admins, about a plan waiting a week for review, in a DM"


def every_day(day: date) -> bool:
    return True


@dataclass(frozen=True)
class Occasion:
    """A delivery as it goes out: the practice, the delivery and the moment."""

    workspace: Workspace
    delivery: Delivery
    now: datetime

    @property
    def key(self) -> str:
        """The delivery's key: it picks the wording, the same each time it is read."""
        return self.delivery.key

    @property
    def day(self) -> date:
        """The local date the delivery is for."""
        return self.delivery.local_date


@dataclass(frozen=True)
class ToMember(Occasion):
    """A delivery to one member's DM."""

    member: Member

    @property
    def name(self) -> str:
        """Their first name, as a nudge greets them."""
        return self.member.display_name.split(" ")[0] or self.member.display_name

    @property
    def context(self) -> Context:
        return Context(self.workspace, self.member, self.now)


@dataclass(frozen=True, kw_only=True)
class Nudge(ABC):
    kind: Kind
    to: Audience
    # The beat whose time it goes out at each week (a key of DEFAULT_RHYTHM; its own kind for
    # a beat members can move); None for one scheduled when something happens.
    at: Kind | None = None
    on_day: Callable[[date], bool] = every_day  # which of those days it is planned for
    closure_silences: bool = True  # nothing on a day the practice is closed
    # nothing to a member on a paused day; False for the answer to something they did
    # themselves (their plan's review), which waits in their DM for their return
    pause_silences: bool = True

    @abstractmethod
    def compose(self, uow: UnitOfWork, occasion: Occasion) -> Outgoing | None:
        """The message, or None when there is nothing worth saying."""


@dataclass(frozen=True, kw_only=True)
class DirectMessage(Nudge):
    """A nudge in one member's DM: never to someone who left or (unless it says otherwise)
    is paused, and a clinician's nudge never to someone who is not one."""

    words: Callable[[UnitOfWork, ToMember], Reply | None]
    to: Audience = Audience.CLINICIANS

    def compose(self, uow: UnitOfWork, occasion: Occasion) -> Outgoing | None:
        workspace, delivery = occasion.workspace, occasion.delivery
        member = uow.members.get(workspace.id, delivery.member_id or 0)
        if member is None or not member.active:
            return None
        if self.pause_silences and member.is_paused(delivery.local_date):
            return None
        if self.to is Audience.CLINICIANS and not member.is_clinician:
            return None
        reply = self.words(uow, ToMember(workspace, delivery, occasion.now, member))
        if reply is None:
            return None
        return Outgoing(Recipient(workspace.platform, workspace.external_id,
                                  user_id=member.platform_user_id), reply)


def no_chart(uow: UnitOfWork, occasion: Occasion) -> bytes | None:
    return None


@dataclass(frozen=True, kw_only=True)
class ChannelPost(Nudge):
    """A post in the team's channel, when the practice has one."""

    words: Callable[[UnitOfWork, Occasion], Reply | None]
    chart: Callable[[UnitOfWork, Occasion], bytes | None] = no_chart
    to: Audience = field(default=Audience.CHANNEL, init=False)

    def compose(self, uow: UnitOfWork, occasion: Occasion) -> Outgoing | None:
        workspace = occasion.workspace
        if not workspace.leaderboard_channel:
            return None
        reply = self.words(uow, occasion)
        if reply is None:
            return None
        return Outgoing(Recipient(workspace.platform, workspace.external_id,
                                  channel=workspace.leaderboard_channel),
                        reply, chart=self.chart(uow, occasion))
