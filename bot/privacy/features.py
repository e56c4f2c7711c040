"""What the privacy guard sees in a sentence: signs of a particular person (a first name,
initials, a family surname, "her daughter", "the 8 year old", an age tied to a name), of a
treatment relationship ("my 3pm", "on my caseload", "I'm seeing her for"), of sensitive
content (diagnoses, symptoms, medications, hospital stays, court and child-protection
matters), and of Safe Harbor identifiers — and the signs that point the other way:
professionals in their role, organisations, and conditions named as a topic or an audience.

Each sign is a named feature; the words themselves (with names and numbers masked) are
hashed features too. bot/privacy/model.py weighs them. Pure and linear in the text.
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from collections.abc import Iterator
from datetime import date
from functools import lru_cache

from bot.privacy import lexicon as lx

HASH_BUCKETS = 1 << 18
_TRANSLATE = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "“": '"', "”": '"', "–": "-",
                            "—": "-", "\u200b": None, "\u200c": None, "\u200d": None,
                            "\u2060": None, "\ufeff": None})
_SLACK_TOKEN = re.compile(r"<[@#!][^<>\s|]{1,80}(?:\|[^<>]{0,80})?>")


def prepare(text: str) -> str:
    """Look-alike characters folded, mention tokens (which name staff) dropped."""
    text = unicodedata.normalize("NFKC", text).translate(_TRANSLATE)
    return _SLACK_TOKEN.sub(" @staff ", text)


def as_colleagues(text: str, colleagues: frozenset[str]) -> str:
    """The workspace's own clinicians named as the professionals they are: "Omar's out, I'll
    cover the ADHD table" is about a colleague. `colleagues` holds lowercase first names of
    the team. A capitalised name is read as "Dr. <name>" unless what follows is about a
    client ("Omar, ADHD", "Omar's meds"): a client may share a colleague's name."""
    if not colleagues:
        return text

    def colleague(match: re.Match[str]) -> str:
        word, after = match.group(1), text[match.end(1):match.end(1) + 40]
        before = text[max(0, match.start() - 30):match.start()]
        if word.lower() not in colleagues or _NAME_THEN_CONDITION.match(after) or \
                _ABOUT_CARE.match(after) or _CLIENT_AFTER.match(after) or \
                _CLIENT_BEFORE.search(before):
            return match.group()
        owner = re.match(r"(?:\s+[A-Z][^\W\d_]+)?'s\b", after)   # "Omar's", "Omar Haddad's"
        if owner and not (_owns_work(after[owner.end():]) or _words_after(
                after, owner.end(), 1)[:1] in (["out"], ["back"], ["the"], ["our"], ["a"],
                                                ["doing"], ["on"], ["off"], ["free"])):
            return match.group()
        return f"Dr. {word}"

    return _COLLEAGUE_NAME.sub(colleague, text)


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_CLINICAL = _rx(r"(?<![\w-])(?:" + lx.CLINICAL + r")(?![\w-])")
# Abbreviations that are everyday words in lowercase ("add", "odd"): only in capitals.
_UPPER_CLINICAL = re.compile(r"(?<![\w-])(?:ADD|ODD)(?![\w-])")
_CARE_SETTING = _rx(r"(?<![\w-])(?:" + lx.CARE_SETTINGS + r")(?![\w-])")
_LEGAL = _rx(r"(?<![\w-])(?:" + lx.LEGAL + r")(?![\w-])")
# "my 3pm cancelled so I went to the clinic": the clinician's own diary, nobody in particular.
_OWN_DIARY = (r"cancel\w*|(?:just\s+|also\s+)?no[\s-]?show\w*|resched\w*|moved|"
              r"is\s+now\s+recurring|is\s+free|opened\s+up|got\s+cancel\w*|fell\s+through|"
              r"called\s+off")
_RELATIONSHIP = _rx(
    r"\bmy\s+(?:new\s+)?intake\b(?!\s+(?:form|forms|packet|packets|line|process|paperwork|"
    r"coordinator|link|survey))"
    r"|\b(?:sessions?|therapy|counsel(?:l)?ing|intake|appointments?|appts?|assessment|"
    r"evaluation|eval|treatment)\s+(?:with|for|of)\s+(?:him|them|a\s+client)\b"
    r"(?!\s+(?:team|staff|office|group|class|congregation|students|parents))"
    r"|\b(?:client|patient|kid|kiddo|child|student|boy|girl|teen)s?\s+(?:named|called)\b"
    r"|\b(?:a|an|this|that|one)\s+(?:client|patient)\s+(?:who|whose|that)\b"
    r"|\b(?:my|our)\s+(?:new\s+|former\s+|old\s+|current\s+|teen\s+|adult\s+|young\s+)?"
    r"(?:(?:client|patient|pt)(?!\s+(?:intake|portal|forms?|packets?|paperwork|flyers?|"
    r"brochures?|services|care|experience|handouts?|materials|base|list|load|hours|line|"
    r"survey|feedback|education|resources|population|satisfaction|advocate|coordinator|"
    r"caseload))|kiddo|(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+)?(?:\d{1,2}(?::\d\d)?\s?"
    r"(?:am|pm)|\d{1,2}:\d\d)(?!\s+(?:" + _OWN_DIARY
    + r"|mtg|meeting|call|lunch|coffee|event|"
    r"talk|presentation|webinar|networking|is\s+the|is\s+a|with\s+the))|"
    r"\d{1,2}\s?o'?clock(?!\s+(?:" + _OWN_DIARY + r"))"
    r"|(?:mon|tues?|wednes|thurs?|fri|satur|sun)(?:day)?\s+(?:kid|client|"
    r"family|girl|boy|teen))\b"
    r"|\ba\s+(?:client|patient)\s+of\s+(?:mine|ours)\b"
    r"|\bon\s+my\s+case\s?load\b|\b(?:i'?m|i\s+am|been|i've\s+been|i)\s+(?:seeing|see|saw|"
    r"treat|treating|treated|working\s+with|counsel(?:l)?ing)\s+(?:him|her|them|for|weekly|"
    r"every|since|\w+\s+for)\b"
    r"|\bwho(?:m)?\s+(?:i|we)\s+(?:see|saw|treat|work\s+with|am\s+seeing|counsel)\b"
    r"|\b(?:in|from|of)\s+my\s+(?:\w+\s+)?(?:group|caseload|practice\s+group)\b(?!\s+(?:practice|"
    r"of\s+clinicians))|\bmy\s+(?:\w+\s+){0,2}(?:slot|session|appt|appointment|hour)\b"
    r"|\bmy\s+(?:\w+\s+){0,2}(?:kiddo|couple|teen|kid|girl|boy|guy|lady|gentleman)\b"
    r"(?!\s+(?:group|therapy|work|practice|clinic|workshop|talk|session))"
    r"|\b(?:she's|he's|she\s+is|he\s+is|they're)\s+my\s+\w+"
    r"|\b(?:finished|discharged|terminated|graduated)\s+(?:with|from)\s+me\b"
    r"|\b(?:one|some|two|three|four|five|several|a\s+few|\d)\s+of\s+my\s+(?:clients|patients|"
    r"kids|families|mums|moms|dads|couples|teens|students|guys|girls|boys)\b"
    r"|\bwho\s+(?:he|she|they)\s+referred\b|\(client\)|\(pt\)"
    r"|\b(?:one|some|two|three|several|a\s+few)\s+of\s+my\s+(?:clients|patients|kids|families)\b"
    r"|\b(?:co-?treat\w*|step-?down\s+to\s+my|to\s+my\s+office)\b"
    r"|\bmy\s+(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
    r"(?:[\s-](?:thirty|fifteen|forty[\s-]?five|o'?clock))?\b(?!\s+(?:" + _OWN_DIARY
    + r"|mtg|meeting|call|"
    r"lunch|coffee|event|talk|is\s+the))"
    r"|\bmy\s+\d{1,2}:\d\d\b(?!\s+(?:" + _OWN_DIARY
    + r"|mtg|meeting|call|lunch|coffee|event|talk|is\s+the))"
    r"|\bhow\s+[A-Z][a-z]+(?:'s|\s+is)\s+doing\b"
    r"|\b(?:kids|teens|moms|dads|parents|families|people|clients|someone|women|men)\s+like\s+"
    r"[A-Z][a-z]+|\bstarted\s+(?:with|seeing)\s+me\b|(?<!-)(?<!i'm\s)(?<!i\sam\s)(?<!while\s)(?<!when\s)(?<!if\s)\bin\s+(?:our|my|their|his|her)?\s*sessions?\b"
    r"|(?<!i'm\s)(?<!i\sam\s)(?<!while\s)(?<!when\s)(?<!if\s)\bin\s+session\b|(?<!info\s)(?<!q&a\s)(?<!information\s)(?<!training\s)\bsession\s+notes?\b|\bprogress\s+notes?\b|\btreatment\s+plan\b"
    r"|\b(?:sees|seeing)\s+me\b|\bin\s+therapy\s+with\s+me\b|\breferred\s+(?:him|her|them)\b"
    r"|\b(?:the|a|this|that|one)\s+(?:[\w-]+\s+){0,3}?(?:i|we|i'm|i've|i'd)\s+(?:just\s+|"
    r"recently\s+|started\s+|been\s+|currently\s+|also\s+)?(?:see|saw|seeing|treat|treating|"
    r"treated|work\s+with|working\s+with|have\s+on|evaluated|assessed|counsel|counseling)\b"
    r"|\bmy\s+(?:[\w-]+\s+)?(?:client|patient)(?:'s)?\b(?!\s+(?:intake|portal|forms?|packets?|"
    r"paperwork|flyers?|brochures?|services|care|experience|handouts?|materials|base|list|load|"
    r"hours|line|survey|feedback|education|resources|population|satisfaction|advocate|"
    r"coordinator|caseload))|\bclients?'s?\s+(?:mom|dad|mother|father|"
    r"parent|parents|son|daughter|teacher|school|doctor|pcp|psychiatrist|gp)\b")
_PRONOUN_CLINICAL = _rx(
    r"\b(?:his|her|their)\s+(?:[\w-]+\s+)?(?:diagnosis|diagnoses|dx)\b(?!\s+(?:workflow|"
    r"process|criteria|clinic|pathway|protocol|tools?|training))"
    r"|\b(?:his|her)\s+(?:[\w-]+\s+)?(?:" + lx.CLINICAL + r")\b(?!\s+(?:workshop|talk|group|"
    r"training|program|clinic|practice|expertise|specialty|research|book|podcast|work))"
    r"|\b(?:his|her)\s+(?:aetna|cigna|bcbs|eap|medicaid|medicare|insurance|copay|"
    r"deductible|insurer|coverage)\b"
    r"|\b(?:he|she|they)(?:'s|'re|\s+is|\s+was|\s+are|\s+has|\s+had|\s+have)\s+(?:been\s+|"
    r"so\s+|very\s+|really\s+|more\s+|still\s+|actively\s+)?(?:" + lx.CLINICAL + r")\b"
    r"|\bdiagnosed\s+(?:with|as)\b|\b(?:was|were|been|got|just|recently)\s+diagnosed\b"
    r"|(?:^|[,;(]\s*|\b(?:pt|client|patient)\s+)(?:dx|diagnosis)\s*[:=]")
_TEXT_DATE = _rx(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}"
                 r"(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?"
                 r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+"
                 r"((?:19|20)\d\d)\b")
# "PT" in capitals is physical therapy or Psychology Today more often than a patient.
_PT = re.compile(r"(?<![\w/-])(?:pt|Pt|pT)(?![\w/-])(?!\s*(?i:clinic|practice|office|department|"
                 r"dept|team|staff|gym|and\s+ot|/ot))")
_SHARED_CLIENT = _rx(r"\b(?:a|an|one)\s+(?:shared|mutual|joint)\s+(?:client|patient|pt|student|"
                     r"case|family)\b|\bwe\s+both\s+(?:see|support|work\s+with|serve)\b|\bno\s+names\b|\bde-?identified\b|\bwithout\s+names\b")
_INITIALS = re.compile(r"(?<![\w.])(?:[A-Z]\.\s?){2,3}(?![\w])|(?<![\w.])[A-Z]\.(?=\s+[A-Z][a-z])"
                       r"|(?<![\w.&/-])[A-Z]{2}(?![\w.&/-])")
_AGE_TIED = _rx(
    r"\(\s*(?:age\s*)?\d{1,2}\s*(?:yo|y/o|y\.o\.|yrs?)?\s*\)|\bage[sd]?\s+\d{1,2}\b(?!\s*[-–]|"
    r"\s*(?:to|and|through|\+))|(?<![-–\d])(?<![-–]\d)\b\d{1,2}\s?(?:yo|y/o|y\.o\.)\b|\b\d{1,2}[\s-]?(?:year|yr|"
    r"month)[\s-]?old\b(?!s)(?!\s+(?:kids|children|boys|girls|students|clients|group))"
    r"|\bturn(?:s|ed|ing)?\s+\d{1,2}\b|\b(?:a|the|my)\s+\d{1,2}\s*(?:yo|y/o)\b")
_AGE_RANGE = _rx(r"(?<![\d/.-])\b\d{1,2}\s*(?:-|to|–)\s*\d{1,2}(?![\d/.-]\d)"
                 r"\s*(?:year|yr)?s?[\s-]*(?:olds?)?\b"
                 r"|\b(?:year|yr)[\s-]?olds\b|\bages\s+\d")
_THE_INDIVIDUAL = _rx(
    r"\b(?:the|this|that|a|our)\s+(?:new\s+|little\s+|older\s+|younger\s+|\d{1,2}\s*(?:yo|"
    r"y/o|year[\s-]old)\s+)?(?:kid|kiddo|teen|teenager|boy|girl|toddler|tween|student|goalie|"
    r"quarterback|pitcher|freshman|sophomore|junior|senior\s+(?:boy|girl)|\d{1,2}(?:st|nd|rd|th)"
    r"\s+grader|grader|lad|lass|young\s+(?:man|woman|lady)|foster\s+(?:kid|"
    r"child|son|daughter)|twins|siblings|brothers|sisters|widow|widower|veteran|mom|dad|"
    r"mother|father|toddler|infant|baby|preemie|newborn)\b(?!\s*(?:s\b|group|groups|"
    r"workshop|talk|program|night|ministry|population|class|league|team|parents|sports|"
    r"services|support|resources|clinic|unit|event|fair|mental|athletes))")
_FAMILY = re.compile(r"\b(?:the|The)\s+[A-Z][a-z]+(?:-[A-Z][a-z]+)?\s+(?:family|kids?|twins|"
                     r"siblings|boys?|girls?|children|household|case|file|baby|investigation)\b"
                     r"|\b(?:Mr|Mrs|Ms|Miss)\.?\s+[A-Z][a-z]+'s\s+(?:son|daughter|kid|child|"
                     r"boy|girl|husband|wife|mom|dad|twins|case)\b")
# "her husband is on the school board", "Dr. Okafor's wife is a divorce attorney": a
# relative named for their own work, not as someone's family in care.
_IN_A_ROLE = _rx(r"(?:'s)?\s+(?:is|was|works|worked)\s+(?:a|an|the|on|at|in|for|as)\s+"
                 r"(?:[\w-]+\s+){0,3}?(?:" + "|".join(sorted(lx.ROLES - {"sister", "brother",
                                                                          "father"}))
                 + r"|attorney|lawyer|board|council|firm|district|hospital|school|church|"
                 r"department|dept|practice|clinic|company|agency|office)\b")
# "Brightpath's parent night": an event for parents, nobody's parent.
_AN_EVENT_FOR = _rx(r"s?\s+(?:night|nights|education|training|group|class|support|workshop|"
                    r"meeting|council|association|coffee|fair|forum|panel|series|evening|"
                    r"breakfast|lunch|program|programme)\b")
# Typed in lowercase: "the kim kids", "garcia twins", "the okoro baby"; and "mr b", "ms k".
_FAMILY_LOWER = re.compile(r"\bthe\s+([a-z]{2,14})s?\s+(?:kids|twins|baby|boys|girls|children|"
                           r"siblings|family|couple)\b(?!\s+(?:law|court|med|medicine|practice|"
                           r"night|day|therapy|services|support))|\b([a-z]{2,14})\s+twins\b")
_HONORIFIC_INITIAL = _rx(r"\b(?:mr|mrs|ms|miss)\.?\s+[a-z]\b(?![.'’-]\w)")
_POSSESSIVE = re.compile(r"(?<![\w'-])([A-Za-z][a-z]+)'s?\s+(\w+)")
_RELATIVE_OF = _rx(r"\b(?:his|her|their)\s+(?:\w+\s+)?(?:" + "|".join(sorted(lx.RELATIVES))
                   + r")(?:'s)?\b(?!\s+(?:education|training|night|group|class|support|workshop|"
                   r"pts|patients|clients|students|"
                   r"meeting|council|association|teacher|liaison|coordinator|program|coffee))"
                   r"(?<!their\sparents)(?<!their\ssiblings)(?<!their\skids)"
                   r"(?<!their\schildren)(?<!their\sfamilies)")
_TOPIC_AFTER = _rx(r"\b(?:on|about|re|for|around|covering|addressing)\s+(?:\w+\s+){0,3}?$")
_AUDIENCE = _rx(r"\b(?:parents|families|teachers|coaches|staff|nurses|students|kids|children|"
                r"teens|adults|seniors|caregivers|moms|dads|women|men|clients|patients|people|"
                r"survivors|veterans|athletes|employees|members|youth|those|folks|anyone)\s+"
                r"(?:of|with|who|in|facing|dealing|living|experiencing|struggling|affected|"
                r"impacted|recovering|at\s+risk|navigating|on)\b")
_PHONE = re.compile(r"(?<![\w+])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?|\d{2,4}[\s.-])"
                    r"\d{3,4}[\s.-]?\d{3,4}(?!\w)|(?<![\w.-])\d{3}[.-]\d{4}(?![\w.-]?\d)")
_ABOUT_A_SOURCE = _rx(r"\s*/?(?:outreach\s+)?sources\s+(?:add|edit)\b")
_BUSINESS = _rx(r"\b(?:front\s+desk|office|main\s+line|line|ext\.?|extension|reception|"
                r"receptionist|scheduling|scheduler|fax|desk|clinic|practice|switchboard|"
                r"admin|intake\s+line|referral\s+line|dept|department|school|church|library|"
                r"center|centre|hotline|helpline|surgery|coordinator|manager|director|"
                r"booking|bookings|events|program|company|hr|to\s+book|pastor|dr|doctor|contact|books|"
                r"father|fr|rev|rabbi|imam|marketing|midwifery|medical|hospital|health|"
                r"coordinates|referrals|agency|services|landline|referrers|sponsor\w*|insurance|"
                r"brochures?|flyers?|mailer)\b")
_PERSONAL_CONTACT = _rx(r"\b(?:cell|mobile|personal|home\s+(?:phone|number|#)|his|her|"
                        r"mom'?s|dad'?s|mum'?s|parent'?s|client'?s|guardian'?s|grandma'?s|"
                        r"aunt'?s|texted?\s+me)\b")
# "Jane, suicidal", "Sam: ADHD", "Bob (bipolar)", "jane is suicidal": a name, then at once
# what they have.
_NAME_THEN_CONDITION = _rx(r"(?:'s)?\s*(?:[,:(-]|\s+(?:is|was|has|had|-|with|w/))\s*(?:been\s+|"
                           r"so\s+|very\s+|still\s+|now\s+|dx\s+|dx:\s*)?(?:"
                           + lx.CLINICAL + r")\b")
_COMMAND_WORDS = frozenset({"commit", "log", "done", "plan", "add", "update", "niche",
                            "referrers", "sources", "edit", "note", "todo"})
_SHORT_NOTE = 9   # words, after the command
_PLAN_AUDIENCE = _rx(r"\s*/?(?:outreach\s+)?plan\s+(?:niche|referrers)\b")


def _a_short_note_about_someone(text: str, found: dict[str, float]) -> bool:
    """"tasha cutting again", "f/u w/ jd on relapse", "bo's insurance denied": a note of a few
    words with a first name or initials (any case) and care, health or court words, and no
    referrer or organisation to be about."""
    if _PLAN_AUDIENCE.match(text):   # a niche or the referrers: groups of people, not one
        return False
    words = [w for w in re.findall(r"[A-Za-z][A-Za-z.'/-]*", text)
             if w.lower().rstrip(":") not in _COMMAND_WORDS]
    if not words or len(words) > _SHORT_NOTE or found.keys() & {
            "professional", "colleague_at_work", "colleague", "audience", "clinical_topic",
            "legal_topic",
            "care_topic", "age_range", "phone_business", "email_org"}:
        return False
    if not any(k in found for k in ("clinical", "medication", "medication_class", "care_setting",
                                    "legal", "pronoun_clinical")) and not _CARE_WORDS.search(text):
        return False
    for raw in words:
        word = raw.lower().removesuffix("'s").rstrip(".,:;")
        bare = word.replace(".", "")
        if word in lx.ROLES | lx.ORG_WORDS | lx.ACRONYMS | lx.ABBREVIATIONS | lx.KNOWN_CAPITALS \
                or word in lx.COMMON_WORDS or word in lx.english_words():
            continue
        at = text.find(raw)
        if word in lx.first_names() and not _in_organisation(text, at + len(raw)):
            return True
        if bare.isalpha() and (len(bare) == 2 or "." in raw) and word not in _SHORT_WORDS:
            return True
    return False


_SHORT_WORDS = lx.words("""re w f u am pm ok dr ms mr mrs hr er ed pt ot yr yrs wk wks mo
    mon tue wed thu fri sat sun jan feb mar apr jun jul aug sep oct nov dec asap fyi tbd
    ppl mtg mtgs appt sx dx rx hx tx si hi iop php ssi cbt dbt act ocd gad mdd ptsd adhd
    sesh pls thx tmrw tmr tom eod vm txt msg abt bc w/ b/c etc via per lbs kg ml mg
    esp incl approx yo ext doc vs ep eps""")
_CARE_WORDS = _rx(r"\b(?:sesh|session|sessions|intake|f/u|follow[\s-]?up|safety\s+plan|"
                  r"sober|sobriety|relapse\w*|detox|rehab|caseload|discharg\w*|admitted|"
                  r"no[\s-]?show\w*|records|roi|superbill|prior\s+auth|insurance|fmla|"
                  r"custody|court|hearing|cps|dcfs|meds|pregnant|miscarr\w*|overdose|od|"
                  r"psych\s+unit|inpatient|nicu|er\s+visit|cutting|purging|self[\s-]?harm|"
                  r"emdr|erp|iop|php|epds|phq-?9|gad-?7|504|iep|meal\s+plan|check-in|"
                  r"enrolled|prescriber|post-er|sober|came\s+out|safety\s+plan|"
                  r"dx|diagnosed|screen(?:ed|ing)?)\b")
_GENERIC_BEFORE = _rx(r"\b(?:every|each|any|all|no)\s+(?:\w+\s+)?$")
_SOURCE_NAME = _rx(r"\s*/?(?:outreach\s+)?sources\s+(?:add|edit)\s+[^,;:()\[\]]*")
_WORK_NUMBER = _rx(r"\bour\s+(?:\w+\s+)?(?:line|number|phone|#)\W*$")
_EXTENSION = _rx(r"\s*(?:ext|x)\.?\s*\d")
_FAX = _rx(r"\bfax\b")
_EMAIL = re.compile(r"[\w.+-]{1,64}@([\w-]+(?:\.[\w-]+)+)")
_PERSONAL_DOMAIN = re.compile(r"^(?:gmail|googlemail|yahoo|hotmail|outlook|live|icloud|me|aol|"
                              r"proton|protonmail|msn|comcast|att|verizon|ymail|gmx|mail)\.",
                              re.IGNORECASE)
_DOB = _rx(r"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|birth\s?date|birthday|b-?day|born)\b")
_RECORD = _rx(r"\b(?:mrn|medical\s+record|policy|chart|ref|token|record\s+(?:number|no|#)|"
              r"chart\s+(?:number|no|#)|"
              r"medicaid|medicare|member\s*(?:id|number|no|#)|claim|nhs\s+(?:number|no)|"
              r"ohip|ssn|social\s+security|policy\s+(?:number|no|#)|subscriber|insurance\s+id|"
              r"case\s*(?:number|no\.?|#)|docket|id\s*#|patient\s+id|client\s+id|"
              r"account\s+(?:number|no|#))\b")
# Seven digits or more, not a span of years ("army, 2004-2010").
_LONG_NUMBER = re.compile(r"(?<![\d-])(?!(?:19|20)\d\d-(?:19|20)\d\d(?![\d-]))\d(?:-?\d){6,}"
                          r"(?![\d-])|\b[A-Z]{1,4}-?\d{5,}\b")
_HOME_ADDRESS = _rx(r"\b\d{1,5}\s+(?:[nsew]\.?\s+)?[a-z]+(?:\s+[a-z]+)?\s+(?:st|street|ave|"
                    r"avenue|rd|road|ln|lane|dr(?!\.?\s+[A-Z])|drive|ct|court|blvd|way|pl|place|"
                    r"cir|circle|ter|terrace|crescent|close)\b\.?(?:,?\s*(?:apt|apartment|unit|#|flat|"
                    r"lot|trailer)\s*\w+)?")
_HOME_WORDS = _rx(r"\b(?:apt|apartment|flat\s+\d|unit\s+\d|trailer|home\s+visit|her\s+house|"
                  r"his\s+house|their\s+house|her\s+place|his\s+place|lives\s+(?:at|on|in)|"
                  r"(?:his|her|their|home)\s+address)\b")
_VENUE_WORDS = _rx(r"\b(?:suite|ste|floor|room|rm|building|bldg|library|church|school|center|"
                   r"centre|hall|office|clinic|hospital|campus|auditorium|conference|gym|"
                   r"cafeteria|ballroom|hotel|ymca|chamber|plaza|mall|park|venue|booth)\b")
_DATE = re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?!\d)"
                   r"|(?<![\d/.-])(?:19|20)\d\d[/.-]\d{1,2}[/.-]\d{1,2}(?!\d)")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_SSN = re.compile(r"(?<![\w-])\d{3}([ -])\d{2}\1\d{4}(?![\w-])")
_CAP_WORD = re.compile(r"(?<![\w'.-])([A-Z][^\W\d_A-Z]{1,14}(?:-[A-Za-z][^\W\d_A-Z]{1,14})?)"
                       r"(?:'s)?(?![\w-])")
_LOWER_WORD = re.compile(r"(?<![\w'.-])([^\W\dA-Z_][^\W\d_A-Z]{2,13})(?:'s)?(?![\w-])")
_COLLEAGUE = _rx(r"\b(?:colleague|coworker|co-worker|associate|intern|supervisor|our\s+"
                 r"(?:office\s+manager|receptionist|biller|admin|front\s+desk)|my\s+(?:boss|"
                 r"partner\s+at)|co-?present\w*|co-?lead\w*|co-?host\w*)\b")
# A colleague at work on outreach: "Mei and I split the parent night", "cover Priya's library
# talk", "Omar's doing the Eastside run", "ask Tariq to cover my Rotary slot".
_COLLEAGUE_AT_WORK = re.compile(
    r"\b[A-Z][a-z]+\s+(?:and|&)\s+I\b|\b(?i:me\s+and)\s+[A-Z][a-z]+\b"
    r"|\b(?i:cover|covering|covered|swap|swapped|shadow|shadowed|split|sub\s+for|fill\s+in\s+"
    r"for)\s+(?:[A-Z][a-z]+'s|(?i:with)\s+[A-Z][a-z]+|[A-Z][a-z]+\s+(?i:at|on|for))"
    r"|\b[A-Z][a-z]+(?:'s|\s+is|\s+was|\s+will\s+be)\s+(?i:covering|presenting|doing\s+the|"
    r"taking\s+the|running\s+the|leading\s+the|our\s+\w+\s+lead|on\s+(?:mat|paternity|"
    r"maternity)\s+leave|back\s+from\s+leave)"
    r"|\b[A-Z][a-z]+(?:'s|\s+is|\s+was)\s+(?i:our|the|my)\s+(?:[\w/+-]+\s+){0,3}?(?i:person|guy|"
    r"gal|lead|expert|go-to|one\s+to\s+ask|specialist|best\s+one|best\s+fit)\b"
    r"|\b(?i:ask|asked|have|had|let|remind|reminded|tell|get)\s+[A-Z][a-z]+\s+(?i:to\s+)?"
    r"(?i:cover|present|take\s+the|do\s+the|run\s+the|join\s+me|co-?present|bring\s+the|"
    r"update\s+the|design|print|book|send\s+the|email\s+the|drop\s+off|pick\s+up|share\s+the|"
    r"post\s+the|review\s+the|proof|sign\s+up)"
    # "Omar's out thurs", "Tomás went in my place", "her cover is Bree", "Sam and me"
    r"|\b[A-Z][a-z]+(?:'s|\s+is)\s+out\b(?!\s+of\b)|\b(?i:in\s+my\s+place|(?:her|his|my)\s+"
    r"cover\s+is|(?:mat|maternity|paternity|parental)\s+leave)\b|\b[A-Z][a-z]+\s+(?:and|&)\s+"
    r"(?i:me)\b"
    # "Kwame does the anxiety PD", "Imani gave the talk", "Felipe brings the FAQ"
    r"|\b[A-Z][a-z]+\s+(?i:does|did|gave|gives|is\s+giving|will\s+give|presents|presented|"
    r"leads|led|runs|ran|brings|brought|prints|printed|hosts|hosted|taped|recorded)\s+"
    r"(?i:the|a|an|our)\b"
    # "Chris and Felipe go to the judges' brown bag", "Sam has openings tues"
    r"|\b[A-Z][a-z]+\s+(?:and|&|\+)\s+[A-Z][a-z]+\s+(?i:go|going|went|will|are|present|"
    r"presenting|cover|covering|split|run|lead|co-?present)\b"
    r"|\b[A-Z][a-z]+\s+(?i:has|have)\s+(?i:openings|availability|room|spots|slots)\b"
    # "Ruth has a grief certification now", "update her bio", "Lena for autism, Zoe for anxiety"
    r"|\b[A-Z][a-z]+\s+(?i:has|got|earned|finished|completed)\s+(?:[\w-]+\s+){0,5}?"
    r"(?i:certification|certificate|credential|license|licence)\b"
    r"|\b(?i:update|updated|refresh)\s+(?:(?i:her|his|their)|[A-Z][a-z]+'s)\s+(?i:bio|profile|"
    r"headshot|blurb)"
    r"|\b[A-Z][a-z]+\s+for\s+[\w/' -]{3,30},\s+[A-Z][a-z]+\s+for\b")
# What follows a client's name, not a colleague's: "Zoe cutting again", "Omar in detox".
_ABOUT_CARE = _rx(r"(?:'s)?\s+(?:(?:still|now|so|in|on|w/|with|has|had|is|was|been|for|re:?|"
                  r"back|off|started|starting|stopped|dx|dx'd|diagnosed|self)\s+){0,2}(?:"
                  + lx.CLINICAL + "|" + lx.CARE_SETTINGS
                  + "|" + lx.LEGAL + r"|cutting|relapsed?|sober|meds|session|sesh|intake)\b")
# Where a name is someone cared for, not a colleague: "re Lena, 15", "referring Chloe",
# "how Marisol is doing", "Omar who disclosed abuse", "Bo was admitted".
_CLIENT_BEFORE = _rx(r"(?:\bre:?|\babout|\bfor|\bon|\bw/|\bsee|\bseeing|\bsaw|\btreat\w*|"
                     r"\brefer\w*|\bsent|\bsending|\bsends|\blike|\bhow|\bif|\bthat|"
                     r"\bdischarged|\badmitted|\bgot|\btake|\btook|\bplus|\bincl\w*|\bnotes\s+on|"
                     r"\bcheck\s+on|\bwith|\bwhen|\bwhy|\bsays|\bsaid|\bthinks|\bgrandpa|\bgrandma|"
                     r"\bnamed|\bcalled|\btoddler|\bbaby|\bkid|\bteen|\bboy|\bgirl|\bson|"
                     r"\bdaughter|\bthe|[,:;(]|\band|&|-)\s*$")
_CLIENT_AFTER = _rx(r"(?:'s)?\s*(?:,\s*\d|\(\s*\d|\d|\s+(?:who|whose|was|were|has\s+been|"
                    r"hasn't|hasn’t|had|finally|still|stopped|started|can|can't|told|posted|"
                    r"disclosed|went|came|took|is\s+doing|is\s+a\s+great\s+fit|loves))")
_COLLEAGUE_NAME = re.compile(r"(?<![\w.'-])(?<!Dr\.\s)(?<!Dr\s)([A-Z][^\W\d_]{2,14})(?![\w-])")
_WORD = re.compile(r"[a-z][a-z'&-]*|\d+|[#@$%?!]", re.IGNORECASE)


def _topic_before(before: str) -> bool:
    """Whether the words before a clinical term make it a topic: "a talk on teen anxiety"."""
    return bool(_TOPIC_AFTER.search(before)) and any(
        w.strip(".,;:()'\"").lower() in lx.TOPIC_NOUNS for w in before.split())


_OWN_CLINICIAN = _rx(r"\b(?:his|her)\s+(?:own\s+|new\s+|regular\s+)?(?:gp|pcp|psychiatrist|"
                     r"pediatrician|paediatrician|ped|peds|therapist|doctor|dr|neurologist|"
                     r"dietitian|nutritionist|caseworker|case\s+worker|po|probation\s+officer|"
                     r"social\s+worker|sw|counselor|counsellor|teacher|coach|psychologist)\b")


_REFERRED_PERSON = re.compile(
    r"\b(?:[Ss]ent|[Ss]ending|[Rr]eferred|[Rr]eferring|[Ff]lagged|[Ff]lagging|[Bb]rought|"
    r"[Dd]riving|[Dd]rove|[Tt]ransferr\w*)\s+(?:me\s+|us\s+|over\s+)?([^\W\d_][\w'-]+)")
_AGE_AFTER_NAME = re.compile(r"\b[A-Z][\w'-]+\.?,\s*\(?(\d{1,2})\)?(?![\d:.%/-])(?!\s*(?:am|pm|"
                             r"min|mins|minutes|hrs|hours|people|staff|spots|seats|ppl|copies|"
                             r"cards|brochures|flyers|pts|attendees|slots|jan|feb|mar|apr|"
                             r"may|jun|jul|aug|sep|oct|nov|dec))\b"
                             r"|\bwho(?:'s|\s+is)\s+\d{1,2}\b|\baged?\s+\d{1,2}\b(?!\s*[-–+])")
# "session with Maria", and a calendar invite's "Intake - Kayla Brooks"
_CARE_WITH = _rx(r"\b(?:sessions?|therapy|counsel(?:l)?ing|intake|appointments?|appts?|"
                 r"assessment|evaluation|eval|treatment)(?:\s+(?:with|for|of)|\s*[-–:])\s+(\S+)")


_YOU_SEE = re.compile(r"\b(?:[Ii]|[Yy]ou|[Ww]e)\s+(?:already\s+|also\s+|still\s+)?(?:see|saw|"
                      r"treat|am\s+seeing|counsel)\s+(?:[A-Z][\w'-]+|one\s+of\s+(?:their|your|"
                      r"the|his|her))")
_NAME_INITIAL = re.compile(r"\b[A-Z][a-z]{2,14}\s+[A-Z]\.(?=\s|,|$)")
_CLIENT_NAMED = re.compile(r"\b(?:[Cc]lient|[Pp]atient)\s+([A-Z][^\W\d_]+)")


def _care_with_person(text: str) -> bool:
    """"session with Maria", "intake for Bob", "therapy with JD": care for a named person."""
    for match in (*_CARE_WITH.finditer(text), *_CLIENT_NAMED.finditer(text)):
        word = match.group(1).strip(".,;:()'\"").removesuffix("'s")
        folded = fold(word)
        if word[:1].isupper() and folded not in lx.ROLES | lx.ORG_WORDS | lx.ABBREVIATIONS \
                | lx.KNOWN_CAPITALS | lx.COMMON_WORDS and \
                not _in_organisation(text, match.end(1)) and (
                    folded in lx.first_names() or (len(word) == 2 and word.isupper()
                                                   and folded not in lx.ACRONYMS)
                    or not word.isascii()):
            return True
    return False


def _words_before(text: str, pos: int, count: int) -> list[str]:
    words = [w.strip(".,;:()'\"").lower() for w in text[max(0, pos - 60):pos].split()]
    return [w for w in words if w][-count:]


def _words_after(text: str, pos: int, count: int) -> list[str]:
    return [w.strip(".,;:()'\"").lower() for w in text[pos:pos + 80].split()[:count]]


def fold(word: str) -> str:
    """Lowercase without accents: "Ramón" → "ramon"."""
    return unicodedata.normalize("NFKD", word.lower()).encode("ascii", "ignore").decode()


def _sentence_start(text: str, pos: int) -> bool:
    before = text[:pos].rstrip()
    if before and before.split()[-1].lower().rstrip(".") in lx.ABBREVIATIONS:
        return False
    return not before or before[-1] in ".!?:;-#\"(" or before.split()[-1].lower() in {
        "commit", "log", "done", "plan", "add", "niche", "note:", "referrers", "update"}


def _in_organisation(text: str, end: int) -> bool:
    """Whether the capitalised words from `end` on make an organisation's name ("Garcia
    Family Medicine", "Johnson & Associates Pediatrics", "Hope Haven")."""
    if text[end:end + 2] == "'s":
        following = text[end + 2:end + 40].split()[:1]
        return bool(following) and following[0][:1].isupper() and not following[0].isupper() \
            and following[0].strip(".,;:").lower() in lx.ORG_WORDS | lx.VENUE_WORDS
    for word in text[end:end + 80].split()[:4]:
        bare = word.strip(".,;:()'\"").removesuffix("'s").lower()
        if word[:1].isupper() and bare in lx.ORG_WORDS:
            return True
        if word in {"&", "and", "of", "+"} or (word[:1].isupper() and not word.endswith(",")):
            continue
        return False
    return False


_FRAMES = frozenset({"re", "re:", "about", "for", "pt", "client", "w/", "with", "told", "and",
                     "saw", "seeing", "see", "called", "named", "ask", "tell", "if", "that"})


def _framed(text: str, start: int, end: int) -> bool:
    """Whether a lowercase first name sits where a person would: "noah, 12", "re: maya",
    "ethan's", "about jen"."""
    if text[end:end + 2] == "'s" or re.match(r",?\s*\(?\d{1,2}\b", text[end:end + 6]):
        return True
    after = _words_after(text, end, 1)
    if after and after[0] in _PERSON_VERBS:
        return True
    before = _words_before(text, start, 1)
    return bool(before) and before[-1] in _FRAMES


_PERSON_VERBS = lx.words("""
    is was has hasn't had hadn't told said says will won't can can't keeps kept runs ran
    got gets needs wants started stopped missed seems feels felt isn't wasn't did didn't
    does doesn't lost left came went who whose
""")
# What someone does in their role when they are the one speaking: "Terry said residents…".
_SPEAKER_VERBS = lx.words("""
    said says mentioned suggested offered recommended agreed confirmed loved thinks invited
    emailed replied booked organised organized hosts runs coordinates manages oversees
""")
_PERSON_FRAMES = frozenset({"about", "on", "for", "re", "re:", "if", "that", "said", "says",
                            "told", "how", "spotted", "saw", "like", "seeing", "see", "with"})


def _acts_like_a_person(text: str, start: int, end: int) -> bool:
    """A capitalised unknown word used as someone is: "Destiny hasn't", "about Ivy"."""
    after = _words_after(text, end, 1)
    if after and after[0] in _PERSON_VERBS:
        return True
    before = _words_before(text, start, 1)
    rest = text[end:end + 2]
    return bool(before) and before[-1] in _PERSON_FRAMES and (not rest.strip() or
                                                               rest[0] in ",.;!?)")


@lru_cache(maxsize=64)
def _name_spans(text: str) -> tuple[tuple[int, int, str], ...]:
    """_find_name_spans, once per text: signs() and hashed() both read them."""
    return tuple(_find_name_spans(text))


def _find_name_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """Words that name a person: (start, end, kind) with kind 'name' (a capitalised first
    name), 'name_lower' (a first name in lowercase), 'cap' (a capitalised word mid-sentence
    that is no known word) — or 'professional' when the person is there in their role."""
    names = lx.first_names()
    for pattern, kind in ((_CAP_WORD, "name"), (_LOWER_WORD, "name_lower")):
        for match in pattern.finditer(text):
            word = fold(match.group(1))
            if word in lx.KNOWN_CAPITALS or word in lx.ORG_WORDS or word in lx.ROLES or \
                    word in lx.ACRONYMS:
                continue
            if kind == "name_lower" and (word not in names or word in lx.english_words()
                                         or not _framed(text, match.start(), match.end(1))):
                continue
            if kind == "name" and (word not in names or word in lx.COMMON_WORDS):
                if _sentence_start(text, match.start()):
                    continue
                kind_here = "cap"
            else:
                kind_here = kind
            before = _words_before(text, match.start(), 3)
            after = [a.strip(",") for a in _words_after(text, match.end(), 2)]
            if before and before[-1] in {"st", "saint", "mt", "fort", "port", "lake", "new"}:
                continue
            if _in_organisation(text, match.end(1)):
                continue
            possessive = text[match.end(1):match.end(1) + 2] == "'s"
            role_before = bool(before) and (before[-1].rstrip(".,") in lx.ROLES or (
                before[-1] in {"is", "was", "named", "called"} and len(before) > 1
                and (before[-2] in lx.ROLES or before[-2] in lx.PROFESSIONAL_CONTEXT)))
            # "Mia B's counsellor" is Mia's counsellor, not Mia.
            role_after = not possessive and not (after and after[0].endswith("'s")) and any(
                w.strip("()") in lx.PROFESSIONAL_CONTEXT for w in after)
            role_before = role_before or (len(before) > 1 and before[-2].rstrip(".") in lx.ROLES
                                          and before[-1][:1].isalpha()
                                          and fold(before[-1]) in names
                                          and before[-1] not in _SPEAKER_VERBS)
            # "the director, Malik's been going there": a role, then somebody else.
            role_before = role_before and not (possessive and re.search(
                r"[,:;(-]\s*$", text[:match.start()]))
            works_there = not possessive and len(after) > 1 and after[0] in {"from", "at"} \
                and (after[1] == "the" or (after[1][:1].isalpha() and
                     text[match.end(1):].split()[1][:1].isupper()))
            introduced = bool(before) and before[-1] in {"contact", "contacts", "cc", "via"}
            owns_work = possessive and _owns_work(text[match.end(1) + 2:])
            speaker = not possessive and bool(after) and after[0] in _SPEAKER_VERBS
            if role_before or role_after or works_there or introduced or owns_work or speaker or (
                    after and after[0] in {"jr", "sr", "md", "phd"}):
                kind_here = "professional"
            elif before and before[-1].rstrip(".") in lx.HONORIFICS:
                kind_here = "honorific"
            yield match.start(), match.end(1), kind_here


def signs(text: str, this_year: int | None = None) -> dict[str, float]:
    """The named signs in a prepared text, each 1.0 (or a count for a few). A full date more
    than a year before `this_year` (default: now) is a person's date, never an event's."""
    year_now = this_year or date.today().year
    found: dict[str, float] = {}

    def sign(name: str, value: float = 1.0) -> None:
        found[name] = max(found.get(name, 0.0), value)

    clinical = [*_CLINICAL.finditer(text), *_UPPER_CLINICAL.finditer(text)]
    topical = 0
    for match in clinical:
        after = _words_after(text, match.end(), 3)
        before_text = text[max(0, match.start() - 40):match.start()]
        if any(a in lx.TOPIC_NOUNS for a in after) or _topic_before(before_text) or \
                _AUDIENCE.search(text[max(0, match.start() - 60):match.start()]):
            topical += 1
    personal_clinical = len(clinical) - topical
    if personal_clinical:
        sign("clinical")
    if topical:
        sign("clinical_topic")
    for match in re.finditer(r"[a-z][a-z'&-]*", text.lower()):
        if match.group() in lx.MEDICATIONS:
            after = _words_after(text, match.end(), 3)
            sign("medication_topic" if any(a in lx.TOPIC_NOUNS for a in after)
                 else "medication_class" if match.group() in lx.MEDICATION_CLASSES
                 else "medication")
    for match in _CARE_SETTING.finditer(text):
        after = _words_after(text, match.end(), 2)
        sign("care_topic" if any(w.strip("-") in lx.TOPIC_NOUNS or w in {"director",
             "referrals", "criteria", "unit", "program", "coordinator", "team"} for w in after)
             else "care_setting")
    for match in _LEGAL.finditer(text):
        after = _words_after(text, match.end(), 4)
        sign("legal_topic" if any(a.strip("-") in lx.TOPIC_NOUNS for a in after)
             or _topic_before(text[max(0, match.start() - 40):match.start()]) else "legal")
    if _RELATIONSHIP.search(text):
        sign("relationship")
    if any(not _GENERIC_BEFORE.search(text[max(0, m.start() - 30):m.start()])
           for m in _PT.finditer(text)):   # "screens every prenatal pt" is nobody in particular
        sign("pt")
    if any(not any(w in lx.TOPIC_NOUNS or w in {"referrals", "specialty", "focus"}
                   for w in _words_after(text, m.end(), 2))
           for m in _PRONOUN_CLINICAL.finditer(text)
           if not _AN_AUDIENCE_DIAGNOSED.search(text[max(0, m.start() - 30):m.end()])):
        sign("pronoun_clinical")
    if _care_with_person(text) or _YOU_SEE.search(text):
        sign("relationship")
    for match in _CARING_FOR.finditer(text):
        if fold(match.group(1)) in lx.first_names() and \
                fold(match.group(1)) not in lx.ROLES | lx.HONORIFICS:
            sign("relationship")
    if _SELF_DISCLOSURE.search(text):
        sign("self_disclosure")
    if _OWN_FAMILY.search(text):
        sign("own_family")
    for match in _NAME_INITIAL.finditer(text):
        if fold(match.group().split()[0]) in lx.first_names() and \
                match.group().split()[0].lower() not in lx.ROLES | lx.HONORIFICS:
            sign("name_initial")
    for match in _REFERRED_PERSON.finditer(text):
        word = fold(match.group(1).removesuffix("'s"))
        capital = match.group(1)[:1].isupper()
        if word not in lx.ROLES | lx.ORG_WORDS | lx.KNOWN_CAPITALS | lx.ACRONYMS | \
                lx.ABBREVIATIONS and not _in_organisation(text, match.end(1)) and \
                word not in {"the", "a", "an", "our", "my", "their", "his", "her"} and (
                    capital or (word in lx.first_names() and word not in lx.english_words())):
            sign("relationship")
    if _AGE_AFTER_NAME.search(text):
        sign("age_tied")
    if _SHARED_CLIENT.search(text):
        sign("shared_client")
    if re.search(r"\bclients?\b|\bpatients?\b", text, re.IGNORECASE):
        sign("client_word")
    initials = [m.group() for m in _INITIALS.finditer(text)
                if m.group().replace(".", "").replace(" ", "").lower() not in lx.ACRONYMS]
    if initials:
        sign("initials")
    if any(_bare_initials(m.group()) for m in _BARE_INITIALS.finditer(text)):
        sign("initials_bare")
    if _AGE_TIED.search(text):
        sign("age_tied")
    if _AGE_RANGE.search(text):
        sign("age_range")
    if _THE_INDIVIDUAL.search(text):
        sign("individual")
    if _NAMED.search(text):
        sign("individual_named")
    if any(fold(m.group().split()[1].rstrip(".")) not in lx.KNOWN_CAPITALS | lx.ORG_WORDS
           for m in _FAMILY.finditer(text)):   # "the Monday case" is a day, not a family
        sign("family_name")
    if any(_a_family_name(m.group(1) or m.group(2))
           for m in _FAMILY_LOWER.finditer(text)):
        sign("family_name")
    if _HONORIFIC_INITIAL.search(text):
        sign("individual")
    professionals = [b for _, b, kind in _name_spans(text) if kind == "professional"]
    for match in _RELATIVE_OF.finditer(text):
        if not _a_relative(match.group()):
            continue
        # "Pastor Lee and his wife lead the marriage ministry": a professional's family.
        if any(0 <= match.start() - end <= 40 for end in professionals) or \
                _IN_A_ROLE.match(text, match.end()):
            sign("relative_of_someone")
        else:
            sign("relative")
    for match in _POSSESSIVE.finditer(text):
        owner, noun = match.group(1).lower(), match.group(2).lower()
        before = _words_before(text, match.start(), 2)
        professional = owner in lx.ROLES or (bool(before) and (
            before[-1].rstrip(".") in lx.ROLES or before[-1] in lx.PROFESSIONAL_CONTEXT
            or before[-1] in {"st", "saint", "mt"}))
        plural_owner = "s' " in match.group() or match.group().endswith("s'")
        if noun in lx.CARERS and not professional and not plural_owner and \
                not _AN_EVENT_FOR.match(text, match.end()):
            sign("relative")
        elif noun in lx.RELATIVES:
            sign("relative_of_someone")
    if _AUDIENCE.search(text):
        sign("audience")
    if _OWN_CLINICIAN.search(text):
        sign("own_clinician")
    if re.search(r"(?<![\w.])(?:[A-Z]\.?){2}'s\s", text) and any(
            m.group().replace(".", "").lower() not in lx.ACRONYMS
            for m in re.finditer(r"(?<![\w.])(?:[A-Z]\.?){2}(?='s\s)", text)):
        sign("name_possessive")
    names = list(_name_spans(text))
    if _ABOUT_A_SOURCE.match(text):
        # The source's own name (up to the first comma, colon or bracket) names a referrer;
        # a name after that is read like any other.
        head = _SOURCE_NAME.match(text)
        head_end = head.end() if head else len(text)
        names = [(a, b, "professional" if k in {"name", "cap", "name_lower", "honorific"} and
                  text[b:b + 2] != "'s" and b <= head_end else k) for a, b, k in names]
    for _, end, kind in names:
        sign(kind)
        if kind == "honorific" and (_words_after(text, end, 1)[:1] and
                                    _words_after(text, end, 1)[0] in _PERSON_VERBS | {"asked"}):
            sign("honorific_acting")
        for phone in _PHONE.finditer(text[end:end + 22]):
            if sum(c.isdigit() for c in phone.group()) >= 7 and kind != "professional" \
                    and not _BUSINESS.search(text[max(0, end - 60):end + 40]) \
                    and not _ABOUT_A_SOURCE.match(text):
                sign("phone_personal")
    for start, end, kind in names:
        if kind == "cap" and _acts_like_a_person(text, start, end):
            sign("cap_person")
            kind = "cap_person"
        if kind == "professional" or (kind == "cap" and text[end:end + 2] != "'s"):
            continue
        close = text[end:end + 28]
        if _NAME_THEN_CONDITION.match(close) and _CLINICAL.search(close):
            sign("name_with_condition")
        near = text[max(0, start - 50):end + 60]
        if _CLINICAL.search(near) or _CARE_SETTING.search(near) or any(
                w in lx.MEDICATIONS for w in _WORD.findall(near.lower())) or _LEGAL.search(near):
            sign("name_near_sensitive")
        if text[end:end + 2] == "'s":
            if kind != "cap":
                sign("name_possessive")
            after = [a.strip(",") for a in _words_after(text, end + 2, 3)]
            if after and after[0] in {"been", "going", "doing", "not", "still", "getting",
                                      "having", "gone", "had"}:
                sign("cap_person")
            owned = after[:3] if not after or after[0] not in {"and", "or", "&", "at", "in",
                                                               "for", "to"} else []
            if (any(w in lx.POSSESSIONS for w in owned) or _A_SLOT.match(text, end + 2)) \
                    and not _an_organisation_s(text, start, end) \
                    and not _work_contact(text, owned):
                sign("name_possession")
        if re.match(r"\s*,\s*\d{1,2}\b|\s*\(\s*\d{1,2}", text[end:end + 8]):
            sign("age_tied")
    if _COLLEAGUE.search(text):
        sign("colleague")
    if _COLLEAGUE_AT_WORK.search(text):
        sign("colleague_at_work")
    for match in _PHONE.finditer(text):
        if sum(c.isdigit() for c in match.group()) < 7:
            continue
        window = text[max(0, match.start() - 60):match.end() + 30]
        just_before = text[max(0, match.start() - 20):match.start()]
        if _ABOUT_A_SOURCE.match(text) or _WORK_NUMBER.search(just_before) or \
                _EXTENSION.match(text[match.end():]) or _FAX.search(window):
            sign("phone_business")
        elif _PERSONAL_CONTACT.search(just_before) and not re.search(
                r"\b(?:office|clinic|desk|work)\s+(?:cell|mobile|phone|line)", just_before,
                re.IGNORECASE):
            sign("phone_personal")
        elif _ABOUT_A_SOURCE.match(text) or re.search(r"\b(?:office|front\s+desk|clinic)\b",
                                                      window, re.IGNORECASE):
            sign("phone_business")
        elif _PERSONAL_CONTACT.search(window):
            sign("phone_personal")
        elif _BUSINESS.search(window) or any(
                w.strip(".,;:()").lower() in lx.ORG_WORDS for w in window.split()):
            sign("phone_business")
        else:
            sign("phone")
    for match in _EMAIL.finditer(text):
        local = match.group().split("@")[0].lower()
        business = any(w in local for w in lx.BUSINESS_EMAIL_WORDS)
        sign("email_personal" if _PERSONAL_DOMAIN.match(match.group(1)) and not business
             and not _ABOUT_A_SOURCE.match(text) else "email_org")
    if _DOB.search(text):
        sign("dob")
    if any(re.match(r"\s*(?:id|number|no\.?|num|#)?\s*[:#=-]?\s*[a-z]{0,4}-?\s?\d{3,}",
                    text[m.end():m.end() + 30], re.IGNORECASE) for m in _RECORD.finditer(text)):
        sign("record")
    if not any(k in found for k in ("phone_business", "phone", "phone_personal")) and any(
            not _DATE.fullmatch(m.group()) and not re.fullmatch(r"(?:19|20)\d\d-\d\d-\d\d",
                                                                m.group())
            for m in _LONG_NUMBER.finditer(text)):
        sign("long_number")
    if any(sum(c.isdigit() for c in t) >= 6 and any(c.isalpha() for c in t)
           for t in re.findall(r"\b[A-Za-z0-9]{7,}\b", text)):
        sign("long_number")
    for match in _HOME_ADDRESS.finditer(text):
        if _VENUE_WORDS.search(text):
            sign("venue_address")
        elif re.search(r"\b(?:apt|apartment|unit|#|flat|lot|trailer)\b", match.group(),
                       re.IGNORECASE) or _HOME_WORDS.search(text):
            sign("home_address")
        else:
            sign("street_address")
    if _HOME_WORDS.search(text):
        sign("home_words")
    old = [int(y.group()) < year_now - 1 for y in _YEAR.finditer(text)]
    for match in _DATE.finditer(text):
        if any(int(y.group()) < year_now - 1 for y in _YEAR.finditer(match.group())) or \
                (re.search(r"[/.-]\d\d$", match.group()) and "dob" in found):
            sign("old_date")
    if any(old) and "dob" in found:
        sign("old_date")
    for match in _TEXT_DATE.finditer(text):
        if int(match.group(1) or match.group(2)) < year_now - 1:
            sign("old_date")
    for match in _DATE.finditer(text):
        two = re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-](\d\d)", match.group())
        if two and 2000 + int(two.group(1)) < year_now - 1:
            sign("old_date")
    if _SSN.search(text) or re.search(r"\b(?:ssn|social\s+security)\b\W{0,6}\d", text,
                                      re.IGNORECASE):
        sign("ssn")
    if _a_short_note_about_someone(text, found):
        sign("short_note_about_someone")
    # Interactions a linear model cannot make on its own.
    person = any(k in found for k in ("name", "name_lower", "cap_person", "name_possessive",
                                      "name_initial",
                                      "honorific_acting",
                                      "initials", "individual",
                                      "family_name", "relative", "age_tied", "relationship",
                                      "pt"))
    sensitive = any(k in found for k in ("clinical", "medication", "care_setting", "legal"))
    if person and sensitive:
        sign("person_and_sensitive")
    if person and ("phone_personal" in found or "email_personal" in found
                   or "home_address" in found or "home_words" in found):
        sign("person_and_contact")
    return found


def _mask(token: str) -> str:
    if token.isdigit():
        return "<num>"
    if token in lx.first_names():
        return "<name>"
    return token


_NEAR_BEFORE, _NEAR_AFTER = 4, 6


_BARE_INITIALS = re.compile(r"(?<![\w.&/-])[A-Z]{2,3}(?![\w&/-])")


def _bare_initials(token: str) -> bool:
    """"JD", "RP": capitals that are no acronym this domain uses."""
    return token.lower() not in lx.ACRONYMS and not _CLINICAL.fullmatch(token) and \
        not _CARE_SETTING.fullmatch(token) and not _LEGAL.fullmatch(token)


# "help Sam with anxiety", "treating Officer Danvers", "working with little Hazel".
_CARING_FOR = re.compile(r"\b(?i:help(?:ing|ed)?|treat(?:ing|ed)?|work(?:ing|ed)?\s+with|"
                         r"seeing|counsel(?:l)?ing|sessions?\s+(?:with|w/?))\s+(?:(?i:little|"
                         r"young|officer|mr|mrs|ms)\.?\s+)?([A-Z][a-z]+)\b")
# The clinician's own story: "I have ADHD and will share my story", "as someone in recovery
# myself".
_SELF_DISCLOSURE = _rx(r"\b(?:i\s+(?:have|had|live\s+with|lived\s+with|am|was|struggled\s+"
                       r"with)|i'm|i've\s+(?:had|lived\s+with)|my\s+own)\s+(?:\w+\s+)?(?:"
                       + lx.CLINICAL + r")\b|\bmy\s+(?:own\s+)?(?:story|journey|recovery)\b"
                       r"|\bmyself\b")
# The clinician's own life: "my kid threw up at school", "my husband's deployment".
_OWN_FAMILY = _rx(r"\bmy\s+(?:own\s+)?(?:kid|kids|son|daughter|husband|wife|partner|boyfriend|"
                  r"girlfriend|mom|mum|dad|mother|father|niece|nephew|sister|brother|family|"
                  r"twins|baby|toddler|teen|spouse)(?:'s)?\b|\bmy\s+own\b")
_NAMED = re.compile(r"\b(?i:kid|boy|girl|child|teen|teenager|client|patient|student|son|"
                    r"daughter|mom|dad|man|woman|lady|guy|gentleman)\s+(?i:named|called)\s+[A-Z]")
_AN_AUDIENCE_DIAGNOSED = _rx(
    r"\b(?:adults|kids|children|people|teens|women|men|moms|dads|parents|patients|clients|"
    r"families|those|students|folks|anyone|veterans|seniors)\s+(?:\w+\s+)?diagnosed\b")


_OUTREACH_VISIT = _rx(r"\s*(?:[\w-]+\s+){0,3}?(?:school|site|outreach|office|referral|"
                      r"practice|doctor's\s+office)\s+visits?\b")


def _owns_work(after: str) -> bool:
    """"Keisha's talk", "Zoe's selective mutism grand rounds", "Hiroshi's OCD parent night":
    a colleague's or referrer's work, within a few words and before any punctuation."""
    clause = re.split(r"[,;:.!?()]", after, maxsplit=1)[0]
    return any(w.lower().strip("\"'") in lx.WORK_POSSESSIONS for w in clause.split()[:5]) or \
        bool(_OUTREACH_VISIT.match(clause))


# "Buhle's 3pm, she has flu", "Neeraj's 7:30am slot": a person's hour is their appointment.
_A_SLOT = re.compile(r"\s*\d{1,2}(?::\d{2})?\s?(?i:am|pm|h)?\s*(?:[,.;:)]|$|(?i:slot|appt|"
                     r"appointment|session|sesh|booking|no[- ]show|couple|client)\b)")


def _an_organisation_s(text: str, start: int, end: int) -> bool:
    """"Sarah's House", "Whitfield Women's Care", "NAMI Familia's list": a possessive that is
    part of an organisation's name."""
    following = text[end + 2:].lstrip()
    preceding = text[:start].split()
    owner = text[start:end].lower()
    acronym = re.match(r"([A-Z]{2,5})\s+(\w+)", following)   # "Carter's ASQ results"
    if acronym and acronym.group(2).lower() in lx.POSSESSIONS:
        return False
    return owner in {"women", "men", "children", "kids", "people", "veterans"} or \
        following[:1].isupper() or bool(
        preceding and preceding[-1].isupper() and len(preceding[-1]) > 1
        and preceding[-1][-1].isalpha())


def _work_contact(text: str, owned: list[str]) -> bool:
    """"Greg's email is greg.h@deltafreight.com": a work address, not a person's own."""
    return bool(owned) and owned[0] in {"email", "e-mail", "address"} and any(
        not _PERSONAL_DOMAIN.match(m.group(1)) for m in _EMAIL.finditer(text))


def _a_family_name(word: str) -> bool:
    """A surname typed in lowercase, not a word: "kim", "okoro", not "foster" or "school"."""
    return word in lx.last_names() and word not in lx.english_words() and word not in \
        lx.ORG_WORDS | lx.ROLES | lx.KNOWN_CAPITALS | lx.ACRONYMS | lx.ABBREVIATIONS | \
        lx.TOPIC_NOUNS


def _a_relative(phrase: str) -> bool:
    """"her daughter", "his mom" — not "their anxious parents" or "her class parents", an
    audience."""
    words = phrase.lower().split()
    last = words[-1].removesuffix("'s")
    plural = last.endswith("s") or last == "children"
    return not ((words[0] == "their" and plural) or (len(words) == 3 and words[1] in {
        "class", "team", "school", "group", "students'", "clients'", "patients'"}))


def _person_like(token: str, lower: str, at_start: bool) -> bool:
    """A first name, or a capitalised word that is neither English nor a known name of a
    place, organisation or role: "Tayo", "Kowalczyk"."""
    if lower in lx.COMMON_WORDS:   # "Lincoln", "Grace", "Hope": a school or a word as often
        return False
    if lower in lx.first_names() or (token.isupper() and _bare_initials(token)):
        return True
    return (not at_start and token[:1].isupper() and token[1:2].islower()
            and lower.removesuffix("'s") not in lx.english_words() | lx.KNOWN_CAPITALS
            | lx.ORG_WORDS | lx.ROLES)


def hashed(text: str) -> Iterator[int]:
    """Buckets for the words and word pairs of a prepared text (names and numbers masked),
    and for the words around each person-like word ("sent <name> the draft" is not "<name>
    relapsed")."""
    found = [(m.group(), m.start()) for m in _WORD.finditer(text)]
    tokens = [_mask(t.lower()) for t, _ in found]
    for i, token in enumerate(tokens):
        yield zlib.crc32(f"w:{token}".encode()) % HASH_BUCKETS
        if len(token) > 4 and token[0] != "<":   # "relapsed", "relapsing": one stem
            yield zlib.crc32(f"s:{token[:4]}".encode()) % HASH_BUCKETS
        if i:
            yield zlib.crc32(f"b:{tokens[i - 1]} {token}".encode()) % HASH_BUCKETS
    professionals = [(a, b) for a, b, kind in _name_spans(text) if kind == "professional"]
    for i, (raw, start) in enumerate(found):
        lower = raw.lower()
        if not _person_like(raw, lower, i == 0 or _sentence_start(text, start)) or \
                _in_organisation(text, start + len(raw)) or \
                any(a <= start < b for a, b in professionals):
            continue
        if i:
            yield zlib.crc32(f"nl:{tokens[i - 1]}".encode()) % HASH_BUCKETS
        if i + 1 < len(tokens):
            yield zlib.crc32(f"nr:{tokens[i + 1]}".encode()) % HASH_BUCKETS
        for j in range(max(0, i - _NEAR_BEFORE), min(len(tokens), i + _NEAR_AFTER + 1)):
            if j != i:
                yield zlib.crc32(f"nw:{tokens[j]}".encode()) % HASH_BUCKETS
