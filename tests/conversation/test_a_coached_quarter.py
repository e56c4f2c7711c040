"""A quarter of coaching played through `python app.py console` (Q1 2027, New York, the
clock pinned): what each piece of outreach showed, ideas at the Monday kickoffs, the owner's
review of a plan with a comment and a resubmission, personal goals, and the brief the owner
gets when the quarter closes — every number checked against totals worked out by hand.

alex (goal 12 pts) writes a plan for anxious teens and their referrers (pediatricians,
school counselors), submits it; the owner comments, alex revises and resubmits, the owner
approves. bea (goal 3 activities) writes no plan.

Week (Monday) | alex                                           | pts | tags
W1  Jan 4     | visit Lakeside Family Medicine (done Wed)      | 3   | empathy, relationship
              | talk at the Rotary Club (logged Thu)           | 5   | problem-solving
W2  Jan 11    | lunch-and-learn at Sunrise Pediatrics (logged) | 4   | skipped
W3  Jan 18    | note to the Lincoln Middle counselors (logged) | 1   | not answered
Q1 for alex: 3 + 5 + 4 + 1 = 13 pts, 4 activities (1 commitment kept, 3 logged): the goal
of 12 pts is reached; showed empathy 1 · relationship 1 · problem-solving 1.
bea logs one visit in W1 (3 pts): 1 of her 3 activities.
"""

from __future__ import annotations

import re
from pathlib import Path

from bot.ideas_library import DEFAULT_IDEAS
from tests.conversation.test_plan_rhythm import dms_to
from tests.conversation.test_weekly_rhythm import messages
from tests.process import console

QUARTER = [
    ":as alex", "plan niche anxious teens", "plan referrers pediatricians, school counselors",
    "plan add visit Lakeside Family Medicine", "plan add talk at the Rotary Club",
    "plan add lunch-and-learn at Sunrise Pediatrics", "plan add note to the school counselors",
    "plan submit", "goal 12 pts",
    ":as bea", "goal 3 activities",
    ":clock 2027-01-04 09:30",
    ":admin", "review alex comment please add one school visit this quarter",
    ":as alex", "plan", "plan add visit the Lincoln Middle counselors", "plan submit",
    ":admin", "review alex approve",
    ":as alex", "commit visit Lakeside Family Medicine wed",
    ":clock 2027-01-06 12:00", "done they asked for cards on teen anxiety",
    "showed #1 empathy", "showed #1 relationship", "share #1",
    ":clock 2027-01-07 12:00", "log talk at the Rotary Club today", "showed #2 problem-solving",
    ":as bea", "log visit Sunrise Pediatrics today",
    ":clock 2027-01-08 17:00",
    ":clock 2027-01-11 09:30",
    ":as alex", "log lunch-and-learn at Sunrise Pediatrics today", "showed #3 skip",
    ":clock 2027-01-15 17:00",
    ":clock 2027-01-18 09:30",
    "log note to the Lincoln Middle counselors today", "streak", "goal",
    ":clock 2027-01-22 17:00",
    ":as bea", "goal", "streak", "board quarter",
    ":admin", "report quarter",
]
AFTER = [":clock 2027-04-05 09:30", "admin brief last quarter alex"]


def _fits_alex(text: str) -> bool:
    """The default idea with these words fits alex's plan: anxious teens, pediatricians and
    school counselors (or any niche, for a referrer kind of hers)."""
    [idea] = [i for i in DEFAULT_IDEAS if i.text.lower() == text.lower()]
    return bool({"anxiety", "teens"} & set(idea.niches)
                or {"pediatrician", "school"} & set(idea.kinds))


def test_a_coached_quarter(tmp_path: Path) -> None:
    out = console(tmp_path, "2027-01-04T08:00", QUARTER, member="owner")
    closing = console(tmp_path, "2027-04-05T08:00", AFTER, member="owner")

    # What did that show: asked once per item, counted, and one shared story on Friday.
    # Asked once for each piece of done outreach (alex's #1-#4, bea's #1), never after.
    assert out.count("💬 What did that show?") == 5
    assert "🏷️ Added relationship: #1 now shows empathy · relationship." in out
    assert "👍 Skipped — I won't ask about #3 again." in out
    assert "This quarter you showed: empathy 1 · relationship 1 · problem-solving 1" in out
    assert ("What the team showed in Q1 2027: empathy 1 · relationship 1 · problem-solving 1"
            in out)
    channel = messages(out, "#team")
    posts = [m for m in channel if "📣" in m]
    assert len(posts) == 3   # Fridays Jan 8, 15 and 22
    assert "🌟 alex showed empathy · relationship: “they asked for cards on teen anxiety”" \
        in posts[0]
    assert all("🌟" not in post for post in posts[1:])   # a story is told in its own week

    # Ideas: one per kickoff, each a fit for alex's plan, a different one each week.
    kickoffs = [m for m in messages(out, "alex") if "💡 An idea that fits: " in m]
    offered = [re.findall(r"💡 An idea that fits: (.+?)(?: — shows [\w-]+)?$", k, re.M)
               for k in kickoffs]
    assert len(kickoffs) == 3 and all(len(found) == 1 for found in offered), kickoffs
    ideas = [found[0] for found in offered]
    assert all(_fits_alex(idea) for idea in ideas), ideas
    assert len(set(ideas)) == 3
    assert all("💡" not in m for m in messages(out, "bea"))   # no plan, no sources: none

    # The owner reviews the plan: a comment, a revision resubmitted, an approval.
    to_owner = dms_to(out, "owner")
    assert to_owner[0].startswith("[Mon Jan 04 08:00] 📬 [DM to owner] 📝 alex submitted")
    assert "revised their plan for Q1 2027 and sent it again" in to_owner[1]
    assert len([m for m in channel if "🗺" in m]) == 1   # shared once, not again on revision
    to_alex = dms_to(out, "alex")
    assert any("owner commented on your Q1 2027 plan: “please add one school visit this "
               "quarter”" in m for m in to_alex)
    assert any("✅ owner approved your Q1 2027 plan" in m for m in to_alex)
    assert "plan 4/5 activities done (approved) · goal 13/12 pts" in out

    # Personal goals: each person sees their own; the owner's report has one field each;
    # no channel post ever carries one.
    assert "🎯 Your goal: 13 of 12 points this quarter — goal reached 🎉." in out
    assert "1 of 3 activities so far this quarter" in out
    report = out.split("owner> report quarter\n")[1]
    assert "goal 13/12 pts" in report and "goal 1/3 activities" in report
    for post in channel + messages(closing, "#team"):
        assert not re.search(r"(?<!Team )goal|13/12|1/3|of 12|of 3", post), post
    board = out.split("bea> board quarter\n")[1].split("owner>")[0]
    assert "12 pts" not in board and "3 activities" not in board

    # The brief when the quarter has closed: the hand-counted numbers.
    to_owner_q2 = dms_to(closing, "owner")
    assert any("alex: 4 activities, 13 pts" in m for m in messages(closing, "owner")), \
        to_owner_q2
    brief = closing.split("owner> admin brief last quarter alex\n")[1]
    assert brief.startswith("📋 One-to-one brief — alex, Q1 2027 (Jan 1 – Mar 31, closed)\n"
                            "Plan: approved\n")
    assert ("Outreach: 4 activities, 13 pts · made 1, kept 1, didn't happen 0, moved 0, "
            "open 0, logged 3") in brief
    assert "Personal goal: 13 of 12 points — reached 🎉" in brief
    assert "What it showed: empathy 1 · relationship 1 · problem-solving 1" in brief
    assert "they asked for cards on teen anxiety" in brief
    saved = next(tmp_path.rglob("brief-alex-q1-2027.csv")).read_text(encoding="utf-8-sig")
    assert "showed,empathy,1" in saved and "showed,problem-solving,1" in saved
