"""A quarter of a Slack practice's outreach, for the browser tests to read back: played
through the real `Coach` on the served bot's own database, each line at a pinned instant, as
the people of the fake Slack (the same user ids the served bot knows them by). The last
week's outreach is done over served Slack by the test itself.

Riverbend Counseling runs on America/New_York, and so does everyone. Olivia Park (U0OWNER)
is the owner and records no outreach; Alex Chen (U0ALEX), Samira Haddad (U0SAM) and Jordan
Lee (U0JORDAN) are clinicians. Team goal 100 points for Q4 2026 (Oct 1 – Dec 31, 92 days).
Points: visit 3, lunch-and-learn 4, talk 5, networking 2, podcast 3.

Each person numbers their own commitments, logs included (#n). S: Sunrise Pediatrics,
L: Lincoln Middle School, V: Valley Family Medicine, G: Grace Church.

Week of | Alex Chen                      | Samira Haddad              | Jordan Lee       | team
Oct 5   | #1 log visit S 3               | #1 log talk at L 5         |                  | 8
Oct 12  | #2 lunch-and-learn V, done 4   | #2 log visit L 3           |                  | 7
Oct 19  | quiet (freeze)                 | #3 log networking 2        |                  | 2
Oct 26  | #3 talk at Rotary: didn't happ.| #4 visit L, moved → #5     |                  | 0
Nov 2   | #4 log visit S 3               | #5 done Thu Nov 5 3        |                  | 6
Nov 9   | #5 log podcast 3               | #6 log networking 2        | #1 log network. 2| 7
Nov 16  | #6 visit S, done Wed 3         | quiet (broken)             | quiet (freeze)   | 3
Nov 23  | #7 log lunch-and-learn V 4     | #7 log talk at L 5         | quiet (broken)   | 9
Nov 30  | #8 talk at Rotary, done Wed 5  | #8 visit G, open (Fri)     | #2 visit V, open | 5
          (#8: over served Slack, by the test)

Quarter, on Wed Dec 2 after Alex's talk: Alex made 4 (#2 #3 #6 #8), kept 3, didn't happen
1, logged 4, 25 points, goal 25/30 pts, streak 5 (Nov 2 – Nov 30), best 5 (Oct 5, Oct 12 were
2, then Oct 19 frozen and Oct 26 broken); his plan of 5 activities has 4 with something done
(all but the workshop), waiting for review. Samira made 3, kept 1, moved 1, open 1, logged
5, 20 points, streak 1 (Nov 23; this week isn't over), best 5 (Oct 5 – Nov 9, Oct 26 frozen).
Jordan made 1, open 1, logged 1, 2 points, streak 0, best 1. Team 47 of 100; an even pace
has round(100 × 63/92) = 68 by Wed Dec 2 (21 short); the goal's pace is 100/13 = 7.7 a week,
met in 2 of the last 12 weeks (Oct 5, Nov 23). Activity mix: 5 visits, 3 talks, 3
networking, 2 lunch-and-learns, 1 podcast (14 in all).

Sources: #1 Sunrise Pediatrics (pediatrician, A, Alex) last touched Nov 18; #2 Lincoln
Middle School (school, B, Samira) Nov 24; #3 Valley Family Medicine (physician, C, Olivia)
Nov 24; #4 Grace Church (clergy, C, every 20 days, Samira) never touched, added Oct 5:
overdue since Oct 26, listed first. Referrals: Sunrise 2 in Nov 2026 and 5 in Mar 2026,
Lincoln 1 in Oct 2026. The practice's commitments file has 18 rows: 8 commitments and 10
logged pieces of outreach.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.clock import MovableClock
from bot.coach import Coach
from bot.messages import Actor
from bot.model import Platform

NY = ZoneInfo("America/New_York")
PRACTICE = "Riverbend Counseling"
# The people, as the fake Slack's directory has them: (user id, name, admin).
PEOPLE = (("U0OWNER", "Olivia Park", True), ("U0ALEX", "Alex Chen", False),
          ("U0SAM", "Samira Haddad", False), ("U0JORDAN", "Jordan Lee", False))
IDS = {name.split()[0]: user for user, name, _ in PEOPLE}
NAMES = {name.split()[0]: name for _, name, _ in PEOPLE}

GOAL = 100
TEAM_POINTS = 47
PACE = 68
WEEKS = (("Sep 14", 0), ("Sep 21", 0), ("Sep 28", 0), ("Oct 5", 8), ("Oct 12", 7),
         ("Oct 19", 2), ("Oct 26", 0), ("Nov 2", 6), ("Nov 9", 7), ("Nov 16", 3),
         ("Nov 23", 9), ("Nov 30", 5))
# Per clinician: streak, best, made, kept, didn't happen, moved, open, logged, points, plan,
# personal goal: the clinicians' table as the owner reads it.
CLINICIANS = {
    "Alex Chen": ("5", "5", "4", "3", "1", "0", "0", "4", "25",
                  "plan 4/5 activities done (waiting for review)", "goal 25/30 pts"),
    "Samira Haddad": ("1", "5", "3", "1", "0", "1", "1", "5", "20",
                      "no plan yet this quarter", "—"),
    "Jordan Lee": ("0", "1", "1", "0", "0", "0", "1", "1", "2",
                   "no plan yet this quarter", "—"),
}
MIX = {"Referral-source visit": 5, "Community talk or workshop": 3, "Networking event": 3,
       "Lunch-and-learn": 2, "Podcast, video or article": 1}
COMMITMENT_ROWS = 18


class Practice:
    """The practice's people saying things to the real Coach at the clock's instant."""

    def __init__(self, coach: Coach, team: str, start: datetime) -> None:
        self.coach, self.team = coach, team
        self.clock = MovableClock(start)

    def at(self, month: int, day: int, hour: int) -> None:
        self.clock.move_to(datetime(2026, month, day, hour, 0, tzinfo=NY))

    def say(self, who: str, line: str, expect: str) -> None:
        user, name, admin = next(p for p in PEOPLE if p[1].startswith(who))
        actor = Actor(Platform.SLACK, self.team, user, name, team_name=PRACTICE,
                      timezone="America/New_York", is_platform_admin=admin)
        reply = self.coach.handle(actor, line, self.clock.now()).text
        assert expect in reply, (who, line, reply)


def play(coach: Coach, team: str) -> None:
    """The quarter above, up to Monday Nov 30 (Alex's talk on Dec 2 is the test's)."""
    practice = Practice(coach, team, datetime(2026, 10, 5, 9, 0, tzinfo=NY))
    at, say = practice.at, practice.say
    say("Olivia", "admin goal 100", "100")
    say("Alex", "sources add Sunrise Pediatrics tier:A", "Added #1")   # whoever adds owns
    say("Samira", "sources add Lincoln Middle School tier:B", "Added #2")
    say("Olivia", "sources add Valley Family Medicine tier:C", "Added #3")
    say("Samira", "sources add Grace Church tier:C cadence:20", "Added #4")
    say("Alex", "goal 30 pts", "Goal set")
    say("Alex", "plan niche anxious teens", "Niche: anxious teens")
    say("Alex", "plan referrers pediatricians, school counselors", "Referrers:")
    for item in ("visit Sunrise Pediatrics", "lunch-and-learn at Valley Family Medicine",
                 "talk at the Rotary Club", "podcast about teen anxiety",
                 "workshop for parents at the library"):
        say("Alex", f"plan add {item}", item)
    say("Alex", "plan submit", "Saved your plan")
    say("Samira", "log talk at Lincoln Middle School today", "+5 pts")
    at(10, 6, 12)
    say("Alex", "log visit Sunrise Pediatrics today", "+3 pts")
    at(10, 12, 9)
    say("Alex", "commit lunch-and-learn at Valley Family Medicine thu", "Committed #2")
    at(10, 13, 12)
    say("Samira", "log visit Lincoln Middle School today", "+3 pts")
    at(10, 15, 14)
    say("Alex", "done #2", "+4 pts")
    at(10, 21, 12)
    say("Samira", "log networking event at the Chamber of Commerce today", "+2 pts")
    at(10, 26, 9)
    say("Alex", "commit talk at the Rotary Club thu", "Committed #3")
    say("Samira", "commit visit Lincoln Middle School thu", "Committed #4")
    at(10, 30, 17)
    say("Alex", "missed #3", "didn't happen")
    say("Samira", "move #4", "Moved to next week as #5")
    at(11, 3, 12)
    say("Alex", "log visit Sunrise Pediatrics today", "+3 pts")
    at(11, 5, 15)
    say("Samira", "done #5", "+3 pts")
    at(11, 10, 12)
    say("Alex", "log podcast about teen anxiety today", "+3 pts")
    say("Samira", "log networking event at the Chamber of Commerce today", "+2 pts")
    say("Jordan", "log networking event at the Chamber of Commerce today", "+2 pts")
    at(11, 16, 9)
    say("Alex", "commit visit Sunrise Pediatrics wed", "Committed #6")
    at(11, 18, 13)
    say("Alex", "done #6", "+3 pts")
    at(11, 24, 12)
    say("Alex", "log lunch-and-learn at Valley Family Medicine today", "+4 pts")
    say("Samira", "log talk at Lincoln Middle School today", "+5 pts")
    for words in ("#1 nov 2", "#2 oct 1", "#1 2026-03 5"):
        say("Olivia", f"admin referrals {words}", "📈")
    at(11, 30, 9)
    say("Jordan", "commit visit Valley Family Medicine fri", "Committed #2")
    say("Samira", "commit visit Grace Church fri", "Committed #8")
