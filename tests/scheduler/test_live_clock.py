"""The clock inside running processes: `serve` and `worker` tick on their own (APScheduler)
and a nudge that has just come due reaches the fake Slack without anyone calling `tick`."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.model import Slot, SlotTime
from storage.db import make_engine
from storage.migrate import upgrade
from storage.uow import uow_factory
from tests.fakes.slack_api import FakeSlack
from tests.scheduler.conftest import seed
from tests.slack.conftest import start_bot, stop_bot

NEW_YORK = "America/New_York"


def a_checkin_due_a_minute_ago(tmp_path: Path) -> str:
    engine = make_engine(f"sqlite:///{tmp_path}/showup.db")
    upgrade(engine)
    workspace_id = seed(engine, "T0001", [("U0ALEX", NEW_YORK)])
    slot = datetime.now(UTC).astimezone(ZoneInfo(NEW_YORK)) - timedelta(minutes=1)
    with uow_factory(engine)() as uow:
        rhythm = dict(uow.workspaces.get(workspace_id).rhythm)  # type: ignore[union-attr]
        rhythm[Slot.CHECKIN] = SlotTime(slot.weekday(), slot.time().replace(second=0,
                                                                            microsecond=0))
        uow.workspaces.update(workspace_id, rhythm=rhythm, working_days=tuple(range(7)))
        uow.commit()
    engine.dispose()
    return f"checkin:1:{slot.date().isoformat()}"


@pytest.mark.parametrize("command", [("serve",), ("worker",)])
def test_a_running_process_sends_what_came_due(tmp_path: Path, fake_slack: FakeSlack,
                                               command: tuple[str, ...]) -> None:
    key = a_checkin_due_a_minute_ago(tmp_path)
    running = start_bot(tmp_path, fake_slack, command=command, at=None, TICK_SECONDS="1",
                        SCHEDULER_ENABLED="true",
                        ready=(lambda _: True) if command == ("worker",) else None)
    try:
        deadline = time.monotonic() + 20
        while key not in fake_slack.delivered_keys() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert fake_slack.delivered_keys().count(key) == 1
    finally:
        stop_bot(running)
