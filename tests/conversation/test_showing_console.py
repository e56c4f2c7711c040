"""What did that show? in the console (`python app.py console`, a pinned clock): the question's
buttons are shown as the commands they carry, and typing one does what a click does."""

from __future__ import annotations

from pathlib import Path

from tests.conversation.test_console import run_console


def test_the_question_in_the_console(tmp_path: Path) -> None:
    script = "\n".join([
        "commit visit Sunrise Pediatrics thu",
        ":clock +3d",
        "done #1 the nurse manager asked for a talk on anxious kids",
        "showed #1 empathy",
        "showed #1 relationship-building",
        "share #1",
        "showing off",
        "log coffee with Pastor Dan",
        "streak",
        ":quit",
    ]) + "\n"
    result = run_console(tmp_path, script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert ("💬 What did that show? Tap any that fit — optional.\n"
            "  [Empathy: showed #1 empathy]   [Relationship: showed #1 relationship]   "
            "[Problem-solving: showed #1 problem-solving]   [Skip: showed #1 skip]") in out
    assert "🏷️ Noted: #1 showed empathy." in out
    assert "🏷️ Added relationship: #1 now shows empathy · relationship." in out
    assert "[Share in Friday's post: share #1]" in out
    assert "🌟 Friday's team post may carry #1" in out
    assert "🔕 I won't ask what your outreach showed." in out
    assert "[Skip: showed #2 skip]" not in out
    assert "This quarter you showed: empathy 1 · relationship 1 · problem-solving 0" in out
