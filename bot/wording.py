"""What the nudges say: short, warm, varied. Each kind has several wordings, rotated by
the delivery key so a member does not read the same line two weeks running."""

from __future__ import annotations

import hashlib

KICKOFF = (
    "Good morning, {name}! What will you do this week to get in front of people? "
    "When and where will you do it?",
    "New week, {name}. Who could use hearing from you — a pediatrician, a school counselor, "
    "a pastor? Pick one: when and where will you reach out?",
    "Hi {name} — one piece of outreach this week keeps the habit alive. What will it be, and "
    "when will you do it?",
    "{name}, quick plan for the week: which referral source will you see, and on what day?",
)
KICKOFF_UNDER_WAY = (
    "Good morning, {name}! Your week is already under way:",
    "New week, {name}, and you've got outreach lined up already:",
    "Hi {name} — this week is off to a start:",
)
CHECKIN_OPEN = (
    "Midweek check-in, {name}: here's what you planned. Still on?",
    "Halfway through the week, {name}. Your plan so far:",
    "Hi {name} — a gentle nudge on this week's outreach:",
)
CHECKIN_NONE = (
    "Midweek, {name}, and nothing planned yet — there's still time. When and where could you "
    "drop in on someone this week?",
    "Hi {name}! No outreach on the calendar this week yet. One visit or one call counts. "
    "What's the easiest one you could do before Friday?",
    "{name}, a small one counts: a follow-up note to a referrer, a quick visit. When will you "
    "fit it in this week?",
)
WRAPUP = (
    "Wrap-up time, {name}. How did this week's outreach go?",
    "End of the week, {name} — mark what happened, and jot how it went if you like:",
    "Friday check, {name}: tap what happened with each one.",
)
WRAPUP_NONE = (
    "Week's end, {name}. Did you get in front of anyone this week that you didn't plan? "
    "Log it — it counts.",
    "Hi {name} — any outreach this week you haven't recorded yet? /outreach log it.",
    "{name}, if a conversation with a referrer happened this week, log it so the team sees it.",
)
STREAK_KEPT = (
    "🔥 Streak kept: {weeks}. Showing up week after week is how practices grow.",
    "🔥 {weeks} in a row. Nicely done — the referrers are getting to know you.",
    "🔥 That's {weeks} straight. Keep it rolling this week.",
)
STREAK_FROZEN = (
    "🧊 Last week was quiet, so your freeze covered it — your streak of {weeks} is safe. "
    "One piece of outreach this week keeps it going.",
    "🧊 Freeze used for last week; the streak ({weeks}) lives on. What's this week's move?",
    "🧊 Your quarterly freeze kept your {streak} alive. Let's make this week count.",
)
STREAK_MISSED = (
    "Last week slipped by — it happens to everyone. This week is a fresh start: one small "
    "step gets you going again.",
    "No outreach last week, and that's okay. The best time to restart is now. What's one "
    "easy visit or note you could do this week?",
    "A quiet week last week. Never mind the streak — what matters is the next step. What "
    "will it be?",
)
STREAK_COMEBACK = (
    "💪 Welcome back! Last week you restarted your streak — comebacks are the hardest part.",
    "💪 You came back last week. That matters more than any streak number.",
    "💪 Back on track! Returning after a miss is exactly the habit that grows a practice.",
)
MILESTONE = "🏅 Milestone: {weeks}!"
PLAN_PROMPT = (
    "🗺 New quarter, {name}! Time for your Community Connection Plan: your niche, the "
    "referrers who send those clients, and 4–6 activities for the next three months.",
    "🗺 A fresh quarter is under way, {name}. What niche will you focus on, and which "
    "referrers will you get in front of?",
    "🗺 Quarter kickoff, {name}: write down your niche, your referrers and 4–6 activities — "
    "plans written down get done.",
)
SOURCE_OVERDUE = (
    "⏰ {since} (tier {tier}, every {cadence} days). When could you drop by or send a note?",
    "⏰ {since}. A short visit or a thank-you note keeps the door open — when will you do it?",
    "⏰ Time to reconnect: {since}. What's one easy way to get in front of them this week?",
)
TEAM_POST_OPENERS = (
    "📣 Team outreach this week",
    "📣 This week in outreach",
    "📣 How the team showed up this week",
)
CHANNEL_HELP = (
    "ShowUp couldn't post the weekly team update in {channel}: {why}. To fix it, open the "
    "channel, type /invite @ShowUp, or pick another channel in ShowUp's Home tab "
    "(/outreach admin channel #name)."
)
CHANNEL_HELP_TEAMS = (
    "ShowUp couldn't post the weekly team update in {channel}: {why}. To fix it, add ShowUp "
    "to that team, then say “@ShowUp admin channel here” in the channel that should get it."
)


def pick(options: tuple[str, ...], key: str) -> str:
    """The same key always reads the same way; neighbouring weeks read differently."""
    digest = hashlib.sha256(key.encode()).digest()
    return options[digest[0] % len(options)]


def plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def weeks(n: int) -> str:
    return f"{n} week" if n == 1 else f"{n} weeks"


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def points(n: int) -> str:
    return f"{n} pt" if n == 1 else f"{n} pts"


def week_streak(n: int) -> str:
    """"your 2-week streak": the count as an adjective."""
    return f"{n}-week streak"
