"""What `/outreach help` says: short, in the words a clinician uses."""

from __future__ import annotations

from collections.abc import Mapping

from bot.messages import Reply

OVERVIEW = """ShowUp keeps your outreach going, one week at a time.
• commit <what> [day] — plan it: /outreach commit visit Sunrise Pediatrics thu
  or: /outreach When I'm at Lincoln Middle on Tuesday, I will meet the school counselor
• done [#] [how it went] · missed [#] · move [#] to next week · cancel #
• log <what you did> [day] — outreach you didn't plan ahead still counts
• showed #n empathy|relationship|problem-solving (or skip) · share #n [off] — what it
  showed, and one story for Friday's team post · showing on|off — the question after done
• edit #n [day] [type:talk] [new words] · undo — fix one, or take back your last change
• list [all] · streak · board [week|month|quarter]
• goal 30 pts | 6 activities | off — your own target for the quarter, never posted
• plan — your quarterly Community Connection Plan, step by step; the owner reviews it
• ideas [school|anxiety…] — outreach ideas that fit your plan, one tap to commit
• sources [all] · sources add <name> tier:A — the referrers you keep in touch with
• pause until <day> · resume · timezone <Area/City> · quiet 19:00-08:00
• me clinician on|off — owners and admins: get the clinician nudges (or stop them)
• export — your data as CSV · forget me — delete your data
• dashboard — a one-time sign-in link to your page on the web (admins: the practice's)
• review — owners and admins: the plans waiting for your review
• admin … — the practice owner's settings, report and briefs (help admin)
Never include client details — name the organisation or role instead."""


def help_reply(topic: str | None, usage: Mapping[str, str]) -> Reply:
    """The overview, or the usage line of `topic` (a verb's name) when `usage` has one."""
    if topic and topic in usage:
        return Reply(f"Usage: {usage[topic]}")
    if topic:
        return Reply(f"There's no help on that.\n{OVERVIEW}", ok=False)
    return Reply(OVERVIEW)
