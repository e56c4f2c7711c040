"""A whole quarter for a practice, played through `python app.py console` with the clock
pinned: the owner and three clinicians in three time zones, US holidays and a closed week,
a vacation, a lapse and a comeback, a plan, sources and referral counts. Every number a
person reads on a Friday post, a Monday update and at the quarter's close is checked against
totals worked out by hand below.

The practice runs on America/New_York; alex is in New York (beats at 09:00 there), bea in
Chicago (10:00 New York), cal in Los Angeles (12:00 New York). Team posts go out Fridays at
16:00 New York. Points: visit 3, lunch-and-learn 4, talk 5, networking 2, note 1.

Week (Monday) | alex             | bea                    | cal                  | week | Q1
W1  Jan 4     | visit 3          | visit 3                | talk 5               | 11   | 11
W2  Jan 11    | lunch-and-learn 4| note 1                 | visit 3              | 8    | 19
W3  Jan 18*   | visit Lincoln 3  | missed (freeze)        | networking 2         | 5    | 24
W4  Jan 25    | visit 3          | left open (breaks)     | visit 3              | 6    | 30
W5  Feb 1     | note 1           | quiet                  | paused to Feb 28     | 1    | 31
W6  Feb 8     | visit 3          | comeback visit 3       | paused               | 6    | 37
W7  Feb 15**  | closed           | closed                 | closed               | —    | 37
W8  Feb 22    | visit 3          | talk 5                 | paused               | 8    | 45
W9  Mar 1     | quiet (freeze)   | note 1                 | visit 3              | 4    | 49
W10 Mar 8     | talk 5           | visit 3                | visit 3              | 11   | 60
W11 Mar 15    | visit 3          | visit 3                | note 1               | 7    | 67
W12 Mar 22    | visit 3          | quiet (breaks)         | visit 3              | 6    | 73
W13 Mar 29    | visit 3 (Tue)    | quiet                  | visit 3 (Thu Apr 1)  | 6    | 76, Q2 3
* Mon Jan 18 is Martin Luther King Jr. Day; ** Feb 15-19 the practice is closed (and Feb 15
is Washington's Birthday). Jan 1, New Year's Day, is a Friday: no team post.

Per person for Q1: alex 3+4+3+3+1+3+3+5+3+3+3 = 34 pts, 11 activities (4 commitments kept,
7 logged); bea 3+1+3+5+1+3+3 = 19 pts (4 commitments: 2 kept, 1 missed, 1 left open and
closed by ShowUp as didn't happen; 5 logged); cal 5+3+2+3+3+3+1+3 = 23 pts (1 kept, 7
logged; Apr 1 counts for Q2). Total 34+19+23 = 76.

Streaks: alex W1-W6 = 6, W7 closed (neutral), W8 = 7, W9 quiet: the Q1 freeze, W10-W13 =
8..11. bea W1-W2 = 2, W3 freeze, W4 breaks, comeback W6 = 1, W8 = 2 .. W11 = 5, W12 breaks
(freeze used). cal W1-W4 = 4, paused W5-W8, W9 = 5 .. W13 = 9.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.process import console

SETUP = [
    ":admin",
    "admin holidays US",
    "admin closed feb 15-feb 19",
    "sources add Lakeside Family Medicine kind:physician tier:A owner:@alex",
    "sources add Lincoln Middle School kind:school tier:B owner:@bea",
    "sources add Sunrise Pediatrics kind:pediatrician tier:A owner:@cal",
    ":as alex", "timezone America/New_York",
    ":as bea", "timezone America/Chicago",
    ":as cal", "timezone America/Los_Angeles",
]
QUARTER = [
    # W1
    ":clock 2027-01-04 11:00",
    ":as alex", "plan niche anxious teens", "plan referrers pediatricians, school counselors",
    "plan add visit Lakeside Family Medicine",
    "plan add lunch-and-learn at Lakeside Family Medicine",
    "plan add talk at the Rotary Club", "plan add visit Lincoln Middle School", "plan submit",
    "commit visit Lakeside Family Medicine wed",
    ":as bea", "commit visit Lincoln Middle School thu",
    ":as cal", "log talk at the Rotary Club today",
    ":clock 2027-01-06 12:00", ":as alex", "done",
    ":clock 2027-01-07 12:00", ":as bea", "done",
    ":clock 2027-01-08 17:00",
    # W2
    ":clock 2027-01-11 11:00",
    ":as alex", "commit lunch-and-learn at Lakeside Family Medicine thu",
    ":as bea", "commit note to the Lincoln Middle counselor tue",
    ":as cal", "commit visit Sunrise Pediatrics wed",
    ":clock 2027-01-14 12:00",
    ":as alex", "done", ":as bea", "done", ":as cal", "done",
    ":clock 2027-01-15 17:00",
    ":admin", "admin referrals #1 jan 2",
    # W3 (Monday is a holiday)
    ":clock 2027-01-19 11:00",
    ":as alex", "commit visit Lincoln Middle School thu",
    ":as bea", "commit visit Lincoln Middle School wed",
    ":as cal", "log networking event at the chamber of commerce today",
    ":clock 2027-01-21 12:00", ":as alex", "done", ":as bea", "missed",
    ":clock 2027-01-22 17:00",
    # W4
    ":clock 2027-01-25 11:00",
    ":as alex", "commit visit Lakeside Family Medicine wed",
    ":as bea", "commit visit Lincoln Middle School thu",   # never closed by bea
    ":as cal", "log visit Sunrise Pediatrics today",
    ":clock 2027-01-27 12:00", ":as alex", "done",
    ":clock 2027-01-29 17:00",
    # W5
    ":clock 2027-02-01 11:00",
    ":as cal", "pause until feb 28",
    ":as alex", "log thank-you note to Lakeside Family Medicine today",
    ":clock 2027-02-05 17:00",
    # W6
    ":clock 2027-02-08 11:00",
    ":as bea", "list", "log visit Lincoln Middle School today",
    ":as alex", "log visit Lakeside Family Medicine today",
    ":clock 2027-02-12 17:00",
    # W7 closed; W8
    ":clock 2027-02-22 11:00",
    ":as alex", "log visit Lakeside Family Medicine today",
    ":as bea", "log talk at the PTA meeting at Lincoln Middle School today",
    ":clock 2027-02-26 17:00",
    # W9
    ":clock 2027-03-01 13:00",
    ":as cal", "log visit Sunrise Pediatrics today",
    ":as bea", "log thank-you note to the Lincoln Middle counselor today",
    ":clock 2027-03-05 17:00",
    # W10
    ":clock 2027-03-08 13:00",
    ":as alex", "log talk at the Rotary Club today",
    ":as bea", "log visit Lincoln Middle School today",
    ":as cal", "log visit Sunrise Pediatrics today",
    ":clock 2027-03-12 17:00",
    # W11 (daylight saving time began on Sunday Mar 14)
    ":clock 2027-03-15 13:00",
    ":as alex", "log visit Lakeside Family Medicine today",
    ":as bea", "log visit Lincoln Middle School today",
    ":as cal", "log thank-you note to Sunrise Pediatrics today",
    ":clock 2027-03-19 17:00",
    # W12
    ":clock 2027-03-22 13:00",
    ":as alex", "log visit Lakeside Family Medicine today",
    ":as cal", "log visit Sunrise Pediatrics today",
    ":clock 2027-03-26 17:00",
    # W13: the quarter ends on Wednesday Mar 31
    ":clock 2027-03-30 13:00", ":as alex", "log visit Lakeside Family Medicine today",
    ":clock 2027-04-01 13:00", ":as cal", "log visit Sunrise Pediatrics today",
    ":clock 2027-04-02 17:00",
    # Looking back
    ":as alex", "streak", "board last quarter",
    ":admin", "admin referrals #1 feb 1", "admin referrals #3 mar 3",
    "report last quarter", "admin outcomes",
]

# (Friday, points that week, the team's Q1 total then)
FRIDAYS = [("Jan 08", 11, 11), ("Jan 15", 8, 19), ("Jan 22", 5, 24), ("Jan 29", 6, 30),
           ("Feb 05", 1, 31), ("Feb 12", 6, 37), ("Feb 26", 8, 45), ("Mar 05", 4, 49),
           ("Mar 12", 11, 60), ("Mar 19", 7, 67), ("Mar 26", 6, 73)]
# Weeks in which every clinician who was not paused did something.
EVERYONE = {"Jan 08", "Jan 15", "Feb 12", "Feb 26", "Mar 12", "Mar 19"}
# The Monday update: the streak it reports, 0 for a broken one; absent when nothing is sent
# (a closed Monday, a closed week before it, or the person was paused).
MONDAYS = {
    "Jan 11": {"alex": 1, "bea": 1, "cal": 1},
    "Jan 25": {"alex": 3, "bea": 2, "cal": 3},     # bea: the freeze kept 2
    "Feb 01": {"alex": 4, "bea": 0},               # cal paused at 11:00, before his 12:00
    "Feb 08": {"alex": 5, "bea": 0},
    "Mar 01": {"alex": 7, "bea": 2},               # about W8; cal was paused in it
    "Mar 08": {"alex": 7, "bea": 3, "cal": 5},     # alex: the freeze kept 7
    "Mar 15": {"alex": 8, "bea": 4, "cal": 6},
    "Mar 22": {"alex": 9, "bea": 5, "cal": 7},
    "Mar 29": {"alex": 10, "bea": 0, "cal": 8},
}
_SENT = re.compile(r"^\[(\w{3} \w{3} \d\d) (\d\d:\d\d)\] 📬 \[(#team|DM to \w+)\] ", re.M)


def _sent(out: str) -> list[tuple[str, str, str]]:
    """(day, to, text) of everything the bot sent, in order; text runs to the next message,
    prompt or clock line."""
    found = list(_SENT.finditer(out))
    messages = []
    for match in found:
        rest = out[match.end():]
        text = re.split(r"^(?:\[\w{3} \w{3} \d\d \d\d:\d\d\] 📬|🕘|\w+> )", rest, maxsplit=1,
                        flags=re.M)[0]
        to = "team" if match.group(3) == "#team" else match.group(3).removeprefix("DM to ")
        messages.append((match.group(1), to, text))
    return messages


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> str:
    tmp_path: Path = tmp_path_factory.mktemp("quarter")
    return console(tmp_path, "2026-12-31T10:00", [*SETUP, *QUARTER], member="owner")


def test_every_friday_post_carries_the_hand_counted_totals(played: str) -> None:
    posts = {day[4:]: text for day, to, text in _sent(played)
             if to == "team" and day.startswith("Fri")}
    # No post on New Year's Day or in the closed week; the Apr 2 one closes Q1.
    assert sorted(posts) == sorted([f for f, _, _ in FRIDAYS] + ["Apr 02"])
    for friday, week, quarter in FRIDAYS:
        post = posts[friday]
        assert f"Team goal Q1 2027: {quarter}/150 pts" in post, friday
        assert f"— {week} pt{'s' if week != 1 else ''}:" in post, friday
        assert ("Everyone kept their word this week" in post) == (friday in EVERYONE), friday
    assert "got in front of people 3 times — 11 pts:" in posts["Jan 08"]
    # The W12 post celebrates what was done without a list that shows bea was missing.
    assert "bea" not in posts["Mar 26"] and "🏅 alex: 10 weeks in a row!" in posts["Mar 26"]
    assert "💪 Welcome back, bea!" in posts["Feb 12"]
    closing = posts["Apr 02"]
    assert "🏁 Q1 2027: 76/150 pts — that quarter is closed." in closing
    assert "Team goal Q2 2027: 3/150 pts" in closing       # cal's Thursday Apr 1 visit
    assert "got in front of people twice — 6 pts:" in closing


def test_every_monday_update_reports_the_hand_counted_streak(played: str) -> None:
    sent = _sent(played)
    for monday, expected in MONDAYS.items():
        notes = {}
        for day, to, text in sent:
            if day == f"Mon {monday}" and to != "team" and to not in notes and (
                    "🔥" in text or "🧊" in text or "slipped" in text or "quiet" in text):
                notes[to] = text
        assert set(notes) == set(expected), (monday, notes)
        for who, weeks in expected.items():
            numbers = {int(n) for n in re.findall(r"(\d+)[ -]weeks?\b", notes[who])}
            assert numbers == ({weeks} if weeks else set()), (monday, who, notes[who])
    assert "🧊 Your quarterly freeze kept your 2-week streak alive." in played
    assert "your freeze covered it — your streak of 7 weeks is safe" in played


def test_the_quarter_closes_with_the_hand_counted_numbers(played: str) -> None:
    streak = played.split("alex> streak\n")[1].split("alex>")[0]
    assert streak.startswith("🔥 Your streak: 11 weeks (best 11).")
    board = played.split("alex> board last quarter\n")[1].split(":admin")[0]
    assert board.startswith("🏁 Team board — last quarter (Jan 1 – Mar 31)\n"
                            "Team goal Q1 2027 (closed): 76/150 pts")
    assert "Last quarter: 26 pieces of outreach, 76 pts, from 3 people." in board
    assert "Your part: 34 pts (11 activities)" in board
    report = played.split("owner> report last quarter\n")[1].split("owner>")[0]
    assert report.splitlines()[1:5] == [
        "Team goal Q1 2027 (closed): 76/150 pts ▓▓▓▓▓░░░░░",
        "• alex: made 4, kept 4, didn't happen 0, moved 0, open 0, logged 7 · 34 pts · "
        "streak 11 · plan 4/4 activities done (waiting for review)",
        "• bea: made 4, kept 2, didn't happen 2, moved 0, open 0, logged 5 · 19 pts · "
        "streak 0 · no plan for Q1 2027",
        "• cal: made 1, kept 1, didn't happen 0, moved 0, open 0, logged 7 · 23 pts · "
        "streak 9 · no plan for Q1 2027",
    ]
    # Touches: alex at Lakeside 9 times; Lincoln 8 (bea 7, alex once); Sunrise 7 (Apr 1 too).
    outcomes = played.split("owner> admin outcomes\n")[1]
    assert "• #1 Lakeside Family Medicine: 9 touches · 3 referrals" in outcomes
    assert "• #2 Lincoln Middle School: 8 touches · 0 referrals" in outcomes
    assert "• #3 Sunrise Pediatrics: 7 touches · 3 referrals" in outcomes


def test_closed_days_vacations_and_owners_are_left_in_peace(played: str) -> None:
    sent = _sent(played)
    days = {day for day, _, _ in sent}
    for closed in ("Fri Jan 01", "Mon Jan 18", "Mon Feb 15", "Tue Feb 16", "Wed Feb 17",
                   "Thu Feb 18", "Fri Feb 19"):
        assert closed not in days
    cal_in_february = [day for day, to, _ in sent if to == "cal" and "Feb" in day]
    assert cal_in_february == []
    # The owner records no outreach: only alex's plan comes, to review (📝) and once more a
    # week later (⏳) — tests/test_plan_review.py.
    assert [text[0] for _, to, text in sent if to == "owner"] == ["📝", "⏳"]


def test_a_forgotten_commitment_is_asked_about_once_then_closed_quietly(played: str) -> None:
    assert played.count("Still open from last week — did it happen?") == 1
    asked = [day for day, to, text in _sent(played) if "did it happen?" in text]
    assert asked == ["Mon Feb 01"]
    assert "◻️ #4 visit Lincoln Middle School — Thu Jan 28 (overdue)" in played  # on Feb 8
    after_grace = played.split("[Fri Feb 12 16:00]")[1]
    assert "#4 visit Lincoln Middle School" not in after_grace


def test_words_read_right_all_quarter(played: str) -> None:
    sent = _sent(played)
    # The quarterly plan prompt says "today" only on the quarter's first Monday.
    prompts = [(day, text) for day, _, text in sent if text.startswith("🗺")]
    assert all("starts today" not in text for day, text in prompts if day != "Mon Jan 04")
    assert "Tomorrow, I will send a note to the Lincoln Middle counselor." in played
    assert "Follow-up note · 1 pt · due tomorrow." in played
