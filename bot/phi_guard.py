"""Refuse free text that may hold client information before anything stores it.

Slack offers no HIPAA agreement for third-party apps, so the product runs under a no-PHI
policy: every free-text field passes through `check` before it is saved. The guard looks for
the Safe Harbor identifiers that can turn up in an outreach note (phone, email, SSN, record
numbers, birth dates) and for wording that ties a person to therapy or a diagnosis. It fails
closed: a false refusal costs a rephrase, a false pass leaks a client. Findings never quote
the text, so a refusal can be shown and logged safely.

Patterns start behind a lookbehind or word boundary and repeat boundedly, and the person checks
look only at a short window around each hit, so checking stays linear in the length of the text.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

REPHRASE_HINT = (
    "Please rephrase without client details — name only the organisation or role "
    "(for example “Sunrise Pediatrics” or “the school counselor”)."
)


@dataclass(frozen=True)
class PhiFinding:
    """Why a text was refused; `reason` is a fixed phrase that never quotes the text."""

    kind: str
    reason: str


# --- word lists ---------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLINICAL = (
    r"depression|depressive|depressed|anxiety(?:\s+disorder)?|panic\s+disorder|"
    r"c-?ptsd|ptsd|adhd|autism|autistic|asperger'?s?|bipolar|schizophrenia|schizophrenic|"
    r"schizoaffective|psychosis|psychotic|ocd|anorexia|anorexic|bulimia|bulimic|"
    r"binge[\s-]eating|eating\s+disorder|arfid|borderline|bpd|personality\s+disorder|"
    r"suicidal(?:\s+ideation)?|suicide\s+attempt|self[\s-]harm(?:ing)?|self[\s-]injury|"
    r"substance\s+(?:use|abuse)(?:\s+disorder)?|addiction|alcoholism|alcoholic|"
    r"oppositional\s+defiant|odd|conduct\s+disorder|dementia|dyslexia|tourette'?s?|"
    r"gad|mdd|major\s+depressive(?:\s+disorder)?"
)
_CARE = (
    r"therapy|treatment(?:\s+plan)?|sessions?|diagnos[ie]s|dx|intake|appointments?|appts?|"
    r"meds|medications?|symptoms|progress(?:\s+notes?)?|iep|504\s+plan|case|assessment|"
    r"evaluation|eval|prognosis|relapse|hospitali[sz]ation|discharge"
)

# Nouns after a clinical word that make it a topic ("her ADHD workshop"), not a person's state.
_TOPIC_NOUNS = _words("""
    talk talks workshop workshops webinar webinars seminar seminars presentation presentations
    training trainings group groups program programs programme resources resource awareness
    support services service clinic clinics class classes course courses series panel event
    events night month week day fair walk toolkit handout handouts flyer flyers brochure
    brochures info information education lecture lectures curriculum specialist specialists
    practice practices team teams network coalition association foundation center centre unit
    referrals referral expertise experts expert book books podcast episode article newsletter
    office offices coordinator process line form forms staff department desk director manager
""")

# Capitalised words that head a referrer: titles and roles.
_ROLES = _words("""
    dr doctor pastor rev reverend fr father rabbi imam cantor sister bishop deacon chaplain
    elder minister principal coach nurse np pa rn counselor counsellor teacher judge officer
    prof professor dean mayor chief captain superintendent director coordinator manager
    sheriff detective sgt lt md phd psyd lcsw lpc lmft msw st saint
""")

# Capitalised words that mark an organisation, not a person.
_ORG_WORDS = _words("""
    clinic clinics center centre hospital hospitals medical medicine health healthcare
    pediatrics paediatrics pediatric practice group associates school schools elementary
    middle high academy college university district church temple synagogue mosque parish
    ministry ministries club chamber commerce library foundation society association council
    department dept office services service agency institute program network alliance
    partners partnership coalition community county city town village rotary lions kiwanis
    hall house home care counseling counselling therapy wellness pharmacy dental dentistry
    urgent primary team staff board committee court station police fire inc llc corp co
    company podcast radio news times magazine portal relations advocacy advocate resources
    family families pediatricians physicians
""")

# Capitalised words that are neither names nor organisations: sentence starters, days, months,
# generic groups of people and event words.
_NOT_NAMES = _words("""
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs
    fri sat sun january february march april may june july august september october november
    december jan feb mar apr jun jul aug sep sept oct nov dec today tomorrow tonight yesterday
    next last this that these those the a an my our your their his her its it i we you they
    what why how when where who which let here there please thanks thank reminder note notes
    topic title theme subject re fyi focus agenda idea ideas goal goals plan plans webinar
    workshop talk seminar presentation training panel lunch coffee breakfast dinner visit call
    email meet meeting drop present follow follow-up event q&a info kids children teens
    teenagers parents students adults teachers veterans women men moms dads seniors couples
    youth understanding helping supporting living managing treating navigating beyond about
    intro introduction new local free all every each some any ok and or with for at on in to
    by from week weekend morning afternoon evening
""")

_ABBREVIATIONS = _ROLES | frozenset({"mr", "mrs", "ms", "mx", "jr", "sr"})
_CLIENT_NOUNS = _words("""
    client patient kid kiddo child boy girl teen teenager adolescent toddler
""")
_OBJECT_PRONOUNS = frozenset({"him", "them"})
_AFTER_OBJECT_HER = _words("""
    on at in today tomorrow tonight yesterday this next last and about re every weekly
    monday tuesday wednesday thursday friday saturday sunday
""")
_FUNCTION_WORDS = r"(?:about|on|for|to|at|in|of|and|or|re|regarding|with|from|by|the)"

_STRIP = ".,;:!?()[]{}\"'«»“”"
_PUNCT_END = (",", ";", ":", "!", "?", ")", "]")


# --- small helpers ------------------------------------------------------------------------


def _bare(word: str) -> str:
    """A word without surrounding punctuation or a possessive ending, for list look-ups."""
    word = word.strip(_STRIP)
    if word.lower().endswith("'s"):
        word = word[:-2]
    return word.strip(_STRIP)


def _is_capitalised(word: str) -> bool:
    bare = _bare(word)
    return bool(bare) and bare[0].isupper()


def _is_acronym(word: str) -> bool:
    return len(word) >= 3 and word.isalpha() and word.isupper()


def _is_person_run(words: Iterable[str]) -> bool:
    """Whether consecutive capitalised words name a person rather than a referrer or a group."""
    kept = [w for w in (_bare(x) for x in words) if w and w.lower() not in _NOT_NAMES]
    if not kept:
        return False
    return not any(
        w.lower() in _ROLES or w.lower() in _ORG_WORDS or _is_acronym(w)
        for w in kept
    )


def _run_after(text: str, pos: int) -> list[str]:
    """The capitalised words that start at `pos`, ending at a lowercase word or punctuation."""
    run: list[str] = []
    for word in text[pos:pos + 120].split()[:4]:
        if not _is_capitalised(word):
            break
        run.append(word)
        if word.endswith(_PUNCT_END) or (
            word.endswith(".") and _bare(word).lower() not in _ABBREVIATIONS
        ):
            break
    return run


def _run_before(text: str, pos: int) -> list[str]:
    """The capitalised words that end just before `pos`, most recent last."""
    run: list[str] = []
    for word in reversed(text[max(0, pos - 120):pos].split()[-3:]):
        stops = word.endswith(_PUNCT_END) or (
            word.endswith(".") and _bare(word).lower() not in _ABBREVIATIONS
        )
        if stops or not _is_capitalised(word):
            break
        run.insert(0, word)
    return run


def _next_word(text: str, pos: int) -> str:
    words = text[pos:pos + 60].split(maxsplit=1)
    return words[0].strip(_STRIP).lower() if words else ""


def _named_person_before(text: str, start: int, word: str) -> bool:
    """Whether the capitalised `word` at `start`, with the words before it, names a person."""
    return _is_capitalised(word) and _is_person_run([*_run_before(text, start), word])


def _points_at_person(text: str, pos: int) -> bool:
    """Whether the words at `pos` name a person, a pronoun for one or a single client."""
    words = text[pos:pos + 120].split()[:4]
    if not words:
        return False
    first = _bare(words[0]).lower()
    if first in _OBJECT_PRONOUNS:
        return True
    if first == "her":
        return len(words) == 1 or words[0].endswith((*_PUNCT_END, ".")) or (
            _bare(words[1]).lower() in _AFTER_OBJECT_HER)
    if first in {"a", "an", "my", "our", "the", "this", "that", "one", "his", "their"}:
        return len(words) > 1 and _bare(words[1]).lower() in _CLIENT_NOUNS
    initials = _bare(words[0]).replace(".", "")
    if 1 <= len(initials) <= 2 and initials.isalpha() and initials.isupper():
        return True
    return _is_person_run(_run_after(text, pos))


_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u200b": None, "\u200c": None,
                            "\u200d": None, "\u2060": None, "\ufeff": None})
_SLACK_TOKEN = re.compile(r"<[@#!][^<>\s|]{1,80}(?:\|[^<>]{0,80})?>")


def _prepare(text: str) -> str:
    """Normalise look-alike characters and drop Slack mention tokens (they name staff)."""
    text = unicodedata.normalize("NFKC", text)
    text = text.translate(_TRANSLATE)
    return _SLACK_TOKEN.sub(" ", text)



# --- identifiers --------------------------------------------------------------------------

_SSN = re.compile(
    r"(?<![\w-])\d{3}([ -])\d{2}\1\d{4}(?![\w-])"
    r"|\b(?=[a-z])(?:ssn|social\s+security(?:\s+(?:number|no))?)\b\W{0,6}\d",
    re.IGNORECASE,
)
_LOCAL_PART = r"[\w.!#$%&'*+/=?^`{|}~-]"
_EMAIL = re.compile(r"(?<!" + _LOCAL_PART + ")" + _LOCAL_PART + r"{1,64}@[\w-]+(?:\.[\w-]+)+")
_US_PHONE = re.compile(
    r"(?<![\w+])(?:\+?1[ .-]?)?(?:\(\d{3}\)[ .-]?|\d{3}[ .-]?)\d{3}[ .-]?\d{4}(?!\w)"
    r"|(?<![\w+.-])\d{3}[.-]\d{4}(?![\w.-]?\d)"
)
_INTL_PHONE = re.compile(r"(?<![\w+])\+\d[\d ().-]{6,20}\d")
_LONG_DIGITS = re.compile(r"(?<!\d)\d{7,}")
_DIGIT_TOKEN = re.compile(r"(?<![^\W_])[^\W\d_]*\d[^\W_]*")
_RECORD = re.compile(
    r"\b(?=[a-z])(?:"
    r"(?:mrn|medical\s+record|record|chart|medicaid|medicare|policy|subscriber|insurance|id)"
    r"(?:\s+(?:id|number|no\.?|num|\#))?"
    r"|(?:member(?:ship)?|account|acct|claim|case|group|patient|client)"
    r"\s*(?:id|number|no\.?|num|\#)"
    r")\s*[:#=-]?\s*[a-z]{0,4}-?\d{3,}",
    re.IGNORECASE,
)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DOB_KEYWORD = re.compile(
    r"(?<![a-z])(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s?date|birthday|b-?day|born)(?![a-z])"
    r"[\s:.,#=-]{0,4}(?:(?:on|is|was|in|of)\s+)?(?:\d|" + _MONTH + r"(?![a-z]))",
    re.IGNORECASE,
)
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1(\d{4}|\d{2})(?!\d)")
_ISO_DATE = re.compile(r"(?<![\d/.-])(\d{4})([/.-])\d{1,2}\2\d{1,2}(?!\d)")
_TEXT_DATE = re.compile(
    r"\b(?=[a-z\d])(?:" + _MONTH + r"\s*\d{1,2}(?:st|nd|rd|th)?,?"
    r"|\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?)\s+(\d{4})(?!\d)",
    re.IGNORECASE,
)


def _has_phone(text: str) -> bool:
    if _US_PHONE.search(text):
        return True
    return any(sum(c.isdigit() for c in m.group()) >= 8 for m in _INTL_PHONE.finditer(text))


def _has_record_number(text: str) -> bool:
    if _RECORD.search(text) or _LONG_DIGITS.search(text):
        return True
    return any(
        sum(c.isdigit() for c in token) >= 6 and any(c.isalpha() for c in token)
        for token in _DIGIT_TOKEN.findall(text)
    )


def _full_year(digits: str, today: date) -> int:
    """A four-digit year; two digits mean this century unless that lands past next year."""
    if len(digits) == 4:
        return int(digits)
    year = 2000 + int(digits)
    return year if year <= today.year + 1 else year - 100


def _has_birth_date(text: str, today: date) -> bool:
    """A birth-date keyword with a date, or any full date years in the past.

    A commitment or outreach date is never years ago, so an old full date is taken as a birth
    date rather than trusted.
    """
    if _DOB_KEYWORD.search(text):
        return True
    years = [_full_year(m.group(2), today) for m in _NUMERIC_DATE.finditer(text)]
    years += [int(m.group(1)) for m in _ISO_DATE.finditer(text)]
    years += [int(m.group(1)) for m in _TEXT_DATE.finditer(text)]
    return any(year < today.year - 1 for year in years)


# --- a person tied to therapy or a diagnosis ---------------------------------------------

_MY_CLIENT = re.compile(
    r"\b(?=[a-z])(?:my|our)\s+(?:[\w-]+\s+){0,2}?(?:client|patient|kiddo)\b(?!-)", re.IGNORECASE
)
_SOMEONES_CLIENT = re.compile(
    r"\b(?=[a-z])(?:a|an|the|this|that|one|his|her|their)\s+(?:client|patient)'s\b"
    r"|\b(?=[a-z])(?:client|patient|kid|kiddo|child|student|boy|girl|teen)s?\s+(?:named|called)\b"
    r"|\b(?=[a-z])(?:a|an|this|that|one)\s+(?:client|patient)\s+(?:who|whose|that)\b",
    re.IGNORECASE,
)
_CLIENT_NAME = re.compile(r"\b(?=[a-z])(?:client|patient)[ \t]+(?=\S)", re.IGNORECASE)
_CARE_WITH = re.compile(
    r"\b(?=[a-z])(?:sessions?|appointments?|appts?|therapy|counsel(?:l)?ing|intake|assessment|"
    r"evaluation|eval|treatment)\s+(?:with|for|of)\s+",
    re.IGNORECASE,
)
_IN_SESSION = re.compile(r"\b(?=[a-z])in[\s-]session\b", re.IGNORECASE)
_POSSESSIVE_CARE = re.compile(
    r"(?<![\w'-])([^\W\d_][\w-]*)'s\s+(?:[\w-]+\s+)?(?:" + _CARE + "|" + _CLINICAL + r")\b",
    re.IGNORECASE,
)
_RELATIVE_CARE = re.compile(
    r"\b(?=[a-z])(?:his|her|their)\s+(?:son|daughter|child|kid|husband|wife|partner|mom|dad|"
    r"mother|father|brother|sister|grandson|granddaughter)'s\s+(?:[\w-]+\s+)?"
    r"(?:" + _CARE + "|" + _CLINICAL + r")\b",
    re.IGNORECASE,
)
_CLIENT_WORD_AFTER = _words("""
    intake portal form forms packet packets paperwork referral referrals flyer flyers brochure
    brochures services care experience handout handouts materials base list load hours line
    survey feedback education resources population satisfaction advocate coordinator caseload
""")


def _refers_to_client(text: str) -> bool:
    if _SOMEONES_CLIENT.search(text) or _IN_SESSION.search(text):
        return True
    if any(_next_word(text, m.end()) not in _CLIENT_WORD_AFTER for m in _MY_CLIENT.finditer(text)):
        return True
    if any(_points_at_person(text, m.end()) for m in _CLIENT_NAME.finditer(text)):
        return True
    if any(_points_at_person(text, m.end()) for m in _CARE_WITH.finditer(text)):
        return True
    if any(_next_word(text, m.end()) not in _TOPIC_NOUNS for m in _RELATIVE_CARE.finditer(text)):
        return True
    return any(
        _named_person_before(text, m.start(), m.group(1))
        and _next_word(text, m.end()) not in _TOPIC_NOUNS
        for m in _POSSESSIVE_CARE.finditer(text)
    )


_DIAGNOSED = re.compile(
    r"\b(?=[a-z])diagnosed\s+(?:with|as)\b"
    r"|\b(?=[a-z])(?:he|she|they|who)\s+(?:(?:was|is|were|got|has|had|been|just|recently)\s+){1,3}"
    r"diagnosed\b",
    re.IGNORECASE,
)
_DIAGNOSIS_LABEL = re.compile(
    r"\b(?=[a-z])(?:diagnosis|dx)\s*[:=]\s*(?:[\w-]+\s+)?(?:" + _CLINICAL + r")\b", re.IGNORECASE
)
_PRONOUN_CLINICAL = re.compile(
    r"\b(?=[a-z])(?:(?:his|her|their)\s+(?:(?!" + _FUNCTION_WORDS + r"\b)[\w-]+\s+)?"
    r"(?:diagnosis|diagnoses|dx)"
    r"|(?:his|her)\s+(?:(?!" + _FUNCTION_WORDS + r"\b)[\w-]+\s+)?(?:" + _CLINICAL + r"))\b",
    re.IGNORECASE,
)
_CLINICAL_WORD = re.compile(r"\b(?=[a-z])(?:" + _CLINICAL + r")\b", re.IGNORECASE)
_TIED_BEFORE = re.compile(
    r"(?<![\w'-])([^\W\d_][\w-]*)"
    r"(?:'s|\s*[:(,]|\s+[-—–]|\s*[—–]|\s+(?:has|had|is|was|with|'s|struggles\s+with|"
    r"suffers\s+from|shows\s+signs\s+of))"
    r"\s*(?:(?!" + _FUNCTION_WORDS + r"\b)[\w-]+\s+)?\Z",
    re.IGNORECASE,
)


def _window_before(text: str, pos: int, size: int = 80) -> tuple[str, int]:
    """Up to `size` characters before `pos`, starting on a word boundary, and their offset."""
    start = max(0, pos - size)
    if start > 0:
        space = text.find(" ", start, pos)
        start = pos if space < 0 else space + 1
    return text[start:pos], start


def _person_has_condition(text: str, match: re.Match[str]) -> bool:
    """A clinical word tied to a person just before it: "Sam: ADHD", "Jane has autism"."""
    if _next_word(text, match.end()) in _TOPIC_NOUNS:
        return False
    window, offset = _window_before(text, match.start())
    tie = _TIED_BEFORE.search(window)
    if tie is None:
        return False
    subject = tie.group(1)
    return subject.lower() in {"he", "she"} or _named_person_before(
        text, offset + tie.start(), subject)


def _has_diagnosis(text: str) -> bool:
    if _DIAGNOSED.search(text) or _DIAGNOSIS_LABEL.search(text):
        return True
    if any(_next_word(text, m.end()) not in _TOPIC_NOUNS for m in _PRONOUN_CLINICAL.finditer(text)):
        return True
    return any(_person_has_condition(text, m) for m in _CLINICAL_WORD.finditer(text))


# --- the check ----------------------------------------------------------------------------

_Rule = Callable[[str, date], bool]
_RULES: tuple[tuple[str, str, _Rule], ...] = (
    ("ssn", "a Social Security number", lambda t, _: bool(_SSN.search(t))),
    ("email", "an email address", lambda t, _: bool(_EMAIL.search(t))),
    ("phone", "a phone number", lambda t, _: _has_phone(t)),
    ("date_of_birth", "a date of birth", _has_birth_date),
    ("record_number", "a record, member or ID number",
     lambda t, _: _has_record_number(t)),
    ("client_reference", "a reference to a particular client", lambda t, _: _refers_to_client(t)),
    ("diagnosis", "a diagnosis or condition tied to a person", lambda t, _: _has_diagnosis(t)),
)


def check(text: str, *, today: date | None = None) -> PhiFinding | None:
    """Return the first reason the text may hold client information, or None when it is safe."""
    if not text or text.isspace():
        return None
    prepared = _prepare(text)
    when = today or date.today()
    for kind, reason, rule in _RULES:
        if rule(prepared, when):
            return PhiFinding(kind, reason)
    return None
