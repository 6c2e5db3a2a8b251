"""Section 5, key-person risk and rater agreement: how much the organisation hangs on its
leader (the engine's index and its parts), where the leader sees things rosier than the team,
and the items on which raters are two levels or more apart."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from babel.numbers import format_decimal

from services.common.contracts.diagnosis import MIN_RATERS
from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .rules import Rule, always, say
from .shared import Text, get, role_name, shown_groups, team_size
from .summary import band_name

LARGE_GAP = 100 / 9  # a third of a level on every item, in points
GAP_KINDS = ("hub", "spoke", "governance")

KEY_PERSON_PARTS = {
    "governance_weakness": N_("Governance weakness"),
    "leader_donations": N_("Reliance on leader donations"),
    "leader_team_gap": N_("Leader above team"),
}


@dataclass(frozen=True)
class Part:
    """One part of the key-person index: what it was computed from, its value and weight."""

    code: str
    input: float | None
    value: float | None
    effective_weight: float
    reason: Text | None


@dataclass(frozen=True)
class Gap:
    """The leader's score minus the team's on one area."""

    dimension: str
    name: Text | None
    leader_score: float | None
    team_score: float | None
    gap: float | None
    large: bool


@dataclass(frozen=True)
class Disagreement:
    """An item on which raters are two levels or more apart."""

    code: str
    wording: Text | None
    dimension_name: Text | None
    min: int | None
    max: int | None
    mean: float | None
    by_role: tuple[tuple[str, float], ...]  # (role code, mean level)


@dataclass(frozen=True)
class KeyPersonFacts:
    raters: int  # whose answers count in the figures
    team: int  # staff and board raters who submitted, counted or not
    index: float | None
    band: str | None
    reason: Text | None
    parts: tuple[Part, ...]
    gaps: tuple[Gap, ...]
    disagreements: tuple[Disagreement, ...]

    @property
    def with_gap(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.gaps if g.gap is not None)

    @property
    def rosier(self) -> tuple[Gap, ...]:
        """Where the leader is clearly more positive than the team."""
        return tuple(g for g in self.with_gap if g.large and (g.gap or 0) > 0)

    @property
    def gloomier(self) -> tuple[Gap, ...]:
        return tuple(g for g in self.with_gap if g.large and (g.gap or 0) < 0)


# --- facts -----------------------------------------------------------------------------------


def facts(inputs: ReportInputs) -> KeyPersonFacts:
    result = inputs.result
    kpr = result.get("key_person_risk") or {}
    dimensions = result.get("dimensions") or {}
    team = team_size(result)
    shown = shown_groups(result)
    counted = get(result, "raters", "counted")
    total = int(get(result, "raters", "count", default=0))
    return KeyPersonFacts(
        raters=int(counted) if counted is not None else total if team >= MIN_RATERS else total - team,
        team=team,
        index=kpr.get("index"),
        band=kpr.get("band"),
        reason=kpr.get("reason"),
        parts=tuple(_part(p) for p in kpr.get("parts") or []),
        gaps=tuple(_gap(code, d, team) for code, d in dimensions.items() if d.get("kind") in GAP_KINDS),
        disagreements=tuple(
            _disagreement(code, result, inputs.appendix, dimensions, shown)
            for code in result.get("disagreements") or []
        ),
    )


def _part(part: Mapping[str, Any]) -> Part:
    return Part(
        code=part.get("code") or "",
        input=part.get("input"),
        value=part.get("value"),
        effective_weight=float(part.get("effective_weight") or 0),
        reason=part.get("reason"),
    )


def _gap(code: str, dimension: Mapping[str, Any], team: int) -> Gap:
    """No team figure over fewer than MIN_RATERS raters, whatever the result says."""
    confidential = team < MIN_RATERS
    gap = None if confidential else dimension.get("gap")
    return Gap(
        dimension=code,
        name=dimension.get("name"),
        leader_score=dimension.get("leader_score"),
        team_score=None if confidential else dimension.get("team_score"),
        gap=gap,
        large=gap is not None and abs(gap) >= LARGE_GAP,
    )


def _disagreement(
    code: str,
    result: Mapping[str, Any],
    appendix: Mapping[str, Any],
    dimensions: Mapping[str, Any],
    shown: tuple[str, ...],
) -> Disagreement:
    item = (result.get("items") or {}).get(code) or {}
    wording = ((appendix.get("items") or {}).get(code) or {}).get("text")
    dimension = dimensions.get(item.get("dimension") or "")
    by_role = item.get("by_role") or {}
    return Disagreement(
        code=code,
        wording=wording,
        dimension_name=dimension.get("name") if dimension else None,
        min=item.get("min"),
        max=item.get("max"),
        mean=item.get("mean"),
        by_role=tuple((role, float(v)) for role, v in by_role.items() if v is not None and role in shown),
    )


# --- the attribution: which part the index comes from -----------------------------------------

MATERIAL = 100 / 3  # a part below it is low in itself: the index does not "come mainly from" it
NEGLIGIBLE = 0.05  # points of the index


def contribution(part: Part) -> float:
    """The points a part adds to the index (its value × its effective weight)."""
    return (part.value or 0.0) * part.effective_weight if part.value is not None else 0.0


def largest(facts: KeyPersonFacts) -> tuple[Part, ...]:
    """The part(s) adding the most points to the index (several when tied)."""
    known = [p for p in facts.parts if p.value is not None]
    if not known:
        return ()
    top = max(contribution(p) for p in known)
    return tuple(p for p in known if abs(contribution(p) - top) < 1e-9)


def _dominant(facts: KeyPersonFacts) -> Part | None:
    """The one largest part, when it is itself at least medium and adds half the index or more."""
    top = largest(facts)
    if len(top) != 1 or (top[0].value or 0.0) < MATERIAL:
        return None
    return top[0] if contribution(top[0]) >= (facts.index or 0.0) / 2 else None


def _part_names(parts: tuple[Part, ...], speak: Speaker) -> str:
    return speak.names(speak.gettext(KEY_PERSON_PARTS[p.code]) if p.code in KEY_PERSON_PARTS else p.code for p in parts)


def _attribution_values(f: KeyPersonFacts, speak: Speaker) -> dict[str, str]:
    top = largest(f)
    return {
        "index": speak.score(f.index),
        "band": band_name(speak, f.band),
        "part": _part_names(top, speak),
        "value": speak.score(top[0].value if top else None),
        "points": speak.score(contribution(top[0]) if top else None),
    }


# First match wins. The part named is always the one adding the most points; the index is said
# to come "mostly" from it only when that part is itself at least medium and adds half the index.
ATTRIBUTION: tuple[Rule[KeyPersonFacts], ...] = (
    Rule(
        "unknown",
        lambda f: f.index is None,
        N_("Without governance ratings, income figures or team ratings the key-person risk cannot be estimated."),
    ),
    Rule(
        "nothing",
        lambda f: not largest(f) or contribution(largest(f)[0]) < NEGLIGIBLE,
        N_("The key-person risk index is %(index)s out of 100 (%(band)s): none of its parts adds to it."),
        _attribution_values,
    ),
    Rule(
        "mostly",
        lambda f: _dominant(f) is not None,
        N_(
            "The key-person risk index is %(index)s out of 100 (%(band)s), mostly from %(part)s: it scores "
            "%(value)s and adds %(points)s points."
        ),
        _attribution_values,
    ),
    Rule(
        "largest",
        always,
        N_(
            "The key-person risk index is %(index)s out of 100 (%(band)s). The largest of its parts is "
            "%(part)s, scoring %(value)s and adding %(points)s points."
        ),
        _attribution_values,
    ),
)


# --- words -----------------------------------------------------------------------------------


def words(facts: KeyPersonFacts, speak: Speaker) -> dict[str, Any]:
    return {
        "raters_text": speak.number(facts.raters or None),
        "disagreement_count": len(facts.disagreements),
        "index_text": speak.score(facts.index),
        "band": _band(speak, facts.band),
        "band_code": facts.band or "na",
        "reason": say(ATTRIBUTION, facts, speak),
        "parts": [_part_words(p, speak) for p in facts.parts],
        "gaps": [_gap_words(g, speak) for g in facts.gaps],
        "has_team": bool(facts.with_gap),
        "gap_text": _gap_text(facts, speak),
        "chart": _chart(facts, speak),
        "disagreements": [_disagreement_words(d, speak) for d in facts.disagreements],
        "agreement_text": _agreement(facts, speak),
        "intro": speak.gettext(
            "Key-person risk measures how much the organisation depends on its leader alone: can it "
            "run three months without them, does the board meet and decide, is there a second line, "
            "does income come from the leader's own pocket, does the leader see things rosier than "
            "the team. 0–100, higher means more dependent."
        ),
    }


def _band(speak: Speaker, band: str | None) -> str:
    bands = {
        "low": speak.pgettext("key-person risk band", "Low"),
        "medium": speak.pgettext("key-person risk band", "Medium"),
        "high": speak.pgettext("key-person risk band", "High"),
    }
    return bands.get(band or "", DASH)


def _signed(speak: Speaker, value: float) -> str:
    """+3.1 / -4.2: a difference, its sign always shown."""
    return format_decimal(value, "+#,##0.0;-#,##0.0", locale=speak.locale)


def _part_words(part: Part, speak: Speaker) -> dict[str, Any]:
    if part.input is not None and part.code == "leader_donations":
        input_text = speak.percent(part.input)
    elif part.input is not None and part.code == "leader_team_gap":
        input_text = _signed(speak, part.input)
    else:
        input_text = speak.score(part.input)
    name = KEY_PERSON_PARTS.get(part.code)
    return {
        "name": speak.gettext(name) if name else part.code,
        "input_text": input_text,
        "value_text": speak.score(part.value),
        "weight_text": speak.percent(part.effective_weight, 0),
        "reason": speak.pick(part.reason),
    }


def _gap_words(gap: Gap, speak: Speaker) -> dict[str, Any]:
    if gap.gap is None:
        gap_text = DASH
    else:
        gap_text = _signed(speak, gap.gap) if gap.gap else speak.number(0, 1)
    return {
        "name": speak.pick(gap.name),
        "leader_text": speak.score(gap.leader_score),
        "team_text": speak.score(gap.team_score),
        "gap": gap.gap,
        "gap_text": gap_text,
        "large": gap.large,
    }


def _gap_text(facts: KeyPersonFacts, speak: Speaker) -> str:
    if 0 < facts.team < MIN_RATERS:
        return speak.ngettext(
            "Only %(num)d staff or board member answered: fewer than %(least)d, so no team figure is "
            "shown and their answers are not counted, to protect them. Once at least %(least)d have "
            "answered, the report compares leader and team.",
            "Only %(num)d staff or board members answered: fewer than %(least)d, so no team figure is "
            "shown and their answers are not counted, to protect them. Once at least %(least)d have "
            "answered, the report compares leader and team.",
            facts.team,
            least=MIN_RATERS,
        )
    if not facts.with_gap:
        return speak.gettext(
            "Only the leader answered this time, so leader and team cannot be compared. Inviting "
            "staff and board members to rate is the best test of whether decisions depend on the "
            "leader alone."
        )
    points = speak.number(LARGE_GAP)
    sentences = [
        speak.gettext(
            "The chart shows the leader's rating minus the team's (staff and board) average; a "
            "positive gap means the leader sees it rosier than the team. About %(points)s points "
            "is a third of a level on every item.",
            points=points,
        )
    ]
    rosier, gloomier = facts.rosier, facts.gloomier
    if rosier:
        sentences.append(
            speak.gettext(
                "The leader is clearly more positive than the team on %(names)s: hear the team out "
                "there before deciding what to change.",
                names=speak.names(speak.pick(g.name) for g in rosier),
            )
        )
    if gloomier:
        sentences.append(
            speak.gettext(
                "The team rates %(names)s higher than the leader does.",
                names=speak.names(speak.pick(g.name) for g in gloomier),
            )
        )
    if not rosier and not gloomier:
        sentences.append(
            speak.gettext("Every gap is within %(points)s points: leader and team broadly agree.", points=points)
        )
    return speak.join(sentences)


def _chart(facts: KeyPersonFacts, speak: Speaker) -> dict[str, Any] | None:
    if not facts.with_gap:
        return None
    return {
        "labels": [speak.pick(g.name) for g in facts.gaps],
        "gaps": [g.gap for g in facts.gaps],
        "axis_label": speak.gettext("leader minus team (points)"),
        "legend": (speak.gettext("leader more positive"), speak.gettext("team more positive")),
    }


def _disagreement_words(item: Disagreement, speak: Speaker) -> dict[str, Any]:
    by_role = [
        speak.pgettext(
            "mean level of one role",
            "%(role)s %(mean)s",
            role=role_name(speak, role),
            mean=speak.number(mean, 1),
        )
        for role, mean in item.by_role
    ]
    return {
        "code": item.code,
        "text": speak.pick(item.wording) or item.code,
        "dimension": speak.pick(item.dimension_name),
        "range_text": speak.pgettext(
            "from the lowest to the highest level",
            "%(low)s–%(high)s",
            low=speak.number(item.min),
            high=speak.number(item.max),
        ),
        "mean_text": speak.number(item.mean, 2),
        "by_role_text": speak.pgettext("separator between the roles' means", "; ").join(by_role),
    }


def _agreement(facts: KeyPersonFacts, speak: Speaker) -> str:
    if facts.disagreements:
        return speak.ngettext(
            "On %(num)d item raters differ by two levels or more. The disagreement is itself "
            "information: people see the same thing differently. Go through it at a team meeting, "
            "hear each person's reasons, and agree a shared level.",
            "On %(num)d items raters differ by two levels or more. The disagreement is itself "
            "information: people see the same thing differently. Go through them at a team meeting, "
            "hear each person's reasons, and agree a shared level.",
            len(facts.disagreements),
        )
    if facts.raters > 1:
        return speak.gettext("No item has raters two levels or more apart: views are broadly shared.")
    if 0 < facts.team < MIN_RATERS:
        return speak.gettext(
            "Agreement is measured once at least %(least)d staff or board members have answered: with "
            "fewer, one person's answers could be read from it.",
            least=MIN_RATERS,
        )
    return speak.gettext(
        "With a single rater there is no agreement to measure yet; ask staff and board members to rate too."
    )
