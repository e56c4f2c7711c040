"""A personal goal through `python app.py console`, a week played with the clock pinned: the
clinician sees it in `goal` and `streak`, the owner in the report, and no team post says it."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conversation.test_a_quarter import _sent
from tests.process import console


def test_a_goal_stays_out_of_every_team_post(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T10:00", [
        "goal 37 pts", "log visit Sunrise Pediatrics today",           # 3 pts
        ":as bob", "goal 11 activities", "log talk at the Rotary Club today",
        ":clock 2026-12-02 12:30", ":as alex", "log lunch-and-learn at Valley Family Medicine "
                                               "today",                 # 4 pts
        ":clock 2026-12-04 17:00",   # the wrap-ups and the Friday team post
        ":clock 2026-12-07 10:00",   # Monday: streak updates and kickoffs
        "goal", "streak", "board quarter",
        ":admin", "report quarter",
    ])
    posts = [text for _, to, text in _sent(out) if to == "team"]
    assert len(posts) == 1 and "Team goal Q4 2026: 12/150 pts" in posts[0]
    for post in posts:
        # Not the chart's file path, whose temporary folder may be numbered anything (pytest-37).
        said = re.sub(r"\S*/\S*", "", post)
        assert "37" not in said and "11 activities" not in said and "🎯" not in said
    assert "alex> goal\n🎯 Your goal for Q4 2026: 7 of 37 points so far this quarter, " \
           "3 weeks left." in out
    streak = out.split("alex> streak\n")[1].split("alex>")[0]
    assert "🎯 Your goal: 7 of 37 points so far this quarter, 3 weeks left." in streak
    board = out.split("alex> board quarter\n")[1].split("alex>")[0]
    assert "37" not in board and "🎯" not in board
    report = out.split("owner> report quarter\n")[1]
    assert "goal 7/37 pts" in report.split("• alex")[1].splitlines()[0]
    assert "goal 1/11 activities" in report.split("• bob")[1].splitlines()[0]
