"""Reading what clinicians type, held to the rates bench/results/language.md records, on
corpora of realistic lines (tests/corpora/; the held-out parts were written by someone who
never saw the rules and were not tuned on)."""

from __future__ import annotations

import pytest

from bench.language import score_activities, score_sources


@pytest.mark.parametrize(("part", "matched", "false_touch"), [("dev", 0.97, 0.02),
                                                              ("heldout", 0.90, 0.05)])
def test_sources_are_matched_the_way_people_name_them(part: str, matched: float,
                                                      false_touch: float) -> None:
    score = score_sources(f"sources_{part}.tsv")
    rates = score.as_dict()
    assert score.wrong_source == 0, "a line about one source must never touch another"
    assert rates["matched"] >= matched
    assert rates["false touch"] <= false_touch
    assert rates["ambiguous asked"] >= 0.9
    assert score.unsure_touched == 0, "a near miss or a shared name is asked about, not taken"


@pytest.mark.parametrize(("part", "floor"), [("dev", 0.95), ("heldout", 0.85)])
def test_activity_types_are_read_by_what_the_clinician_will_do(part: str, floor: float) -> None:
    result = score_activities(f"activities_{part}.tsv")
    assert result["lines"] >= 100
    assert result["accuracy"] >= floor
    assert result["accuracy"] > result["before"] + 0.1
