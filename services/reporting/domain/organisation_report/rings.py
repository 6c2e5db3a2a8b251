"""Rings (年轮): a follow-up round against the baseline and the rounds between, as the
diagnosis document's `rings` says it (reporting compares nothing itself: every direction,
change and verdict is the diagnosis engine's, printed as it came).

The section opens a follow-up report, after the cover: the wheel of every round, one inside
the other; per area the score then and now, the change and its direction in words (a move
within the instrument's resolution reads "about the same", and so does a move that only the
raters made, which it says); the financial indicators better or worse; a caution when the
raters differ; what became of the last round's priorities, its actions and the agreed
intents; the leader's own words on what changed (data, never markup). A baseline report
(round 1, no rings) has no such section."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.common.i18n import DASH, N_, Speaker

from .inputs import ReportInputs
from .partners import intent_kind_name, month_name
from .shared import SECTIONS, Text, get, indicator_value, role_name

UP, DOWN, SAME = "up", "down", "same"
RATERS = "raters"  # why a move reads "about the same": only the raters changed

DIRECTIONS = {
    UP: N_("clearly improved"),
    SAME: N_("about the same"),
    DOWN: N_("clearly declined"),
}
BECAUSE_RATERS = N_("about the same (the move came from different raters)")
VERDICTS = {"better": N_("better"), "worse": N_("worse")}
ACTION_OUTCOMES = {"done": N_("done"), "partly": N_("partly done"), "not_yet": N_("not yet")}
INTENT_OUTCOMES = {"happened": N_("happened"), "in_progress": N_("in progress"), "dropped": N_("dropped")}
NOT_ANSWERED = N_("not answered")
# the follow-up questionnaire's own pages that are no section of the report (the others are
# the report's sections or the wheel's areas)
QUESTIONNAIRE_SECTIONS = {"numbers": N_("The organisation's numbers"), "stage": N_("The growth ladder")}
ROLES_ORDER = ("leader", "staff", "board", "other")


@dataclass(frozen=True)
class Move:
    """One area's or indicator's change between two rounds, as the comparison says it."""

    code: str
    name: Text
    kind: str | None  # hub, spoke, governance… (None for an indicator)
    before: float | None
    after: float | None
    change: float | None
    direction: str | None  # up | down | same; None: not scored in both rounds
    because: str | None  # "raters": only the raters made the move
    verdict: str | None = None  # indicators: better | worse


@dataclass(frozen=True)
class RoundWheel:
    round: int
    overall: float | None
    dimensions: Mapping[str, float | None]
    raters: Mapping[str, int]


@dataclass(frozen=True)
class Comparison:
    round: int  # the round compared with
    raters_differ: bool
    resolution: float | None
    dimensions: tuple[Move, ...]
    indicators: tuple[Move, ...]

    def count(self, direction: str) -> int:
        return sum(1 for m in self.dimensions if m.direction == direction)

    @property
    def by_raters(self) -> int:
        """The areas that read "about the same" only because the raters made the move."""
        return sum(1 for m in self.dimensions if m.direction == SAME and m.because == RATERS)


@dataclass(frozen=True)
class ActionOutcome:
    area: str
    area_name: Text
    name: Text
    outcome: str | None
    note: str | None


@dataclass(frozen=True)
class IntentOutcome:
    partner_name: Text
    kind: str
    what: str
    target_month: str
    mine: str | None
    partner: str | None
    note: str | None


@dataclass(frozen=True)
class RingsFacts:
    round: int
    rounds: tuple[RoundWheel, ...]  # oldest first: the baseline, every round between, now
    spokes: tuple[tuple[str, Text], ...]  # the wheel's spokes (code, name), in the result's order
    hub: tuple[str, Text] | None
    since_baseline: Comparison
    since_previous: Comparison | None  # None in round 2: the previous round is the baseline
    moved_off: tuple[tuple[str, Text], ...]  # the last round's priorities no longer among them
    kept: tuple[tuple[str, Text], ...]
    new: tuple[tuple[str, Text], ...]
    actions: tuple[ActionOutcome, ...]
    intents: tuple[IntentOutcome, ...]
    changes: tuple[tuple[str, Text | str, str], ...]  # section code, its name, the leader's words


def _area_names(result: Mapping[str, Any]) -> dict[str, Text]:
    """Every area's name the result knows: dimensions, indicators, perspectives, priorities."""
    names: dict[str, Text] = {}
    for group in (
        result.get("priorities") or [],
        (result.get("perspectives") or {}).values(),
        (get(result, "finance", "indicators", default={}) or {}).values(),
        (result.get("dimensions") or {}).values(),
    ):
        for entry in group:
            code = entry.get("area") or entry.get("code")
            if code and entry.get("name"):
                names[code] = entry["name"]
    return names


def _moves(changes: Mapping[str, Any], order: Sequence[str], names: Mapping[str, Text], kinds) -> tuple[Move, ...]:
    codes = [c for c in order if c in changes] + [c for c in changes if c not in order]
    return tuple(
        Move(
            code=code,
            name=names.get(code) or {"zh": code, "en": code},
            kind=kinds.get(code),
            before=(changes[code] or {}).get("before"),
            after=(changes[code] or {}).get("after"),
            change=(changes[code] or {}).get("change"),
            direction=(changes[code] or {}).get("direction"),
            because=(changes[code] or {}).get("because"),
            verdict=(changes[code] or {}).get("verdict"),
        )
        for code in codes
    )


def _comparison(data: Mapping[str, Any] | None, result: Mapping[str, Any]) -> Comparison | None:
    if not data:
        return None
    names = _area_names(result)
    dimensions = result.get("dimensions") or {}
    indicators = get(result, "finance", "indicators", default={}) or {}
    return Comparison(
        round=int(data.get("round") or 1),
        raters_differ=bool(data.get("raters_differ")),
        resolution=data.get("resolution"),
        dimensions=_moves(
            data.get("dimensions") or {}, list(dimensions), names, {c: d.get("kind") for c, d in dimensions.items()}
        ),
        indicators=_moves(data.get("indicators") or {}, list(indicators), names, {}),
    )


def facts(inputs: ReportInputs) -> RingsFacts | None:
    rings = inputs.rings
    if not rings:
        return None
    result = inputs.result
    names = _area_names(result)
    dimensions = result.get("dimensions") or {}

    def named(codes: Sequence[str]) -> tuple[tuple[str, Text], ...]:
        return tuple((code, names.get(code) or {"zh": code, "en": code}) for code in codes)

    before = list(rings.get("priorities_before") or [])
    now = list(rings.get("priorities_now") or [])
    hub = next(((c, d.get("name") or {}) for c, d in dimensions.items() if d.get("kind") == "hub"), None)
    baseline = _comparison(rings.get("since_baseline"), result)
    assert baseline is not None  # the schema requires it
    return RingsFacts(
        round=int(rings.get("round") or 2),
        rounds=tuple(
            RoundWheel(
                round=int(r.get("round") or 1),
                overall=r.get("overall"),
                dimensions=r.get("dimensions") or {},
                raters={k: int(v or 0) for k, v in (r.get("raters") or {}).items()},
            )
            for r in rings.get("rounds") or []
        ),
        spokes=tuple((c, d.get("name") or {}) for c, d in dimensions.items() if d.get("kind") == "spoke"),
        hub=hub,
        since_baseline=baseline,
        since_previous=_comparison(rings.get("since_previous"), result),
        moved_off=named([c for c in before if c not in now]),
        kept=named([c for c in before if c in now]),
        new=named([c for c in now if c not in before]),
        actions=tuple(
            ActionOutcome(
                area=a.get("area") or "",
                area_name=names.get(a.get("area") or "") or {"zh": a.get("area") or "", "en": a.get("area")},
                name=a.get("name") or {},
                outcome=a.get("outcome"),
                note=a.get("note"),
            )
            for a in rings.get("actions") or []
        ),
        intents=tuple(
            IntentOutcome(
                partner_name={"zh": i.get("partner_name_zh") or "", "en": i.get("partner_name_en")},
                kind=i.get("kind") or "",
                what=i.get("what") or "",
                target_month=i.get("target_month") or "",
                mine=i.get("mine"),
                partner=i.get("partner"),
                note=i.get("note"),
            )
            for i in rings.get("intents") or []
        ),
        changes=tuple(
            (code, names.get(code) or "", text)
            for code, text in (rings.get("changes") or {}).items()
            if text and str(text).strip()
        ),
    )


# --- words ---------------------------------------------------------------------------------


def round_label(speak: Speaker, round_: int, now: int) -> str:
    """基线 / 第2轮 / 本轮（第3轮）: how the report names a round."""
    if round_ == 1:
        return speak.pgettext("round", "Baseline")
    if round_ == now:
        return speak.pgettext("round", "Now (round %(round)s)", round=round_)
    return speak.pgettext("round", "Round %(round)s", round=round_)


def lead(comparison: Comparison, speak: Speaker, *, since: str) -> str:
    """ "Since the baseline, N areas clearly improved, M stayed about the same and K clearly
    declined.", counted from the comparison's own directions (`since` names the round)."""
    return speak.gettext(
        "Since %(since)s, %(up)s, %(same)s and %(down)s.",
        since=since,
        up=speak.ngettext("%(num)d area clearly improved", "%(num)d areas clearly improved", comparison.count(UP)),
        same=speak.ngettext("%(num)d stayed about the same", "%(num)d stayed about the same", comparison.count(SAME)),
        down=speak.ngettext("%(num)d clearly declined", "%(num)d clearly declined", comparison.count(DOWN)),
    )


def _raters_text(raters: Mapping[str, int], speak: Speaker) -> str:
    ordered = [r for r in ROLES_ORDER if raters.get(r)] + [r for r in raters if r not in ROLES_ORDER and raters[r]]
    return speak.list(
        speak.pgettext("raters by role", "%(role)s %(num)s", role=role_name(speak, r), num=raters[r]) for r in ordered
    )


def raters_note(facts: RingsFacts, comparison: Comparison, speak: Speaker) -> str:
    """The caution when the raters of the two rounds compared differ, with each one's raters."""
    if not comparison.raters_differ:
        return ""
    by_round = {r.round: r for r in facts.rounds}
    rounds = [by_round.get(comparison.round), by_round.get(facts.round) or (facts.rounds[-1] if facts.rounds else None)]
    before, now = (
        speak.pgettext(
            "rings",
            "%(round)s: %(raters)s",
            round=round_label(speak, r.round, facts.round),
            raters=_raters_text(r.raters, speak),
        )
        if r is not None
        else DASH
        for r in rounds
    )
    return speak.gettext(
        "The raters of the two rounds differ (%(before)s; %(now)s): read the comparison with care.",
        before=before,
        now=now,
    )


def _signed(speak: Speaker, value: float | None) -> str:
    if value is None:
        return DASH
    return ("+" if value > 0 else "") + speak.score(value)


def direction_text(move: Move, speak: Speaker) -> str:
    if move.direction == SAME and move.because == RATERS:
        return speak.gettext(BECAUSE_RATERS)
    if move.direction is not None and move.direction in DIRECTIONS:
        return speak.gettext(DIRECTIONS[move.direction])
    return DASH


def _dimension_row(move: Move, speak: Speaker) -> dict[str, Any]:
    return {
        "code": move.code,
        "kind": move.kind,
        "name": speak.pick(move.name),
        "before_text": speak.score(move.before),
        "after_text": speak.score(move.after),
        "change_text": _signed(speak, move.change),
        "direction": move.direction,
        "because": move.because,
        "direction_text": direction_text(move, speak),
    }


def _indicator_row(move: Move, speak: Speaker) -> dict[str, Any]:
    if move.verdict is not None and move.verdict in VERDICTS:
        verdict = speak.gettext(VERDICTS[move.verdict])
    elif move.direction == SAME:
        verdict = speak.gettext(DIRECTIONS[SAME])
    else:
        verdict = DASH
    return {
        "code": move.code,
        "name": speak.pick(move.name),
        "before_text": indicator_value(speak, move.code, move.before),
        "after_text": indicator_value(speak, move.code, move.after),
        "verdict": move.verdict,
        "verdict_text": verdict,
    }


def _outcome(speak: Speaker, table: Mapping[str, str], outcome: str | None) -> str:
    return speak.gettext(table[outcome]) if outcome is not None and outcome in table else speak.gettext(NOT_ANSWERED)


def _section_name(code: str, name: Text | str, speak: Speaker) -> str:
    titles = {**{key: title for key, title, _new_page in SECTIONS}, **QUESTIONNAIRE_SECTIONS}
    if code in titles:
        return speak.gettext(titles[code])
    return speak.pick(name) if isinstance(name, Mapping) else (name or code)


def heading(facts: RingsFacts, speak: Speaker) -> str:
    return speak.gettext("Rings: round %(round)s against the baseline", round=facts.round)


def words(facts: RingsFacts, speak: Speaker) -> dict[str, Any]:
    base = facts.since_baseline
    previous = facts.since_previous
    baseline_name = speak.pgettext("rings", "the baseline")
    by_raters = ""
    if base.by_raters:
        by_raters = speak.ngettext(
            "For %(num)d area the score moved, but only because the raters differ between the rounds "
            "(the leader's own score stayed within the resolution): it reads about the same.",
            "For %(num)d areas the score moved, but only because the raters differ between the rounds "
            "(the leader's own score stayed within the resolution): they read about the same.",
            base.by_raters,
        )
    wheels = list(facts.rounds)
    labels = [speak.pick(name) for _code, name in facts.spokes]
    return {
        "round": facts.round,
        "round_label": round_label(speak, facts.round, facts.round),
        "round_name": speak.pgettext("round", "Round %(round)s", round=facts.round),
        "heading": heading(facts, speak),
        "lead": lead(base, speak, since=baseline_name),
        "by_raters": by_raters,
        "raters_note": raters_note(facts, base, speak),
        "resolution_note": speak.gettext(
            "A move smaller than %(points)s points (a quarter of one answer level) reads “about the same”.",
            points=speak.score(base.resolution),
        )
        if base.resolution
        else "",
        "rows": [_dimension_row(m, speak) for m in base.dimensions],
        "indicators": [_indicator_row(m, speak) for m in base.indicators],
        "previous": {
            "round": previous.round,
            "lead": lead(previous, speak, since=speak.pgettext("rings", "round %(round)s", round=previous.round)),
            "raters_note": raters_note(facts, previous, speak),
            "rows": [_dimension_row(m, speak) for m in previous.dimensions],
        }
        if previous is not None and previous.round != 1
        else None,
        "priorities": {
            "moved_off": [speak.pick(n) for _c, n in facts.moved_off],
            "kept": [speak.pick(n) for _c, n in facts.kept],
            "new": [speak.pick(n) for _c, n in facts.new],
            # each list as one text, the names quoted (a name may hold a 、 of its own)
            **{
                f"{part}_text": speak.names(speak.pick(n) for _c, n in names) or speak.pgettext("rings", "none")
                for part, names in (("moved_off", facts.moved_off), ("kept", facts.kept), ("new", facts.new))
            },
        },
        "actions": [
            {
                "area": speak.pick(a.name) or speak.pick(a.area_name),  # the last round's priority
                "outcome": a.outcome,
                "outcome_text": _outcome(speak, ACTION_OUTCOMES, a.outcome),
                "note": a.note or "",
            }
            for a in facts.actions
        ],
        "intents": [
            {
                "partner": speak.pick(i.partner_name),
                "kind": intent_kind_name(i.kind, speak),
                "what": i.what,
                "month": month_name(i.target_month, speak),
                "mine_text": _outcome(speak, INTENT_OUTCOMES, i.mine),
                "partner_text": _outcome(speak, INTENT_OUTCOMES, i.partner),
                "note": i.note or "",
            }
            for i in facts.intents
        ],
        "changes": [{"section": _section_name(code, name, speak), "text": text} for code, name, text in facts.changes],
        "labels": {
            "chart": speak.pgettext("rings", "The wheel in every round"),
            "since_baseline": speak.pgettext("rings", "Since the baseline"),
            "since_previous": speak.pgettext("rings", "Since round %(round)s", round=previous.round)
            if previous is not None
            else "",
            "before": round_label(speak, base.round, facts.round),
            "previous": round_label(speak, previous.round, facts.round) if previous is not None else "",
            "after": speak.pgettext("round", "Now"),
            "change": speak.pgettext("rings", "Change"),
            "direction": speak.pgettext("rings", "Direction"),
            "verdict": speak.pgettext("rings", "Better or worse"),
            "priorities": speak.pgettext("rings", "The last round's priorities"),
            "moved_off": speak.pgettext("rings", "No longer a priority"),
            "kept": speak.pgettext("rings", "Still a priority"),
            "new": speak.pgettext("rings", "New among the priorities"),
            "no_priorities": speak.pgettext("rings", "none"),
            "actions": speak.pgettext("rings", "What the last round's actions came to"),
            "area": speak.pgettext("rings", "Priority"),
            "outcome": speak.pgettext("rings", "Outcome"),
            "note": speak.pgettext("rings", "Note"),
            "intents": speak.pgettext("rings", "What the agreed intents came to"),
            "mine": speak.pgettext("rings", "Our answer"),
            "partner_answer": speak.pgettext("rings", "The partner's answer"),
            "changes": speak.pgettext("rings", "What changed, in the leader's own words"),
            "next": speak.pgettext("rings", "The next three priorities"),
        },
        "chart": {
            "labels": labels,
            "rounds": [
                {
                    "label": round_label(speak, w.round, facts.round),
                    "values": [w.dimensions.get(code) for code, _name in facts.spokes],
                    "now": w.round == facts.round,
                    "baseline": w.round == 1,
                }
                for w in wheels
            ],
            "hub": [
                speak.pick(facts.hub[1]),
                [w.dimensions.get(facts.hub[0]) for w in wheels],
            ]
            if facts.hub
            else None,
        },
    }
