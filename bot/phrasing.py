"""Echo a commitment back as the implementation intention it is: "Thursday, I will give a
talk at the Rotary Club." Pure wording; what the member typed is stored as they typed it."""

from __future__ import annotations

import re

# What people type as the name of the activity, and the verb that makes it something one
# does: "lunch-and-learn at Valley" → "do a lunch-and-learn at Valley". A noun that takes no
# article ("coffee", "lunch") has None for its article.
_NOUN_VERBS: tuple[tuple[str, str, str | None], ...] = (
    (r"lunch[- ]?(?:and|&|n)[- ]?learns?", "do", "a"),
    (r"(?:coffee|tea)", "have", None),
    (r"(?:lunch|breakfast|dinner|drinks)", "have", None),
    (r"(?:talk(?!\s+(?:to|with)\b)|presentation|seminar|training|webinar|keynote|speech)",
     "give", "a"),
    (r"in-?service", "give", "an"),
    (r"workshop", "run", "a"),
    (r"(?:panel|meetup|mixer|gala|fair|expo|open house)", "go to", "a"),
    (r"(?:networking event|networking lunch|networking breakfast)", "go to", "a"),
    (r"networking", "go", None),
    (r"(?:podcast|radio spot|video|interview)", "do", "a"),
    (r"(?:article|blog post|op-ed|column|newsletter)", "write", "a"),
    (r"(?:thank[- ]?you|follow-?up) (?:note|card|email|letter)", "send", "a"),
    (r"(?:thank-you|note|card)", "send", "a"),
    (r"(?:case consultation|consultation|case conference)", "hold", "a"),
    (r"(?:site visit|office visit|visit to)", "make", "a"),
)
_ARTICLE = r"(?:(?P<article>a|an|the|my|our)\s+)?"
_PATTERNS = [(re.compile(rf"^{_ARTICLE}(?P<noun>{noun})\b", re.IGNORECASE), verb, article)
             for noun, verb, article in _NOUN_VERBS]


def verb_phrase(what: str) -> str:
    """`what` as something one does: a leading activity noun gets its verb and article;
    anything that already starts with a verb ("visit", "meet", "drop off") is left alone."""
    for pattern, verb, article in _PATTERNS:
        match = pattern.match(what)
        if match is None:
            continue
        typed_article = match.group("article")
        noun = match.group("noun")
        rest = what[match.end():]
        if typed_article:
            return f"{verb} {typed_article} {noun}{rest}"
        if article == "a" and noun[:1].lower() in "aeiou":
            article = "an"
        lead = f"{article} " if article else ""
        return f"{verb} {lead}{lower_first(noun)}{rest}"
    return what


def intention(when_where: str, what: str, situation: bool) -> str:
    """"When I'm at Lincoln Middle on Tuesday, I will meet the counselor." for a situation
    the member named; "Thursday, I will visit Sunrise Pediatrics." for a day."""
    doing = verb_phrase(what)
    if situation:
        return f"When {when_where}, I will {doing}."
    return f"{upper_first(when_where)}, I will {doing}."


def upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def lower_first(text: str) -> str:
    """"Lunch-and-learn" → "lunch-and-learn", but "PTA talk" and names keep their capitals."""
    if len(text) > 1 and text[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]
