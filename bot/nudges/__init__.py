"""What each scheduled delivery says, decided when it is sent (so it reflects that moment).

One module per kind (bot/nudges/<kind>.py, named after its `Kind`) holds its words and
declares its NUDGE; this registry finds them by the enum, so a new kind is its enum member
and its module. A nudge returns None when there is nothing worth saying: a paused member, a
week already wrapped up, a streak update for someone who has not started yet. None mentions
anyone's miss in a channel.
"""

from __future__ import annotations

from datetime import datetime
from importlib import import_module

from bot.delivery import Delivery, Outgoing
from bot.model import Kind
from bot.nudges.nudge import Nudge, Occasion
from bot.ports import UnitOfWork
from bot.usecases.closures import closed_near


def _declared(kind: Kind) -> Nudge:
    module = import_module(f"{__name__}.{kind.name.lower()}")
    nudge = module.NUDGE
    if not isinstance(nudge, Nudge) or nudge.kind is not kind:
        raise TypeError(f"{module.__name__}.NUDGE must declare the {kind.value} nudge")
    return nudge


# Every kind's declaration, by the kind as stored.
NUDGES: dict[str, Nudge] = {kind: _declared(kind) for kind in Kind}


def render(uow: UnitOfWork, delivery: Delivery, now: datetime) -> Outgoing | None:
    workspace = uow.workspaces.get(delivery.workspace_id)
    nudge = NUDGES.get(delivery.kind)
    if workspace is None or nudge is None:
        return None  # a workspace gone, or a kind a newer ShowUp planned
    outgoing = nudge.compose(uow, Occasion(workspace, delivery, now))
    if outgoing is not None and nudge.closure_silences and \
            delivery.local_date in closed_near(uow, workspace, delivery.local_date, 0, 0):
        return None  # a closure added after this was planned
    return outgoing
