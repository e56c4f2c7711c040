"""Which referral source a sentence is about, the way people name them: "coffee with the
Lakeside nurse manager" is Lakeside Family Medicine, "Lincoln MS" is Lincoln Middle School, an
alias counts as the name, and a near miss ("Lakside") or a name two sources share ("Lincoln")
is asked about rather than guessed. Pure: the text and the practice's sources in, a match
(sure or not) out. Measured on a corpus: bench/results/language.md.

A word of a source's name only counts where the sentence uses it as a name: next to another
word of that name, after "at", "with", "to"…, or before a word for the people or places there
("nurse", "front desk", "office"). So "sunrise yoga", "the valley fair" and "a grace period"
name nobody, and "Riverside Cafe" is another place than Riverside YMCA.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.model import ReferralSource

# Words that say what kind of place a source is, not which one: matching on them alone would
# tie every school to every other school.
GENERIC = frozenset({
    "the", "of", "and", "at", "for", "a", "an", "family", "medicine", "medical", "clinic",
    "center", "centre", "health", "healthcare", "practice", "associates", "group", "partners",
    "pediatrics", "pediatric", "paediatrics", "children", "childrens", "kids", "office", "care",
    "primary", "urgent", "internal", "hospital", "physicians", "physician", "doctors", "doctor",
    "dr", "md", "do", "np", "pa", "llc", "inc", "pc", "pllc", "ltd", "school", "elementary",
    "middle", "high", "academy", "college", "university", "district", "pta", "pto", "church",
    "parish", "chapel", "temple", "synagogue", "mosque", "ministry", "ministries",
    "congregation", "fellowship", "st", "saint", "first", "united", "community", "services",
    "service", "counseling", "behavioral", "wellness", "library", "ymca", "club",
    "association", "foundation", "chamber", "commerce", "senior", "seniors", "women", "womens",
    "men", "center's", "obgyn", "ob", "gyn",
})
# How people shorten the words of a name.
ABBREVIATIONS = {
    "peds": "pediatrics", "ped": "pediatrics", "fm": "family", "fam": "family",
    "med": "medicine",
    "ms": "middle", "hs": "high", "elem": "elementary", "es": "elementary", "sr": "senior",
    "y": "ymca", "ctr": "center", "cntr": "center", "ch": "church", "saint": "st", "mt": "mount",
}
# Words that, before a name, say a place or person is meant ("at Sunrise", "with Grace").
BEFORE_A_NAME = frozenset({
    "at", "to", "with", "w", "from", "for", "visit", "visiting", "by", "@", "via", "into",
    "and", "call", "email", "see", "meet", "thank", "thanks", "about", "re", "on", "in",
})
# Words that, after a name, say its people or places are meant ("Lakeside nurse manager").
AFTER_A_NAME = frozenset({
    "nurse", "nurses", "staff", "team", "front", "desk", "office", "offices", "manager",
    "managers", "director", "directors", "doctor", "doctors", "docs", "doc", "providers",
    "provider", "physicians", "counselor", "counselors", "counselling", "counseling",
    "principal", "principals", "teachers", "teacher", "parents", "parent", "pastor", "pastors",
    "priest", "rabbi", "clergy", "board", "council", "youth", "ministry", "group", "members",
    "folks", "people", "crew", "admin", "admins", "reception", "receptionist", "practice",
    "clinic", "school", "church", "parish", "lunch", "breakfast", "visit", "meeting",
    "meetings", "event", "events", "newsletter", "bulletin", "night", "coffee", "talk",
    "workshop", "presentation", "training", "in-service", "inservice", "social", "kids",
    "families", "moms", "dads", "community", "leaders", "volunteers", "residents", "member",
    "coordinator",
})
NEAR_MISS = 85        # rapidfuzz ratio for a probable typo of a name's word
NEAR_MISS_BESIDE = 75  # ... when it stands next to another word of that name
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’.-]*|@")


@dataclass(frozen=True)
class SourceMatch:
    source: ReferralSource
    sure: bool


@dataclass(frozen=True)
class _Token:
    word: str      # lowercase, no possessive 's, abbreviations spelled out
    raw: str
    capital: bool

    @property
    def forms(self) -> set[str]:
        """The word, and without a plural's s ("st marks" for St. Mark's)."""
        if self.word.endswith("s") and len(self.word) > 4:
            return {self.word, self.word[:-1]}
        return {self.word}

    def is_one_of(self, words: set[str]) -> bool:
        return bool(self.forms & words)


def match_source(text: str, sources: Sequence[ReferralSource]) -> SourceMatch | None:
    """The source `text` names: sure when its name, an alias or the words that make it that
    source appear as a name; unsure when two sources fit equally, or only a near miss does."""
    live = [s for s in sources if not s.retired]
    whole = _by_whole_name(text, live)
    if whole is not None:
        return SourceMatch(whole, True)
    tokens = _tokens(text)
    scored = sorted(((_score(tokens, s), s) for s in live), key=lambda pair: -pair[0])
    if scored and scored[0][0] > 0:
        best, runner_up = scored[0][0], scored[1][0] if len(scored) > 1 else 0
        return SourceMatch(scored[0][1], best > runner_up)
    near = _near_miss(tokens, live) or _kind_only(tokens, live)
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


def _score(tokens: list[_Token], source: ReferralSource) -> int:
    """10 for each word that makes a source that source, used as a name in the text, plus 1
    for each of its kind-of-place words there too ("Lincoln Middle" over "Lincoln
    Elementary"); 0 when none is."""
    best = 0
    for name in _names(source):
        words = [w for w in (_word(raw) for raw in _WORD.findall(name)) if w]
        distinctive = {w for w in words if w not in GENERIC and len(w) >= 3} or set(words)
        hits = {w for i in range(len(tokens)) for w in tokens[i].forms & distinctive
                if _used_as_name(tokens, i, set(words))}
        if hits:
            typed = {form for t in tokens for form in t.forms}
            generic = {w for w in words if w in GENERIC} & typed
            best = max(best, 10 * len(hits) + len(generic))
    return best


def _used_as_name(tokens: list[_Token], i: int, name_words: set[str]) -> bool:
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if after is not None and after.capital and not after.is_one_of(name_words) \
            and after.word not in AFTER_A_NAME:
        return False  # "Riverside Cafe": another place's name
    if (before is not None and before.is_one_of(name_words)) or \
            (after is not None and after.is_one_of(name_words)):
        return True
    if after is not None and after.word in AFTER_A_NAME:
        return True
    if tokens[i].raw.lower().endswith(("'s", "’s")) and tokens[i].capital \
            and len(tokens[i].word) >= 5:
        return True  # "Valley's behavioral health coordinator"
    return before is not None and before.word in BEFORE_A_NAME and \
        (tokens[i].capital or after is None or after.word in BEFORE_A_NAME or
         not after.raw[:1].isalpha() or len(tokens[i].word) >= 6)


def _near_miss(tokens: list[_Token], sources: Sequence[ReferralSource]
               ) -> ReferralSource | None:
    """A typo of a name's word ("Lakside", "Grcae Church"), where it is used as a name."""
    from rapidfuzz import fuzz  # imported by the first text that names a source

    best: tuple[float, ReferralSource] | None = None
    for source in sources:
        for name in _names(source):
            words = {w for w in (_word(raw) for raw in _WORD.findall(name)) if w}
            for wanted in words - GENERIC:
                if len(wanted) < 4:
                    continue
                for i, token in enumerate(tokens):
                    if token.is_one_of(words) or len(token.word) < 3:
                        continue
                    beside = any(0 <= j < len(tokens) and tokens[j].is_one_of(words)
                                 for j in (i - 1, i + 1))
                    ratio = fuzz.ratio(wanted, token.word)
                    enough = NEAR_MISS_BESIDE if beside else NEAR_MISS
                    if ratio >= enough and (beside or _used_as_name(tokens, i, words)) and \
                            (best is None or ratio > best[0]):
                        best = (ratio, source)
    return best[1] if best else None


def _kind_only(tokens: list[_Token], sources: Sequence[ReferralSource]
               ) -> ReferralSource | None:
    """"at Family Medicine": a source's kind-of-place words, two or more in a row, with no
    other name before them — probably one of those sources; ask which."""
    typed = [t.word for t in tokens]
    for source in sources:
        words = [w for w in (_word(raw) for raw in _WORD.findall(source.name)) if w]
        tail = [w for w in words if w in GENERIC and w not in ("the", "of", "and", "at")]
        if len(tail) < 2:
            continue
        for i in range(len(typed) - len(tail) + 1):
            if typed[i:i + len(tail)] == tail:
                before = tokens[i - 1] if i > 0 else None
                if before is None or not before.capital or before.word in BEFORE_A_NAME:
                    return source
    return None


def _plain(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _word(raw: str) -> str:
    word = raw.lower().replace("’", "'").strip(".'-")
    if word.endswith("'s"):
        word = word[:-2]
    return ABBREVIATIONS.get(word, word)


def _tokens(text: str) -> list[_Token]:
    return [_Token(_word(raw), raw, raw[:1].isupper())
            for raw in _WORD.findall(text.replace("/", " ")) if _word(raw)]
