"""The console as a new user meets it: `python app.py console` with piped input."""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests import zygote

ROOT = Path(__file__).resolve().parents[2]


def run_console(tmp_path: Path, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLIENT_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/showup.db",
               SHOWUP_TIMEZONE="America/New_York", LOG_LEVEL="INFO",
               EXPORTS_DIR=str(tmp_path / "exports"))
    return zygote.run(
        [sys.executable, "app.py", "console", "--as", "alex", "--at", "2026-11-30T10:00", *args],
        input=script, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60,
    )


def database_bytes(tmp_path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in tmp_path.glob("showup.db*"))


@pytest.mark.first_run
def test_a_new_users_first_week(tmp_path: Path) -> None:
    script = "\n".join([
        "/outreach commit visit Sunrise Pediatrics thu",
        "commit lunch-and-learn at Valley Family Medicine fri",
        ":clock +3d",
        "done #1 left brochures with the front desk",
        "streak",
        "board",
        "pause until dec 18",
        "streak",
        "resume",
        ":admin",
        "admin report",
        ":quit",
    ]) + "\n"
    result = run_console(tmp_path, script)
    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "ShowUp console — practice time Mon Nov 30 10:00 (America/New_York)" in out
    assert "📌 Committed #1: Thursday, I will visit Sunrise Pediatrics." in out
    assert "[Done: done #1]   [Didn't happen: missed #1]   [Move to next week: move #1]" in out
    assert ("📌 Committed #2: Friday, I will do a lunch-and-learn at Valley Family "
            "Medicine.") in out
    assert "🕘 It is now Thu Dec 03 2026 10:00 (America/New_York)." in out
    assert "✅ Done: visit Sunrise Pediatrics (+3 pts)" in out
    assert "🔥 Your streak: 1 week (best 1)." in out
    assert "Your part: 3 pts (1 activity) — thank you." in out
    assert "🌴 Paused through" in out
    assert "👋 Welcome back!" in out
    assert "You are now the practice owner." in out
    assert "• alex: made 2, kept 1, didn't happen 0, moved 0, open 1" in out
    assert out.rstrip().endswith("Bye — see you next week.")


TIMESTAMP = re.compile(rb"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:\.\d{1,6})?")


def test_client_details_leave_no_trace(tmp_path: Path) -> None:
    script = ("commit visit with my client Jane Doe, DOB 04/12/1988 thu\n"
              "log session with Maria Lopez yesterday\n"
              "commit visit Sunrise Pediatrics thu\n"
              "done #1 her diagnosis of PTSD is improving\n")
    result = run_console(tmp_path, script)
    assert result.stdout.count("🔒 I didn't save that") == 3
    assert "📌 Committed #1" in result.stdout
    stored = database_bytes(tmp_path)
    assert b"Sunrise Pediatrics" in stored
    for secret in (b"Jane", b"04/12/1988", b"Maria", b"Lopez", b"PTSD"):
        assert secret not in stored
    # Nor the year alone, anywhere but inside a stored timestamp (a row's creation time is
    # the real clock's, whose fraction of a second may hold the digits 1988).
    assert b"1988" not in TIMESTAMP.sub(b"", stored)
    for secret in ("Jane", "04/12/1988", "Maria", "Lopez", "PTSD"):
        assert secret not in result.stderr  # (its timings may print a bare "1988")
    assert "phi guard refused" in result.stderr


ODD_INPUT = [
    ("frobnicate", "I don't know “frobnicate”"),
    (":as", "Usage: :as <name>"),
    (":clock yesterday-ish", "Usage: :clock"),
    (":clock -1d", "The clock only moves forward"),
    (":nope", "Unknown console command :nope"),
    ("commit <!channel> visit Sunrise thu", "Thursday, I will <!channel> visit Sunrise."),
]


@pytest.fixture(scope="module")
def odd_session(tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Path
                ) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """One console session that is typed every odd line (none of them changes what the
    others are answered), and the answer to each."""
    tmp_path = tmp_path_factory.mktemp("odd")
    shutil.copyfile(migrated_sqlite, tmp_path / "showup.db")
    result = run_console(tmp_path, "".join(line + "\n" for line, _ in ODD_INPUT))
    answers = {}
    for typed in result.stdout.split("\nalex> ")[1:]:
        line, _, answer = typed.partition("\n")
        answers[line] = answer
    return result, answers


@pytest.mark.parametrize("line, expected", ODD_INPUT)
def test_odd_input_gets_a_short_answer(
        odd_session: tuple[subprocess.CompletedProcess[str], dict[str, str]], line: str,
        expected: str) -> None:
    result, answers = odd_session
    assert result.returncode == 0
    assert expected in answers[line]
    assert "Traceback" not in result.stderr


def test_a_week_of_the_rhythm_arrives_in_order(tmp_path: Path) -> None:
    script = "\n".join([
        "commit visit Sunrise Pediatrics wed",
        ":clock 2026-12-02 13:00",
        "done #1",
        "commit lunch-and-learn at Valley Family Medicine fri",
        ":clock 2026-12-04 17:00",
        "missed #2",
        ":clock 2026-12-07 10:00",
        ":quit",
    ]) + "\n"
    out = run_console(tmp_path, script).stdout
    events = [line for line in out.splitlines() if line.startswith("[")]
    stamps = [line.split("]")[0] + "]" for line in events]
    assert stamps == sorted(stamps, key=lambda s: datetime.strptime(s, "[%a %b %d %H:%M]")
                            .replace(year=2026))
    assert "[Mon Nov 30 09:00]" not in out, "alex joined after Monday's kickoff"
    assert "[Wed Dec 02 12:00] 📬 [DM to alex]" in out
    assert "[Fri Dec 04 15:00] 📬 [DM to alex]" in out
    assert "[Fri Dec 04 16:00] 📬 [#team] 📣" in out
    chart = tmp_path / "exports" / "team-outreach-2026-12-04.png"
    assert f"📎 saved {chart} (team chart, {chart.stat().st_size:,} bytes)" in out
    assert chart.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert "This week the team got in front of people once — 3 pts:\n• visit Sunrise " \
        "Pediatrics" in out
    assert "[Mon Dec 07 09:00] 📬 [DM to alex] 🔥" in out
    wrapup = out.split("[Fri Dec 04 15:00] 📬 [DM to alex]")[1].split("\n[")[0]
    assert "#2 lunch-and-learn at Valley Family Medicine — today" in wrapup
    assert "[Didn't happen #2: missed #2]" in wrapup
    assert "#2 is marked as didn't happen" in out


def test_debug_logging_still_keeps_client_details_out(tmp_path: Path) -> None:
    env_script = "commit visit Sunrise Pediatrics thu\ndone 1 her diagnosis of PTSD is better\n"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLIENT_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/showup.db",
               SHOWUP_TIMEZONE="America/New_York", LOG_LEVEL="DEBUG")
    result = zygote.run(
        [sys.executable, "app.py", "console", "--as", "alex", "--at", "2026-11-30T10:00"],
        input=env_script, capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert "🔒 I didn't save that" in result.stdout
    assert "PTSD" not in result.stderr and "Sunrise" not in result.stderr
    assert b"PTSD" not in database_bytes(tmp_path)


def test_export_opens_as_csv_and_forget_me_deletes(tmp_path: Path) -> None:
    script = "\n".join([
        "commit =HYPERLINK(\"http://x\") visit Sunrise Pediatrics thu",
        "commit visit Valley Family Medicine fri",
        "done #2 left brochures",
        "export",
        ":admin",
        "admin export",
        ":as alex",
        "forget me",
        "forget me confirm",
        "list all",
    ]) + "\n"
    env_dir = tmp_path / "out"
    result = zygote.run(
        [sys.executable, "app.py", "console", "--as", "alex", "--at", "2026-11-30T10:00"],
        input=script, capture_output=True, text=True, cwd=ROOT, timeout=60,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
             "DATABASE_URL": f"sqlite:///{tmp_path}/showup.db",
             "SHOWUP_TIMEZONE": "America/New_York", "EXPORTS_DIR": str(env_dir)})
    out = result.stdout
    assert "📦 Your data: 2 commitments" in out
    assert f"📎 saved {env_dir}/my-commitments-2026-11-30.csv (2 rows)" in out
    with (env_dir / "my-commitments-2026-11-30.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert [r["status"] for r in rows] == ["open", "done"]
    assert rows[0]["what"].startswith("'=HYPERLINK")
    assert rows[1]["reflection"] == "left brochures"
    assert "accountability-log-2026-11-30.csv" in out
    with (env_dir / "accountability-log-2026-11-30.csv").open(encoding="utf-8-sig") as f:
        actions = [r["action"] for r in csv.DictReader(f)]
    assert actions[:4] == ["admin", "commit", "commit", "done"]
    assert "⚠️ This permanently deletes your commitments" in out
    assert "🗑 Deleted your data." in out
    assert out.rstrip().endswith("No commitments yet. What will you do this week to get in "
                                 "front of people? Try /outreach commit visit Sunrise "
                                 "Pediatrics thu")
    assert b"Valley Family" not in database_bytes(tmp_path)


def test_plans_sources_overdue_outcomes_and_export_in_the_console(tmp_path: Path) -> None:
    exports = tmp_path / "out"
    script = "\n".join([
        "plan", "plan niche anxious teens", "plan referrers pediatricians",
        "plan add talk at Lincoln PTA", "plan add visit Sunrise Pediatrics",
        "plan add lunch-and-learn at Valley Family", "plan add podcast on KXLU", "plan submit",
        "sources add Sunrise Pediatrics", "sources add Lincoln Middle School tier:A",
        "sources add Valley Family Medicine",
        "commit visit Sunrise Pediatrics tue", ":clock 2026-12-01 16:00", "done",
        "sources",
        ":clock 2027-01-04 10:00",
        ":admin", "admin referrals #1 dec 3", "admin outcomes", "admin export outcomes",
        ":quit",
    ]) + "\n"
    result = zygote.run(
        [sys.executable, "app.py", "console", "--as", "alex", "--at", "2026-11-30T10:00"],
        input=script, capture_output=True, text=True, cwd=ROOT, timeout=120,
        env={**{k: v for k, v in os.environ.items() if not k.startswith("SLACK_")},
             "DATABASE_URL": f"sqlite:///{tmp_path}/showup.db",
             "SHOWUP_TIMEZONE": "America/New_York", "EXPORTS_DIR": str(exports)})
    out = result.stdout
    assert "Saved your plan for Q4 2026 and shared it with the team" in out
    assert "📬 [#team] 🗺 alex's Community Connection Plan for Q4 2026" in out
    assert "#1 Sunrise Pediatrics — pediatrician · tier B · every 60 days · last touch today" \
        in out
    overdue = [line for line in out.splitlines() if "📬 [DM to alex] ⏰" in line]
    assert len(overdue) == 1 and "Lincoln Middle School" in overdue[0]
    assert "[Mon Jan 04 09:00] 📬 [DM to alex] 🗺" in out
    assert "• #1 Sunrise Pediatrics: 1 touch · 3 referrals" in out
    with (exports / "referral-outcomes-2027-01-04.csv").open(encoding="utf-8-sig") as f:
        assert list(csv.reader(f))[1] == ["2026-12", "1", "Sunrise Pediatrics", "3"]


# Libraries the console does not need to answer a command (the chat platforms' SDKs, the
# scheduler's, the chart's, the privacy guard's name source and its expressions, the
# fuzzy matcher, the holiday calendars): each would add to every start of every command.
NOT_AT_START = ("slack_sdk", "slack_bolt", "microsoft_teams", "apscheduler", "PIL",
                "faker", "rapidfuzz", "holidays", "bot.privacy.features")


def test_the_console_answers_a_command_without_loading_what_it_does_not_use(
        tmp_path: Path) -> None:
    code = ("import sys, app; status = app.main(['console', '--as', 'alex', '--at', "
            "'2026-11-30T10:00']); "
            f"print(status, *sorted(set({NOT_AT_START!r}) & set(sys.modules)), file=sys.stderr)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "CLIENT_"))}
    env.update(DATABASE_URL=f"sqlite:///{tmp_path}/showup.db",
               SHOWUP_TIMEZONE="America/New_York", EXPORTS_DIR=str(tmp_path / "exports"))
    done = subprocess.run([sys.executable, "-c", code], input="list\n:quit\n",
                          capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert "alex> list\nNo open commitments." in done.stdout, done.stdout
    assert done.stderr.splitlines()[-1] == "0", done.stderr
