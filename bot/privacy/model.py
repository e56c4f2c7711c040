"""The trained weights of the privacy guard: a logistic regression over the signs in
bot/privacy/features.py, every pair of signs found together (so "a first name" and "a
diagnosis" weigh more together than apart), and the hashed words of the sentence.
tools/train_phi.py trains it on the dev parts of tests/data/phi/ (never the held-out part)
and writes weights.json."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import combinations
from pathlib import Path

from bot.privacy.features import hashed, signs

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Weights:
    bias: float
    signs: dict[str, float]      # single signs and pairs ("clinical&name")
    words: dict[int, float]
    threshold: float


@cache
def weights() -> Weights:
    raw = json.loads(WEIGHTS.read_text())
    return Weights(float(raw["bias"]), {k: float(v) for k, v in raw["signs"].items()},
                   {int(k): float(v) for k, v in raw["words"].items()}, float(raw["threshold"]))


# Signs that refuse on their own: a Safe Harbor identifier of a person, a phone number with
# no business around it, a particular person's family, care or medication. Each occurs in
# at most a few of the ordinary lines of the dev corpus. Everything else is weighed by the
# model.
RULES = ("ssn", "dob", "old_date", "record", "person_and_contact", "home_address",
         "email_personal", "long_number", "phone", "family_name", "relative",
         "name_possession", "medication", "pt", "pronoun_clinical", "individual_named",
         "phone_personal", "name_with_condition", "short_note_about_someone")


# Signs of some particular person in the text, besides the clinician.
PERSON_EVIDENCE = frozenset({
    "name", "name_lower", "cap_person", "honorific", "phone", "long_number",
    "name_possessive", "name_initial", "honorific_acting", "initials", "initials_bare",
    "individual", "individual_named", "family_name", "relative", "relative_of_someone",
    "age_tied", "relationship", "pt", "client_word", "pronoun_clinical", "own_clinician",
    "name_near_sensitive", "phone_personal", "email_personal", "home_address", "home_words",
    "record", "dob", "old_date"})


def paired(found: dict[str, float]) -> Iterator[tuple[str, float]]:
    """The signs, then every pair of them, as (feature name, value)."""
    yield from found.items()
    for a, b in combinations(sorted(found), 2):
        yield f"{a}&{b}", 1.0


def word_features(prepared: str) -> list[tuple[int, float]]:
    """The hashed words, scaled so that together they weigh the same in a short text as in
    a long one: a four-word note is judged by its words, not by how few they are."""
    buckets = set(hashed(prepared))
    value = 1 / math.sqrt(len(buckets)) if buckets else 0.0
    return [(bucket, value) for bucket in buckets]


# With no particular person in the text, the model needs to be surer: "drop ADHD flyers at
# KXLU" names a topic. Chosen on the dev corpus (tools/train_phi.py): it costs 0.2 % of the
# client lines and keeps topic-only text from being refused by its words alone.
WITHOUT_A_PERSON = 0.7


def bar(found: dict[str, float], threshold: float) -> float:
    """The probability at which the model refuses this text on its own (above 1: never).
    Never on the words alone, with no sign to say what was found, and never for the
    clinician's own lived experience with nobody else in it."""
    person = bool(found.keys() & PERSON_EVIDENCE)
    if not found or ("self_disclosure" in found and not person):
        return 2.0
    return threshold if person else max(threshold, WITHOUT_A_PERSON)


def by_rule(found: dict[str, float]) -> tuple[str, ...]:
    """The refusing signs present, unless the text says the client is left unnamed."""
    if "shared_client" in found:
        return ()
    return tuple(rule for rule in RULES if rule in found)


@dataclass(frozen=True)
class Verdict:
    probability: float
    refuse: bool
    strongest: tuple[str, ...]   # the signs that pushed hardest towards refusing


def judge(prepared: str, this_year: int | None = None, model: Weights | None = None
          ) -> Verdict:
    model = model or weights()
    found = signs(prepared, this_year)
    contributions: dict[str, float] = {}
    score = model.bias
    for name, value in paired(found):
        weight = model.signs.get(name, 0.0) * value
        score += weight
        if weight:
            for part in name.split("&"):
                contributions[part] = contributions.get(part, 0.0) + weight
    score += sum(model.words.get(bucket, 0.0) * value for bucket, value in word_features(prepared))
    probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))
    ruled = by_rule(found)
    strongest = ruled or tuple(name for name, c in sorted(contributions.items(),
                                                          key=lambda kv: -kv[1]) if c > 0)
    refuse = bool(ruled) or probability >= bar(found, model.threshold)
    return Verdict(probability, refuse, strongest)
