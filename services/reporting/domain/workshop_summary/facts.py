"""The workshop summary's facts: what the cohort looks like as a whole, as numbers, flags,
codes, names typed by users and the instrument's bilingual wording, with no sentence in it.

Pure: no I/O, no clock, no language. `summary_facts` reads the facilitator's view of a
workshop (the `cohort` composed by the diagnosis service), every organisation's own result
and the instrument's wording; `words.summary_words` phrases the facts in one language.

Privacy: aggregates (distributions, scan counts, stage and path spreads, shared weaknesses)
are kept only over at least `min_cohort` organisations (MIN_COHORT); below that the facts
say `suppressed` and carry none. Names, raters, free texts and matches are per organisation:
the facilitator sees them.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from services.common.contracts.diagnosis import MIN_COHORT

from ..organisation_report.partners import Partner, partner_of
from .short_names import short_names

Bilingual = Mapping[str, str]  # data that carries its own translation: {"zh": ..., "en": ...}

NETWORK_EDGES = 30  # the strongest matches drawn in the network picture
MATCHES_LISTED = 10  # … and listed with their reasons
TOPIC_MIN_SHARE = 0.2  # a weakness becomes a training topic when at least this share has it …
TOPICS_MAX = 6  # … at most this many topics …
TOPICS_MIN = 3  # … and at least the three most common ones
SCAN_TOP = 5
HIGHLIGHTED_TOPICS = 3

QUADRANT_ORDER = ("opportunity", "threat", "strength", "weakness")
STAGE_ORDER = ("none", "activities", "projects", "products", "know_how")
PATH_ORDER = ("specialise", "core_two_wings", "regional", "group", "consortium", "new_type")
MATCH_TYPE_ORDER = ("resource_sharing", "staff_exchange", "project_cooperation")
PERCENT_INDICATORS = frozenset(
    {
        "equity_ratio",
        "admin_cost_ratio",
        "operating_margin",
        "programme_expense_ratio",
        "self_sufficiency",
        "staff_turnover",
        "leader_donation_share",
    }
)
MONTHS_INDICATORS = frozenset({"months_of_reserve"})
SECTION_ORDER = ("roster", "participation", "distribution", "scan", "stages_paths", "network", "topics")


# --------------------------------------------------------------------------- the facts


@dataclass(frozen=True)
class Workshop:
    title_zh: str
    title_en: str
    province: str
    city: str
    venue: str
    starts_on: dt.date | None
    ends_on: dt.date | None


@dataclass(frozen=True)
class RosterEntry:
    number: int
    name: str
    name_en: str
    region: str
    focus: tuple[str, ...]  # focus-area codes
    status: str

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"


@dataclass(frozen=True)
class Slot:
    is_break: bool
    number: int | None
    starts: dt.time | None
    ends: dt.time | None
    name: str


@dataclass(frozen=True)
class Participant:
    name: str
    name_en: str
    status: str
    submitted: bool
    leader: int
    staff: int
    board: int
    total: int

    @property
    def withdrawn(self) -> bool:
        return self.status == "withdrawn"


@dataclass(frozen=True)
class Participation:
    registered: int
    submitted: int
    rows: tuple[Participant, ...]
    leader: int
    staff: int
    board: int
    raters_total: int
    waiting: tuple[str, ...]  # names of the organisations taking part that have not submitted
    leader_only: int  # organisations rated by their leader alone

    @property
    def submitted_share(self) -> float | None:
        return self.submitted / self.registered if self.registered else None


@dataclass(frozen=True)
class Stats:
    """Quartiles of one dimension, perspective or indicator over the cohort, and the median
    over all workshops of the same programme (diagnosis pools no other programme's; n ≥ 5)."""

    code: str
    name: Bilingual | None
    n: int | None
    q1: float | None
    median: float | None
    q3: float | None
    median_all: float | None
    scores: tuple[float, ...] = ()  # every organisation's score, for the dots of the chart
    suppressed: bool = False


@dataclass(frozen=True)
class Distribution:
    suppressed: bool
    dimensions: tuple[Stats, ...] = ()
    perspectives: tuple[Stats, ...] = ()
    indicators: tuple[Stats, ...] = ()


@dataclass(frozen=True)
class ScanItem:
    code: str
    quadrant: str
    text: Bilingual | None
    chosen: int
    strongly: int
    share: float | None  # of the organisations that answered the scan
    strong_share: float | None


@dataclass(frozen=True)
class Quadrant:
    code: str  # one of QUADRANT_ORDER, or "other"
    items: tuple[ScanItem, ...]


@dataclass(frozen=True)
class FreeText:
    text: str
    names: tuple[str, ...]  # the organisations that wrote it and allowed their name with it
    unnamed: int = 0  # how many more wrote it without allowing their name


@dataclass(frozen=True)
class Scan:
    suppressed: bool
    texts: tuple[FreeText, ...]
    n: int = 0
    quadrants: tuple[Quadrant, ...] = ()
    top: tuple[ScanItem, ...] = ()


@dataclass(frozen=True)
class SpreadRow:
    code: str
    name: Bilingual | None  # the instrument's name, when a result carried it
    count: int
    share: float | None


@dataclass(frozen=True)
class Spread:
    suppressed: bool
    n: int = 0
    rows: tuple[SpreadRow, ...] = ()

    @property
    def most(self) -> SpreadRow | None:
        return max(self.rows, key=lambda r: r.count) if self.rows and not self.suppressed else None


@dataclass(frozen=True)
class Node:
    id: str
    name: str
    short: str


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    type: str
    score: float


@dataclass(frozen=True)
class MatchType:
    code: str
    name: Bilingual | None


@dataclass(frozen=True)
class Match:
    source_name: str
    target_name: str
    type: str
    type_name: Bilingual | None
    score: float | None
    reason: Bilingual | None  # an older cohort's engine-made sentence; newer ones carry facts only
    facts: Partner | None = None  # the engine's match: role, strengths and their evidence


@dataclass(frozen=True)
class Network:
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]  # the strongest first
    types: tuple[MatchType, ...]  # the types drawn, in drawing order
    total: int
    listed: tuple[Match, ...]


@dataclass(frozen=True)
class Topic:
    area: str
    area_name: Bilingual | None
    kind: str  # "dimension" or "indicator"
    organisations: int
    share: float | None


@dataclass(frozen=True)
class Topics:
    suppressed: bool
    rows: tuple[Topic, ...] = ()


@dataclass(frozen=True)
class Highlights:
    """What the cover points at: the figures the sentences of the highlights are made of."""

    lowest: Stats | None
    highest: Stats | None
    stage: SpreadRow | None
    path: SpreadRow | None
    scan_top: ScanItem | None
    topics: tuple[Topic, ...]
    best_match: Match | None


@dataclass(frozen=True)
class SummaryFacts:
    workshop: Workshop
    generated_on: dt.date
    instrument_versions: tuple[str, ...]
    n_results: int
    min_cohort: int
    suppressed: bool
    sections: tuple[str, ...]  # SECTION_ORDER, without the roster when none was given
    roster: tuple[RosterEntry, ...] | None
    agenda: tuple[Slot, ...] | None
    participation: Participation
    distribution: Distribution
    scan: Scan
    stages: Spread
    paths: Spread
    network: Network
    topics: Topics
    highlights: Highlights
    intents: tuple[AgreedPair, ...] = ()  # the cooperation intents agreed, apart from the matches suggested
    round: int = 1  # 1: the workshop itself; 2…: a follow-up round's cohort


@dataclass(frozen=True)
class AgreedPair:
    """A cooperation intent two organisations of the workshop agreed."""

    source: str  # the proposer's id and name, the partner's
    source_name: str
    target: str
    target_name: str
    kind: str  # resource_sharing | staff_exchange | project_cooperation | learning
    what: str  # typed by a leader: data, never markup
    target_month: str  # YYYY-MM
    in_room: bool  # recorded by the facilitator, agreed in the room


# --------------------------------------------------------------------------- the builder


def summary_facts(
    workshop: Mapping,
    cohort: Mapping,
    results: Sequence[Mapping],
    appendix: Mapping,
    generated_on: dt.date,
    roster: Sequence[Mapping] | None = None,
    agenda: Sequence[Mapping] | None = None,
    intents: Sequence[Mapping] = (),
    round_: int = 1,
) -> SummaryFacts:
    """The facts of the facilitator's workshop summary.

    workshop: {"title_zh", "title_en", "province", "city", "venue", "starts_on", "ends_on"};
    cohort: the facilitator's view (participation, benchmark, scan, scan_texts, stages, paths,
    common_weaknesses, matches); results: each organisation's own diagnosis result (a
    `diagnosis.scored` payload or its "result" are both accepted); appendix: the instrument's
    names and wording; roster: [{name_zh, status, focus_areas, service_region}];
    agenda: [{kind, number, starts_at, ends_at, name_zh}]; intents: the agreed cooperation
    intents ({proposer_id, partner_id, proposer_name, partner_name, kind, what, target_month,
    recorded_by}); round_: the round the cohort is of."""
    results = [_result_of(r) for r in results]
    benchmark = cohort.get("benchmark") or {}
    min_cohort = int(benchmark.get("min_cohort") or MIN_COHORT)
    n = len(results)
    suppressed = bool(benchmark.get("suppressed")) or n < min_cohort
    names = _Names(appendix, benchmark, results)
    distribution = _distribution(cohort, results, names, suppressed)
    scan = _scan(cohort, suppressed)
    stages = _spread(cohort.get("stages"), STAGE_ORDER, names.stages, suppressed)
    paths = _spread(cohort.get("paths"), PATH_ORDER, names.paths, suppressed)
    network = _network(cohort)
    topics = _topics(cohort.get("common_weaknesses") or [], names, n, suppressed)
    given = roster is not None or agenda is not None
    return SummaryFacts(
        workshop=_workshop(workshop),
        generated_on=generated_on,
        instrument_versions=tuple(
            sorted({str(r["instrument_version"]) for r in results if r.get("instrument_version")})
        ),
        n_results=n,
        min_cohort=min_cohort,
        suppressed=suppressed,
        sections=tuple(s for s in SECTION_ORDER if s != "roster" or given),
        roster=_roster(roster) if roster is not None else None,
        agenda=_agenda(agenda) if agenda is not None else None,
        participation=_participation(cohort.get("participation") or {}),
        distribution=distribution,
        scan=scan,
        stages=stages,
        paths=paths,
        network=network,
        topics=topics,
        highlights=_highlights(distribution, scan, stages, paths, topics, network),
        intents=_agreed(intents),
        round=round_,
    )


def _agreed(intents: Sequence[Mapping]) -> tuple[AgreedPair, ...]:
    def name(names: Any) -> str:
        return str((names or {}).get("zh") or (names or {}).get("en") or "") if isinstance(names, Mapping) else ""

    return tuple(
        AgreedPair(
            source=str(i.get("proposer_id") or ""),
            source_name=name(i.get("proposer_name")),
            target=str(i.get("partner_id") or ""),
            target_name=name(i.get("partner_name")),
            kind=str(i.get("kind") or ""),
            what=str(i.get("what") or ""),
            target_month=str(i.get("target_month") or ""),
            in_room=i.get("recorded_by") == "facilitator",
        )
        for i in intents
        if i.get("state", "agreed") == "agreed"
    )


def _result_of(entry: Mapping) -> Mapping:
    """A result, from a result, a scored payload ({..., "result": ...}) or {"scored": ...}."""
    if "scored" in entry and isinstance(entry["scored"], Mapping):
        entry = entry["scored"]
    if "result" in entry and isinstance(entry["result"], Mapping):
        return entry["result"]
    return entry


def _bilingual(value: Any) -> Bilingual | None:
    if isinstance(value, Mapping):
        return {k: str(v) for k, v in value.items() if k in ("zh", "en") and v}
    if isinstance(value, str) and value:
        return {"zh": value, "en": value}
    return None


class _Names:
    """The instrument's names of dimensions, perspectives, indicators, stages and paths, from
    the appendix, the benchmark and the results."""

    def __init__(self, appendix: Mapping, benchmark: Mapping, results: Sequence[Mapping]):
        self.dimensions: dict[str, Any] = {code: None for code in appendix.get("dimension_order") or []}
        for code, entry in (appendix.get("dimensions") or {}).items():
            self.dimensions[code] = entry.get("name")
        for code, entry in (benchmark.get("dimensions") or {}).items():
            self.dimensions.setdefault(code, entry.get("name"))
        for result in results:
            for code, entry in (result.get("dimensions") or {}).items():
                self.dimensions.setdefault(code, entry.get("name"))
        self.indicators: dict[str, Any] = {
            code: e.get("name") for code, e in (benchmark.get("indicators") or {}).items()
        }
        self.perspectives: dict[str, Any] = {
            code: e.get("name") for code, e in (appendix.get("perspectives") or {}).items()
        }
        self.stages: dict[str, Any] = {}
        self.paths: dict[str, Any] = {}
        self.priorities: dict[str, Any] = {}
        for result in results:
            for step in (result.get("stage") or {}).get("ladder") or []:
                if step.get("name"):
                    self.stages[step["code"]] = step["name"]
            for path in result.get("paths") or []:
                if path.get("name"):
                    self.paths[path["code"]] = path["name"]
            for code, entry in ((result.get("finance") or {}).get("indicators") or {}).items():
                self.indicators.setdefault(code, entry.get("name"))
            for priority in result.get("priorities") or []:
                self.priorities.setdefault(priority["area"], priority.get("name"))

    def area(self, code: str) -> Bilingual | None:
        return _bilingual(self.dimensions.get(code) or self.indicators.get(code) or self.priorities.get(code))


def _workshop(workshop: Mapping) -> Workshop:
    return Workshop(
        title_zh=str(workshop.get("title_zh") or ""),
        title_en=str(workshop.get("title_en") or ""),
        province=str(workshop.get("province") or ""),
        city=str(workshop.get("city") or ""),
        venue=str(workshop.get("venue") or ""),
        starts_on=_date(workshop.get("starts_on")),
        ends_on=_date(workshop.get("ends_on")),
    )


def _date(value: Any) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _time(value: Any) -> dt.time | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    match = re.search(r"(\d{1,2}):(\d{2})", str(value))
    return dt.time(int(match.group(1)), int(match.group(2))) if match else None


def _code(value: Any) -> str:
    return str(getattr(value, "value", value) or "")


def _roster(roster: Sequence[Mapping]) -> tuple[RosterEntry, ...]:
    return tuple(
        RosterEntry(
            number=i,
            name=str(r.get("name_zh") or r.get("name_en") or ""),
            name_en=str(r.get("name_en") or ""),
            region=str(r.get("service_region") or ""),
            focus=_codes(r.get("focus_areas")),
            status=_code(r.get("status")),
        )
        for i, r in enumerate(roster, 1)
    )


def _codes(value: Any) -> tuple[str, ...]:
    if not value:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(str(c) for c in value)


def _agenda(agenda: Sequence[Mapping]) -> tuple[Slot, ...]:
    slots = []
    for slot in agenda:
        is_break = slot.get("kind") == "break"
        slots.append(
            Slot(
                is_break=is_break,
                number=None if is_break else slot.get("number"),
                starts=_time(slot.get("starts_at")),
                ends=_time(slot.get("ends_at")),
                name="" if is_break else str(slot.get("name_zh") or slot.get("name_en") or ""),
            )
        )
    return tuple(slots)


def _participation(participation: Mapping) -> Participation:
    rows = []
    for o in participation.get("organisations") or []:
        raters = o.get("raters") or {}
        counts = {role: int(raters.get(role) or 0) for role in ("leader", "staff", "board")}
        rows.append(
            Participant(
                name=str(o.get("name_zh") or o.get("name_en") or ""),
                name_en=str(o.get("name_en") or ""),
                status=_code(o.get("status")),
                submitted=bool(o.get("submitted")),
                total=sum(int(v or 0) for v in raters.values()),
                **counts,
            )
        )
    active = [r for r in rows if not r.withdrawn]
    return Participation(
        registered=int(participation.get("registered") or 0),
        submitted=int(participation.get("submitted") or 0),
        rows=tuple(rows),
        leader=sum(r.leader for r in rows),
        staff=sum(r.staff for r in rows),
        board=sum(r.board for r in rows),
        raters_total=sum(r.total for r in rows),
        waiting=tuple(r.name for r in active if not r.submitted),
        leader_only=sum(1 for r in active if r.submitted and r.total and r.total == r.leader),
    )


# --------------------------------------------------------------------------- distributions


def _distribution(cohort: Mapping, results: Sequence[Mapping], names: _Names, suppressed: bool) -> Distribution:
    if suppressed:
        return Distribution(suppressed=True)
    benchmark = cohort.get("benchmark") or {}
    everyone = cohort.get("benchmark_all_workshops") or {}
    codes = list(names.dimensions) or list(benchmark.get("dimensions") or {})
    dimensions = []
    for code in codes:
        stats = (benchmark.get("dimensions") or {}).get(code) or {}
        scores = [float(s) for s in (_dimension_score(r, code) for r in results) if s is not None]
        if not scores and not stats:
            continue
        hidden = bool(stats.get("suppressed"))
        dimensions.append(
            _stats(code, names.dimensions.get(code), stats, everyone, "dimensions", n=len(scores))
            | {"scores": () if hidden else tuple(sorted(scores)), "suppressed": hidden}
        )
    perspectives = [
        _stats(code, s.get("name") or names.perspectives.get(code), s, everyone, "perspectives")
        for code, s in (benchmark.get("perspectives") or {}).items()
        if not s.get("suppressed")
    ]
    indicators = [
        _stats(code, s.get("name") or names.indicators.get(code), s, everyone, "indicators")
        for code, s in (benchmark.get("indicators") or {}).items()
        if not s.get("suppressed")
    ]
    return Distribution(
        suppressed=False,
        dimensions=tuple(Stats(**d) for d in dimensions),
        perspectives=tuple(Stats(**p) for p in perspectives),
        indicators=tuple(Stats(**i) for i in indicators),
    )


def _stats(code: str, name: Any, stats: Mapping, everyone: Mapping, part: str, n: int | None = None) -> dict:
    return {
        "code": code,
        "name": _bilingual(name),
        "n": stats.get("n", n),
        "q1": _finite(stats.get("q1")),
        "median": _finite(stats.get("median")),
        "q3": _finite(stats.get("q3")),
        "median_all": _all_workshops(everyone, part, code),
    }


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _dimension_score(result: Mapping, code: str) -> Any:
    entry = (result.get("dimensions") or {}).get(code)
    return entry.get("score") if entry else None


def _all_workshops(everyone: Mapping, part: str, code: str) -> float | None:
    """The median over the workshops of the programme (`benchmark_all_workshops` of the
    cohort's view), none below five organisations."""
    pooled = everyone.get("n_organisations") if everyone else None
    if not everyone or everyone.get("suppressed") or (pooled is not None and int(pooled) < MIN_COHORT):
        return None
    stats = (everyone.get(part) or {}).get(code) or {}
    return None if stats.get("suppressed") else _finite(stats.get("median"))


# --------------------------------------------------------------------------- the scan


def _scan(cohort: Mapping, suppressed: bool) -> Scan:
    items = list(cohort.get("scan") or [])
    texts = _grouped_texts(cohort.get("scan_texts") or [])
    if suppressed or any(i.get("suppressed") for i in items):
        return Scan(suppressed=True, texts=texts)
    n = max([int(i.get("n_organisations") or 0) for i in items] or [0])
    rows = [_scan_item(i, n) for i in items]
    quadrants = []
    for code in QUADRANT_ORDER:
        chosen = sorted((r for r in rows if r.quadrant == code), key=_most_chosen)
        if chosen:
            quadrants.append(Quadrant(code, tuple(chosen)))
    others = tuple(r for r in rows if r.quadrant not in QUADRANT_ORDER)
    if others:
        quadrants.append(Quadrant("other", others))
    top = tuple(r for r in sorted(rows, key=_most_chosen)[:SCAN_TOP] if r.chosen)
    return Scan(suppressed=False, texts=texts, n=n, quadrants=tuple(quadrants), top=top)


def _most_chosen(item: ScanItem) -> tuple[int, int]:
    return (-item.chosen, -item.strongly)


def _scan_item(item: Mapping, n: int) -> ScanItem:
    chosen = int(item.get("chosen") or 0)
    strongly = int(item.get("strongly_applies") or 0)
    return ScanItem(
        code=str(item.get("code") or ""),
        quadrant=str(item.get("quadrant") or ""),
        text=_bilingual(item.get("text")),
        chosen=chosen,
        strongly=strongly,
        share=chosen / n if n else None,
        strong_share=strongly / n if n else None,
    )


def _grouped_texts(texts: Iterable[Mapping]) -> tuple[FreeText, ...]:
    """The leaders' free texts; the same words from several organisations are shown once. An
    organisation's name goes with its words only where its leader ticked the box allowing it
    (`named`); a text without that permission (or from before the box) carries no name."""
    groups: dict[str, list[str | None]] = {}
    for entry in texts:
        text = " ".join(str(entry.get("text") or "").split())
        if text:
            named = entry.get("named") is True and entry.get("name_zh")
            groups.setdefault(text, []).append(str(entry["name_zh"]) if named else None)
    ordered = sorted(groups.items(), key=lambda g: -len(g[1]))
    return tuple(
        FreeText(text, tuple(n for n in names if n is not None), sum(1 for n in names if n is None))
        for text, names in ordered
    )


# --------------------------------------------------------------------------- stages and paths


def _spread(spread: Mapping | None, known: Sequence[str], names: Mapping[str, Any], suppressed: bool) -> Spread:
    if suppressed or not spread or spread.get("suppressed"):
        return Spread(suppressed=True)
    counts = {str(k): int(v) for k, v in (spread.get("counts") or {}).items()}
    n = int(spread.get("n") or sum(counts.values()))
    order = [code for code in known if code != "none" or counts.get("none")]
    order += [code for code in counts if code not in order]
    rows = tuple(
        SpreadRow(code, _bilingual(names.get(code)), counts.get(code, 0), counts.get(code, 0) / n if n else None)
        for code in order
    )
    return Spread(suppressed=False, n=n, rows=rows)


# --------------------------------------------------------------------------- the network


def _network(cohort: Mapping) -> Network:
    matches = sorted(  # those who can help first (a confirmed strength), then peers; best first
        cohort.get("matches") or [], key=lambda m: (m.get("role") == "peer", -float(m.get("score") or 0))
    )
    participation = (cohort.get("participation") or {}).get("organisations") or []
    nodes: dict[str, str] = {}
    for o in participation:
        if o.get("submitted") and o.get("status") != "withdrawn":
            nodes[o["organisation_id"]] = o.get("name_zh") or o.get("name_en") or ""
    for m in matches:  # an organisation in a match is always on the circle
        nodes.setdefault(m["from"], m.get("from_name") or "")
        nodes.setdefault(m["to"], m.get("to_name") or "")
    shorts = short_names(list(nodes.values()))
    drawn = matches[:NETWORK_EDGES]
    type_names: dict[str, Any] = dict.fromkeys(MATCH_TYPE_ORDER)
    for m in matches:
        code = str(m.get("type"))
        type_names[code] = type_names.get(code) or m.get("type_name")
    used = [code for code in type_names if any(str(m.get("type")) == code for m in drawn)]
    return Network(
        nodes=tuple(Node(oid, name, short) for (oid, name), short in zip(nodes.items(), shorts, strict=False)),
        edges=tuple(Edge(m["from"], m["to"], str(m.get("type")), float(m.get("score") or 0)) for m in drawn),
        types=tuple(MatchType(code, _bilingual(type_names[code])) for code in used),
        total=len(matches),
        listed=tuple(
            Match(
                source_name=str(m.get("from_name") or ""),
                target_name=str(m.get("to_name") or ""),
                type=str(m.get("type")),
                type_name=_bilingual(type_names.get(str(m.get("type")))),
                score=_finite(m.get("score")),
                reason=_bilingual(m.get("reason")),
                facts=partner_of(m),
            )
            for m in matches[:MATCHES_LISTED]
        ),
    )


# --------------------------------------------------------------------------- training topics


def _topics(weaknesses: Sequence[Mapping], names: _Names, n: int, suppressed: bool) -> Topics:
    if suppressed:
        return Topics(suppressed=True)
    ranked = sorted(weaknesses, key=lambda w: -int(w.get("organisations") or 0))
    chosen = [w for w in ranked if n and int(w.get("organisations") or 0) / n >= TOPIC_MIN_SHARE][:TOPICS_MAX]
    if len(chosen) < TOPICS_MIN:
        chosen = [w for w in ranked if int(w.get("organisations") or 0) > 0][:TOPICS_MIN]
    rows = []
    for w in chosen:
        code = str(w.get("area"))
        organisations = int(w.get("organisations") or 0)
        share = w.get("share")
        rows.append(
            Topic(
                area=code,
                area_name=names.area(code) or _bilingual(w.get("name")),
                kind="dimension" if code in names.dimensions else "indicator",
                organisations=organisations,
                share=float(share) if share is not None else (organisations / n if n else None),
            )
        )
    return Topics(suppressed=False, rows=tuple(rows))


# --------------------------------------------------------------------------- the cover


def _highlights(
    distribution: Distribution, scan: Scan, stages: Spread, paths: Spread, topics: Topics, network: Network
) -> Highlights:
    known = [d for d in distribution.dimensions if d.median is not None]
    stage, path = stages.most, paths.most
    both = stage is not None and path is not None
    return Highlights(
        lowest=min(known, key=lambda d: d.median or 0) if known else None,
        highest=max(known, key=lambda d: d.median or 0) if known else None,
        stage=stage if both else None,
        path=path if both else None,
        scan_top=scan.top[0] if scan.top else None,
        topics=topics.rows[:HIGHLIGHTED_TOPICS],
        best_match=network.listed[0] if network.listed else None,
    )
