"""Which referral source a sentence is about, the way people name them: "coffee with the
Lakeside nurse manager" is Lakeside Family Medicine, "Lincoln Middle" is Lincoln Middle School,
an alias counts as the name, and a near miss ("Lakside") is asked about rather than guessed.
Pure: the text and the practice's sources in, a match (sure or not) out."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.model import ReferralSource

# Words that say what kind of place a source is, not which one: matching on them alone would
# tie every school to every other school.
GENERIC = frozenset({
    "the", "of", "and", "at", "for", "a", "an", "family", "medicine", "medical", "clinic",
    "clinics", "center", "centre", "health", "healthcare", "practice", "practices",
    "associates", "group", "partners", "pediatrics", "pediatric", "paediatrics", "children's",
    "childrens", "children", "kids", "office", "offices", "care", "primary", "urgent", "internal",
    "hospital", "hospitals", "physicians", "physician", "doctors", "doctor", "dr", "dr.", "md",
    "do", "np", "pa", "llc", "inc", "pc", "pllc", "ltd", "school", "schools", "elementary",
    "middle", "high", "academy", "college", "university", "district", "pta", "pto", "church",
    "parish", "chapel", "temple", "synagogue", "mosque", "ministry", "ministries",
    "congregation", "fellowship", "st", "st.", "saint", "first", "united", "community",
    "services", "service", "counseling", "behavioral", "wellness", "library", "ymca", "club",
    "association", "foundation", "chamber", "commerce", "rotary",
})
SHORT_PROPER = 6  # a name word shorter than this only counts when typed with a capital
NEAR_MISS = 85    # rapidfuzz ratio at which a word is probably a typo of a source's word
_WORD = re.compile(r"[A-Za-z][A-Za-z'’.-]*")


@dataclass(frozen=True)
class SourceMatch:
    source: ReferralSource
    sure: bool


def match_source(text: str, sources: Sequence[ReferralSource]) -> SourceMatch | None:
    """The source `text` names: sure when its name, an alias or the words that make it that
    source appear; unsure when only a near miss does (ask before taking it)."""
    live = [s for s in sources if not s.retired]
    whole = _by_whole_name(text, live)
    if whole is not None:
        return SourceMatch(whole, True)
    scored = sorted(((_score(text, s), s) for s in live), key=lambda pair: -pair[0])
    if scored and scored[0][0] > 0:
        best, runner_up = scored[0][0], scored[1][0] if len(scored) > 1 else 0
        return SourceMatch(scored[0][1], best > runner_up)
    near = _near_miss(text, live)
    return SourceMatch(near, False) if near is not None else None


def _names(source: ReferralSource) -> list[str]:
    return [source.name, *source.aliases]


def _by_whole_name(text: str, sources: Sequence[ReferralSource]) -> ReferralSource | None:
    lowered = _plain(text)
    best: tuple[int, ReferralSource] | None = None
    for source in sources:
        for name in _names(source):
            plain = _plain(name)
            if len(plain) >= 4 and re.search(rf"(?<!\w){re.escape(plain)}(?!\w)", lowered) \
                    and (best is None or len(plain) > best[0]):
                best = (len(plain), source)
    return best[1] if best else None


def _score(text: str, source: ReferralSource) -> int:
    """How many of the words that make a source that source the text has (0: none)."""
    typed = _typed_words(text)
    best = 0
    for name in _names(source):
        words = _words(name)
        distinctive = [w for w in words if w not in GENERIC] or words  # "Rotary Club"
        hits = [w for w in distinctive if w in typed and (len(w) >= SHORT_PROPER or typed[w])]
        if hits:
            # the kind-of-place words that also match break ties: "Lincoln Middle"
            best = max(best, 10 * len(hits) + sum(w in typed for w in words if w in GENERIC))
    return best


def _near_miss(text: str, sources: Sequence[ReferralSource]) -> ReferralSource | None:
    typed = list(_typed_words(text))
    best: tuple[float, ReferralSource] | None = None
    for source in sources:
        for name in _names(source):
            for word in _words(name):
                if word in GENERIC or len(word) < SHORT_PROPER:
                    continue
                for seen in typed:
                    ratio = fuzz.ratio(word, seen)
                    if ratio >= NEAR_MISS and (best is None or ratio > best[0]):
                        best = (ratio, source)
    return best[1] if best else None


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _words(text: str) -> list[str]:
    return [_stem(w) for w in _WORD.findall(text.replace("’", "'"))]


def _typed_words(text: str) -> dict[str, bool]:
    """Each word of the text (lowercase, without a possessive 's), and whether it was typed
    with a capital."""
    found: dict[str, bool] = {}
    for word in _WORD.findall(text.replace("’", "'")):
        key = _stem(word)
        found[key] = found.get(key, False) or word[:1].isupper()
    return found


def _stem(word: str) -> str:
    word = word.lower().strip(".'-")
    return word[:-2] if word.endswith("'s") else word
