"""The PHI guard: every free-text field is checked before it is saved.

ShowUp must never hold client information. This guard fails closed on the identifiers of
45 CFR 164.514(b)(2) that turn up in outreach notes (phone numbers, emails, SSNs, record and
insurance numbers, dates of birth) and on phrasings that point at a client ("my client Jane",
"session with Maria", "her diagnosis of PTSD"). Names of organisations, referrers and talk
topics pass. A finding says *what kind* of detail it saw, never the text itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PhiFinding:
    kind: str
    reason: str


REPHRASE_HINT = ("Please rephrase without client details — name only the organisation or role "
                 "(for example “Sunrise Pediatrics” or “the school counselor”).")

_I = re.IGNORECASE
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
_SSN = re.compile(r"(?<!\d)\d{3}-\d{2}-\d{4}(?!\d)|\bssn\W{0,3}\d{9}\b", _I)
_PHONE = re.compile(
    r"(?<![\w/])(?:\+\d{1,3}[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}(?!\d)"
    r"|(?<![\w/])\+\d{1,3}(?:[\s.-]?\d{2,4}){2,4}(?!\d)"
    r"|(?<![\w/-])\d{10}(?!\d)")
_RECORD_WORD = re.compile(
    r"\b(?:mrn|medical\s+record|record|chart|member\s*id|member\s*#|policy|insurance|"
    r"subscriber|medicaid|medicare|claim|patient\s*id|case\s*(?:no|number|#))\b"
    r"\W{0,4}(?:no\.?|number|#|id)?\W{0,3}[A-Z]{0,3}\d{3,}", _I)
_LONG_NUMBER = re.compile(r"(?<![\d.,])\d{7,}(?![\d.,]\d)")
_MIXED_ID = re.compile(r"\b(?=[A-Za-z]*\d)(?=\d*[A-Za-z])[A-Za-z]{1,4}\d{6,}\b")
_DOB_WORD = re.compile(r"\b(?:dob|d\.o\.b\.?|date\s+of\s+birth|born(?:\s+on)?|birthday|"
                       r"birthdate|b-day)\b", _I)
_NUMERIC_DATE = re.compile(r"(?<![\d/-])(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?![\d/-])")
_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_MONTHS = (r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?")
_WORDY_DATE = re.compile(rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", _I)
_ANY_DATE_NEAR = re.compile(rf"(?:\d{{1,4}}[/.-]\d{{1,2}}(?:[/.-]\d{{2,4}})?|"
                            rf"\b(?:{_MONTHS})\.?\s+\d{{1,2}})", _I)

_PERSON = r"(?:[A-Z][a-z'’-]+|[A-Z]\.)"
_CLIENT_WORDS = r"(?:client|patient|counselee|therapy\s+client)s?"
_CLIENT_REF = re.compile(
    rf"\b(?:my|our|a|the|his|her|their)\s+{_CLIENT_WORDS}(?:[’']s)?\s+(?:named\s+|called\s+)?"
    rf"{_PERSON}"
    rf"|\b{_CLIENT_WORDS}\s+(?:named\s+|called\s+)?{_PERSON}"
    rf"|\b(?:my|our)\s+{_CLIENT_WORDS}[’']s?\s+(?:mom|mother|dad|father|parents?|wife|husband|"
    r"partner|son|daughter|family|teacher|doctor|name|diagnosis|progress)\b", re.UNICODE)
_CLIENT_REF_CI = re.compile(
    rf"\b(?:my|our)\s+{_CLIENT_WORDS}[’']?s?\s+(?:mom|mother|dad|father|parents?|wife|husband|"
    r"partner|son|daughter|family|diagnosis|progress|name|record|chart)\b", _I)
_SESSION_WITH = re.compile(
    rf"\b(?:(?:therapy|counseling|counselling|intake|individual|family|couples?)\s+)?"
    rf"sessions?\s+with\s+(?!(?:the|a|an|our|local|area|school|parents|teachers|staff|"
    rf"students|nurses|doctors|physicians|pediatricians|clergy|counselors|providers|"
    rf"community|group|team|families)\b)(?:(?:my|a|his|her|their)\s+)?{_PERSON}"
    r"|\bintake\s+(?:for|with)\s+[A-Z][a-z]+|\bin\s+session\s+with\b"
    r"|\b(?:therapy|counseling|counselling)\s+session\b(?!s?\s+(?:at|for)\s+the\b)", re.UNICODE)
_DIAGNOSES = (r"ptsd|adhd|add|autism|autistic|asd|bipolar|schizophreni\w*|ocd|anorexi\w*|"
              r"bulimi\w*|borderline|bpd|suicid\w*|self[- ]harm\w*|depress\w*|"
              r"anxiety\s+disorder|panic\s+disorder|substance\s+use\s+disorder|sud|"
              r"eating\s+disorder|psychosis|psychotic|dementia|alzheimer\w*|odd|gad|mdd")
_DIAGNOSED = re.compile(
    rf"\bdiagnos(?:ed|is|es)\b(?:\s+(?:of|with|is|was))?\s+(?:\w+\s+){{0,2}}(?:{_DIAGNOSES})\b"
    rf"|\b(?:his|her|their|my\s+client[’']?s|client[’']?s|patient[’']?s)\s+(?:\w+\s+)?"
    rf"(?:diagnosis|dx|condition|meds|medication|symptoms)\b"
    r"|\b(?:has|have|with)\s+(?:been\s+)?diagnosed\b"
    r"|\bdx\s*(?:of|:)\s*\w+", _I)
_NAME_WITH_DX = re.compile(
    rf"\b[A-Z][a-z]+[’']s\s+(?:{_DIAGNOSES}|therapy|treatment|sessions?|diagnosis|meds|"
    r"medication|intake|treatment\s+plan)\b", re.UNICODE)


def check(text: str, *, today: date | None = None) -> PhiFinding | None:
    """The first reason the text may hold client information, or None when it is safe."""
    if not text:
        return None
    today = today or date.today()
    for finder in (_identifiers, _birth_dates, _client_phrasing):
        finding = finder(text, today)
        if finding is not None:
            return finding
    return None


def _identifiers(text: str, today: date) -> PhiFinding | None:
    if _EMAIL.search(text):
        return PhiFinding("email", "an email address")
    if _SSN.search(text):
        return PhiFinding("ssn", "a Social Security number")
    if _RECORD_WORD.search(text):
        return PhiFinding("record_number", "a record, chart or insurance number")
    if _PHONE.search(text):
        return PhiFinding("phone", "a phone number")
    if _LONG_NUMBER.search(text) or _MIXED_ID.search(text):
        return PhiFinding("record_number", "a long identifying number")
    return None


def _old_year(year_text: str, today: date) -> bool:
    year = int(year_text)
    if year < 100:
        year += 2000 if year <= today.year % 100 + 1 else 1900
    return year < today.year - 1


def _birth_dates(text: str, today: date) -> PhiFinding | None:
    finding = PhiFinding("date_of_birth", "what looks like a client's date of birth")
    for match in _DOB_WORD.finditer(text):
        if _ANY_DATE_NEAR.search(text, match.end(), match.end() + 40):
            return finding
    for match in _NUMERIC_DATE.finditer(text):
        if _old_year(match.group(3), today):
            return finding
    for match in _ISO_DATE.finditer(text):
        if _old_year(match.group(1), today):
            return finding
    for match in _WORDY_DATE.finditer(text):
        if _old_year(match.group(1), today):
            return finding
    return None


def _client_phrasing(text: str, today: date) -> PhiFinding | None:
    if _CLIENT_REF.search(text) or _CLIENT_REF_CI.search(text):
        return PhiFinding("client_reference", "a reference to a particular client")
    if _SESSION_WITH.search(text):
        return PhiFinding("client_reference", "a reference to a therapy session with someone")
    if _DIAGNOSED.search(text) or _NAME_WITH_DX.search(text):
        return PhiFinding("diagnosis", "a diagnosis tied to a person")
    return None
