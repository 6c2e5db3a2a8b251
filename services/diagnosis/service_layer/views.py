"""What the API shows: an organisation its own diagnosis; a facilitator their workshop's
cohort and their programme's benchmark. Aggregates over fewer than five organisations are
never shown, and no figure pooled across workshops reaches beyond one programme: the
"all workshops" figures are those of the workshops of the same programme."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from services.common.errors import NoSuchWorkshop, NotFound
from services.common.i18n import N_

from ..adapters.orm import diagnoses, known_organisations, known_workshops, respondents, responses
from ..domain import engine
from ..domain.engine import progress
from ..domain.instrument import Instrument
from .common import Caller, NoSuchOrganisationYet, known_organisation
from .rounds import current_round
from .scoring import cohort_for, latest_cohort, workshop_inputs

COHORT_MATCHES_SHOWN = 100


def organisation_diagnosis(sessions: sessionmaker, caller: Caller, organisation_id: str) -> dict:
    principal = caller.principal
    with sessions() as session:
        organisation = known_organisation(session, organisation_id)
        if not (principal.is_organisation(organisation_id) or principal.facilitates(organisation["workshop_id"])):
            raise NoSuchOrganisationYet()
        latest = _latest_diagnoses(session, [diagnoses.c.organisation_id == organisation_id])
        if not latest:
            raise NotFound(N_("No diagnosis yet: it is computed once the leader submits."))
        figures = latest_cohort(session, organisation["workshop_id"], latest[0]["round"])
        everyone = [d["result"] for d in programme_diagnoses(session, organisation["workshop_id"])]
    diagnosis = latest[0]
    cohort = dict(
        cohort_for(figures.figures, organisation_id) if figures else {},
        cohort_version=figures.version if figures else None,
        benchmark_all_workshops=engine.benchmark(everyone),
        percentiles_all_workshops=engine.organisation_percentiles(diagnosis["result"], everyone),
    )
    return dict(diagnosis, cohort=cohort)


def workshop_cohort(sessions: sessionmaker, instrument: Instrument, caller: Caller, workshop_id: str) -> dict:
    if not caller.principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        return cohort_view(session, instrument, workshop_id)


def workshop_participation(sessions: sessionmaker, caller: Caller, workshop_id: str) -> dict:
    """Who has answered so far (the facilitator's live progress): cheap enough to poll."""
    if not caller.principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        organisations = [
            dict(r)
            for r in session.execute(
                select(known_organisations.c.id, known_organisations.c.name_zh, known_organisations.c.status)
                .where(known_organisations.c.workshop_id == workshop_id, known_organisations.c.status != "withdrawn")
                .order_by(known_organisations.c.name_zh)
            ).mappings()
        ]
        ids = [o["id"] for o in organisations]
        round_ = current_round(session, workshop_id)
        leader_states = dict(
            session.execute(
                select(responses.c.organisation_id, func.max(responses.c.state))  # "submitted" > "draft"
                .join(respondents, respondents.c.id == responses.c.respondent_id)
                .where(
                    responses.c.organisation_id.in_(ids), respondents.c.role == "leader", responses.c.round == round_
                )
                .group_by(responses.c.organisation_id)
            ).all()
        )
        raters = _raters_per_organisation(session, ids, round_)
    rows = [
        dict(
            o,
            leader=leader_states.get(o["id"], "none"),
            raters_submitted=sum(n for role, n in raters.get(o["id"], {}).items() if role != "leader"),
        )
        for o in organisations
        if o["status"] == "registered"
    ]
    return {
        "round": round_,
        "registered": len(rows),
        "submitted": sum(1 for r in rows if r["leader"] == "submitted"),
        "organisations": rows,
    }


def cohort_view(session, instrument: Instrument, workshop_id: str) -> dict:
    organisations = [
        dict(r)
        for r in session.execute(
            select(
                known_organisations.c.id,
                known_organisations.c.name_zh,
                known_organisations.c.name_en,
                known_organisations.c.status,
            ).where(known_organisations.c.workshop_id == workshop_id)
        ).mappings()
    ]
    round_ = current_round(session, workshop_id)
    inputs = workshop_inputs(session, workshop_id, round_)
    submitted = {i.organisation_id for i in inputs}
    results = [
        d["result"]
        for d in _latest_diagnoses(session, [diagnoses.c.workshop_id == workshop_id, diagnoses.c.round == round_])
        if d["organisation_id"] in submitted
    ]
    everyone = [d["result"] for d in programme_diagnoses(session, workshop_id)]
    raters = _raters_per_organisation(session, [o["id"] for o in organisations], round_)
    texts = _scan_texts(session, [o["id"] for o in organisations], round_)
    return dict(
        compose_cohort(instrument, workshop_id, organisations, inputs, results, everyone, raters, texts), round=round_
    )


def compose_cohort(
    instrument: Instrument,
    workshop_id: str,
    organisations: list[dict],
    inputs: list,
    results: list[dict],
    everyone: list[dict],
    raters: dict,
    texts: list[dict],
) -> dict:
    """The facilitator's picture of a workshop (pure): who took part, how the cohort scores,
    what it sees in the sector, where it stands (`everyone`: the latest diagnoses of the
    workshops of its programme), what it lacks in common, who fits whom."""
    submitted = {i.organisation_id for i in inputs}
    suggested = engine.matches(results, inputs)
    return {
        "workshop_id": workshop_id,
        "participation": {
            "registered": sum(1 for o in organisations if o["status"] != "withdrawn"),
            "submitted": len(inputs),
            "organisations": [
                {
                    "organisation_id": o["id"],
                    "name_zh": o["name_zh"],
                    "name_en": o.get("name_en"),
                    "status": o["status"],
                    "submitted": o["id"] in submitted,
                    "raters": raters.get(o["id"], {}),
                }
                for o in organisations
            ],
        },
        "benchmark": engine.benchmark(results),
        "benchmark_all_workshops": engine.benchmark(everyone),
        "scan": engine.scan_summary(inputs, instrument),
        "scan_texts": texts,
        "stages": _spread(results, lambda r: r["stage"]["code"] or "none"),
        "paths": _spread(results, lambda r: r["paths"][0]["code"]),
        "common_weaknesses": _common_weaknesses(results),
        "matches": suggested[:COHORT_MATCHES_SHOWN],
        "matches_total": len(suggested),  # before the cut: "+N more" counts them all
    }


def programme_workshops(session, workshop_id: str) -> list[str]:
    """The workshops whose organisations pool with `workshop_id`'s in the figures across
    workshops: those of the same programme; workshops without a programme pool only with
    each other, and a workshop not known yet only with itself."""
    known = session.execute(select(known_workshops.c.programme_id).where(known_workshops.c.id == workshop_id)).first()
    if known is None:
        return [workshop_id]
    same = (
        known_workshops.c.programme_id.is_(None)
        if known.programme_id is None
        else known_workshops.c.programme_id == known.programme_id
    )
    pooled = set(session.execute(select(known_workshops.c.id).where(same)).scalars())
    return sorted(pooled | {workshop_id})


def programme_diagnoses(session, workshop_id: str) -> list[dict]:
    """The latest diagnoses of the organisations of every workshop of `workshop_id`'s
    programme (never of another programme's)."""
    pooled = programme_workshops(session, workshop_id)
    return [d for d in _latest_diagnoses(session, [diagnoses.c.workshop_id.in_(pooled)]) if d["workshop_id"] in pooled]


def programme_benchmark(sessions: sessionmaker, caller: Caller, workshop_id: str) -> dict:
    """The facilitator's view of their programme: per dimension, the median over the latest
    diagnoses of the programme's workshops, with how many organisations and workshops it
    pools; no median over fewer than five organisations."""
    if not caller.principal.facilitates(workshop_id):
        raise NoSuchWorkshop()
    with sessions() as session:
        programme_id = session.execute(
            select(known_workshops.c.programme_id).where(known_workshops.c.id == workshop_id)
        ).scalar()
        latest = programme_diagnoses(session, workshop_id)
    return compose_programme_benchmark(workshop_id, programme_id, latest)


def compose_programme_benchmark(workshop_id: str, programme_id: str | None, latest: list[dict]) -> dict:
    results = [d["result"] for d in latest]
    benchmark = engine.benchmark(results)
    dimensions = []
    for code, stats in benchmark["dimensions"].items():
        scored = [d for d in latest if ((d["result"]["dimensions"].get(code) or {}).get("score")) is not None]
        dimensions.append(
            {
                "code": code,
                "name": stats["name"],
                "median": stats["median"],
                "q1": stats["q1"],
                "q3": stats["q3"],
                "n_organisations": stats["n"],
                "n_workshops": len({d["workshop_id"] for d in scored}),
                "suppressed": stats["suppressed"],
            }
        )
    return {
        "workshop_id": workshop_id,
        "programme_id": programme_id,
        "min_cohort": engine.MIN_COHORT,
        "n_organisations": len(latest),
        "n_workshops": len({d["workshop_id"] for d in latest}),
        "suppressed": benchmark["suppressed"],
        "dimensions": [] if benchmark["suppressed"] else dimensions,
    }


def _latest_diagnoses(session, conditions) -> list[dict]:
    newest = (
        select(diagnoses.c.organisation_id, func.max(diagnoses.c.version).label("version"))
        .where(*conditions)
        .group_by(diagnoses.c.organisation_id)
        .subquery()
    )
    rows = (
        session.execute(
            select(diagnoses)
            .join(
                newest,
                (newest.c.organisation_id == diagnoses.c.organisation_id) & (newest.c.version == diagnoses.c.version),
            )
            .join(known_organisations, known_organisations.c.id == diagnoses.c.organisation_id)
            .where(known_organisations.c.status != "withdrawn")
            .order_by(diagnoses.c.organisation_id)
        )
        .mappings()
        .all()
    )
    return [dict(r) for r in rows]


def _raters_per_organisation(session, organisation_ids: list[str], round_: int) -> dict[str, dict[str, int]]:
    rows = session.execute(
        select(respondents.c.organisation_id, respondents.c.role, func.count(func.distinct(responses.c.respondent_id)))
        .join(responses, responses.c.respondent_id == respondents.c.id)
        .where(
            respondents.c.organisation_id.in_(organisation_ids),
            responses.c.state == "submitted",
            responses.c.round == round_,
            respondents.c.revoked_at.is_(None),
        )
        .group_by(respondents.c.organisation_id, respondents.c.role)
    ).all()
    counts: dict[str, dict[str, int]] = {}
    for organisation_id, role, n in rows:
        counts.setdefault(organisation_id, {})[role] = n
    return counts


def _scan_texts(session, organisation_ids: list[str], round_: int) -> list[dict]:
    """The leaders' free text from the industry scan, for the facilitator only; under the
    organisation's name only where its leader allowed it (`named`), else without any name."""
    rows = session.execute(
        select(
            responses.c.organisation_id,
            responses.c.scan_text,
            responses.c.scan_text_named,
            known_organisations.c.name_zh,
        )
        .join(respondents, respondents.c.id == responses.c.respondent_id)
        .join(known_organisations, known_organisations.c.id == responses.c.organisation_id)
        .where(
            responses.c.organisation_id.in_(organisation_ids),
            respondents.c.role == "leader",
            responses.c.state == "submitted",
            responses.c.round == round_,
            responses.c.scan_text.is_not(None),
        )
        .order_by(responses.c.organisation_id, responses.c.version.desc())
    ).all()
    newest: dict[Any, dict[str, Any]] = {}
    for row in rows:
        named = bool(row.scan_text_named)
        newest.setdefault(
            row.organisation_id,
            {"named": named, "name_zh": row.name_zh if named else None, "text": row.scan_text}
            | ({"organisation_id": row.organisation_id} if named else {}),
        )
    return [t for t in newest.values() if t["text"].strip()]


def _spread(results: list[dict], code_of) -> dict:
    if len(results) < engine.MIN_COHORT:
        return {"suppressed": True, "n": len(results)}
    return {"suppressed": False, "n": len(results), "counts": dict(Counter(code_of(r) for r in results).most_common())}


def _common_weaknesses(results: list[dict]) -> list[dict]:
    """The areas that come up most often among the organisations' three priorities: the
    suggested training topics for the next sessions."""
    if len(results) < engine.MIN_COHORT:
        return []
    counts = Counter(p["area"] for r in results for p in r["priorities"])
    names = {p["area"]: p["name"] for r in results for p in r["priorities"]}
    return [
        {"area": area, "name": names[area], "organisations": n, "share": round(n / len(results), 3)}
        for area, n in counts.most_common()
    ]


def workshop_progress(sessions: sessionmaker, caller: Caller, workshop_id: str) -> dict:
    """The facilitator's view of a follow-up round: every organisation's change since its
    baseline, in aggregate (domain.engine.progress)."""
    _refuse_unless_facilitator(caller, workshop_id)
    with sessions() as session:
        round_ = current_round(session, workshop_id)
        compared = _compared(session, workshop_id, round_)
    return dict(progress.cohort_progress(compared), workshop_id=workshop_id, round=round_)


def programme_progress(sessions: sessionmaker, caller: Caller, workshop_id: str) -> dict:
    """The same across the workshops of `workshop_id`'s programme, each in its newest
    round (never another programme's)."""
    _refuse_unless_facilitator(caller, workshop_id)
    with sessions() as session:
        rounds = {w: current_round(session, w) for w in programme_workshops(session, workshop_id)}
        following = {w: r for w, r in rounds.items() if r > 1}
        compared = [c for w, r in following.items() for c in _compared(session, w, r)]
    return dict(progress.programme_progress(compared, len(following)), workshop_id=workshop_id)


def _refuse_unless_facilitator(caller: Caller, workshop_id: str) -> None:
    if not caller.principal.facilitates(workshop_id) or caller.respondent_id is not None:
        raise NoSuchWorkshop()


def _compared(session, workshop_id: str, round_: int) -> list[dict]:
    """The organisations of the workshop compared with their baseline in the round."""
    latest = _latest_diagnoses(session, [diagnoses.c.workshop_id == workshop_id, diagnoses.c.round == round_])
    names = {
        r.id: r
        for r in session.execute(
            select(known_organisations.c.id, known_organisations.c.name_zh, known_organisations.c.name_en).where(
                known_organisations.c.workshop_id == workshop_id
            )
        )
    }
    return [
        {
            "organisation_id": d["organisation_id"],
            "name_zh": names[d["organisation_id"]].name_zh,
            "name_en": names[d["organisation_id"]].name_en,
            "rings": d["rings"],
        }
        for d in latest
        if d["rings"]
    ]
