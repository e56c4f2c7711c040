"""Scheduled deliveries in the terminal: DMs and team posts printed as they go out."""

from __future__ import annotations

import itertools
from datetime import datetime

from bot.delivery import Outgoing, Recipient
from handlers.console.render import render


class ConsoleMessenger:
    def __init__(self) -> None:
        self.printed: list[str] = []
        self._sent: dict[str, str] = {}
        self._ids = itertools.count(1)

    def send(self, outgoing: Outgoing, key: str) -> str:
        to = outgoing.to
        where = f"#{to.channel}" if to.channel else f"DM to {to.user_id}"
        chart = f"\n  [chart: team-outreach.png, {len(outgoing.chart):,} bytes]" \
            if outgoing.chart else ""
        self.printed.append(f"📬 [{where}] {render(outgoing.reply)}{chart}")
        message_id = f"console:{next(self._ids)}"
        self._sent[key] = message_id
        return message_id

    def find_sent(self, to: Recipient, key: str, since: datetime) -> str | None:
        return self._sent.get(key)

    def take(self) -> list[str]:
        printed, self.printed = self.printed, []
        return printed
