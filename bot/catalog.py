"""The activity catalog: what counts as outreach, what it is worth, and how to recognise it."""

from __future__ import annotations

import re

from bot.model import ActivityType

DEFAULT_ACTIVITIES: tuple[ActivityType, ...] = (
    ActivityType("lunch", "Lunch-and-learn", 4,
                 ("lunch and learn", "lunch-and-learn", "lunch", "breakfast", "in-service")),
    ActivityType("talk", "Community talk or workshop", 5,
                 ("talk", "workshop", "present", "presentation", "speak", "speaking", "webinar",
                  "seminar", "training", "panel", "class")),
    ActivityType("consult", "Case consultation with a client's other providers", 3,
                 ("consult", "consultation", "case conference", "care team", "coordinate",
                  "collaborate", "treatment team")),
    ActivityType("media", "Podcast, video or article", 3,
                 ("podcast", "video", "article", "blog", "newsletter", "interview", "radio",
                  "column", "op-ed", "youtube")),
    ActivityType("networking", "Networking event", 2,
                 ("networking", "network", "mixer", "chamber", "conference", "fair", "expo",
                  "meetup", "gala")),
    ActivityType("followup", "Follow-up note", 1,
                 ("follow-up", "follow up", "followup", "thank-you", "thank you", "note", "card",
                  "call", "email")),
    ActivityType("visit", "Referral-source visit", 3,
                 ("visit", "drop off", "drop by", "stop by", "brochure", "coffee", "meet",
                  "office", "introduce")),
)
FALLBACK_KEY = "visit"
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,23}$")


def infer_activity(text: str, catalog: list[ActivityType]) -> ActivityType | None:
    """The first catalog entry (in catalog order) whose keywords or key appear in `text`."""
    lowered = f" {text.lower()} "
    for activity in catalog:
        if not activity.active:
            continue
        words = (*activity.keywords, activity.key, activity.label.lower())
        if any(_has_word(lowered, word) for word in words):
            return activity
    return None


_ENDINGS = "s|es|d|ed|ing|er|ers|ment|ments"


def _has_word(text: str, word: str) -> bool:
    """The keyword as a whole word or inflected ("talks", "speaker", "coordinating",
    "blogging"), never as the start of another word ("fair" in "Fairview")."""
    forms = [rf"{re.escape(word)}(?:{_ENDINGS})?"]
    if word.endswith("e"):
        forms.append(rf"{re.escape(word[:-1])}(?:ing|er|ers|ion|ions)")
    if word[-1:].isalpha():
        forms.append(rf"{re.escape(word)}{re.escape(word[-1])}(?:ing|ed|er|ers)")
    pattern = rf"(?<![a-z])(?:{'|'.join(forms)})(?![a-z])"
    return re.search(pattern, text) is not None


def find_activity(key: str, catalog: list[ActivityType]) -> ActivityType | None:
    """A catalog entry by its key, its label, or a unique prefix of either."""
    wanted = key.strip().lower()
    active = [a for a in catalog if a.active]
    for activity in active:
        if wanted in (activity.key, activity.label.lower()):
            return activity
    prefixed = [a for a in active if a.key.startswith(wanted) or a.label.lower().startswith(wanted)]
    return prefixed[0] if len(prefixed) == 1 and wanted else None
