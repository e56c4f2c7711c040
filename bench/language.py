"""How well ShowUp reads what clinicians type, measured on corpora (tests/corpora/):

- sources: which referral source a line is about (bot/source_match.py) — lines about a source
  should match it surely, near misses and names two sources share should be asked about, and
  lines about no source must not touch one;
- activities: which activity type a line is (bot/activity_guess.py), against the first-keyword
  rule ShowUp used before (bot/catalog.py `infer_activity`).

Each corpus has a dev part (the rules were tuned on it) and a held-out part, written
separately by someone who never saw the rules, and not tuned on: its rate is the honest one.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from bench.machine import describe
from bench.report import table, write
from bot.catalog import DEFAULT_ACTIVITIES, infer_activity
from bot.interpret import Intention, read_commitment
from bot.model import ReferralSource, SourceKind
from bot.source_match import match_source

CORPORA = Path(__file__).resolve().parents[1] / "tests" / "corpora"
TODAY = date(2026, 12, 1)
PRACTICE_SOURCES = (
    "Sunrise Pediatrics", "Lakeside Family Medicine", "Lincoln Middle School",
    "Lincoln Elementary School", "Grace Church", "St. Mark's Parish",
    "Dr. Patel, internal medicine", "Riverside YMCA", "Valley Family Medicine", "Jefferson PTA",
    "Rotary Club", "Hope Women's Health", "Oakwood High School", "Bayview Senior Center",
)
ALIASES = {"Hope Women's Health": ("Hope OB",)}


def practice_sources() -> list[ReferralSource]:
    return [ReferralSource(n, 1, name, SourceKind.OTHER, "B", None, 60, None, False,
                           date(2026, 1, 1), aliases=ALIASES.get(name, ()))
            for n, name in enumerate(PRACTICE_SOURCES, 1)]


def corpus(name: str) -> list[tuple[str, str]]:
    lines = (CORPORA / name).read_text().splitlines()
    return [(expected, text) for expected, _, text in (line.partition("\t") for line in lines)
            if text]


@dataclass(frozen=True)
class SourceScore:
    about_a_source: int   # lines that name one source
    matched: int          # ... matched to it, surely
    asked_right: int      # ... asked about, with it as the suggestion
    wrong_source: int     # ... matched surely to another source (the worst outcome)
    unsure_lines: int     # near misses and names two sources share
    asked: int            # ... asked about (what should happen)
    unsure_touched: int   # ... matched surely without asking
    about_none: int       # lines about no source
    touched: int          # ... matched surely: a touch recorded for nobody's visit
    asked_needlessly: int

    def as_dict(self) -> dict[str, float]:
        return {"matched": self.matched / self.about_a_source,
                "wrong source": self.wrong_source / self.about_a_source,
                "ambiguous asked": self.asked / max(1, self.unsure_lines),
                "false touch": self.touched / max(1, self.about_none),
                "asked needlessly": self.asked_needlessly / max(1, self.about_none)}


def score_sources(name: str) -> SourceScore:
    sources = practice_sources()
    counts: Counter[str] = Counter()
    for expected, text in corpus(name):
        found = match_source(text, sources)
        sure = found is not None and found.sure
        got = found.source.name if found is not None else None
        if expected == "?":
            counts["unsure"] += 1
            counts["asked"] += found is not None and not sure
            counts["unsure_touched"] += sure
        elif expected == "-":
            counts["none"] += 1
            counts["touched"] += sure
            counts["asked_needlessly"] += found is not None and not sure
        else:
            counts["source"] += 1
            counts["matched"] += sure and got == expected
            counts["asked_right"] += not sure and got == expected
            counts["wrong"] += sure and got != expected
    return SourceScore(counts["source"], counts["matched"], counts["asked_right"],
                       counts["wrong"], counts["unsure"], counts["asked"],
                       counts["unsure_touched"], counts["none"], counts["touched"],
                       counts["asked_needlessly"])


def _without_verb(text: str) -> tuple[str, bool]:
    for verb in ("commit: ", "commit ", "log: ", "log "):
        if text.lower().startswith(verb):
            return text[len(verb):], verb.startswith("log")
    return text, False


def score_activities(name: str) -> dict[str, Any]:
    """Accuracy of the type ShowUp picks, and of the first-keyword rule it replaced."""
    catalog = list(DEFAULT_ACTIVITIES)
    right = before = total = 0
    confusions: Counter[tuple[str, str]] = Counter()
    for expected, line in corpus(name):
        text, logged = _without_verb(line)
        plan = read_commitment(text, TODAY, catalog, (0, 1, 2, 3, 4), allow_past=logged)
        if not isinstance(plan, Intention):
            continue
        total += 1
        right += plan.activity.key == expected
        old = infer_activity(plan.what, catalog)
        before += (old.key if old else "visit") == expected
        if plan.activity.key != expected:
            confusions[(expected, plan.activity.key)] += 1
    return {"lines": total, "accuracy": right / total, "before": before / total,
            "confusions": confusions.most_common(6)}


def run(quick: bool = False, out: Path | None = None) -> None:
    rows, data = [], {}
    for part in ("dev", "heldout"):
        score = score_sources(f"sources_{part}.tsv")
        rates = score.as_dict()
        data[f"sources {part}"] = {**rates, "lines": score.about_a_source + score.unsure_lines
                                   + score.about_none}
        rows.append([f"sources ({part})", score.about_a_source + score.unsure_lines +
                     score.about_none, f"{rates['matched']:.0%}",
                     f"{rates['wrong source']:.1%}", f"{rates['ambiguous asked']:.0%}",
                     f"{rates['false touch']:.1%}", f"{rates['asked needlessly']:.1%}"])
    activity_rows = []
    for part in ("dev", "heldout"):
        result = score_activities(f"activities_{part}.tsv")
        data[f"activities {part}"] = result
        activity_rows.append([f"activities ({part})", result["lines"],
                              f"{result['accuracy']:.0%}", f"{result['before']:.0%}",
                              ", ".join(f"{e}→{g} {n}" for (e, g), n in result["confusions"])])
    sections = [
        table(["corpus", "lines", "source matched", "wrong source", "ambiguous asked",
               "false touch", "asked needlessly"], rows),
        table(["corpus", "lines", "type right", "first keyword (before)",
               "most common misses"], activity_rows),
        "Targets: on held-out lines, sources matched >= 90 % with no wrong source and false "
        "touches <= 5 %; activity types right >= 85 %. The dev parts were tuned on; held-out "
        "rates are the ones to trust.",
    ]
    write("language", "Reading what clinicians type", describe(), sections, data, out)
