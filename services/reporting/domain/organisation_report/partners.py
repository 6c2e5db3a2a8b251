"""Section 9, suggested partners: first the cooperation intents this organisation has agreed
with peers of the workshop (a fact, said only when there are some), then the cohort's matches
that involve it, each shown by the other's name, what the two would do together and why, in a
plain sentence that names what each side brings (never an id, never a score).

The engine gives facts (role, dimension codes and names, the kind of evidence and the
figures behind it); the sentences are this catalogue's. `reason`, `role_name` and
`evidence_name` are also what the workshop summary says of a match."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .shared import Text

ROLES = {"mentor": N_("can help"), "peer": N_("peer support")}
EVIDENCE = {
    "team": N_("confirmed by the team's ratings"),
    "figures": N_("supported by figures"),
    "self": N_("self-rating only"),
}
TYPES = {
    "resource_sharing": N_("resource sharing"),
    "staff_exchange": N_("staff exchange"),
    "project_cooperation": N_("project cooperation"),
}
INTENT_KINDS = {**TYPES, "learning": N_("learning from each other")}  # an intent's kinds: the matches' and one more


@dataclass(frozen=True)
class Figure:
    code: str  # what the engine counted: income_sources, fundraising_staff, months_of_reserve, …
    value: float


@dataclass(frozen=True)
class Strength:
    code: str  # the dimension
    name: Text | None  # the instrument's name of it
    evidence: str  # team | figures | self
    figures: tuple[Figure, ...]  # the figures that support it
    helped_weak: bool  # the other is weak in the whole dimension (not only in some items)


@dataclass(frozen=True)
class Partner:
    name: str | None  # the other organisation's name, as it registered
    helper: str | None  # the names of the two, as they registered
    helped: str | None
    role: str | None  # mentor | peer
    kind: str | None  # the code of the kind of cooperation
    kind_name: Text | None
    evidence: str | None  # of its first strength
    strengths: tuple[Strength, ...]
    shared_focus: tuple[str, ...]
    shared_region: str | None  # the area both name, as they typed it
    old_reason: Text | None = None  # a cohort scored before matches carried a role: its engine-made sentence


@dataclass(frozen=True)
class AgreedIntent:
    """An intent both sides agreed (or a facilitator recorded agreed in the room)."""

    other: Text  # the other side's names, as it registered
    kind: str  # resource_sharing | staff_exchange | project_cooperation | learning
    what: str  # typed by a leader: data, never markup
    target_month: str  # YYYY-MM
    in_room: bool  # recorded by the facilitator, agreed in the room


@dataclass(frozen=True)
class PartnersFacts:
    partners: tuple[Partner, ...]
    intents: tuple[AgreedIntent, ...] = ()


def partner_of(match: Mapping[str, Any], name: str | None = None) -> Partner:
    """The engine's match as facts (older cohorts' matches carry no role or evidence)."""
    return Partner(
        name=name,
        helper=match.get("from_name"),
        helped=match.get("to_name"),
        role=match.get("role"),
        kind=match.get("type"),
        kind_name=match.get("type_name"),
        evidence=match.get("evidence"),
        strengths=tuple(
            Strength(
                code=str(d.get("code")),
                name=d.get("name"),
                evidence=str(d.get("evidence") or "self"),
                figures=tuple(
                    Figure(str(c), float(v)) for c, v in (d.get("facts") or {}).items() if isinstance(v, (int, float))
                ),
                helped_weak=bool(d.get("helped_weak")),
            )
            for d in match.get("dimensions") or []
        ),
        shared_focus=tuple(str(f) for f in match.get("shared_focus") or ()),
        shared_region=match.get("shared_region"),
        old_reason=None if match.get("role") else match.get("reason"),
    )


def facts(inputs: ReportInputs) -> PartnersFacts:
    me = inputs.result.get("organisation_id")
    partners = []
    for match in inputs.cohort.get("matches") or []:
        if match.get("from") == me:
            name = match.get("to_name")
        elif match.get("to") == me:
            name = match.get("from_name")
        else:
            continue
        partners.append(partner_of(match, name))
    side = inputs.scored.get("organisation_id") or me  # whose report this is, as reporting filed it
    return PartnersFacts(partners=tuple(partners), intents=agreed_intents(inputs.intents, side))


def agreed_intents(intents: Iterable[Mapping[str, Any]], me: str | None) -> tuple[AgreedIntent, ...]:
    """The agreed intents `me` is a side of, each told by the other side."""
    return tuple(
        AgreedIntent(
            other=i.get("partner_name") or {} if i.get("proposer_id") == me else i.get("proposer_name") or {},
            kind=str(i.get("kind") or ""),
            what=str(i.get("what") or ""),
            target_month=str(i.get("target_month") or ""),
            in_room=i.get("recorded_by") == "facilitator",
        )
        for i in intents
        if i.get("state", "agreed") == "agreed" and me in (i.get("proposer_id"), i.get("partner_id"))
    )


def intent_kind_name(kind: str, speak: Speaker) -> str:
    return speak.gettext(INTENT_KINDS[kind]) if kind in INTENT_KINDS else kind or DASH


def month_name(month: str, speak: Speaker) -> str:
    """A target month (YYYY-MM) as the reader writes it."""
    year, _, number = month.partition("-")
    if not (year.isdigit() and number.isdigit()):
        return month or DASH
    return speak.gettext("%(month)s/%(year)s", year=year, month=int(number))


def intent_rows(intents: Iterable[AgreedIntent], speak: Speaker) -> list[dict[str, str]]:
    return [
        {
            "name": speak.pick(i.other) or DASH,
            "kind": intent_kind_name(i.kind, speak),
            "what": i.what,
            "month": month_name(i.target_month, speak),
            "in_room": speak.gettext("(agreed in the room)") if i.in_room else "",
        }
        for i in intents
    ]


def role_name(partner: Partner, speak: Speaker) -> str:
    return speak.gettext(ROLES[partner.role]) if partner.role in ROLES else DASH


def evidence_name(kind: str | None, speak: Speaker) -> str:
    return speak.gettext(EVIDENCE[kind]) if kind in EVIDENCE else DASH


def type_name(partner: Partner, speak: Speaker) -> str:
    if partner.kind in TYPES:
        return speak.gettext(TYPES[str(partner.kind)])
    return speak.pick(partner.kind_name) or str(partner.kind or DASH)


def _fact(code: str, value: Any, speak: Speaker) -> str | None:
    """One figure behind a strength, as what the organisation has."""
    if value is None:
        return None
    if code == "income_sources":
        return speak.ngettext("%(num)d source of income", "%(num)d different sources of income", int(value))
    if code == "fundraising_staff":
        return speak.gettext("a dedicated fundraiser")
    if code == "months_of_reserve":
        return speak.gettext("%(months)s months of reserves", months=speak.number(value, 1))
    if code == "years_in_sector":
        return speak.ngettext("%(num)d year in the sector", "%(num)d years in the sector", int(value))
    if code == "staff_turnover":
        return speak.gettext("a stable team (%(share)s staff turnover a year)", share=speak.percent(value, 0))
    return None


def reason(partner: Partner, speak: Speaker) -> str:
    """What each side brings, why the two fit, and what links them, in this language."""
    helper, helped = partner.helper or DASH, partner.helped or DASH
    dims = partner.strengths
    if partner.role not in ROLES:
        return speak.pick(partner.old_reason)
    if not dims:
        return ""
    sentences = []
    if partner.role != "mentor":
        sentences.append(_peer(helper, helped, dims, speak))
    else:
        by_team = tuple(d for d in dims if d.evidence == "team")
        by_figures = tuple(d for d in dims if d.evidence != "team")
        if by_team:
            sentences.append(_team(helper, helped, by_team, speak))
        if by_figures:
            sentences.append(_figures(helper, helped, by_figures, speak))
    sentences.append(_together(partner, helper, helped, speak))
    sentences.append(_link(partner, speak))
    return speak.join(sentences)


def _names(dims: tuple[Strength, ...], speak: Speaker) -> str:
    return speak.names(speak.pick(d.name) or d.code for d in dims)


def _what(dims: tuple[Strength, ...], speak: Speaker) -> str:
    facts = [f for d in dims for f in (_fact(g.code, g.value, speak) for g in d.figures) if f is not None]
    return speak.list(dict.fromkeys(facts))


def _peer(helper: str, helped: str, dims: tuple[Strength, ...], speak: Speaker) -> str:
    if any(d.evidence != "self" for d in dims):  # confirmed, but not ahead of the cohort
        return speak.gettext(
            "%(helper)s does well in parts of %(dimensions)s, where %(helped)s has weak spots: the two can "
            "support each other as peers and compare how they work.",
            helper=helper,
            helped=helped,
            dimensions=_names(dims, speak),
        )
    if all(d.helped_weak for d in dims):
        return speak.gettext(
            "%(helper)s's leader rates %(dimensions)s as a strength, not yet confirmed by its team or "
            "its figures, and %(helped)s is starting out there: the two can support each other as peers "
            "and compare how they work.",
            helper=helper,
            helped=helped,
            dimensions=_names(dims, speak),
        )
    return speak.gettext(
        "%(helper)s's leader rates %(dimensions)s as a strength, not yet confirmed by its team or "
        "its figures, and %(helped)s has weak spots there: the two can support each other as peers "
        "and compare how they work.",
        helper=helper,
        helped=helped,
        dimensions=_names(dims, speak),
    )


def _team(helper: str, helped: str, dims: tuple[Strength, ...], speak: Speaker) -> str:
    """The team confirms: so say the staff and board; what figures there are, besides."""
    what, names = _what(dims, speak), _names(dims, speak)
    starting = all(d.helped_weak for d in dims)
    if what and starting:
        return speak.gettext(
            "%(helper)s has %(what)s, and its staff and board also rate it strong in %(dimensions)s: it can "
            "help %(helped)s get started there.",
            helper=helper,
            helped=helped,
            what=what,
            dimensions=names,
        )
    if what:
        return speak.gettext(
            "%(helper)s has %(what)s, and its staff and board also rate it strong in %(dimensions)s: it can "
            "help %(helped)s with its weak spots there.",
            helper=helper,
            helped=helped,
            what=what,
            dimensions=names,
        )
    if starting:
        return speak.gettext(
            "%(helper)s's staff and board also rate it strong in %(dimensions)s: it can help %(helped)s "
            "get started there.",
            helper=helper,
            helped=helped,
            dimensions=names,
        )
    return speak.gettext(
        "%(helper)s's staff and board also rate it strong in %(dimensions)s: it can help %(helped)s "
        "with its weak spots there.",
        helper=helper,
        helped=helped,
        dimensions=names,
    )


def _figures(helper: str, helped: str, dims: tuple[Strength, ...], speak: Speaker) -> str:
    """The figures confirm: name them."""
    what = _what(dims, speak) or DASH
    if all(d.helped_weak for d in dims):
        return speak.gettext(
            "%(helper)s has %(what)s: it can help %(helped)s get started on %(dimensions)s.",
            helper=helper,
            helped=helped,
            what=what,
            dimensions=_names(dims, speak),
        )
    return speak.gettext(
        "%(helper)s has %(what)s: it can help %(helped)s with its weak spots in %(dimensions)s.",
        helper=helper,
        helped=helped,
        what=what,
        dimensions=_names(dims, speak),
    )


def _together(partner: Partner, helper: str, helped: str, speak: Speaker) -> str:
    kind = partner.kind
    if kind == "staff_exchange":
        return speak.gettext(
            "%(helped)s's staff can shadow %(helper)s's for a few days, or %(helper)s can send someone to share "
            "how it grows its team.",
            helper=helper,
            helped=helped,
        )
    if kind == "project_cooperation":
        return speak.gettext("They can design and run a project together in a field both work in.")
    return speak.gettext("Sharing methods, tools and contacts is a good start.")


def _link(partner: Partner, speak: Speaker) -> str:
    shared, area = partner.shared_focus, partner.shared_region
    if shared and area:
        return speak.ngettext(
            "Both work in %(area)s and share a focus area.",
            "Both work in %(area)s and share %(num)d focus areas.",
            len(shared),
            area=area,
        )
    if area:
        return speak.gettext("Both work in %(area)s.", area=area)
    if shared:
        return speak.ngettext("They share a focus area.", "They share %(num)d focus areas.", len(shared))
    return speak.gettext("They share neither a focus area nor a region.")


def words(facts: PartnersFacts, speak: Speaker) -> dict[str, Any]:
    rows = [
        {
            "name": p.name or DASH,
            "type": speak.gettext("%(role)s · %(type)s", role=role_name(p, speak), type=type_name(p, speak))
            if p.role
            else type_name(p, speak),
            "reason": reason(p, speak),
        }
        for p in facts.partners
    ]
    agreed = intent_rows(facts.intents, speak)
    if agreed:
        lead = speak.ngettext(
            "%(num)d cooperation intent has been agreed with a peer of the workshop, listed first; the "
            "suggested partners after it are worth talking to as well.",
            "%(num)d cooperation intents have been agreed with peers of the workshop, listed first; the "
            "suggested partners after them are worth talking to as well.",
            len(agreed),
        )
    else:
        lead = speak.gettext(
            "No cooperation intent has been agreed with a peer of the workshop yet: the suggested partners "
            "below are worth talking to first."
        )
    intro = speak.gettext(
        "Organisations of the cohort worth talking to first. One can help another where its strength is "
        "confirmed by its own staff and board or by its figures; where it rests on the leader's rating alone, "
        "the two are suggested as peers. Only names and the reasons are shown, never scores."
    )
    note = (
        ""
        if rows
        else speak.gettext(
            "No suitable partner has been found in the cohort yet; matches are recomputed as more organisations submit."
        )
    )
    return {
        "lead": lead,
        "intents_heading": speak.gettext("Agreed cooperation intents"),
        "intents": agreed,
        "suggested_heading": speak.gettext("Suggested partners"),
        "intro": intro,
        "rows": rows,
        "note": note,
    }
