"""What an item of outreach showed: the three things only a therapist can show in person —
empathy for the pain, the ability to build a relationship, and problem-solving.

Pure values and words: the tags, reading them as people type them, and saying a mix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum


class Tag(StrEnum):
    """Stored by value; listed in this order everywhere."""

    EMPATHY = "empathy"
    RELATIONSHIP = "relationship"
    PROBLEM_SOLVING = "problem-solving"

    @property
    def label(self) -> str:
        return self.value.capitalize()


SKIP = "skip"
_WORDS: dict[str, Tag | str] = {
    **dict.fromkeys(("empathy", "empathic", "empathetic", "emp", "e", "compassion"),
                    Tag.EMPATHY),
    **dict.fromkeys(("relationship", "relationships", "relationship-building",
                     "relationshipbuilding", "building-relationships", "rel", "r", "rapport",
                     "relationship-builder"), Tag.RELATIONSHIP),
    **dict.fromkeys(("problem-solving", "problemsolving", "problem-solver", "problem",
                     "problems", "solving", "ps", "p", "solutions"), Tag.PROBLEM_SOLVING),
    **dict.fromkeys(("skip", "none", "nothing", "pass", "no", "-"), SKIP),
}
_JOINED = re.compile(r"\b(problem|relationship|building)[\s_]+(solving|solver|building|"
                     r"relationships)\b")
_FILLERS = {"and", "&", "+", "plus", "also"}
NAMES = "empathy, relationship, problem-solving"


@dataclass(frozen=True)
class Showing:
    """A commitment's answer: `tags` None while unanswered, empty when skipped."""

    commitment_id: int
    tags: frozenset[Tag] | None
    shared: bool = False

    @property
    def answered(self) -> bool:
        return self.tags is not None


def read_tags(words: str) -> frozenset[Tag] | str:
    """"empathy problem solving" → those tags; "skip" → no tags. A word it does not know, or
    skip together with a tag, is a str saying what went wrong."""
    folded = _JOINED.sub(r"\1-\2", words.lower().replace("_", "-"))
    said = [w for w in re.split(r"[\s,;/]+", folded.strip(" .!")) if w and w not in _FILLERS]
    if not said:
        return f"Say what it showed: {NAMES} — or skip."
    found: set[Tag] = set()
    skipped = False
    for word in said:
        tag = _WORDS.get(word.strip(".!"))
        if tag is None:
            return f"I know {NAMES} (or skip), not “{word[:30]}”."
        if tag == SKIP:
            skipped = True
        else:
            found.add(Tag(tag))
    if skipped and found:
        return "Either what it showed, or skip — not both."
    return frozenset(found)


def in_order(tags: Iterable[Tag]) -> list[Tag]:
    chosen = set(tags)
    return [tag for tag in Tag if tag in chosen]


def to_text(tags: frozenset[Tag] | None) -> str | None:
    """How tags are stored: "empathy,problem-solving"; "" skipped; None unanswered."""
    return None if tags is None else ",".join(in_order(tags))


def from_text(text: str | None) -> frozenset[Tag] | None:
    if text is None:
        return None
    known = {tag.value: tag for tag in Tag}
    return frozenset(known[part] for part in text.split(",") if part in known)


def joined(tags: Iterable[Tag]) -> str:
    """"empathy · problem-solving"."""
    return " · ".join(in_order(tags))


def mix_words(counts: Mapping[Tag, int]) -> str:
    """"empathy 4 · relationship 2 · problem-solving 3": every tag, in order."""
    return " · ".join(f"{tag.value} {counts.get(tag, 0)}" for tag in Tag)
