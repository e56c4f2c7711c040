"""What every delivery of one claimed batch reads alike — its practice and the practice's
closures — read once for the batch rather than once a message.

A sender claims a batch of one workspace's deliveries and sends them within seconds (50 at
five a second: ten); each is still rendered in a unit of work of its own, just before it goes
out, so what it says of its member (their commitments, streak, plan) is as of that moment.
Only the workspace's row and its closures, which an owner changes a few times a year, are
remembered for the batch: a change made meanwhile shows from the next batch on.
"""

from __future__ import annotations

from typing import Any, cast

from bot.closures import Closure
from bot.model import Workspace
from bot.ports import Closures, UnitOfWork, Workspaces


class Batch:
    def __init__(self) -> None:
        self.workspaces: dict[int, Workspace | None] = {}
        self.closures: dict[int, list[Closure]] = {}

    def reading(self, uow: UnitOfWork) -> UnitOfWork:
        """`uow`, with its workspace and closure reads answered from this batch's memory
        (read through it the first time)."""
        return cast(UnitOfWork, _Remembering(uow, self))


class _Remembering:
    def __init__(self, uow: UnitOfWork, batch: Batch) -> None:
        self._uow = uow
        self.workspaces = _Workspaces(uow.workspaces, batch)
        self.closures = _Closures(uow.closures, batch)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._uow, name)


class _Workspaces:
    def __init__(self, workspaces: Workspaces, batch: Batch) -> None:
        self._workspaces, self._batch = workspaces, batch

    def get(self, workspace_id: int) -> Workspace | None:
        known = self._batch.workspaces
        if workspace_id not in known:
            known[workspace_id] = self._workspaces.get(workspace_id)
        return known[workspace_id]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._workspaces, name)


class _Closures:
    def __init__(self, closures: Closures, batch: Batch) -> None:
        self._closures, self._batch = closures, batch

    def listing(self, workspace_id: int) -> list[Closure]:
        known = self._batch.closures
        if workspace_id not in known:
            known[workspace_id] = self._closures.listing(workspace_id)
        return list(known[workspace_id])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._closures, name)
