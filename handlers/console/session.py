"""One console conversation: who is typing, what time it is, and the bot's answers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, time, timedelta
from pathlib import Path

from bot.clock import MovableClock
from bot.coach import Coach
from bot.dates import parse_day
from bot.grammar import parse_clock_time, parse_weekdays
from bot.messages import Actor
from bot.model import Platform
from bot.practice_calendar import zone
from handlers.console.render import render

TEAM_ID = "console"
TEAM_NAME = "Console practice"
OWNER_NAME = "owner"
TEAM_CHANNEL = "team"

CONSOLE_HELP = """Console commands (everything else goes to /outreach):
  :as <name>      speak as another clinician (created on first use)
  :admin          speak as the practice owner
  :who            who you are speaking as
  :clock          show the simulated time
  :clock +3d      move it forward (m, h, d, w); :clock tomorrow 9:00, :clock fri 15:00
                  (the next Friday at 15:00), :clock next friday 15:00, :clock 15:00 (the
                  next time it is 15:00) or :clock 2026-12-04 15:00
  :help           this list      :quit  leave
Try: commit visit Sunrise Pediatrics thu"""

# "@bob" in the console is the colleague the console knows as bob (a mention on Slack).
_AT_NAME = re.compile(r"(?<![^\s:])@([A-Za-z][\w.-]{0,39})")
_DELTA = re.compile(r"^([+-])\s*(\d{1,4})\s*([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}

ClockListener = Callable[[datetime, datetime], list[str]]


class ConsoleSession:
    def __init__(self, coach: Coach, clock: MovableClock, practice_timezone: str,
                 member: str, exports: Path = Path("exports")) -> None:
        self.coach = coach
        self.clock = clock
        self.timezone = practice_timezone
        self.member = _tidy_name(member) or "me"
        self.clock_listeners: list[ClockListener] = []
        self.exports = exports
        self.done = False
        # Starts the dashboard's server the first time a link is printed; a line when it
        # can't (launch.py).
        self.serve_dashboard: Callable[[], str | None] | None = None

    def actor(self) -> Actor:
        return Actor(platform=Platform.CONSOLE, team_id=TEAM_ID, team_name=TEAM_NAME,
                     user_id=self.member.lower(), display_name=self.member)

    def start(self) -> str:
        """Make sure the practice owner exists, so `:admin` has someone to be."""
        speaking = self.member
        self.member = OWNER_NAME
        if self.coach.workspace(self.actor(), self.clock.now()).leaderboard_channel is None:
            self.coach.handle(self.actor(), f"admin channel {TEAM_CHANNEL}", self.clock.now())
        self.member = speaking
        return (f"ShowUp console — practice time {self.local_now():%a %b %d %H:%M} "
                f"({self.timezone}). You are {self.member}. Type :help for help.")

    def local_now(self) -> datetime:
        return self.clock.now().astimezone(zone(self.timezone))

    def handle(self, line: str) -> str:
        line = line.strip()
        if not line:
            return ""
        if line.startswith(":"):
            return self._meta(line[1:].strip())
        line = _AT_NAME.sub(lambda m: f"<@{m.group(1).lower()}|{m.group(1)}>", line)
        answer = self.coach.handle(self.actor(), line, self.clock.now())
        reply = render(answer, self.exports)
        if answer.links and self.serve_dashboard is not None:
            trouble = self.serve_dashboard()
            reply += f"\n{trouble}" if trouble else ""
        now = self.clock.now()
        # The running app ticks every minute; here, right after each command, so anything
        # it made due now (a shared plan, say) goes out as it would.
        sent = [printed for listener in self.clock_listeners for printed in listener(now, now)]
        return "\n".join([reply, *sent])

    def _meta(self, line: str) -> str:
        word, _, rest = line.partition(" ")
        word, rest = word.lower(), rest.strip()
        if word in ("q", "quit", "exit"):
            self.done = True
            return "Bye — see you next week."
        if word == "as":
            name = _tidy_name(rest)
            if not name:
                return "Usage: :as <name> (letters, digits, . _ -)"
            self.member = name
            return f"You are now {name}."
        if word == "admin":
            self.member = OWNER_NAME
            return "You are now the practice owner."
        if word == "who":
            return f"You are {self.member}."
        if word == "clock":
            return self._clock(rest)
        if word in ("help", "h", "?"):
            return CONSOLE_HELP
        return f"Unknown console command :{word[:20]} — type :help."

    def _clock(self, spec: str) -> str:
        before = self.clock.now()
        if spec:
            target = clock_target(spec, before, self.timezone)
            if target is None:
                return ("Usage: :clock +3d | :clock tomorrow 9:00 | :clock next fri 15:00 | "
                        ":clock 15:00 | :clock 2026-12-04 15:00")
            if target < before:
                return "The clock only moves forward (nudges already sent stay sent)."
            self.clock.move_to(target)
        lines: list[str] = []
        for listener in self.clock_listeners:
            lines.extend(listener(before, self.clock.now()))
        lines.append(f"🕘 It is now {self.local_now():%a %b %d %Y %H:%M} ({self.timezone}).")
        return "\n".join(lines)


def clock_target(spec: str, now: datetime, timezone: str) -> datetime | None:
    """Where `:clock <spec>` moves the clock, read from `now` in the practice's zone: "+3d",
    "15:00" (the next time the clock reads that), "tomorrow 9:00", "next friday 15:00",
    "fri 3pm" (the next Friday whose 3pm is still to come), "2026-12-04 15:00"."""
    delta = _DELTA.match(spec.replace(" ", ""))
    if delta:
        sign = 1 if delta.group(1) == "+" else -1
        return now + timedelta(**{_UNITS[delta.group(3)]: sign * int(delta.group(2))})
    tz = zone(timezone)
    today = now.astimezone(tz).date()
    only_time = parse_clock_time(spec)
    if only_time is not None:
        at_today = datetime.combine(today, only_time, tzinfo=tz)
        return at_today if at_today >= now else at_today + timedelta(days=1)
    day_text, _, time_text = spec.rpartition(" ")
    at = parse_clock_time(time_text) if day_text else None
    if at is None:
        day_text, at = spec, time(0, 0)
    day = parse_day(day_text, today)
    if day is None:
        return None
    target = datetime.combine(day, at, tzinfo=tz)
    if target < now and _is_weekday_name(day_text):
        target += timedelta(days=7)  # "fri 15:00" said on a Friday evening: next Friday
    return target


def _is_weekday_name(text: str) -> bool:
    weekdays = parse_weekdays(text) if re.fullmatch(r"[A-Za-z]+", text.strip()) else None
    return weekdays is not None and len(weekdays) == 1


def _tidy_name(name: str) -> str:
    cleaned = re.sub(r"[^\w.\-]", "", name.strip())[:40]
    return cleaned
