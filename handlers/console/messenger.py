"""Scheduled deliveries in the terminal: DMs and team posts printed as they go out; a team
post's chart is saved as a PNG under the exports folder, where the console saves files."""

from __future__ import annotations

import itertools
import re
from datetime import datetime
from pathlib import Path

from bot.delivery import Outgoing, Recipient
from handlers.console.render import render


class ConsoleMessenger:
    def __init__(self, exports: Path = Path("exports")) -> None:
        self.exports = exports
        self.printed: list[str] = []
        self._sent: dict[str, str] = {}
        self._ids = itertools.count(1)

    def send(self, outgoing: Outgoing, key: str) -> str:
        to = outgoing.to
        where = f"#{to.channel}" if to.channel else f"DM to {to.user_id}"
        printed = f"📬 [{where}] {render(outgoing.reply)}"
        if outgoing.chart:
            printed += "\n  " + self._save_chart(outgoing.chart, key)
        self.printed.append(printed)
        message_id = f"console:{next(self._ids)}"
        self._sent[key] = message_id
        return message_id

    def _save_chart(self, chart: bytes, key: str) -> str:
        """Named after the post's day (the key's last part, "team_post:w1:2026-12-04"); as on
        Slack, a chart that can't be delivered leaves the post standing."""
        day = re.sub(r"[^\w.-]", "", key.rpartition(":")[2]) or "post"
        path = self.exports / f"team-outreach-{day}.png"
        try:
            self.exports.mkdir(parents=True, exist_ok=True)
            path.write_bytes(chart)
        except OSError as error:
            return f"(the team chart could not be saved in {self.exports}: {error.strerror})"
        return f"📎 saved {path} (team chart, {len(chart):,} bytes)"

    def find_sent(self, to: Recipient, key: str, since: datetime) -> str | None:
        return self._sent.get(key)

    def take(self) -> list[str]:
        printed, self.printed = self.printed, []
        return printed
