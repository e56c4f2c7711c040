"""Which activity of a member's quarterly plan a commitment carries out, when they didn't use
the plan's button: "lunch-and-learn at Sunrise" for the plan's "Lunch-and-learn at Sunrise
Pediatrics", or anything with the same kind of activity at the same source. Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

CLOSE_WORDING = 80  # rapidfuzz token-set ratio at which two descriptions say the same thing


@dataclass(frozen=True)
class PlannedActivity:
    item_id: int
    text: str
    activity_key: str
    source_id: int | None


def match_plan_item(what: str, activity_key: str, source_id: int | None,
                    planned: Sequence[PlannedActivity]) -> int | None:
    """The plan activity this outreach advances: the same kind at the same source, or the
    same words near enough; None when nothing in the plan is it."""
    same_place = [p for p in planned
                  if source_id is not None and p.source_id == source_id
                  and p.activity_key == activity_key]
    if same_place:
        return same_place[0].item_id
    from rapidfuzz import fuzz  # imported by the first outreach matched against a plan

    scored = [(fuzz.token_set_ratio(what.lower(), p.text.lower()), p) for p in planned]
    scored = [(score, p) for score, p in scored
              if score >= CLOSE_WORDING and p.activity_key == activity_key]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1].item_id
