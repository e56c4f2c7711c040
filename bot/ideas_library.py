"""The ideas library: outreach a therapy group practice can do in a week, each keyed by the
referrers it reaches, the niches it serves and what it shows a referrer (empathy, a
relationship, problem-solving). The defaults below are every practice's until an admin
hides some or adds its own (bot/usecases/ideas.py); none holds anything about a client.

An idea's text is what a member commits to, so it starts with a verb in lower case ("offer
a …"), names no day (the commitment is for this week) and reads after "I will".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.model import SourceKind

SHOWS = ("empathy", "relationship", "problem-solving")

# The referrer kinds an idea can be for: the referral sources' own kinds (bot.model
# SourceKind) and a few more that plans name. Each with the words that say it in a plan.
KINDS: dict[str, tuple[str, ...]] = {
    "pediatrician": ("pediatric", "paediatric", "peds", "children's clinic"),
    "physician": ("physician", "doctor", "primary care", "pcp", "family medicine",
                  "family practice", "internal medicine", "internist", "ob-gyn", "obgyn",
                  "ob/gyn", "obstetric", "gynecolog", "midwi", "nurse practitioner",
                  "medical", "clinic", "hospital", "urgent care"),
    "psychiatrist": ("psychiatr", "prescriber", "med management"),
    "school": ("school", "teacher", "principal", "pta", "district", "guidance",
               "elementary", "middle", "high school"),
    "college": ("college", "university", "campus", "student health"),
    "clergy": ("clergy", "church", "pastor", "priest", "rabbi", "imam", "parish", "synagogue",
               "mosque", "temple", "faith", "ministry", "congregation", "chaplain"),
    "community": ("community", "nonprofit", "non-profit", "ymca", "library", "rotary",
                  "support group", "shelter", "senior center", "agency", "veteran",
                  "doula", "recovery center", "first responder", "fire department", "police"),
    "business": ("business", "employer", "hr", "human resources", "eap", "workplace",
                 "corporate", "chamber", "company", "companies"),
    "legal": ("court", "attorney", "lawyer", "judge", "probation", "family law", "mediator",
              "legal", "guardian ad litem"),
}

# The niches an idea can serve, with the words that say each in a plan's niche.
NICHES: dict[str, tuple[str, ...]] = {
    "anxiety": ("anxi", "panic", "ocd", "worry", "worries", "phobia", "stress"),
    "adhd": ("adhd", "add", "attention", "executive function"),
    "kids": ("kid", "child", "children", "elementary", "preteen", "play therapy", "parenting",
             "parents"),
    "teens": ("teen", "adolescen", "youth", "high school", "young adult", "student"),
    "couples": ("couple", "marriage", "marital", "relationship", "premarital", "divorce",
                "co-parent", "family therapy"),
    "trauma": ("trauma", "ptsd", "abuse", "first responder", "veteran", "emdr"),
    "perinatal": ("perinatal", "postpartum", "prenatal", "pregnan", "maternal", "new mom",
                  "new parent", "infertility", "fertility"),
    "grief": ("grief", "griev", "loss", "bereave", "death"),
    "eating": ("eating", "anorexi", "bulimi", "binge", "body image", "arfid"),
    "lgbtq": ("lgbt", "queer", "gay", "lesbian", "trans", "gender", "nonbinary"),
    "addiction": ("addict", "substance", "alcohol", "drug", "recovery", "sobriety", "sober"),
    "depression": ("depress", "mood", "bipolar", "suicid", "burnout"),
}

# Which idea kinds fit a referral source of each kind (an overdue source's kind).
FOR_SOURCE_KIND: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.PEDIATRICIAN: ("pediatrician",),
    SourceKind.PHYSICIAN: ("physician", "psychiatrist"),
    SourceKind.SCHOOL: ("school", "college"),
    SourceKind.CLERGY: ("clergy",),
    SourceKind.COMMUNITY: ("community", "business"),
    SourceKind.OTHER: (),
}

# The number a practice's own ideas start from: the defaults keep theirs (their place below).
OWN_FROM = 101


@dataclass(frozen=True)
class Idea:
    """One idea: `kinds` and `niches` empty mean it fits any; `activity` is the catalog key
    a commitment to it counts as (None: guessed from the words, as for any commitment)."""

    key: str
    number: int
    text: str
    kinds: tuple[str, ...] = ()
    niches: tuple[str, ...] = ()
    shows: str = "relationship"
    activity: str | None = None

    @property
    def own(self) -> bool:
        return self.number >= OWN_FROM


def _idea(key: str, text: str, kinds: str, niches: str, shows: str, activity: str
          ) -> tuple[str, str, tuple[str, ...], tuple[str, ...], str, str]:
    return key, text, tuple(kinds.split()), tuple(niches.split()), shows, activity


_DEFAULTS = (
    _idea("peds-anxiety-lunch", "offer a 15-minute lunch talk on anxious kids at a pediatric "
          "office", "pediatrician", "anxiety kids", "problem-solving", "lunch"),
    _idea("peds-adhd-guide", "drop off a one-page guide on when to refer for ADHD at a "
          "pediatric practice", "pediatrician", "adhd kids", "problem-solving", "visit"),
    _idea("peds-front-desk", "bring coffee to a pediatric front desk and ask what worries "
          "parents raise most", "pediatrician", "kids teens", "empathy", "visit"),
    _idea("peds-teen-mood", "offer a pediatric practice a short guide to talking with teens "
          "about mood after a screening", "pediatrician", "teens depression",
          "problem-solving", "visit"),
    _idea("peds-grief-handout", "leave a pediatric office a handout on helping children "
          "through a family loss", "pediatrician", "grief kids", "empathy", "visit"),
    _idea("peds-eating-article", "write a newsletter piece for a pediatric office on picky "
          "eating versus an eating disorder", "pediatrician", "eating kids teens",
          "problem-solving", "media"),
    _idea("pcp-consult-line", "call a primary care office and offer quick phone consults when "
          "their providers have a question about therapy", "physician", "", "problem-solving",
          "consult"),
    _idea("pcp-depression-lunch", "offer a lunch-and-learn on depression screening and when to "
          "refer at a family medicine clinic", "physician", "depression", "problem-solving",
          "lunch"),
    _idea("pcp-anxiety-sheet", "leave a one-page sheet on when to refer for anxiety with a "
          "primary care office manager", "physician", "anxiety", "problem-solving", "visit"),
    _idea("pcp-eating-signs", "offer a primary care team a quick guide to the warning signs "
          "of eating disorders", "physician", "eating", "problem-solving", "visit"),
    _idea("pcp-alcohol-lunch", "offer a family medicine clinic a lunch talk on alcohol "
          "screening and where to refer", "physician", "addiction", "problem-solving", "lunch"),
    _idea("ob-perinatal-visit", "visit an OB-GYN office to introduce your perinatal mood "
          "support and leave referral cards", "physician", "perinatal", "relationship",
          "visit"),
    _idea("ob-postpartum-inservice", "offer the nurses at an OB-GYN practice a short "
          "in-service on postpartum anxiety", "physician", "perinatal anxiety",
          "problem-solving", "lunch"),
    _idea("psych-intro", "ask a local psychiatry practice for 15 minutes to talk about how you "
          "could share care", "psychiatrist", "", "relationship", "visit"),
    _idea("psych-openings", "send a psychiatry practice your current openings and the "
          "concerns you treat", "psychiatrist", "", "problem-solving", "followup"),
    _idea("psych-adhd-support", "ask a psychiatry office how your ADHD coaching could support "
          "their work between medication visits", "psychiatrist", "adhd", "problem-solving",
          "visit"),
    _idea("school-counselor-coffee", "have coffee with a school counselor and ask what they "
          "are seeing this semester", "school", "kids teens", "empathy", "visit"),
    _idea("school-anxiety-parents", "offer a PTA a parent-night talk on school anxiety",
          "school", "anxiety kids", "problem-solving", "talk"),
    _idea("school-adhd-teachers", "offer teachers a 20-minute staff-meeting talk on classroom "
          "strategies for ADHD", "school", "adhd kids", "problem-solving", "talk"),
    _idea("school-grief-guide", "offer a school counseling team a short guide for supporting "
          "students after a loss in the community", "school", "grief kids teens", "empathy",
          "visit"),
    _idea("school-lgbtq-training", "offer a high school staff a short training on supporting "
          "LGBTQ+ students", "school", "lgbtq teens", "empathy", "talk"),
    _idea("school-openings", "send school social workers a list of your after-school openings",
          "school", "kids teens", "problem-solving", "followup"),
    _idea("school-body-image", "offer a health class a talk on body image and the warning "
          "signs of eating disorders", "school", "eating teens", "problem-solving", "talk"),
    _idea("school-athletes", "offer a high school athletic director a talk on anxiety and "
          "performance for athletes", "school", "anxiety teens", "problem-solving", "talk"),
    _idea("college-counseling-center", "meet a college counseling center to offer a referral "
          "path for students who need longer-term care", "college", "anxiety depression teens",
          "relationship", "visit"),
    _idea("college-finals-workshop", "offer a campus workshop on managing stress before "
          "finals", "college", "anxiety teens", "problem-solving", "talk"),
    _idea("college-lgbtq-center", "introduce yourself to a campus LGBTQ+ center and leave "
          "referral cards", "college", "lgbtq", "relationship", "visit"),
    _idea("clergy-grief-talk", "offer a congregation a talk on grief during the holidays",
          "clergy", "grief", "empathy", "talk"),
    _idea("clergy-coffee", "have coffee with a pastor, rabbi or imam and ask how they support "
          "families in hard seasons", "clergy", "", "relationship", "visit"),
    _idea("clergy-couples-workshop", "offer a faith community a workshop for couples on "
          "communication", "clergy", "couples", "problem-solving", "talk"),
    _idea("clergy-premarital-sheet", "give a clergy member a resource sheet for premarital "
          "couples", "clergy", "couples", "problem-solving", "visit"),
    _idea("clergy-newsletter", "write a short article on anxiety tips for a parish or temple "
          "newsletter", "clergy", "anxiety", "problem-solving", "media"),
    _idea("community-library-talk", "offer a free talk on stress and sleep at a library or "
          "YMCA", "community", "anxiety depression", "problem-solving", "talk"),
    _idea("community-grief-group", "ask a grief support group leader how your practice could "
          "help their group", "community", "grief", "empathy", "visit"),
    _idea("community-new-parents", "offer a new-parents group a talk on the baby blues versus "
          "postpartum depression", "community", "perinatal depression", "problem-solving",
          "talk"),
    _idea("community-doulas", "meet a doula or lactation group to share your perinatal "
          "support", "community", "perinatal", "relationship", "visit"),
    _idea("community-recovery-center", "introduce yourself to a recovery community center and "
          "share your substance-use groups", "community", "addiction", "relationship", "visit"),
    _idea("community-dv-training", "offer a domestic violence program a training on "
          "trauma-informed care", "community", "trauma", "problem-solving", "talk"),
    _idea("community-veterans", "visit a veterans organization to share how you help with "
          "trauma and transitions", "community", "trauma", "relationship", "visit"),
    _idea("community-first-responders", "offer a fire or police department a talk on stress "
          "after critical incidents", "community", "trauma anxiety", "problem-solving",
          "talk"),
    _idea("community-lgbtq-workshop", "offer an LGBTQ+ community center a workshop on coming "
          "out to family", "community", "lgbtq teens", "empathy", "talk"),
    _idea("community-podcast", "pitch a local podcast an episode on the concern you know best",
          "community", "", "empathy", "media"),
    _idea("business-burnout-session", "call an employer's HR or EAP contact to offer a "
          "lunchtime session on burnout", "business", "anxiety depression", "problem-solving",
          "talk"),
    _idea("business-manager-training", "offer an HR team a short training on how managers can "
          "respond when an employee is struggling", "business", "", "problem-solving", "talk"),
    _idea("business-grief-guide", "offer an HR team a guide for supporting employees through a "
          "loss", "business", "grief", "empathy", "visit"),
    _idea("business-chamber-talk", "give a 20-minute talk on workplace stress at a Rotary or "
          "Chamber lunch", "business community", "anxiety", "problem-solving", "talk"),
    _idea("legal-family-attorney", "meet a family law attorney to explain how you help children "
          "through divorce", "legal", "kids couples", "relationship", "visit"),
    _idea("legal-mediator", "introduce yourself to a divorce mediator and leave a page on "
          "co-parenting support", "legal", "couples kids", "relationship", "visit"),
    _idea("legal-court-program", "visit a drug court or probation office to share your "
          "substance-use services", "legal", "addiction", "relationship", "visit"),
    _idea("any-networking", "go to a networking mixer and meet two people who serve your "
          "niche", "community business", "", "relationship", "networking"),
    _idea("any-reconnect-note", "send a handwritten note with one useful resource to a "
          "referrer you haven't seen in a while", "", "", "relationship", "followup"),
    _idea("any-reconnect-visit", "stop by a referrer you haven't seen lately with fresh "
          "referral cards and your current openings", "", "", "relationship", "visit"),
)

DEFAULT_IDEAS: tuple[Idea, ...] = tuple(
    Idea(key, number, text, kinds, niches, shows, activity)
    for number, (key, text, kinds, niches, shows, activity) in enumerate(_DEFAULTS, 1))


# Short words count only whole, or plural ("add" is not in "address", nor "hr" in "hrs").
_WHOLE = {"eap", "add", "pcp", "pta", "ocd", "gay", "drug", "loss", "trans", "peds", "court",
          "judge", "death", "middle"}
_EXACT = {"hr"}


def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    """Each word at the start of a word ("anxi" finds "anxious"), never inside one."""
    return re.compile("|".join(
        rf"(?<![a-z]){re.escape(w)}" + _ending(w) for w in words))


def _ending(word: str) -> str:
    return r"s?(?![a-z])" if word in _WHOLE else r"(?![a-z])" if word in _EXACT else ""


_KIND_PATTERNS = {kind: _pattern(words) for kind, words in KINDS.items()}
_NICHE_PATTERNS = {niche: _pattern(words) for niche, words in NICHES.items()}


def _found(text: str, patterns: dict[str, re.Pattern[str]]) -> tuple[str, ...]:
    lowered = text.lower()
    return tuple(name for name, pattern in patterns.items() if pattern.search(lowered))


def kinds_in(text: str) -> tuple[str, ...]:
    """The referrer kinds a plan's words name ("pediatricians, school counselors")."""
    return _found(text, _KIND_PATTERNS)


def niches_in(text: str) -> tuple[str, ...]:
    """The niches a plan's words name ("anxious kids 6–12 and their parents")."""
    return _found(text, _NICHE_PATTERNS)


def kind_or_niche(word: str) -> tuple[str, str] | None:
    """What a filter word names: ("kind", k), ("niche", n) or ("shows", s); None if nothing."""
    lowered = word.strip().lower()
    if lowered in KINDS:
        return "kind", lowered
    if lowered in NICHES:
        return "niche", lowered
    shows = {"problem": "problem-solving", "problem solving": "problem-solving",
             "relationships": "relationship"}.get(lowered, lowered)
    if shows in SHOWS:
        return "shows", shows
    niches, kinds = niches_in(lowered), kinds_in(lowered)
    if niches:
        return "niche", niches[0]
    return ("kind", kinds[0]) if kinds else None
