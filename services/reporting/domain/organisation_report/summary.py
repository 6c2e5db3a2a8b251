"""The summary: where the organisation stands, its stage, its three priorities, its best path
and its risks at a glance."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from services.common.contracts.diagnosis import MIN_RATERS
from services.common.i18n import DASH, N_, Speaker

from ..content import maturity
from . import actions
from . import wheel as wheel_section
from .inputs import ReportInputs
from .rules import Rule, always, say
from .shared import Text, get, labels, level, numeral, pick_all, section_numeral, sentence_case, team_size

MENTOR_AREAS = 3  # how many of its strengths the report names, at the top of the ladder
KEY_PERSON_BANDS = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}


@dataclass(frozen=True)
class NameFacts:
    zh: str
    en: str

    def primary(self, speak: Speaker) -> str:
        return speak.pick({"zh": self.zh, "en": self.en})

    def alternate(self, speak: Speaker) -> str:
        """The other name, when there is one that differs from the one printed."""
        primary = self.primary(speak)
        return next((n for n in (self.zh, self.en) if n and n != primary), "")


@dataclass(frozen=True)
class StageFacts:
    ladder: tuple[Text, ...]  # the growth ladder's steps, low to high
    name: Text | None  # the step reached (None: not even the first)
    following: Text | None  # the next step (None: the top is reached)
    missing: tuple[Text, ...]  # what the next step still needs


@dataclass(frozen=True)
class PriorityFacts:
    rank: int
    name: Text
    why: Text | None  # the engine's first reason
    kind: str = "dimension"  # or "indicator"
    score: float | None = None
    area: str = ""

    @property
    def need(self) -> actions.Need:
        return actions.Need(self.kind, self.name, self.score, self.why)


@dataclass(frozen=True)
class PathFacts:
    name: Text
    fit: float | None


@dataclass(frozen=True)
class SummaryFacts:
    name: NameFacts
    overall: float
    band: str  # a MATURITY_BANDS message
    wheel: wheel_section.WheelFacts
    stage: StageFacts
    priorities: tuple[PriorityFacts, ...]
    best_path: PathFacts | None
    reasons_for: tuple[Text, ...]  # the best path's first two
    reasons_against: tuple[Text, ...]  # and its first
    second_path: PathFacts | None
    tuckman_chang_known: int
    tuckman_chang_flags: int
    key_person_index: float | None
    key_person_band: str | None  # low, medium, high
    disagreements: int
    raters: int  # whose answers count in the figures
    team: int = 0  # staff and board raters who submitted, counted or not

    @property
    def strengths(self) -> tuple[str, ...]:
        """The areas (hub, spokes, governance) that score as a relative strength and are not
        among the priorities, best first and at most MENTOR_AREAS: the only ones the report
        suggests passing on to others."""
        mine = {p.area for p in self.priorities}
        strong = [r for r in self.wheel.rows if level(r.score) == "strong" and r.code not in mine]
        strong.sort(key=lambda r: -(r.score or 0.0))  # stable: ties keep the instrument's order
        return tuple(r.code for r in strong[:MENTOR_AREAS])

    @property
    def weak_points(self) -> tuple[str, ...]:
        """The areas the report calls weak or lists as priorities."""
        mine = {p.area for p in self.priorities}
        return tuple(r.code for r in self.wheel.rows if level(r.score) in ("weak", "room") or r.code in mine)


def names(inputs: ReportInputs) -> NameFacts:
    scored, profile = inputs.scored, inputs.profile
    zh = scored.get("organisation_name_zh") or inputs.result.get("name_zh") or profile.get("name_zh") or ""
    en = scored.get("organisation_name_en") or profile.get("name_en") or ""
    return NameFacts(zh=zh, en=en)


def facts(inputs: ReportInputs, wheel: wheel_section.WheelFacts) -> SummaryFacts:
    result = inputs.result
    overall = get(inputs.scored, "scores", "overall")
    if overall is None:
        known = [r.score for r in wheel.rows if r.kind in ("hub", "spoke") and r.score is not None]
        overall = round(sum(known) / len(known), 1) if known else 0.0
    paths = result.get("paths") or []
    best = paths[0] if paths else {}
    finance = result.get("finance") or {}
    kpr = result.get("key_person_risk") or {}
    return SummaryFacts(
        name=names(inputs),
        overall=float(overall),
        band=maturity(float(overall)),
        wheel=wheel,
        stage=_stage(result.get("stage") or {}),
        priorities=tuple(
            PriorityFacts(
                rank=int(p.get("rank") or 1),
                name=p.get("name") or {},
                why=(p.get("why") or [None])[0],
                kind=p.get("kind") or "dimension",
                score=p.get("score"),
                area=p.get("area") or "",
            )
            for p in result.get("priorities") or []
        ),
        best_path=PathFacts(best.get("name") or {}, best.get("fit")) if paths else None,
        reasons_for=tuple((best.get("reasons_for") or [])[:2]),
        reasons_against=tuple((best.get("reasons_against") or [])[:1]),
        second_path=PathFacts(paths[1].get("name") or {}, paths[1].get("fit")) if len(paths) > 1 else None,
        tuckman_chang_known=int(finance.get("tuckman_chang_known") or 0),
        tuckman_chang_flags=int(finance.get("tuckman_chang_flags") or 0),
        key_person_index=kpr.get("index"),
        key_person_band=kpr.get("band"),
        disagreements=len(result.get("disagreements") or []),
        raters=int(get(result, "raters", "counted", default=None) or get(result, "raters", "count", default=0)),
        team=team_size(result),
    )


def _stage(stage: Mapping[str, Any]) -> StageFacts:
    following = stage.get("next") or None
    return StageFacts(
        ladder=tuple(step.get("name") or {} for step in stage.get("ladder") or []),
        name=stage.get("name") or None,
        following=following.get("name") or {} if following else None,
        missing=tuple(following.get("missing") or ()) if following else (),
    )


def band_name(speak: Speaker, band: str | None) -> str:
    return speak.gettext(KEY_PERSON_BANDS[band]) if band in KEY_PERSON_BANDS else DASH


def words(facts: SummaryFacts, speak: Speaker) -> dict[str, Any]:
    band = speak.gettext(facts.band)
    standing = speak.gettext(
        "%(name)s scores %(score)s out of 100 on the operations wheel: %(band)s overall.",
        name=facts.name.primary(speak),
        score=speak.score(facts.overall),
        band=band,
    )
    wheel = facts.wheel
    paragraphs = [speak.join([standing, wheel_section.text(wheel, speak) if wheel.spokes else ""])]
    if not wheel.compared:
        paragraphs.append(wheel_section.note(wheel, speak))
    stage_name = speak.pick(facts.stage.name) if facts.stage.name else ""
    best_path = speak.pick(facts.best_path.name) if facts.best_path else DASH
    label = labels(speak)
    return {
        "overall": facts.overall,
        "overall_text": speak.score(facts.overall),
        "band": band,
        "paragraphs": [p for p in paragraphs if p],
        "stage": {
            "name": stage_name or DASH,
            "text": speak.join([_stage_text(facts.stage, speak), say(AHEAD, facts, speak)]),
            "missing": pick_all(speak, facts.stage.missing) if facts.stage.following else [],
        },
        "priorities_intro": _priorities_intro(facts, speak),
        "priorities": [
            {
                "rank": p.rank,
                "numeral": numeral(speak, p.rank),
                "name": speak.pick(p.name),
                "why": actions.why_text(p.need, speak),
            }
            for p in facts.priorities
        ],
        "path_text": _path_text(facts, speak),
        "risk_text": speak.join(_risks(facts, speak)),
        "key_figures": [
            {"label": label["overall"], "value": speak.score(facts.overall), "note": label["out_of_100"]},
            {"label": label["level"], "value": sentence_case(band), "note": ""},
            {"label": label["stage"], "value": stage_name or DASH, "note": ""},
            {"label": label["best_path"], "value": best_path, "note": ""},
        ],
    }


def _stage_text(stage: StageFacts, speak: Speaker) -> str:
    """Where the organisation is on the growth ladder (AHEAD says what comes next)."""
    ladder = " → ".join(speak.pick(step) for step in stage.ladder) or speak.gettext(
        "activities → projects → products → exporting know-how"
    )
    following = speak.quote(speak.pick(stage.following))
    if stage.name:
        where = speak.gettext(
            "On the growth ladder (%(ladder)s) the organisation is at the %(stage)s stage.",
            ladder=ladder,
            stage=speak.quote(speak.pick(stage.name)),
        )
    else:
        where = speak.gettext(
            "On the growth ladder (%(ladder)s) the organisation does not yet meet the criteria of the first "
            "step, %(step)s.",
            ladder=ladder,
            step=following,
        )
    return where


def _area_names(facts: SummaryFacts, speak: Speaker, codes: tuple[str, ...]) -> str:
    names = {r.code: speak.pick(r.name) for r in facts.wheel.rows}
    return speak.names(names[c] for c in codes)


# What the stage asks of the organisation next, first match wins. At the top of the ladder the
# report suggests passing know-how on to others only in what the organisation does best, never
# in an area it calls weak or lists as a priority.
AHEAD: tuple[Rule[SummaryFacts], ...] = (
    Rule(
        "next_step",
        lambda f: f.stage.following is not None,
        N_("To reach %(step)s it still needs the following:"),
        lambda f, s: {"step": s.quote(s.pick(f.stage.following))},
    ),
    Rule(
        "top_mentor",
        lambda f: bool(f.strengths),
        N_(
            "This is the top of the ladder: the task now is to keep passing its know-how on to others, in "
            "what it does best: %(areas)s. In its priorities it is the one still learning."
        ),
        lambda f, s: {"areas": _area_names(f, s, f.strengths)},
    ),
    Rule(
        "top_no_strength",
        always,
        N_(
            "This is the top of the ladder, yet no area outside the priorities scores as a relative strength: "
            "work on the priorities below before passing know-how on to others."
        ),
    ),
)


def _priorities_intro(facts: SummaryFacts, speak: Speaker) -> str:
    if not facts.priorities:
        return ""
    return speak.gettext(
        "Taking the scores and the financial indicators together, these are the three things most worth "
        "the effort now (the actions are in section %(section)s):",
        section=section_numeral(speak, "actions"),
    )


def _path_text(facts: SummaryFacts, speak: Speaker) -> str:
    if facts.best_path is None:
        return ""
    sentences = [
        speak.gettext(
            "Of the six development paths, the best fit for the organisation as it is today is %(path)s (fit %(fit)s).",
            path=speak.quote(speak.pick(facts.best_path.name)),
            fit=speak.score(facts.best_path.fit),
        )
    ]
    if facts.reasons_for:
        sentences.append(
            speak.gettext("Mainly because: %(reasons)s", reasons=speak.join(pick_all(speak, facts.reasons_for)))
        )
    if facts.reasons_against:
        sentences.append(speak.gettext("Keep in mind: %(reason)s", reason=speak.pick(facts.reasons_against[0])))
    if facts.second_path is not None:
        sentences.append(
            speak.gettext(
                "Next comes %(path)s (%(fit)s); section %(section)s compares all six.",
                path=speak.quote(speak.pick(facts.second_path.name)),
                fit=speak.score(facts.second_path.fit),
                section=section_numeral(speak, "paths"),
            )
        )
    return speak.join(sentences)


# The risks at a glance: one sentence from each table, first match wins.
FINANCE_RISK: tuple[Rule[SummaryFacts], ...] = (
    Rule("none_known", lambda f: not f.tuckman_chang_known, ""),
    Rule(
        "ratios",
        always,
        "",
        words=lambda f, s: s.ngettext(
            "Financially, %(known)s of Tuckman and Chang's four vulnerability ratios could be computed and "
            "%(num)d of them is past its threshold.",
            "Financially, %(known)s of Tuckman and Chang's four vulnerability ratios could be computed and "
            "%(num)d of them are past their threshold.",
            f.tuckman_chang_flags,
            known=f.tuckman_chang_known,
        ),
    ),
)
KEY_PERSON_RISK: tuple[Rule[SummaryFacts], ...] = (
    Rule("unknown", lambda f: f.key_person_index is None, ""),
    Rule(
        "index",
        always,
        N_("The key-person risk index is %(index)s: %(band)s."),
        lambda f, s: {"index": s.score(f.key_person_index), "band": band_name(s, f.key_person_band)},
    ),
)
AGREEMENT: tuple[Rule[SummaryFacts], ...] = (
    Rule(
        "disputed",
        lambda f: f.raters > 1 and f.disagreements > 0,
        "",
        words=lambda f, s: s.ngettext(
            "Raters differ by two levels or more on %(num)d item: worth talking through as a team.",
            "Raters differ by two levels or more on %(num)d items: worth talking through as a team.",
            f.disagreements,
        ),
    ),
    Rule(
        "agreed",
        lambda f: f.raters > 1,
        N_("The raters broadly agree: no item differs by two levels or more."),
    ),
    Rule(
        "protected",
        lambda f: 0 < f.team < MIN_RATERS,
        N_(
            "Fewer than %(least)d staff or board members answered, so to protect them their answers "
            "are not counted; with %(least)d or more the team's view joins the figures."
        ),
        lambda f, s: {"least": MIN_RATERS},
    ),
    Rule(
        "alone",
        always,
        N_(
            "Only the leader answered this time; inviting staff and board members to rate too makes the "
            "diagnosis more reliable."
        ),
    ),
)


def _risks(facts: SummaryFacts, speak: Speaker) -> list[str]:
    return [say(table, facts, speak) for table in (FINANCE_RISK, KEY_PERSON_RISK, AGREEMENT)]
