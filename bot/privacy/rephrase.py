"""A client-free way to say what a refused sentence meant: keep the referrer (a professional by
title, an organisation, or a role), the kind of outreach and the day; drop everyone else.
"consult w/ peds re: pt K.L. (age 9), dx GAD" becomes "consult with the pediatrician about
a shared client"; "school counselor at Roosevelt called about Jayden, 15" becomes "follow up
with the school counselor at Roosevelt". The suggestion is checked by the guard like anything
else, and there is none when no referrer can be found."""

from __future__ import annotations

import re

from bot.privacy import lexicon as lx

_TITLED = re.compile(r"\b(?:Dr|Pastor|Rabbi|Father|Fr|Rev|Imam|Principal|Coach|Nurse|Deacon|"
                     r"Chaplain|Sister)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?")
_ORG = re.compile(r"\b(?:[A-Z][\w'&.-]*\s+){0,3}(?:" + "|".join(
    sorted((w.capitalize() for w in lx.ORG_WORDS if w.isalpha()), key=len, reverse=True))
    + r")\b")
_AT_PLACE = re.compile(r"\b(?:at|from)\s+((?:[A-Z][\w'&.-]*\s*){1,3})")
_ROLE = re.compile(r"\b(?:the\s+)?(?:school\s+)?(?:counselor|counsellor|psychiatrist|"
                   r"pediatrician|paediatrician|peds|ped|pcp|gp|teacher|nurse|principal|"
                   r"social\s+worker|dietitian|ob|obgyn|ob-gyn|neurologist|psychologist)\b",
                   re.IGNORECASE)
_DAY = re.compile(r"\b(today|tomorrow|tmrw|mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|"
                  r"thu(?:rs?(?:day)?)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|"
                  r"next\s+(?:week|mon\w*|tue\w*|wed\w*|thu\w*|fri\w*))\s*$", re.IGNORECASE)
_ROLE_NAMES = {"peds": "the pediatrician", "ped": "the pediatrician", "pcp": "the family doctor",
               "gp": "the GP", "ob": "the OB", "obgyn": "the OB-GYN", "ob-gyn": "the OB-GYN"}
_VERBS = {"consult": "consult with {who} about a shared client",
          "followup": "follow up with {who}",
          "lunch": "lunch-and-learn at {who}",
          "talk": "talk at {who}",
          "networking": "networking with {who}",
          "media": "article with {who}"}


def _role(text: str) -> str | None:
    match = _ROLE.search(text)
    if match is None:
        return None
    words = match.group().lower().removeprefix("the ").strip()
    return _ROLE_NAMES.get(words, f"the {words}")


def referrer(text: str) -> str | None:
    """Who the outreach is with: a titled professional, an organisation, a role at a place."""
    titled = _TITLED.search(text)
    if titled:
        return titled.group()
    role = _role(text)
    place = _AT_PLACE.search(text)
    org = _ORG.search(text)
    where = org.group() if org else (place.group(1).strip() if place else None)
    if where and where.split()[0].lower() in lx.first_names() and not org:
        where = None   # "at Noah's" is a person's, not a place
    if role and where:
        return f"{role} at {where}"
    return role or where


def suggest(text: str, activity_key: str) -> str | None:
    """The sentence without anyone but the referrer, or None when there is no referrer."""
    who = referrer(text)
    if who is None:
        return None
    day = _DAY.search(text.strip())
    phrase = _VERBS.get(activity_key, "visit {who}").format(who=who)
    return f"{phrase} {day.group(1)}" if day else phrase
