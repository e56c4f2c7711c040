"""The owner's review of a plan in the console, typed as the buttons would send it: the
request, `review`, a week's reminder as the clock moves, a comment, the clinician's revision
and resubmission, and the approval. Played through `python app.py console`."""

from __future__ import annotations

from pathlib import Path

from tests.conversation.test_plan_rhythm import A_PLAN, dms_to
from tests.process import console


def test_review_in_the_console(tmp_path: Path) -> None:
    out = console(tmp_path, "2026-11-30T10:00", [
        *A_PLAN, "plan", ":admin", "review", "review alex",
        ":clock 2026-12-08 09:30",
        "review alex comment add a visit to the Lincoln Middle counselors",
        ":as alex", "plan", "plan add visit the Lincoln Middle counselors", "plan submit",
        ":admin", "review #1 v1 approve", "review #1 v2 approve", "report quarter",
    ])
    to_owner = dms_to(out, "owner")
    assert to_owner[0].startswith("[Mon Nov 30 10:00] 📬 [DM to owner] 📝 alex submitted their "
                                  "plan for Q4 2026 — please review it:")
    assert "[Approve: review #1 v1 approve]   [Comment: review #1 v1 comment]" in out
    assert "• #1 alex — Q4 2026, submitted Nov 30" in out
    assert to_owner[1].startswith("[Tue Dec 08 09:00] 📬 [DM to owner] ⏳ alex's plan for "
                                  "Q4 2026 has waited a week for a review.")
    assert "💬 Sent your comment on alex's plan for Q4 2026." in out
    to_alex = dms_to(out, "alex")
    assert any("💬 owner commented on your Q4 2026 plan: “add a visit to the Lincoln Middle "
               "counselors”" in line for line in to_alex)
    assert "Status: reviewed — owner commented" in out
    assert "Sent your revised plan for Q4 2026 back for review" in out
    assert to_owner[2].endswith("📝 alex revised their plan for Q4 2026 and sent it again:")
    assert "alex has revised that plan since" in out
    assert "✅ Approved alex's plan for Q4 2026." in out
    assert "plan 0/5 activities done (approved)" in out
    assert len(to_owner) == 3   # one reminder, for the first submission only
