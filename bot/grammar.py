"""The one `/outreach` grammar every surface shares: text in, a command value out.

Parsing never touches storage or the clock; anything that needs "today" or the catalog
(dates, activity types) is interpreted by the use case that runs the command.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import time

from bot.model import Role, Slot
from bot.practice_calendar import Period

MAX_COMMAND_CHARS = 2000


@dataclass(frozen=True)
class Help:
    topic: str | None = None


@dataclass(frozen=True)
class Commit:
    text: str


# A commitment reference is the member's own number (#3). `marked` says it was written with
# its "#": buttons made before per-member numbers carry a bare database id instead, and a
# click on one of those is told apart by that (see bot/usecases/commitments.py).


@dataclass(frozen=True)
class Done:
    ref: int | None
    note: str = ""
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Missed:
    ref: int | None
    note: str = ""
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Move:
    ref: int | None
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Cancel:
    ref: int | None
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Log:
    text: str


@dataclass(frozen=True)
class Edit:
    ref: int
    text: str
    marked: bool = field(default=False, compare=False)


@dataclass(frozen=True)
class Undo:
    pass


@dataclass(frozen=True)
class ListMine:
    include_closed: bool = False


@dataclass(frozen=True)
class ShowStreak:
    pass


@dataclass(frozen=True)
class Board:
    period: Period = Period.WEEK
    back: int = 0  # 1: the one before ("board last quarter")


@dataclass(frozen=True)
class Pause:
    until: str


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class SetMyTimezone:
    zone: str


@dataclass(frozen=True)
class SetQuietHours:
    start: time | None
    end: time | None


@dataclass(frozen=True)
class SetClinician:
    on: bool


@dataclass(frozen=True)
class SourcesList:
    everyone: bool = False


@dataclass(frozen=True)
class SourceAdd:
    name: str
    options: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class SourceEdit:
    ref: int
    options: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class SourceRetire:
    ref: int


@dataclass(frozen=True)
class ExportMine:
    pass


@dataclass(frozen=True)
class Forget:
    who: str | None
    confirmed: bool


@dataclass(frozen=True)
class AdminExport:
    what: str = "all"


@dataclass(frozen=True)
class AdminReferrals:
    ref: int
    month: str
    count: int


@dataclass(frozen=True)
class AdminOutcomes:
    pass


@dataclass(frozen=True)
class PlanStep:
    """`plan` alone (guided next step), or one field: niche, referrers, add, remove, update,
    submit."""

    field: str | None = None
    value: str = ""


@dataclass(frozen=True)
class AdminSharePlans:
    on: bool


@dataclass(frozen=True)
class AdminShow:
    pass


@dataclass(frozen=True)
class AdminGoal:
    points: int


@dataclass(frozen=True)
class AdminRhythm:
    slot: Slot
    weekday: int
    at: time


@dataclass(frozen=True)
class AdminDays:
    days: tuple[int, ...]


@dataclass(frozen=True)
class AdminTimezone:
    zone: str


@dataclass(frozen=True)
class AdminActivityList:
    pass


@dataclass(frozen=True)
class AdminActivityAdd:
    key: str
    points: int
    label: str


@dataclass(frozen=True)
class AdminActivityPoints:
    key: str
    points: int


@dataclass(frozen=True)
class AdminActivityRemove:
    key: str


@dataclass(frozen=True)
class AdminReport:
    period: Period = Period.WEEK
    back: int = 0


@dataclass(frozen=True)
class AdminChannel:
    channel: str | None


@dataclass(frozen=True)
class AdminClosed:
    """`admin closed` (the list), `admin closed dec 24-jan 1`, `admin closed remove 2`."""

    text: str = ""


@dataclass(frozen=True)
class AdminHolidays:
    code: str | None  # None: no public-holiday calendar


@dataclass(frozen=True)
class AdminRole:
    who: str
    role: Role


@dataclass(frozen=True)
class ParseError:
    message: str
    usage: str


Command = (
    Help | Commit | Done | Missed | Move | Cancel | Log | Edit | Undo | ListMine | ShowStreak
    | Board | Pause | Resume | SetMyTimezone | SetQuietHours | SetClinician | SourcesList
    | SourceAdd | SourceEdit | SourceRetire | ExportMine | Forget | AdminExport | AdminShow
    | AdminGoal | AdminRhythm
    | AdminDays | AdminTimezone | AdminReferrals | AdminOutcomes | PlanStep | AdminSharePlans
    | AdminActivityList | AdminActivityAdd | AdminActivityPoints | AdminActivityRemove
    | AdminReport | AdminRole | AdminChannel | AdminClosed | AdminHolidays
)

USAGE: dict[str, str] = {
    "commit": "/outreach commit <what> [day] [at <where>] [type:<activity>] — or "
              "\"When <day/place>, I will <what>\"",
    "done": "/outreach done [#number] [how it went]",
    "missed": "/outreach missed [#number] [what got in the way]",
    "move": "/outreach move [#number] — moves it to next week",
    "cancel": "/outreach cancel #number",
    "log": "/outreach log <what you did> [day]",
    "edit": "/outreach edit #number [day] [type:<activity>] [new words] — e.g. edit #2 fri",
    "undo": "/outreach undo — takes back your last change, for 5 minutes",
    "list": "/outreach list [all]",
    "streak": "/outreach streak",
    "board": "/outreach board [week|month|quarter] — or last week, last month, last quarter",
    "pause": "/outreach pause until <day> — or /outreach pause 2 weeks",
    "resume": "/outreach resume",
    "timezone": "/outreach timezone <Area/City>, e.g. America/Chicago",
    "quiet": "/outreach quiet 19:00-08:00 — no nudges then; /outreach quiet off",
    "me": "/outreach me clinician on|off — whether the weekly clinician nudges come to you",
    "sources": "/outreach sources [all] | sources add <name> [kind:physician|pediatrician|school|"
               "clergy|community|other] [tier:A|B|C] [cadence:<days>] | sources edit #<n> "
               "[name:<name>] [kind:…] [tier:…] [cadence:…] [owner:<person>] "
               "[alias:<another name>|alias:none] | "
               "sources retire #<n>",
    "admin": "/outreach admin [goal <points> | rhythm <kickoff|checkin|wrapup|teampost> <day> "
             "<HH:MM> | days mon-fri | timezone <Area/City> | activity [list|add <key> <points> "
             "<label>|points <key> <points>|remove <key>] | report [week|month|quarter] | "
             "role <name> admin|member | channel <#channel>|off | export "
             "[all|commitments|log|outcomes] | forget <name> | referrals #<source> [month] "
             "<count> | outcomes | plans on|off | closed [dec 24-jan 1 | remove <n>] | "
             "holidays <US|off>]",
    "plan": "/outreach plan — your quarterly Community Connection Plan, step by step: plan "
            "niche <who you help best> | plan referrers <who sends them> | plan add <activity> "
            "| plan remove <n> | plan update <what happened last quarter> | plan submit",
    "export": "/outreach export — your commitments and history as CSV files",
    "report": "/outreach report [week|month|quarter|last quarter] — the owner's accountability "
              "report",
    "forget": "/outreach forget me — delete all your data (asks first)",
    "help": "/outreach help [subcommand]",
}

_ALIASES: dict[str, str] = {
    "commit": "commit", "c": "commit", "add": "commit", "new": "commit", "will": "commit",
    "done": "done", "did": "done", "complete": "done", "completed": "done", "kept": "done",
    "missed": "missed", "miss": "missed", "skip": "missed", "didnt": "missed",
    "move": "move", "postpone": "move", "later": "move", "snooze": "move",
    "cancel": "cancel", "drop": "cancel", "delete": "cancel",
    "log": "log", "logged": "log", "record": "log",
    "edit": "edit", "change": "edit", "fix": "edit", "undo": "undo", "oops": "undo",
    "list": "list", "ls": "list", "mine": "list", "my": "list", "week": "list",
    "streak": "streak", "streaks": "streak",
    "board": "board", "leaderboard": "board", "team": "board", "scores": "board",
    "pause": "pause", "vacation": "pause", "away": "pause",
    "resume": "resume", "unpause": "resume", "back": "resume",
    "timezone": "timezone", "tz": "timezone",
    "quiet": "quiet", "quiet-hours": "quiet", "dnd": "quiet",
    "sources": "sources", "source": "sources", "referrers": "sources",
    "export": "export", "download": "export", "forget": "forget",
    "plan": "plan", "ccp": "plan", "report": "report", "me": "me",
    "admin": "admin", "settings": "admin",
    "help": "help", "?": "help", "h": "help",
}
# Said to ShowUp as to a person: a greeting gets the help; an acknowledgement ("thanks",
# "ok", 👍) in a conversation gets no answer, or pleasantries would never end.
_GREETING = re.compile(
    r"(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|menu)"
    r"(?:\s+(?:there|showup|bot))?[\s!.?]*", re.IGNORECASE)
_ACKNOWLEDGEMENT = re.compile(
    r"(?:thanks?(?: you| u)?|thx|ty|ok(?:ay)?|k|kk|cool|great|got it|will do|sounds good|"
    r"perfect|nice|:[a-z0-9_+-]{1,40}:|[\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\s]+)"
    r"[\s!.]*", re.IGNORECASE)


def is_acknowledgement(text: str) -> bool:
    """Whether a message to ShowUp is only a thank-you or an OK (nothing to answer)."""
    return bool(_ACKNOWLEDGEMENT.fullmatch(text.strip()))


# A bare word that opens a form where a surface has one (a Slack modal); elsewhere the
# commitment word asks for its usage and "plan" walks the plan step by step.
_FORM_WORDS = {"commit": "commit", "c": "commit", "add": "commit", "new": "commit",
               "plan": "plan", "ccp": "plan"}


def form_for(text: str) -> str | None:
    """"commit" or "plan" when the words are a bare word that opens that form, else None.
    Every surface asks here, so a word opens the same form from a command, a button or a
    message."""
    return _FORM_WORDS.get(_COMMAND_PREFIX.sub("", text.strip(), count=1).strip().lower())


def without_forms(text: str) -> str:
    """The words to run on a surface that cannot open the commitment form."""
    return "help commit" if form_for(text) == "commit" else text


_DIDNT_HAPPEN = re.compile(r"^(?:didn[’']?t|did\s+not)\s+happen\b", re.IGNORECASE)
_COMMAND_PREFIX = re.compile(r"^/?outreach\b", re.IGNORECASE)
_REF = re.compile(r"^#?(\d{1,9})$")
_WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4, "sat": 5,
    "saturday": 5, "sun": 6, "sunday": 6,
}
_SLOTS = {
    "kickoff": Slot.KICKOFF, "kick-off": Slot.KICKOFF, "monday": Slot.KICKOFF,
    "checkin": Slot.CHECKIN, "check-in": Slot.CHECKIN, "midweek": Slot.CHECKIN,
    "mid-week": Slot.CHECKIN, "wrapup": Slot.WRAPUP, "wrap-up": Slot.WRAPUP,
    "teampost": Slot.TEAM_POST, "team-post": Slot.TEAM_POST, "post": Slot.TEAM_POST,
    "channel": Slot.TEAM_POST, "board": Slot.TEAM_POST,
}
_PERIODS = {p.value: p for p in Period} | {"q": Period.QUARTER}


def clean(text: str) -> str:
    """Text as a person meant it: control characters gone, whitespace runs folded."""
    normalised = unicodedata.normalize("NFC", text)
    visible = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in normalised)
    return " ".join(visible.split())


def parse(text: str) -> Command | ParseError:
    """Turn what a member typed after `/outreach` into a command, or say what was wrong."""
    if len(text) > MAX_COMMAND_CHARS:
        return too_long(len(text))
    line = _COMMAND_PREFIX.sub("", clean(text), count=1).strip()
    if not line or _GREETING.fullmatch(line):
        return Help()
    if _DIDNT_HAPPEN.match(line):
        return _parse_missed(_DIDNT_HAPPEN.sub("", line, count=1).strip())
    if re.match(r"^(?:when|if)\b", line, re.IGNORECASE):
        return Commit(line)
    head, _, rest = line.partition(" ")
    name = _ALIASES.get(head.lower().rstrip(":").replace("’", "").replace("'", ""))
    if name is None:
        return ParseError(
            f"I don't know “{_shorten(head)}”. Try one of: {', '.join(USAGE)}.",
            USAGE["help"],
        )
    return _PARSERS[name](rest.strip())


def too_long(length: int) -> ParseError:
    """What is said to words over MAX_COMMAND_CHARS (also when they were never stored)."""
    return ParseError(f"That's {length:,} characters — please keep it under "
                      f"{MAX_COMMAND_CHARS:,}.", USAGE["help"])


def _shorten(word: str, limit: int = 24) -> str:
    return word if len(word) <= limit else word[: limit - 1] + "…"


def _parse_help(rest: str) -> Command | ParseError:
    topic = rest.split(" ")[0].lower() if rest else None
    return Help(_ALIASES.get(topic, topic) if topic else None)


def _parse_commit(rest: str) -> Command | ParseError:
    if not rest:
        return ParseError("Tell me what you'll do, and when.", USAGE["commit"])
    return Commit(rest)


def _ref_and_note(rest: str) -> tuple[int | None, str, bool] | None:
    head, _, tail = rest.partition(" ")
    match = _REF.match(head)
    if match:
        return int(match.group(1)), tail.strip(), head.startswith("#")
    if head.startswith("#"):
        return None
    return None, rest, False


def _parse_done(rest: str) -> Command | ParseError:
    parsed = _ref_and_note(rest)
    if parsed is None:
        return ParseError("Commitment numbers look like #12.", USAGE["done"])
    return Done(*parsed)


def _parse_missed(rest: str) -> Command | ParseError:
    parsed = _ref_and_note(rest)
    if parsed is None:
        return ParseError("Commitment numbers look like #12.", USAGE["missed"])
    return Missed(*parsed)


def _parse_single_ref(rest: str, usage: str) -> tuple[int, bool] | ParseError | None:
    if not rest:
        return None
    head = rest.split(" ")[0]
    match = _REF.match(head)
    if match is None:
        return ParseError("Commitment numbers look like #12.", usage)
    return int(match.group(1)), head.startswith("#")


def _parse_move(rest: str) -> Command | ParseError:
    ref = _parse_single_ref(rest, USAGE["move"])
    if isinstance(ref, ParseError):
        return ref
    return Move(*ref) if ref else Move(None)


def _parse_cancel(rest: str) -> Command | ParseError:
    ref = _parse_single_ref(rest, USAGE["cancel"])
    if ref is None:
        return ParseError("Which one? Give its number.", USAGE["cancel"])
    return ref if isinstance(ref, ParseError) else Cancel(*ref)


def _parse_log(rest: str) -> Command | ParseError:
    if not rest:
        return ParseError("Tell me what you did.", USAGE["log"])
    return Log(rest)


def _parse_edit(rest: str) -> Command | ParseError:
    head, _, tail = rest.partition(" ")
    match = _REF.match(head)
    if match is None:
        return ParseError("Say which one by its number, then what changes.", USAGE["edit"])
    if not tail.strip():
        return ParseError("Say what changes: a day, a type or new words.", USAGE["edit"])
    return Edit(int(match.group(1)), tail.strip(), head.startswith("#"))


def _parse_undo(rest: str) -> Command | ParseError:
    return Undo()


def _parse_list(rest: str) -> Command | ParseError:
    word = rest.lower()
    if word in ("", "open", "week", "this week", "mine"):
        return ListMine(False)
    if word in ("all", "history", "everything"):
        return ListMine(True)
    return ParseError(f"I can list open commitments or all of them, not “{_shorten(rest)}”.",
                      USAGE["list"])


def _parse_streak(rest: str) -> Command | ParseError:
    return ShowStreak()


def _parse_period(rest: str, usage: str) -> tuple[Period, int] | ParseError:
    """"quarter" → (quarter, 0); "last quarter" → (quarter, 1): the one that has closed."""
    words = rest.lower().split()
    back = 0
    if words and words[0] in ("last", "previous", "prev"):
        back, words = 1, words[1:]
        if not words:
            words = ["week"]
    elif words and words[0] == "this":
        words = words[1:]
    if not words:
        return Period.WEEK, back
    period = _PERIODS.get(" ".join(words))
    if period is None:
        return ParseError(f"Choose week, month or quarter (or last week, last month, last "
                          f"quarter), not “{_shorten(rest)}”.", usage)
    return period, back


def _parse_board(rest: str) -> Command | ParseError:
    period = _parse_period(rest, USAGE["board"])
    return period if isinstance(period, ParseError) else Board(*period)


def _parse_pause(rest: str) -> Command | ParseError:
    until = re.sub(r"^(?:until|till|til|through|thru|to|for)(?:\s+|$)", "", rest,
                   flags=re.IGNORECASE)
    if not until:
        return ParseError("Until when?", USAGE["pause"])
    return Pause(until)


def _parse_resume(rest: str) -> Command | ParseError:
    return Resume()


def _parse_timezone(rest: str) -> Command | ParseError:
    if not rest or " " in rest:
        return ParseError("Give one IANA zone name.", USAGE["timezone"])
    return SetMyTimezone(rest)


_OPTION = re.compile(r"(?:^|\s)(name|kind|tier|cadence|owner|alias):\s*"
                     r"(<@[^<>]{1,190}>|\"[^\"]*\"|\S+)", re.IGNORECASE)


def _options(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Split `key:value` options (values may be "quoted") from the free text around them."""
    found = tuple((m.group(1).lower(), m.group(2).strip('"')) for m in _OPTION.finditer(text))
    return _OPTION.sub(" ", text).strip(), found


def _parse_sources(rest: str) -> Command | ParseError:
    usage = USAGE["sources"]
    verb, _, tail = rest.partition(" ")
    verb, tail = verb.lower(), tail.strip()
    if verb in ("", "mine", "list"):
        return SourcesList(everyone=tail.lower() == "all")
    if verb == "all":
        return SourcesList(everyone=True)
    if verb == "add":
        name, options = _options(tail)
        if not re.search(r"\w\w", name):
            return ParseError("Name the organisation or person who refers, e.g. "
                              "“Sunrise Pediatrics”.", usage)
        return SourceAdd(name, options)
    if verb in ("edit", "retire", "remove"):
        head, _, remainder = tail.partition(" ")
        match = _REF.match(head)
        if match is None:
            return ParseError("Sources are numbered like #3 — /outreach sources lists them.",
                              usage)
        if verb != "edit":
            return SourceRetire(int(match.group(1)))
        leftover, options = _options(remainder)
        if not options or leftover:
            return ParseError("Say what to change, e.g. tier:A cadence:30.", usage)
        return SourceEdit(int(match.group(1)), options)
    return ParseError(f"Sources can be listed, added, edited or retired, not "
                      f"“{_shorten(verb)}”.", usage)


def _parse_referrals(tail: str, usage: str) -> Command | ParseError:
    words = tail.split()
    match = _REF.match(words[0]) if words else None
    if match is None or len(words) < 2 or not re.fullmatch(r"\d{1,4}", words[-1]):
        return ParseError("Record a month's total like: admin referrals #3 nov 4.", usage)
    count = int(words[-1])
    if count > 1000:
        return ParseError("That's more referrals than one source sends in a month.", usage)
    return AdminReferrals(int(match.group(1)), " ".join(words[1:-1]), count)


_PLAN_FIELDS = {"niche": "niche", "referrers": "referrers", "referrer": "referrers",
                "add": "add", "activity": "add", "remove": "remove", "drop": "remove",
                "update": "update", "review": "update", "submit": "submit", "share": "submit",
                "done": "submit", "show": None}


def _parse_plan(rest: str) -> Command | ParseError:
    head, _, tail = rest.partition(" ")
    if not head:
        return PlanStep()
    if head.lower() not in _PLAN_FIELDS:
        return ParseError(f"A plan has a niche, referrers and activities — not "
                          f"“{_shorten(head)}”.", USAGE["plan"])
    field, value = _PLAN_FIELDS[head.lower()], tail.strip()
    if field in ("niche", "referrers", "add", "update") and not re.search(r"\w\w", value):
        return ParseError("Say a little more.", USAGE["plan"])
    if field == "remove" and not _REF.match(value):
        return ParseError("Say which activity by its number, e.g. plan remove 2.", USAGE["plan"])
    return PlanStep(field, value)


def _confirmed(text: str) -> tuple[str, bool]:
    words = text.split()
    if words and words[-1].lower() == "confirm":
        return " ".join(words[:-1]), True
    return text.strip(), False


def _parse_report(rest: str) -> Command | ParseError:
    period = _parse_period(rest, USAGE["report"])
    return period if isinstance(period, ParseError) else AdminReport(*period)


def _parse_export(rest: str) -> Command | ParseError:
    return ExportMine()


def _parse_forget(rest: str) -> Command | ParseError:
    who, confirmed = _confirmed(rest)
    if who.lower() != "me":
        return ParseError("To delete your own data: /outreach forget me. Admins delete "
                          "someone else's with /outreach admin forget <name>.", USAGE["forget"])
    return Forget(None, confirmed)


def _parse_quiet(rest: str) -> Command | ParseError:
    if rest.lower() in ("off", "none", "clear"):
        return SetQuietHours(None, None)
    first, dash, last = rest.replace("–", "-").replace(" to ", "-").partition("-")
    start, end = parse_clock_time(first), parse_clock_time(last)
    if not dash or start is None or end is None or start == end:
        return ParseError("Quiet hours look like 19:00-08:00.", USAGE["quiet"])
    return SetQuietHours(start, end)


def _parse_me(rest: str) -> Command | ParseError:
    words = rest.lower().split()
    if len(words) == 2 and words[0] == "clinician" and words[1] in ("on", "off"):
        return SetClinician(words[1] == "on")
    return ParseError("Say /outreach me clinician on, or off.", USAGE["me"])


def parse_clock_time(text: str) -> time | None:
    """"9", "9:30", "09:00", "3pm", "3:15 pm" → a wall-clock time."""
    match = re.fullmatch(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm)?", text.strip().lower())
    if match is None:
        return None
    hour, minute, half = int(match.group(1)), int(match.group(2) or 0), match.group(3)
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


def parse_weekdays(text: str) -> tuple[int, ...] | None:
    """"mon-fri", "mon,tue,thu", "mon tue wed" → sorted weekday numbers."""
    days: set[int] = set()
    for part in re.split(r"[,\s]+", text.lower().strip()):
        if not part:
            continue
        first, dash, last = part.partition("-")
        if first not in _WEEKDAYS or (dash and last not in _WEEKDAYS):
            return None
        start, end = _WEEKDAYS[first], _WEEKDAYS[last] if dash else _WEEKDAYS[first]
        span = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
        days.update(span)
    return tuple(sorted(days)) or None


def _parse_admin(rest: str) -> Command | ParseError:
    usage = USAGE["admin"]
    head, _, tail = rest.partition(" ")
    head, tail = head.lower(), tail.strip()
    if head in ("", "show", "settings"):
        return AdminShow()
    if head == "goal":
        points = _positive_int(tail)
        if points is None:
            return ParseError("The team goal is a whole number of points, like 150.", usage)
        return AdminGoal(points)
    if head in ("rhythm", "time", "schedule"):
        return _parse_rhythm(tail, usage)
    if head in ("days", "workdays", "working-days"):
        days = parse_weekdays(tail)
        if days is None:
            return ParseError("Working days look like mon-fri or mon,tue,thu.", usage)
        return AdminDays(days)
    if head in ("timezone", "tz"):
        if not tail or " " in tail:
            return ParseError("Give one IANA zone name, like America/Chicago.", usage)
        return AdminTimezone(tail)
    if head in ("activity", "activities", "catalog"):
        return _parse_activity(tail, usage)
    if head == "report":
        period = _parse_period(tail, usage)
        return period if isinstance(period, ParseError) else AdminReport(*period)
    if head in ("role", "promote", "demote"):
        return _parse_role(head, tail, usage)
    if head in ("channel", "leaderboard"):
        return _parse_channel(tail, usage)
    if head in ("referrals", "referral", "outcome"):
        return _parse_referrals(tail, usage)
    if head in ("outcomes", "results"):
        return AdminOutcomes()
    if head in ("closed", "closure", "closures", "close"):
        return AdminClosed(tail)
    if head in ("holidays", "holiday"):
        if tail.lower() in ("off", "none"):
            return AdminHolidays(None)
        if not re.fullmatch(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,4})?", tail):
            return ParseError("Say a country's code, like US or GB-SCT, or off.", usage)
        return AdminHolidays(tail)
    if head in ("plans", "share-plans"):
        if tail.lower() not in ("on", "off"):
            return ParseError("Sharing plans in the team channel is on or off.", usage)
        return AdminSharePlans(tail.lower() == "on")
    if head == "export":
        what = tail.lower() or "all"
        if what not in ("all", "commitments", "log", "outcomes"):
            return ParseError("Export all, commitments, log or outcomes.", usage)
        return AdminExport(what)
    if head in ("forget", "delete-member"):
        who, confirmed = _confirmed(tail)
        if not who:
            return ParseError("Say whose data to delete.", usage)
        return Forget(who.lstrip("@"), confirmed)
    return ParseError(f"There's no admin setting “{_shorten(head)}”.", usage)


def _positive_int(text: str, limit: int = 100_000) -> int | None:
    if not re.fullmatch(r"\d{1,6}", text.strip()):
        return None
    value = int(text)
    return value if 0 < value <= limit else None


def _parse_rhythm(tail: str, usage: str) -> Command | ParseError:
    parts = tail.split(" ")
    if len(parts) < 3 or parts[0].lower() not in _SLOTS:
        return ParseError("Say which beat, the day and the time, e.g. rhythm kickoff mon 09:00.",
                          usage)
    weekday = _WEEKDAYS.get(parts[1].lower())
    at = parse_clock_time(" ".join(parts[2:]))
    if weekday is None or at is None:
        return ParseError("Use a weekday name and a time like 09:00 or 3pm.", usage)
    return AdminRhythm(_SLOTS[parts[0].lower()], weekday, at)


def _parse_activity(tail: str, usage: str) -> Command | ParseError:
    verb, _, rest = tail.partition(" ")
    verb, rest = verb.lower(), rest.strip()
    if verb in ("", "list"):
        return AdminActivityList()
    if verb == "add":
        parts = rest.split(" ", 2)
        points = _positive_int(parts[1], 100) if len(parts) > 1 else None
        if len(parts) < 3 or points is None:
            return ParseError("Adding needs a key, points (1–100) and a label.", usage)
        return AdminActivityAdd(parts[0].lower(), points, parts[2])
    if verb == "points":
        parts = rest.split(" ")
        points = _positive_int(parts[1], 100) if len(parts) == 2 else None
        if points is None:
            return ParseError("Say the activity key and its new points (1–100).", usage)
        return AdminActivityPoints(parts[0].lower(), points)
    if verb in ("remove", "retire", "delete"):
        if not rest or " " in rest:
            return ParseError("Say which activity key to retire.", usage)
        return AdminActivityRemove(rest.lower())
    return ParseError(f"Activities can be listed, added, re-pointed or removed, not "
                      f"“{_shorten(verb)}”.", usage)


def _parse_channel(tail: str, usage: str) -> Command | ParseError:
    if tail.lower() in ("off", "none"):
        return AdminChannel(None)
    channel = tail.lstrip("#")
    if not re.fullmatch(r"[\w.-]{1,80}", channel):
        return ParseError("Pick the channel for the weekly team post, e.g. #outreach.", usage)
    return AdminChannel(channel)


def _parse_role(head: str, tail: str, usage: str) -> Command | ParseError:
    if head == "promote":
        who, role_word = tail, "admin"
    elif head == "demote":
        who, role_word = tail, "member"
    else:
        who, _, role_word = tail.rpartition(" ")
    role = {"admin": Role.ADMIN, "member": Role.MEMBER}.get(role_word.lower())
    if not who.strip() or role is None:
        return ParseError("Say who, then admin or member.", usage)
    return AdminRole(who.strip().lstrip("@"), role)


_PARSERS = {
    "help": _parse_help, "commit": _parse_commit, "done": _parse_done, "missed": _parse_missed,
    "move": _parse_move, "cancel": _parse_cancel, "log": _parse_log, "list": _parse_list,
    "edit": _parse_edit, "undo": _parse_undo,
    "streak": _parse_streak, "board": _parse_board, "pause": _parse_pause,
    "resume": _parse_resume, "timezone": _parse_timezone, "admin": _parse_admin,
    "quiet": _parse_quiet, "sources": _parse_sources, "export": _parse_export,
    "forget": _parse_forget, "plan": _parse_plan, "report": _parse_report, "me": _parse_me,
}
