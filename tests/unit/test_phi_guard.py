"""The PHI guard, example by example: client identifiers and person-tied clinical wording are
refused, ordinary outreach text (organisations, referrer roles, talk topics, a referrer's
business phone or email, dates to come) passes, and a refusal never repeats what it found.
Rates on the labelled corpus are measured in bench/phi.py and floored in test_phi_corpus.py."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.phi_guard import REPHRASE_HINT, check

TODAY = date(2026, 11, 26)
KINDS = {"ssn", "record_number", "date_of_birth", "contact", "client_reference",
         "health_detail", "person"}
# Kinds that name the identifier found; the others all say "a particular person".
IDENTIFIER_KINDS = {"ssn", "record_number", "date_of_birth", "contact"}
PERSON_KINDS = {"client_reference", "health_detail", "person"}

REFUSED: list[tuple[str, str]] = [
    # phone numbers with no business around them, and a person's own
    ("555-123-4567", "contact"),
    ("(555) 123-4567", "contact"),
    ("555.123.4567", "contact"),
    ("+1 555 123 4567", "contact"),
    ("5551234567", "record_number"),
    ("+44 20 7946 0958", "contact"),
    ("call back 555-1234", "contact"),
    ("her mom's cell is 555-201-8834", "contact"),
    ("Nadia's cell is 555-201-8834 if the office needs her", "contact"),
    # personal emails
    ("jane.doe@gmail.com", "contact"),
    ("Send the flyer to j_doe+intake@mail.example.org", "contact"),
    # social security numbers
    ("123-45-6789", "ssn"),
    ("SSN 123456789", "ssn"),
    ("ssn: 123 45 6789", "ssn"),
    # record and insurance numbers
    ("MRN 12345", "record_number"),
    ("MRN: A1234567", "record_number"),
    ("record #483920", "record_number"),
    ("member id XJ3349201", "record_number"),
    ("policy 99812233", "record_number"),
    ("chart 1234", "record_number"),
    ("Medicaid ID 00123", "record_number"),
    ("case #4471", "record_number"),
    ("ref 12345678", "record_number"),
    ("AB1234567", "record_number"),
    ("token 12AB34CD56", "record_number"),
    # dates of birth
    ("DOB 3/4/2015", "date_of_birth"),
    ("d.o.b. 04/12/1988", "date_of_birth"),
    ("born 2015-03-04", "date_of_birth"),
    ("born on March 4, 2015", "date_of_birth"),
    ("birthday 3/4", "date_of_birth"),
    ("date of birth: 12 May 2010", "date_of_birth"),
    ("04/12/1988", "date_of_birth"),
    ("1988-04-12", "date_of_birth"),
    ("April 12, 1988", "date_of_birth"),
    ("12 April 1988", "date_of_birth"),
    ("seen 3/4/15", "date_of_birth"),
    ("Dec 3, 2024", "date_of_birth"),
    # a particular client
    ("my client Jane", "client_reference"),
    ("client Jane Doe", "client_reference"),
    ("my patient Bob", "client_reference"),
    ("a client named Sam", "client_reference"),
    ("a kid named Leo", "client_reference"),
    ("session with Maria", "client_reference"),
    ("sessions with John", "client_reference"),
    ("log session with Maria Lopez yesterday", "client_reference"),
    ("session with him", "client_reference"),
    # ("sessions with kids at Lincoln" is not here: it names no one, and the model scores
    # it just under its threshold since it learned from dev23-dev25; either answer is fair.)
    ("therapy session with a client", "client_reference"),
    ("therapy session with JD", "client_reference"),
    ("In session today she cried", "client_reference"),
    ("my client's mom", "client_reference"),
    ("my new client starts Monday", "client_reference"),
    ("my 8-year-old client", "client_reference"),
    ("Jane's therapy", "client_reference"),
    ("Jane’s therapy", "client_reference"),
    ("Follow up on Sam's IEP", "client_reference"),
    ("Mrs. Smith's therapy", "client_reference"),
    ("Visit Oak Clinic. Jane's therapy", "client_reference"),
    ("intake for Bob", "client_reference"),
    ("Call the Smiths about their son's diagnosis", "client_reference"),
    ("Ask about a client who moved", "client_reference"),
    ("session with Марией", "client_reference"),
    # a diagnosis tied to a person
    ("her diagnosis of PTSD", "diagnosis"),
    ("her diagnosis of PTSD is improving", "diagnosis"),
    ("his diagnosis", "diagnosis"),
    ("their diagnosis came back", "diagnosis"),
    ("diagnosed with bipolar", "diagnosis"),
    ("she was recently diagnosed", "diagnosis"),
    ("Dx: ADHD", "diagnosis"),
    ("her severe anxiety", "diagnosis"),
    ("his OCD", "diagnosis"),
    ("Sam: ADHD", "diagnosis"),
    ("Bob (bipolar)", "diagnosis"),
    ("Jane, suicidal", "diagnosis"),
    ("Jane has autism", "diagnosis"),
    ("Help Sam with anxiety", "diagnosis"),
    ("he is suicidal", "diagnosis"),
    ("she's bipolar", "diagnosis"),
    ("Jane's ADHD", "client_reference"),
]

COMBINED = [
    "Visit with my client Jane Doe, DOB 04/12/1988",
    "commit visit with my client Jane Doe, DOB 04/12/1988 thu",
    "done 1 her diagnosis of PTSD is improving",
]

PASSES = [
    "Visit Sunrise Pediatrics",
    "Drop brochures at Dr. Patel's office",
    "Lunch-and-learn with Dr. Maria Gonzalez at Valley Family Medicine",
    "Case consultation with the school counselor at Lincoln Middle",
    "Coffee with Pastor Jim at St. Mark's",
    "Talk at Rotary Club on Dec 3",
    "Networking event at the Chamber of Commerce 2026-12-03",
    "next tue 3pm at 221 Main St",
    "Podcast interview with KXLU",
    "Follow-up note to Dr. Chen",
    "Present 'Helping anxious kids' to the PTA",
    "Call the front desk at Oak Clinic",
    "the Monday case consultation",   # a day, not the Monday family (found by hypothesis)
    "Call Sunrise Pediatrics at 555-123-4567 on Monday",
    "call Dr. Patel's front desk at 555-201-4400 to book the lunch",
    "send the practice newsletter to Pastor Dan, pastordan@gracechurch.org",
    "present at the Jefferson PTA on 11/12 recap and 2027 plans",
    "sources add Sarah's House note: intake line 555-318-2290 ext 4",
    "Visit 3 pediatricians",
    "thursday 12/3",
    "2026-12-10",
    "12/03/2026",
    "12/3/26",
    "Dec 3, 2025",
    "talk at 7pm room 204",
    "The Smith Center for Families",
    "Визит в клинику",
    "診療所を訪問 🙂",
    "🎉🎉🎉",
    "",
    "   ",
    # topics, not people
    "Workshop on anxiety in teens",
    "talk about ADHD for parents at Lincoln PTA",
    "Understanding depression: a community talk",
    "Webinar: ADHD in the classroom",
    "Kids with ADHD: talk for parents",
    "Helping kids with their anxiety",
    "Talk: C-PTSD in veterans",
    "self-harm awareness talk at Lincoln High",
    "Kiwanis: depression awareness talk",
    "Present to Rotary: anxiety in teens",
    "Sunrise Pediatrics — ADHD screening talk",
    "Depression screening day at Valley Family Medicine",
    "Understanding ADHD diagnosis: a parent talk",
    "Lincoln Middle has anxiety workshops",
    "I have ADHD and will share my story at the PTA",
    # referrers by name or role
    "Dr. Patel",
    "Coffee with Maria",
    "Meet Jane from Oak Clinic",
    "Dr. Gonzalez: anxiety",
    "Dr. Patel's ADHD clinic",
    "Ask Dr. Patel about her ADHD referrals",
    "St. Mark's ADHD group",
    "Oak Clinic's intake coordinator",
    "appointment with Dr. Patel",
    "session with Dr. Lopez",
    "counseling for Pastor Jim's congregation",
    "Visit Maria Lopez, LCSW",
    # sessions that are events
    "info session at the library",
    "Q&A session at the PTA",
    "Q&A session with Lincoln PTA parents",
    "Q&A session with parents",
    "info session with Pastor Jim",
    "info session for her team",
    "Lunch in the session room",
    "info sessions for kids at Lincoln",
    # clients in general
    "Thank Dr. Chen for referring clients",
    "my clients love the new waiting room",
    "Update our new patient intake form",
    "intake for new clients at Oak Clinic",
    "evaluation for ADHD at Sunrise",
    # Slack mentions name staff
    "commit <!channel> visit Sunrise thu",
    "Meet <@U0123456789> at Oak Clinic",
]


@pytest.mark.parametrize(("text", "kind"), REFUSED)
def test_client_details_are_refused(text: str, kind: str) -> None:
    finding = check(text, today=TODAY)
    assert finding is not None
    if kind in IDENTIFIER_KINDS:
        assert finding.kind == kind
    else:
        assert finding.kind in PERSON_KINDS


@pytest.mark.parametrize("text", COMBINED)
def test_several_details_at_once_are_refused(text: str) -> None:
    assert check(text, today=TODAY) is not None


@pytest.mark.parametrize("text", PASSES)
def test_ordinary_outreach_passes(text: str) -> None:
    assert check(text, today=TODAY) is None


@pytest.mark.parametrize("text", [t for t, _ in REFUSED] + COMBINED)
def test_a_reason_never_repeats_the_text(text: str) -> None:
    finding = check(text, today=TODAY)
    assert finding is not None
    assert finding.kind in KINDS
    assert finding.reason
    assert not any(ch.isdigit() for ch in finding.reason)
    for name in re.findall(r"[^\W\d_]{2,}", text):
        if name[0].isupper() and name[1:].islower():
            assert name not in finding.reason


def test_a_full_date_is_a_birth_date_only_when_years_in_the_past() -> None:
    assert check("12/03/2026", today=date(2026, 1, 5)) is None
    assert check("12/03/2025", today=date(2026, 1, 5)) is None
    finding = check("12/03/2024", today=date(2026, 1, 5))
    assert finding is not None
    assert finding.kind == "date_of_birth"
    assert check("12/03/2026", today=date(2030, 1, 5)) is not None


def test_today_defaults_to_the_real_date() -> None:
    assert check(f"Talk at Rotary on 12/03/{date.today().year}") is None
    assert check("04/12/1988") is not None


def test_the_rephrase_hint_is_one_short_sentence() -> None:
    assert REPHRASE_HINT.endswith(".")
    assert REPHRASE_HINT.count(". ") == 0
    assert len(REPHRASE_HINT) < 200
    assert "client" in REPHRASE_HINT


# --- properties ---------------------------------------------------------------------------

SAFE_PHRASES = [
    "visit", "drop", "brochures", "flyers", "at", "to", "with", "for", "and", "on", "the",
    "lunch-and-learn", "coffee", "talk", "workshop", "presentation", "networking", "event",
    "follow-up", "note", "call", "front desk", "case consultation", "school counselor",
    "pediatricians", "physicians", "referral", "outreach", "info session", "parents", "teens",
    "anxiety", "ADHD", "depression", "autism", "community", "thank-you card", "3pm", "Dec 3",
    "room 204", "221 Main St", "next week", "2026-12-03", "12/03/2026",
    "Sunrise Pediatrics", "Valley Family Medicine", "Oak Clinic", "Lincoln Middle",
    "Lincoln PTA", "Rotary Club", "the Chamber of Commerce", "St. Mark's", "Dr. Patel",
    "Dr. Maria Gonzalez", "Pastor Jim", "KXLU", "The Smith Center for Families",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
]
JOINERS = [" ", ", ", "; ", " and ", " - "]

safe_texts = st.builds(
    lambda words, joiner: joiner.join(words),
    st.lists(st.sampled_from(SAFE_PHRASES), min_size=1, max_size=30),
    st.sampled_from(JOINERS),
)


def _digits(n: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=n, max_size=n)


us_phones = st.builds(
    lambda a, b, c, fmt: fmt.format(a, b, c),
    st.integers(200, 999), st.integers(200, 999), _digits(4),
    st.sampled_from(["{}-{}-{}", "({}) {}-{}", "{}.{}.{}", "+1 {} {} {}", "{}{}{}",
                     "1-{}-{}-{}", "({}){}-{}"]),
)
intl_phones = st.builds(
    lambda cc, area, rest: f"+{cc} {area} {rest[:4]} {rest[4:]}",
    st.integers(20, 998), st.integers(10, 99), _digits(8),
)
personal_emails = st.builds(
    lambda user, domain: f"{user}@{domain}",
    st.from_regex(r"[a-z]{2,10}(\.[a-z]{1,10})?", fullmatch=True),
    st.sampled_from(["gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "icloud.com"]),
)
ssns = st.builds(
    lambda a, b, c: f"{a}-{b}-{c}", _digits(3), _digits(2), _digits(4),
)
her_phones = st.builds(lambda p: f"her cell {p}", st.one_of(us_phones, intl_phones))
identifiers = st.one_of(her_phones, personal_emails, ssns)


@settings(max_examples=300)
@given(st.text())
def test_any_text_is_judged_without_error(text: str) -> None:
    finding = check(text, today=TODAY)
    assert finding is None or finding.kind in KINDS


@settings(max_examples=300)
@given(safe_texts)
def test_text_made_of_outreach_words_passes(text: str) -> None:
    assert check(text, today=TODAY) is None


@settings(max_examples=300)
@given(st.lists(st.sampled_from(SAFE_PHRASES), max_size=20), identifiers, st.data())
def test_an_identifier_anywhere_in_safe_text_is_refused(
    words: list[str], identifier: str, data: st.DataObject
) -> None:
    at = data.draw(st.integers(0, len(words)))
    text = " ".join([*words[:at], identifier, *words[at:]])
    finding = check(text, today=TODAY)
    assert finding is not None
    assert identifier not in finding.reason


def test_long_safe_text_passes() -> None:
    text = " ".join(SAFE_PHRASES * 200)[:20_000].rsplit(" ", 1)[0]
    assert len(text) > 19_000
    assert check(text, today=TODAY) is None


TEAM = frozenset({"omar", "priya"})


@pytest.mark.parametrize("text", [
    "Omar is out w his son thurs so I'm covering the ADHD table",
    "Omar's out at his son's play thurs, I'll cover the ADHD table",
])
def test_a_team_members_name_is_read_as_a_colleague(text: str) -> None:
    assert check(text, today=TODAY) is not None        # a stranger's name: maybe a client
    assert check(text, today=TODAY, colleagues=TEAM) is None


@pytest.mark.parametrize("text", [
    "Omar cutting again", "Omar, 15, SI again", "send Omar's meds list to Dr Sato",
    "Priya is so depressed since the divorce", "Priya in detox at Oakview",
    "omar cutting again", "session with Priya re: her panic attacks",
    "Dr. Osei sent me Priya Shah, panic attacks", "the Omar twins, 6, after the house fire",
    "fax Omar Haddad's attendance records to me",
])
def test_a_client_who_shares_a_colleagues_name_is_still_refused(text: str) -> None:
    assert check(text, today=TODAY, colleagues=TEAM) is not None


def test_in_the_army_years_are_not_a_record_number() -> None:
    assert check("VFW post 1127 said yes, they liked that I served (army, 2004-2010)",
                 today=TODAY) is None
