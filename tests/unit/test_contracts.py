"""Every event a producer publishes loads back into its contract's dataclass unchanged,
and a payload that lacks what consumers need is refused."""

import dataclasses
import uuid

import pytest
from marshmallow import ValidationError

from services.common.contracts import CONTRACTS, contract_of
from services.common.contracts.diagnosis import DiagnosisScored, Headline, LeaderInputs
from services.common.contracts.registration import OrganisationProfile, WorkshopStatusChanged
from services.diagnosis.adapters.instrument_files import current_instrument
from services.diagnosis.domain import engine
from services.diagnosis.domain.engine.inputs import OrganisationInput, RaterAnswers
from services.diagnosis.service_layer.scoring import as_json, headline
from simulator.workshop_data import sample_workshop_data

WORKSHOP = str(uuid.uuid4())


def _scored(result: dict) -> DiagnosisScored:
    return DiagnosisScored(
        organisation_id=str(uuid.uuid4()),
        workshop_id=WORKSHOP,
        organisation_name_zh="安顺市联众社会工作服务中心",
        organisation_name_en=None,
        diagnosis_version=1,
        instrument_version="2026.1",
        scores=Headline(**headline(result)),
        result=result,
        inputs=LeaderInputs(numbers={"income.donations": 1.0}),
    )


def test_every_sample_diagnosis_travels_unchanged():
    contract = contract_of("diagnosis.scored")
    for organisation in sample_workshop_data(current_instrument(), size=12)["organisations"]:
        scored = _scored(organisation["scored"]["result"])
        assert contract.load(contract.dump(scored)) == scored


def test_a_leader_who_answered_nothing_still_has_a_diagnosis_that_travels():
    empty = OrganisationInput(
        str(uuid.uuid4()), WORKSHOP, "空白机构", (), None, (RaterAnswers("leader", "leader", {}),), {}, {}, {}, {}
    )
    result = as_json(engine.diagnose(current_instrument(), empty))
    assert result["stage"]["code"] is None  # unknown figures are null, and the contract accepts them
    contract = contract_of("diagnosis.scored")
    assert contract.load(contract.dump(_scored(result))).result == result


def test_a_payload_without_what_consumers_need_is_refused():
    with pytest.raises(ValidationError) as refused:
        contract_of("organisation.registered").load({"organisation_id": str(uuid.uuid4())})
    assert set(refused.value.messages) == {"workshop_id", "name_zh"}


def test_field_names_on_the_wire_stay_as_consumers_read_them():
    change = WorkshopStatusChanged(WORKSHOP, previous="draft", status="open")
    assert contract_of("workshop.status_changed").dump(change) == {
        "workshop_id": WORKSHOP,
        "from": "draft",
        "to": "open",
    }


def test_a_producer_cannot_publish_the_wrong_dataclass():
    with pytest.raises(TypeError):
        contract_of("organisation.registered").dump(WorkshopStatusChanged(WORKSHOP, "draft", "open"))


def test_unknown_fields_are_ignored_so_producers_may_add_some():
    profile = contract_of("organisation.updated").load(
        {"organisation_id": str(uuid.uuid4()), "workshop_id": WORKSHOP, "name_zh": "甲", "new_field": 1}
    )
    assert isinstance(profile, OrganisationProfile) and profile.focus_areas == []


def test_every_contract_names_its_producer_and_a_dataclass():
    assert {c.producer for c in CONTRACTS.values()} == {"registration", "diagnosis", "reporting"}
    assert all(dataclasses.is_dataclass(c.schema.model) for c in CONTRACTS.values())
