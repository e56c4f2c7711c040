"""The trained weights of the privacy guard: a logistic regression over the signs in
bot/privacy/features.py and the hashed words of the sentence. tools/train_phi.py trains it
on the dev part of tests/data/phi/ (never the held-out part) and writes weights.json."""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from bot.privacy.features import hashed, signs

WEIGHTS = Path(__file__).with_name("weights.json")


@dataclass(frozen=True)
class Weights:
    bias: float
    signs: dict[str, float]
    words: dict[int, float]
    threshold: float


@cache
def weights() -> Weights:
    raw = json.loads(WEIGHTS.read_text())
    return Weights(float(raw["bias"]), {k: float(v) for k, v in raw["signs"].items()},
                   {int(k): float(v) for k, v in raw["words"].items()}, float(raw["threshold"]))


# Signs that refuse on their own: each names a particular client or ties a person to their
# care. Measured on the dev corpus (bench/results/phi.md), each is rare in ordinary outreach.
RULES = ("person_and_sensitive", "relationship", "relative",
         "name_possession", "medication", "age_tied", "family_name", "pt", "old_date", "dob",
         "record", "person_and_contact", "home_address", "phone_personal", "email_personal",
         "ssn", "pronoun_clinical", "long_number", "phone")


# Without one of these there is no particular person in the text, and the model alone does
# not refuse it: "talk to Dr. Patel about anxiety" names a topic, not a client.
PERSON_EVIDENCE = frozenset({
    "name", "name_lower", "cap", "cap_person", "name_possessive", "name_initial", "honorific",
    "honorific_acting", "initials", "individual", "family_name", "relative",
    "relative_of_someone", "age_tied", "relationship", "pt", "client_word",
    "pronoun_clinical", "own_clinician", "name_near_sensitive", "phone", "phone_personal",
    "email_personal", "home_address", "home_words", "long_number",
    "record", "dob", "old_date"})


def may_name_someone(found: dict[str, float]) -> bool:
    return any(sign in PERSON_EVIDENCE for sign in found)


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
    contributions = {name: value * model.signs.get(name, 0.0) for name, value in found.items()}
    score = model.bias + sum(contributions.values())
    score += sum(model.words.get(bucket, 0.0) for bucket in set(hashed(prepared)))
    probability = 1 / (1 + math.exp(-max(-30.0, min(30.0, score))))
    ruled = by_rule(found)
    strongest = ruled or tuple(name for name, c in sorted(contributions.items(),
                                                          key=lambda kv: -kv[1]) if c > 0)
    refuse = bool(ruled) or (probability >= model.threshold and may_name_someone(found))
    return Verdict(probability, refuse, strongest)
