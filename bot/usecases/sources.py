"""Referral sources: who sends clients, how often they should hear from us, who owns them."""

from __future__ import annotations

import re
from datetime import date

from bot.dates import describe_day
from bot.grammar import usage
from bot.messages import Button, Reply, problem
from bot.model import CADENCE_BY_TIER, Member, Origin, ReferralSource, SourceKind
from bot.ports import UnitOfWork
from bot.source_match import match_source
from bot.usecases.context import Context
from bot.usecases.people import person
from bot.usecases.privacy_check import refuse_client_details, team_names

MAX_CADENCE_DAYS = 365
MAX_ALIASES = 5
_KIND_HINTS = (
    (SourceKind.PEDIATRICIAN, ("pediatric", "paediatric", "children's clinic")),
    (SourceKind.SCHOOL, ("school", "elementary", "middle", "high", "academy", "college",
                         "pta", "university")),
    (SourceKind.CLERGY, ("church", "parish", "pastor", "rabbi", "imam", "temple", "synagogue",
                         "mosque", "rev.", "father ")),
    (SourceKind.PHYSICIAN, ("dr.", "dr ", "clinic", "medical", "medicine", "family practice",
                            "md", "health", "hospital", "physician")),
    (SourceKind.COMMUNITY, ("center", "centre", "library", "rotary", "chamber", "ymca",
                            "community", "club", "association", "foundation")),
)
_SOURCE_TAG = re.compile(r"(?:^|\s)source:\s*#?(\d{1,9}|none)(?=\s|$)", re.IGNORECASE)


def guess_kind(name: str) -> SourceKind:
    lowered = f" {name.lower()} "
    for kind, hints in _KIND_HINTS:
        if any(hint in lowered for hint in hints):
            return kind
    return SourceKind.OTHER


def describe(source: ReferralSource, owner: str | None, today_text: str, days_since: int | None,
             overdue: bool) -> str:
    touched = "never touched" if days_since is None else f"last touch {today_text}"
    flag = " — overdue ⏰" if overdue else ""
    who = f" · {owner}" if owner else ""
    return (f"#{source.id} {source.name} — {source.kind.value} · tier {source.tier} · every "
            f"{source.cadence_days} days · {touched}{who}{flag}")


def list_sources(uow: UnitOfWork, ctx: Context, everyone: bool) -> Reply:
    sources = uow.sources.listing(ctx.workspace.id)
    if not everyone:
        sources = [s for s in sources if s.owner_id == ctx.member.id]
    if not sources:
        hint = "" if everyone else " (sources all shows the whole practice's)"
        return Reply(f"No referral sources yet{hint}. Add one: /outreach sources add Sunrise "
                     "Pediatrics tier:A")
    names = owner_names(uow, ctx.workspace.id, sources)
    lines = ["Referral sources:" if everyone else "Your referral sources:"]
    for source in sources:
        touched = source.last_touch
        text = describe_day(touched, ctx.today) if touched else ""
        days = (ctx.today - touched).days if touched else None
        lines.append(describe(source, names.get(source.owner_id or 0) if everyone else None,
                              text, days, ctx.today >= source.overdue_on()))
    return Reply("\n".join(lines))


def by_urgency(sources: list[ReferralSource], today: date) -> list[ReferralSource]:
    """Overdue sources first, the longest overdue at the top; the rest in the order given."""
    overdue = sorted((s for s in sources if today >= s.overdue_on()),
                     key=lambda s: s.overdue_on())
    return overdue + [s for s in sources if today < s.overdue_on()]


def owner_names(uow: UnitOfWork, workspace_id: int,
                sources: list[ReferralSource] | None = None) -> dict[int, str]:
    """Members' names by id, and the names of owners set up who are not here yet."""
    names = {m.id: m.display_name for m in uow.members.list_active(workspace_id)}
    for owner_id in {s.owner_id for s in sources or [] if s.owner_id not in names}:
        member = uow.members.get(workspace_id, owner_id or 0)
        if member is not None:  # set up, not here yet
            names[member.id] = f"{member.display_name} (not here yet)"
    return names


def _checked_options(uow: UnitOfWork, ctx: Context, options: tuple[tuple[str, str], ...],
                     *names: str) -> dict[str, object] | Reply:
    """The changes the options make, once the names in them (and `names`) are checked for
    client details; a Reply when they are refused or an option is wrong."""
    refusal = refuse_client_details(*names, *(v for k, v in options if k in ("name", "alias")),
                                    team=team_names(uow, ctx.workspace.id))
    return refusal or _apply_options(uow, ctx, options)


def _apply_options(uow: UnitOfWork, ctx: Context, options: tuple[tuple[str, str], ...]
                   ) -> dict[str, object] | Reply:
    changes: dict[str, object] = {}
    order = {"tier": 0, "cadence": 1}
    for key, value in sorted(options, key=lambda option: order.get(option[0], 2)):
        if key == "kind":
            try:
                changes["kind"] = SourceKind(value.lower())
            except ValueError:
                kinds = ", ".join(k.value for k in SourceKind)
                return problem(f"Kinds are: {kinds}.", usage("sources"))
        elif key == "tier":
            tier = value.upper()
            if tier not in CADENCE_BY_TIER:
                return problem("Tiers are A, B or C.", usage("sources"))
            changes["tier"] = tier
            changes["cadence_days"] = CADENCE_BY_TIER[tier]
        elif key == "cadence":
            if not value.isdigit() or not 1 <= int(value) <= MAX_CADENCE_DAYS:
                return problem(f"Cadence is a number of days, 1–{MAX_CADENCE_DAYS}.",
                               usage("sources"))
            changes["cadence_days"] = int(value)
        elif key == "owner":
            owner = _owner(uow, ctx, value)
            if isinstance(owner, Reply):
                return owner
            changes["owner_id"] = owner.id
        elif key == "name":
            changes["name"] = " ".join(value.split())[:120]
    return changes


def _aliases(had: tuple[str, ...], options: tuple[tuple[str, str], ...]
             ) -> tuple[str, ...] | Reply:
    """The aliases after `alias:<name>` options (each added) or `alias:none` (all gone)."""
    aliases = list(had)
    for key, value in options:
        if key != "alias":
            continue
        alias = " ".join(value.split())[:60]
        if alias.lower() == "none":
            aliases = []
        elif len(alias) < 3:
            return problem("An alias needs at least three letters.", usage("sources"))
        elif alias.lower() not in {a.lower() for a in aliases}:
            aliases.append(alias)
    return tuple(aliases[-MAX_ALIASES:])


def _owner(uow: UnitOfWork, ctx: Context, name: str) -> Member | Reply:
    return person(uow, ctx, name)


# "sources add Sarah's House note: intake line …": the words after a note marker are not
# part of a name, and a source has nowhere to keep them.
_NOTE = re.compile(r"(?<![\w-])(?:notes?|contact|phone|tel|email|e-mail|cell|fax)\s*:",
                   re.IGNORECASE)


def add_source(uow: UnitOfWork, ctx: Context, name: str,
               options: tuple[tuple[str, str], ...], source: Origin) -> Reply:
    name = " ".join(name.split())[:120]
    note = _NOTE.search(name)
    if note:
        short = name[:note.start()].strip(" ,;-")
        return problem("A referral source keeps its name, kind, tier and owner — not notes or "
                       "contact details, so nothing was added. Add it by name: “sources add "
                       f"{short or 'Sunrise Pediatrics'}”.")
    changes = _checked_options(uow, ctx, options, name)
    if isinstance(changes, Reply):
        return changes
    existing = [s for s in uow.sources.listing(ctx.workspace.id) if s.name.lower() == name.lower()]
    if existing:
        return problem(f"“{name}” is already #{existing[0].id}.")
    aliases = _aliases((), options)
    if isinstance(aliases, Reply):
        return aliases
    tier = str(changes.get("tier", "B"))
    added = uow.sources.add(
        ctx.workspace.id, str(changes.get("name", name)),
        SourceKind(str(changes.get("kind", guess_kind(name)))), tier,
        int(str(changes.get("owner_id", ctx.member.id))),
        int(str(changes.get("cadence_days", CADENCE_BY_TIER[tier]))), ctx.today)
    if aliases:
        added = uow.sources.update(ctx.workspace.id, added.id, aliases=aliases)
    uow.log.append(ctx.workspace.id, ctx.member.id, "source add", source, ctx.now,
                   detail=f"source {added.id}")
    uow.commit()
    return Reply(f"📇 Added #{added.id} {added.name} ({added.kind.value}, tier {added.tier}, "
                 f"every {added.cadence_days} days). Commitments that name it update its last "
                 "touch.")


def edit_source(uow: UnitOfWork, ctx: Context, ref: int,
                options: tuple[tuple[str, str], ...], source: Origin) -> Reply:
    found = uow.sources.get(ctx.workspace.id, ref)
    if found is None or found.retired:
        return problem(f"There's no source #{ref}. /outreach sources all lists them.")
    if found.owner_id not in (None, ctx.member.id) and not ctx.member.is_admin:
        return problem("Only its owner or an admin can change that source.")
    changes = _checked_options(uow, ctx, options)
    if isinstance(changes, Reply):
        return changes
    aliases = _aliases(found.aliases, options)
    if isinstance(aliases, Reply):
        return aliases
    if aliases != found.aliases:
        changes["aliases"] = aliases
    updated = uow.sources.update(ctx.workspace.id, ref, **changes)
    uow.log.append(ctx.workspace.id, ctx.member.id, "source edit", source, ctx.now,
                   detail=f"source {ref}")
    uow.commit()
    also = f" Also known as: {', '.join(updated.aliases)}." if updated.aliases else ""
    return Reply(f"✏️ #{updated.id} {updated.name}: {updated.kind.value}, tier {updated.tier}, "
                 f"every {updated.cadence_days} days.{also}")


def retire_source(uow: UnitOfWork, ctx: Context, ref: int, source: Origin) -> Reply:
    found = uow.sources.get(ctx.workspace.id, ref)
    if found is None or found.retired:
        return problem(f"There's no source #{ref}.")
    if found.owner_id not in (None, ctx.member.id) and not ctx.member.is_admin:
        return problem("Only its owner or an admin can retire that source.")
    uow.sources.update(ctx.workspace.id, ref, retired=True)
    uow.log.append(ctx.workspace.id, ctx.member.id, "source retire", source, ctx.now,
                   detail=f"source {ref}")
    uow.commit()
    return Reply(f"🗃 Retired #{ref} {found.name}. Its history stays in reports.")


def source_for(uow: UnitOfWork, ctx: Context, text: str, verb: str = "commit",
               as_typed: str | None = None) -> tuple[str, int | None] | Reply:
    """The source a commitment names — `source:#3` (or `source:none`), or a source the words
    name (see bot/source_match.py). A near miss is asked about once: the answer's buttons
    carry the tag, so the same words are not asked about again."""
    tag = _SOURCE_TAG.search(text)
    if tag:
        rest = (text[: tag.start()] + " " + text[tag.end():]).strip()
        if tag.group(1).lower() == "none":
            return rest, None
        found = uow.sources.get(ctx.workspace.id, int(tag.group(1)))
        if found is None or found.retired:
            return problem(f"There's no source #{tag.group(1)}. /outreach sources all lists "
                           "them.")
        return rest, found.id
    match = match_source(text, uow.sources.listing(ctx.workspace.id))
    if match is None:
        return text, None
    if match.sure:
        return text, match.source.id
    again = f"{verb} {as_typed or text}"
    return Reply(f"Is this about {match.source.name} (#{match.source.id})? Its last touch "
                 "moves when this is done.",
                 (Button(f"Yes, {match.source.name}"[:75],
                         f"{again} source:#{match.source.id}"[:2000], primary=True),
                  Button("No", f"{again} source:none"[:2000])), ok=False)
