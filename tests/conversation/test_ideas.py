"""Ideas that fit, in the console as a clinician meets them: `ideas` after writing a plan,
and Monday's kickoff offering one idea with a one-tap commitment (Monday 30 November 2026,
New York, the clock pinned)."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conversation.test_weekly_rhythm import messages
from tests.process import console

PLAN = ["plan niche anxious kids and their parents",
        "plan referrers pediatricians, school counselors"]


def test_the_kickoff_offers_one_idea_that_fits_and_a_tap_commits_it(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [*PLAN, ":clock 09:30"])
    [kickoff] = messages(out, "alex")
    ideas = [line for line in kickoff.split("\n") if line.startswith("💡")]
    assert len(ideas) == 1 and ideas[0].startswith("💡 An idea that fits: ")
    offered = re.findall(r"\[💡 [^:\]]+: (commit [^\]]+ source:none)\]", kickoff)
    assert len(offered) == 1, kickoff
    assert "[Add a commitment: commit]" in kickoff

    again = console(tmp_path, "2026-11-30T10:00", [offered[0], "list"])
    assert "📌 Committed #1: This week (by Friday), I will " in again
    assert "◻️ #1 " in again.split("alex> list")[1]


def test_ideas_lists_a_few_that_fit_and_no_idea_without_a_fit(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T08:00", [":as sam", "list", ":as alex", *PLAN,
                                                 "ideas", "ideas clergy", ":clock 09:30"])
    listing = out.split("alex> ideas\n")[1].split("alex>")[0]
    assert listing.startswith("💡 Ideas that fit your plan (anxiety, kids · pediatrician, "
                              "school):")
    assert len(re.findall(r"^\d\. ", listing, re.MULTILINE)) == 5
    assert "Ideas for clergy — those that fit you first:" in out
    [sams] = messages(out, "sam")   # no plan, no sources: no idea rather than a bad fit
    assert "💡" not in sams
