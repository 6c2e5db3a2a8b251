"""The sample cohort scored the way the diagnosis service scores it, without a database:
what reporting receives for each organisation (`diagnosis.scored`) and for the workshop
(`cohort.scored`). For rendering tests and benchmarks."""

from __future__ import annotations

from services.diagnosis.domain import engine
from services.diagnosis.domain.engine.inputs import OrganisationInput, RaterAnswers
from services.diagnosis.domain.instrument import Instrument
from services.diagnosis.service_layer.scoring import appendix, as_json, cohort_figures, cohort_for, headline
from services.diagnosis.service_layer.views import compose_cohort

from .cohort import InstrumentCodes, SampleOrganisation, sample_cohort

WORKSHOP = {
    "id": "00000000-0000-4000-8000-000000000001",
    "title_zh": "贵州省公益机构负责人领导力工作坊",
    "title_en": "Guizhou nonprofit leaders' workshop",
    "province": "贵州",
    "city": "安顺",
    "venue": "安顺市民政局会议室",
    "starts_on": "2024-05-08",
    "ends_on": "2024-05-10",
}


def organisation_id(index: int) -> str:
    return f"00000000-0000-4000-8000-{index + 100:012d}"


def sample_workshop_data(
    instrument: Instrument, size: int = 36, seed: int = 2024, cohort: list[SampleOrganisation] | None = None
) -> dict:
    """What reporting holds for a workshop:
    {"workshop": {...},
     "appendix": the formulas and the instrument's wording,
     "organisations": [{"profile": public profile, "scored": the `diagnosis.scored` payload
                        (the organisation's own result), "cohort": its slice of the cohort}],
     "cohort": the facilitator's view of the whole workshop}
    `cohort` scores the organisations given (e.g. a sample cohort altered by a test) instead."""
    if cohort is None:
        cohort = sample_cohort(InstrumentCodes.from_instrument(instrument), size=size, seed=seed)
    inputs = [_input(i, organisation) for i, organisation in enumerate(cohort)]
    own = [engine.diagnose(instrument, i) for i in inputs]
    figures = cohort_figures(own, inputs)
    explained = appendix(instrument)
    organisations = []
    for i, (organisation, result) in enumerate(zip(cohort, own, strict=False)):
        organisations.append(
            {
                "profile": dict(organisation.profile, organisation_id=organisation_id(i)),
                "scored": {
                    "organisation_id": organisation_id(i),
                    "workshop_id": WORKSHOP["id"],
                    "organisation_name_zh": organisation.profile["name_zh"],
                    "organisation_name_en": None,
                    "diagnosis_version": 1,
                    "instrument_version": instrument.version,
                    "scores": headline(result),
                    "result": as_json(result),
                    "inputs": {"numbers": organisation.leader["numbers"], "scan": organisation.leader["scan"]},
                },
                "cohort": as_json(cohort_for(figures, organisation_id(i))),
            }
        )
    rows = [
        {"id": organisation_id(i), "name_zh": o.profile["name_zh"], "name_en": None, "status": "registered"}
        for i, o in enumerate(cohort)
    ]
    raters = {organisation_id(i): _raters(o) for i, o in enumerate(cohort)}
    texts = [
        _scan_text(organisation_id(i), o.profile["name_zh"], o.leader["scan_text"], o.leader["scan_text_named"])
        for i, o in enumerate(cohort)
    ]
    view = as_json(compose_cohort(instrument, WORKSHOP["id"], rows, inputs, own, own, raters, texts))
    return {"workshop": WORKSHOP, "appendix": as_json(explained), "organisations": organisations, "cohort": view}


def _input(index: int, organisation) -> OrganisationInput:
    raters = [RaterAnswers(f"{index}-leader", "leader", organisation.leader["answers"])]
    raters += [RaterAnswers(f"{index}-{n}", role, answers) for n, (role, answers) in enumerate(organisation.raters)]
    profile, leader = organisation.profile, organisation.leader
    return OrganisationInput(
        organisation_id(index),
        WORKSHOP["id"],
        profile["name_zh"],
        tuple(profile["focus_areas"]),
        profile["service_region"],
        tuple(raters),
        leader["numbers"],
        leader["scan"],
        leader["stage_evidence"],
        leader["path_views"],
        profile.get("years_in_sector"),
    )


def _scan_text(organisation: str, name_zh: str, text: str, named: bool) -> dict:
    """As diagnosis gives it (views._scan_texts): the name only where the leader allowed it."""
    if named:
        return {"named": True, "name_zh": name_zh, "text": text, "organisation_id": organisation}
    return {"named": False, "name_zh": None, "text": text}


def _raters(organisation) -> dict[str, int]:
    counts = {"leader": 1}
    for role, _answers in organisation.raters:
        counts[role] = counts.get(role, 0) + 1
    return counts
