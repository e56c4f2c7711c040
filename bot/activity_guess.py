"""What kind of outreach a sentence describes, read the way a colleague would: by what the
clinician will *do*, not by the first keyword in it. "Call Dr. Patel's office to set up a
lunch" is a follow-up call (the lunch hasn't happened); "talk to the school counselor" is a
visit (one person, not an audience); "speak at the Rotary lunch" is a talk; anything about a
shared client is a case consultation. Pure; measured on a corpus in bench/results/language.md.

The rules know the default catalog's keys. A practice's own activities (keys not in the
default catalog) are matched first by their keywords, so an owner's additions still win.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.model import ActivityType

DEFAULT_KEYS = ("visit", "lunch", "talk", "consult", "media", "networking", "followup")


def _any(*patterns: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w-])(?:" + "|".join(patterns) + r")(?![\w-])", re.IGNORECASE)


# About a client seen by someone else too: coordinating care, whatever the setting.
_CONSULT = _any(
    r"shared (?:client|student|patient|family|kid|case)s?", r"mutual (?:client|patient)s?",
    r"ieps?", r"504s?", r"case (?:conf(?:erence)?|review|consult(?:ation)?|staffing)s?\.?",
    r"treatment team", r"care (?:team|conference|coordination)", r"coordinat\w* care",
    r"wrap-?around", r"discharge planning", r"multidisciplinary", r"collateral",
    r"consult(?:ation|ing|s)?(?! call)", r"team (?:meeting|mtg)s?", r"school team",
    r"coordination of care",
    r"release of information", r"roi", r"student support team", r"sst")
# Reaching out from a distance: the action is the call, note or email itself.
_REMOTE = _any(
    r"call(?:ed|ing)?", r"e-?mail(?:ed|ing)?", r"text(?:ed|ing)?", r"phone(?:d)?", r"ring",
    r"rang", r"voicemail", r"vm", r"mail(?:ed)?", r"send", r"sent", r"dm", r"messag\w*",
    r"thank(?:ed|s)?(?:-?you)?", r"follow(?:ed)?[- ]?up", r"reach(?:ed)? out", r"fax(?:ed)?",
    r"linkedin", r"teams call", r"f/?u", r"thx", r"handwritten", r"card", r"notes?",
    r"letters?", r"postcards?")
# Anywhere in the sentence: the contact is remote.
_REMOTE_ANYWHERE = _any(r"by (?:phone|email|e-mail|text|mail)", r"phone call", r"voicemail",
                        r"thank[- ]?you (?:note|card|email|e-mail|letter)s?", r"thx",
                        r"f/u (?:call|email)", r"follow[- ]up (?:call|email|e-mail|note|text)")
_AT_THE_DOOR = _any(r"r[ia]ng (?:the |their )?(?:door)?bell", r"knock\w*")
_IN_PERSON = _any(r"in person", r"face[- ]to[- ]face", r"stop(?:ped)? by", r"swing by",
                  r"swung by", r"drop(?:ped)? (?:by|in|off)", r"pop(?:ped)? (?:in|into|by)",
                  r"went back", r"walk(?:ed)? in")
_PUBLISHED = _any(r"podcasts?", r"articles?", r"blog(?: post)?s?", r"op-?eds?", r"column",
                  r"newsletter (?:piece|blurb|article|column|story)", r"radio", r"videos?",
                  r"reels?", r"youtube", r"instagram", r"insta", r"tiktok", r"facebook live",
                  r"live stream", r"news (?:segment|story)", r"morning news", r"tv",
                  r"letter to the editor", r"quote(?:d)? (?:for|in)", r"interview(?:ed)?",
                  r"guest post", r"substack", r"episode", r"record(?:ing)?", r"publish\w*",
                  r"write-?up", r"newsletter")
_SPEAKING = _any(r"(?:co-)?present(?:ing|ed|ation|aton|s)?", r"speak(?:ing|s)?", r"spoke",
                 r"overview", r"talk(?:ing)? to (?:the )?(?:parents|group|class|students|"
                 r"congregation|members|families|teachers|audience|crowd|youth group)",
                 r"keynote", r"panel(?:ist)?", r"webi?n?ar", r"webnar", r"workshop",
                 r"seminar", r"class", r"training", r"teach(?:ing)?", r"lecture",
                 r"q ?& ?a", r"parent (?:night|education)", r"grand rounds", r"ted ?x",
                 r"talk(?:s)?(?! (?:to|with|w/?)\b)", r"guest speaker", r"info session",
                 r"educational (?:session|event)")
_LUNCH_AND_LEARN = _any(r"lunch[- ]?(?:and|&|n'?)?[- ]?le?a?rns?", r"l ?& ?l",
                        r"lunchandlearn", r"in[- ]?services?", r"in-?svc",
                        r"breakfast[- ](?:and|&)[- ]learn",
                        r"lunch (?:presentation|talk|session)", r"luncheon presentation",
                        r"lunch for (?:the )?\w+(?:'s)? (?:staff|team|nurses|providers|office)")
_FOOD = _any(r"lunch", r"breakfast", r"pizza", r"bagels", r"donuts", r"coffee", r"treats",
             r"catered", r"food", r"cookies")
_STAFF = _any(r"staff", r"nurses", r"providers", r"team", r"office", r"docs", r"residents",
              r"front desk", r"counseling (?:staff|team|office)")
_FACE_TO_FACE = re.compile(r"visit\w*|meet\w*|met|drop\w*|stop\w*|swing|pop\w*|coffee|"
                           r"lunch|breakfast|bring|brought|introduce\w*|tour\w*|see",
                           re.IGNORECASE)
_GATHERING = _any(r"networking", r"mixers?", r"meetups?", r"galas?", r"expos?", r"mingle",
                  r"provider network", r"network meeting",
                  r"(?:health|resource|job|wellness|community) fairs?", r"fair", r"booth",
                  r"table (?:at|for)", r"tabling", r"summits?", r"conferences?", r"bni",
                  r"luncheons?", r"(?:holiday )?party", r"open house", r"ribbon cutting",
                  r"chamber", r"business alliance", r"after hours", r"happy hour",
                  r"awareness walk", r"fundraiser", r"attend(?:ing|ed)?", r"just attending")


def guess_activity(text: str, catalog: Sequence[ActivityType]) -> tuple[ActivityType, ...]:
    """The activity types `text` gives evidence for, likeliest first (empty when none: then
    it is most likely a visit, and nothing else is suggested)."""
    active = [a for a in catalog if a.active]
    own = [a for a in active if a.key not in DEFAULT_KEYS and _mentions(text, a)]
    by_key = {a.key: a for a in active}
    ranked = [by_key[k] for k in _rank(text) if k in by_key]
    return tuple(dict.fromkeys([*own, *ranked]))


def _mentions(text: str, activity: ActivityType) -> bool:
    words = (*activity.keywords, activity.key, activity.label)
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", text, re.IGNORECASE) for w in words)


def _rank(text: str) -> list[str]:
    """Default keys in the order the evidence points to them."""
    first_verb = _first_action(text) or ""
    found: list[str] = []
    if _CONSULT.search(text):
        found.append("consult")
    if first_verb in ("write", "wrote", "writing") and _PUBLISHED.search(text):
        found.append("media")
    in_person = _IN_PERSON.search(text) or first_verb.startswith("visit") or \
        _AT_THE_DOOR.search(text)
    remote = _REMOTE.fullmatch(first_verb) is not None or (
        first_verb in ("write", "wrote", "send", "sent") or _REMOTE_ANYWHERE.search(text))
    if remote and not in_person:
        found.append("followup")
    if _LUNCH_AND_LEARN.search(text) or (_FOOD.search(text) and _STAFF.search(text)
                                         and _SPEAKING.search(text)):
        found.append("lunch")
    if _PUBLISHED.search(text):
        found.append("media")
    if _SPEAKING.search(text):
        found.append("talk")
    if _GATHERING.search(text):
        found.append("networking")
    if in_person or _FACE_TO_FACE.fullmatch(first_verb) or not found:
        found.append("visit")
    return list(dict.fromkeys(found))


_LEAD = re.compile(r"^(?:(?:when|if|once|after|before)\b.*?,\s*)?(?:i\s*(?:will|'ll|’ll)\s+|"
                   r"gonna\s+|going to\s+|plan to\s+|need to\s+|to\s+)?", re.IGNORECASE)


def _first_action(text: str) -> str | None:
    """The verb the sentence starts with ("call", "email", "thank-you note…"), ignoring an
    if-then lead-in."""
    rest = _LEAD.sub("", text.strip(), count=1)
    match = re.match(r"([\w'’-]+(?:[- ](?:up|you|out))?)", rest)
    return match.group(1).lower() if match else None
