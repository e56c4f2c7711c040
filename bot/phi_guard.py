"""Refuse free text that may hold client information before anything stores, logs or posts it.

Slack offers no HIPAA agreement for third-party apps, so the product runs under a no-PHI
policy: every free-text field passes through `check` before it is saved, and team posts
check again before they go out. The guard reads the sentence the way a colleague would
(bot/privacy/): who is in it — a professional in their role, an organisation, or a
particular person (a first name, initials, "her daughter", "the 8 year old", "my 3pm") — and
what is said about them (diagnoses, symptoms, medications, hospital stays, court and
child-protection matters), plus the Safe Harbor identifiers of a person (date of birth,
record numbers, a personal phone, email or home address). A referrer's business number or
email, a venue's address and a condition named as a talk's topic or audience are not client
data and pass. Some signs refuse on their own; a model trained on a labelled corpus
(tools/train_phi.py, tests/data/phi/) weighs the rest. Its rates on sentences it never saw
are in bench/results/phi.md. Findings never quote the text, so a refusal can be shown and
logged safely.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

REPHRASE_HINT = (
    "Please rephrase without client details — name only the organisation or role "
    "(for example “Sunrise Pediatrics” or “the school counselor”)."
)
# Longer text is judged by its first part; no field takes more.
LONGEST = 4000


@dataclass(frozen=True)
class PhiFinding:
    """Why a text was refused; `reason` is a fixed phrase that never quotes the text."""

    kind: str
    reason: str


_REASONS: tuple[tuple[frozenset[str], str, str], ...] = (
    (frozenset({"ssn"}), "ssn", "a Social Security number"),
    (frozenset({"dob", "old_date"}), "date_of_birth", "a date of birth"),
    (frozenset({"record", "long_number"}), "record_number", "a record, member or ID number"),
    (frozenset({"phone", "phone_personal", "email_personal", "person_and_contact",
                "home_address", "home_words"}), "contact",
     "a person's phone, email or home address"),
    (frozenset({"pronoun_clinical"}), "health_detail",
     "health or personal details about a particular person"),
    (frozenset({"relationship", "pt", "client_word"}), "client_reference",
     "a reference to a particular client"),
    (frozenset({"person_and_sensitive", "medication", "clinical", "care_setting", "legal",
                "own_clinician", "name_near_sensitive"}), "health_detail",
     "health or personal details about a particular person"),
)
_IDENTIFIES = ("person", "details that could identify a particular person (a name, "
               "initials, an age or a relative)")


def check(text: str, *, today: date | None = None,
          colleagues: frozenset[str] = frozenset()) -> PhiFinding | None:
    """Return why the text may hold client information, or None when it is safe.
    `colleagues`: the lowercase first names of the workspace's members, read as the
    professionals they are (bot/privacy/features.py as_colleagues)."""
    if not text or text.isspace():
        return None
    # The guard's signs are some sixty regular expressions, compiled on import (0.05 s): a
    # process that checks no text (a tick, a migration, most console commands) never pays.
    from bot.privacy.features import as_colleagues, prepare
    from bot.privacy.model import judge

    prepared = as_colleagues(prepare(text[:LONGEST]), colleagues)
    verdict = judge(prepared, (today or date.today()).year)
    if not verdict.refuse:
        return None
    for signs, kind, reason in _REASONS:
        if signs & set(verdict.strongest[:2]):
            return PhiFinding(kind, reason)
    return PhiFinding(*_IDENTIFIES)


def warm_up() -> None:
    """Load the name lists and the weights now, not on a clinician's first message."""
    check("warm up with Sunrise Pediatrics about the garcia kids")
