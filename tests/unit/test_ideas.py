"""The ideas library and its matching: the defaults themselves, what a plan's words name,
which ideas fit whom, the week's rotation, and the words `ideas` and `admin ideas` read."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.catalog import DEFAULT_ACTIVITIES
from bot.commands.ideas import (
    AdminIdeasAdd,
    AdminIdeasList,
    AdminIdeasRemove,
    AdminIdeasRestore,
    ShowIdeas,
)
from bot.grammar import ParseError, parse
from bot.idea_match import Fit, fit_of, for_the_week, ranked, score
from bot.ideas_library import (
    DEFAULT_IDEAS,
    KINDS,
    NICHES,
    OWN_FROM,
    SHOWS,
    Idea,
    kind_or_niche,
    kinds_in,
    niches_in,
)
from bot.interpret import Intention, default_due, read_commitment
from bot.model import Plan, ReferralSource, SourceKind
from bot.phi_guard import check
from bot.usecases.ideas import commit_words

MONDAY = date(2026, 11, 30)
WORKDAYS = (0, 1, 2, 3, 4)


def plan(niche: str = "", referrers: str = "") -> Plan:
    return Plan(1, 1, date(2026, 10, 1), niche, referrers, "", True)


def source(kind: SourceKind, source_id: int = 7, name: str = "Sunrise Pediatrics"
           ) -> ReferralSource:
    return ReferralSource(source_id, 1, name, kind, "A", 1, 30, date(2026, 9, 1), False,
                          date(2026, 1, 5))


def test_at_least_forty_defaults_each_with_a_stable_key_and_number() -> None:
    assert len(DEFAULT_IDEAS) >= 40
    keys = [i.key for i in DEFAULT_IDEAS]
    assert len(set(keys)) == len(keys)
    assert [i.number for i in DEFAULT_IDEAS] == list(range(1, len(DEFAULT_IDEAS) + 1))
    assert len(DEFAULT_IDEAS) < OWN_FROM   # a practice's own are numbered after them
    # Keys and numbers are what admins hid and remove by: they never move.
    assert (DEFAULT_IDEAS[0].key, DEFAULT_IDEAS[0].number) == ("peds-anxiety-lunch", 1)
    assert DEFAULT_IDEAS[0].text == ("offer a 15-minute lunch talk on anxious kids at a "
                                     "pediatric office")
    assert DEFAULT_IDEAS[0].shows == "problem-solving"


@pytest.mark.parametrize("idea", DEFAULT_IDEAS, ids=lambda i: i.key)
def test_every_default_is_well_formed_and_free_of_client_details(idea: Idea) -> None:
    assert set(idea.kinds) <= set(KINDS) and set(idea.niches) <= set(NICHES)
    assert idea.shows in SHOWS
    assert idea.activity in {a.key for a in DEFAULT_ACTIVITIES}
    assert idea.text[0].islower() and 20 <= len(idea.text) <= 200
    assert check(idea.text) is None


@pytest.mark.parametrize("idea", DEFAULT_IDEAS, ids=lambda i: i.key)
def test_every_default_commits_as_written_for_this_week(idea: Idea) -> None:
    read = read_commitment(f"{idea.text} type:{idea.activity}", MONDAY,
                           list(DEFAULT_ACTIVITIES), WORKDAYS)
    assert isinstance(read, Intention)
    assert read.what == idea.text and not read.dated
    assert read.due == default_due(MONDAY, WORKDAYS) and read.activity.key == idea.activity


def test_every_kind_and_niche_has_ideas() -> None:
    for kind in KINDS:
        assert any(kind in i.kinds for i in DEFAULT_IDEAS), kind
    for niche in NICHES:
        assert any(niche in i.niches for i in DEFAULT_IDEAS), niche
    for shows in SHOWS:
        assert any(i.shows == shows for i in DEFAULT_IDEAS), shows


@pytest.mark.parametrize(("words", "niches"), [
    ("Anxious kids 6–12 and their parents", {"anxiety", "kids"}),
    ("Perinatal anxiety and depression", {"perinatal", "anxiety", "depression"}),
    ("Teens with school refusal", {"teens"}),
    ("Couples after an affair", {"couples"}),
    ("adults with ADHD", {"adhd"}),
    ("grieving adults", {"grief"}),
    ("the address of our office", set()),   # "add" only as a word
    ("", set()),
])
def test_the_niches_a_plan_names(words: str, niches: set[str]) -> None:
    assert set(niches_in(words)) == niches


@pytest.mark.parametrize(("words", "kinds"), [
    ("pediatricians, school counselors", {"pediatrician", "school"}),
    ("OB-GYNs, doulas", {"physician", "community"}),
    ("HR managers and EAPs at local employers", {"business"}),
    ("pastors and youth ministers", {"clergy"}),
    ("family law attorneys, mediators", {"legal"}),
    ("campus counseling centers", {"college"}),
    ("three hrs a week", set()),   # "hr" only as a word
])
def test_the_referrers_a_plan_names(words: str, kinds: set[str]) -> None:
    assert set(kinds_in(words)) == kinds


def test_a_filter_word_is_a_kind_a_niche_or_what_it_shows() -> None:
    assert kind_or_niche("school") == ("kind", "school")
    assert kind_or_niche("Pediatricians") == ("kind", "pediatrician")
    assert kind_or_niche("church") == ("kind", "clergy")
    assert kind_or_niche("anxiety") == ("niche", "anxiety")
    assert kind_or_niche("postpartum") == ("niche", "perinatal")
    assert kind_or_niche("empathy") == ("shows", "empathy")
    assert kind_or_niche("problem-solving") == ("shows", "problem-solving")
    assert kind_or_niche("anxious teens") == ("niche", "anxiety")   # the first it names
    assert kind_or_niche("school counselors") == ("kind", "school")
    assert kind_or_niche("xyzzy") is None


def test_another_niches_idea_never_fits_and_nothing_known_fits_nothing() -> None:
    adhd = Fit(niches=frozenset({"adhd"}))
    perinatal = next(i for i in DEFAULT_IDEAS if i.key == "ob-perinatal-visit")
    assert score(perinatal, adhd) is None
    assert ranked(list(DEFAULT_IDEAS), Fit()) == []
    assert all("adhd" in m.idea.niches for m in ranked(list(DEFAULT_IDEAS), adhd))


def test_niche_and_referrers_together_rank_first() -> None:
    fit = fit_of(plan("anxious kids", "pediatricians"), [])
    best = ranked(list(DEFAULT_IDEAS), fit)[0]
    assert best.idea.key == "peds-anxiety-lunch" and best.source is None
    assert fit.describe() == "anxiety, kids · pediatrician"


def test_an_overdue_source_draws_ideas_for_its_kind_and_is_named() -> None:
    overdue = source(SourceKind.CLERGY, name="Grace Church")
    fit = fit_of(None, [overdue])
    matches = ranked(list(DEFAULT_IDEAS), fit)
    assert matches and all(m.source == overdue for m in matches)
    assert all("clergy" in m.idea.kinds for m in matches if m.score > 1)
    assert commit_words(matches[0], {"visit", "talk", "media"}).endswith(" source:#7")


def test_the_weeks_idea_is_the_same_all_week_and_rotates_week_to_week() -> None:
    fit = fit_of(plan("anxious kids and teens", "pediatricians, school counselors"), [])
    ideas = list(DEFAULT_IDEAS)
    weeks = [for_the_week(ideas, fit, MONDAY + timedelta(weeks=n)) for n in range(6)]
    assert all(w is not None for w in weeks)
    assert for_the_week(ideas, fit, MONDAY) == weeks[0]   # asked again: the same
    assert len({w.idea.key for w in weeks if w}) >= 4      # but not the same every week
    assert all(not w.idea.niches or {"anxiety", "kids", "teens"} & set(w.idea.niches)
               for w in weeks if w)


def test_no_idea_for_the_week_rather_than_a_bad_fit() -> None:
    ideas = [i for i in DEFAULT_IDEAS if i.key == "ob-perinatal-visit"]
    assert for_the_week(ideas, fit_of(plan("adults with ADHD"), []), MONDAY) is None
    assert for_the_week(list(DEFAULT_IDEAS), fit_of(plan("men"), []), MONDAY) is None


def test_the_commit_an_idea_carries_is_one_the_grammar_accepts() -> None:
    match = ranked(list(DEFAULT_IDEAS), fit_of(plan("anxiety", "pediatricians"), []))[0]
    words = commit_words(match, {"lunch"})
    assert words == ("commit offer a 15-minute lunch talk on anxious kids at a pediatric "
                     "office type:lunch source:none")
    assert not isinstance(parse(words), ParseError)
    assert "type:" not in commit_words(match, {"visit"})   # a retired type is left out


def test_what_ideas_and_admin_ideas_read() -> None:
    assert parse("ideas") == ShowIdeas()
    assert parse("ideas school") == ShowIdeas("kind", "school")
    assert parse("idea ANXIETY") == ShowIdeas("niche", "anxiety")
    unknown = parse("ideas frobnicate")
    assert isinstance(unknown, ParseError)
    assert "“frobnicate”" in unknown.message and "Niches: anxiety, adhd" in unknown.message
    assert parse("admin ideas") == AdminIdeasList()
    assert parse("admin ideas add offer a talk on teen sleep at a PTA kind:school "
                 "niche:teens shows:problem-solving") == AdminIdeasAdd(
        "offer a talk on teen sleep at a PTA", "school", "teens", "problem-solving")
    assert parse("admin ideas add visit a clinic") == AdminIdeasAdd("visit a clinic")
    assert parse("admin ideas remove 12") == AdminIdeasRemove("12")
    assert parse("admin ideas restore") == AdminIdeasRestore()
    for wrong in ("admin ideas add", "admin ideas add x kind:bakery", "admin ideas add x "
                  "niche:cats", "admin ideas add x shows:charm", "admin ideas remove",
                  "admin ideas remove 1 2", "admin ideas frob", "admin ideas restore all",
                  "admin ideas add visit a clinic source:#3", "admin ideas add talk type:talk"):
        assert isinstance(parse(wrong), ParseError), wrong
