"""Naming a colleague in a command: by name, or by a mention (`<@U123|Dana>` from Slack, the
same shape from Teams and the console) — which also works for someone who hasn't used ShowUp
yet: they are set up now (not yet active, so nothing is sent to them) and join as themselves
when they first use it."""

from __future__ import annotations

import re

from bot.messages import Reply, problem
from bot.model import Member, Role
from bot.ports import UnitOfWork
from bot.usecases.context import Context

MENTION = re.compile(r"^<@(?P<id>[\w.-]{1,64})(?:\|(?P<name>[^<>]{0,120}))?>$")


def mentioned(who: str) -> tuple[str, str] | None:
    """(platform id, display name) of a mention token, or None for plain words."""
    match = MENTION.match(who.strip())
    if match is None:
        return None
    user_id = match.group("id")
    return user_id, (match.group("name") or "").strip() or user_id


def person(uow: UnitOfWork, ctx: Context, who: str, create: bool = True) -> Member | Reply:
    """The member `who` names; a mention of someone not here yet sets them up (`create`)."""
    ref = mentioned(who)
    if ref is not None:
        user_id, name = ref
        found = uow.members.by_platform_id(ctx.workspace.id, user_id)
        if found is not None:
            return found
        if not create:
            return problem(f"ShowUp has nothing stored for {name}.")
        made = uow.members.get_or_create(ctx.workspace.id, user_id, name, None, Role.MEMBER,
                                         ctx.now)
        return uow.members.update(ctx.workspace.id, made.id, active=False)
    matches = uow.members.find_by_name(ctx.workspace.id, who.lstrip("@"))
    if not matches and not create:   # someone who left, or a slip: nobody is set up here
        return problem("I don't know anyone by that name here — check the spelling (admin "
                       "brief lists everyone) or mention them (@name).")
    if not matches:
        return problem("I don't know anyone by that name here yet — mention them (@name) to "
                       "set them up before they arrive.")
    if len(matches) > 1:
        return problem("More than one person has that name; mention them (@name) instead.")
    return matches[0]


def practice_owner(uow: UnitOfWork, ctx: Context) -> Member | None:
    owners = [m for m in uow.members.list_active(ctx.workspace.id) if m.role is Role.OWNER]
    return owners[0] if owners else None
