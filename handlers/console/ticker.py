"""Moving the console clock walks through every slot on the way, so the week's nudges
arrive in the order and at the local times they would in Slack."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.planner import plan_workspace
from bot.practice_calendar import zone
from bot.scheduler import Scheduler
from handlers.console.messenger import ConsoleMessenger

ONE_MINUTE = timedelta(minutes=1)


class ConsoleTicker:
    def __init__(self, scheduler: Scheduler, messenger: ConsoleMessenger, timezone: str) -> None:
        self.scheduler = scheduler
        self.messenger = messenger
        self.timezone = timezone

    def _stops(self, before: datetime, after: datetime) -> list[datetime]:
        stops: set[datetime] = set()
        with self.scheduler.uow() as uow:
            for workspace in uow.workspaces.list_all():
                members = uow.members.list_active(workspace.id)
                sources = uow.sources.listing(workspace.id)
                awaiting = uow.plans.awaiting_review(workspace.id)
                for due in plan_workspace(workspace, members, after, lookback=after - before,
                                          sources=sources, awaiting=awaiting):
                    stops.add(due.due_at)
        return sorted(stops)

    def __call__(self, before: datetime, after: datetime) -> list[str]:
        lines: list[str] = []
        for stop in [*self._stops(before, after), after]:
            self.scheduler.tick(stop)
            for printed in self.messenger.take():
                local = stop.astimezone(zone(self.timezone))
                lines.append(f"[{local:%a %b %d %H:%M}] {printed}")
        return lines
