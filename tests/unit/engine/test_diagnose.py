"""The shape of `diagnose`'s result and the method appendix."""

from services.diagnosis.domain.engine import diagnose, method

from .builders import HEALTHY_NUMBERS, everything, instrument, leader, org, staff

INSTRUMENT = instrument()


def test_the_top_level_shape():
    d = diagnose(INSTRUMENT, org(raters=(leader(everything(3)), staff(everything(2))), numbers=HEALTHY_NUMBERS))
    assert list(d) == [
        "organisation_id",
        "workshop_id",
        "name_zh",
        "instrument_version",
        "raters",
        "items",
        "disagreements",
        "dimensions",
        "perspectives",
        "finance",
        "key_person_risk",
        "stage",
        "paths",
        "priorities",
    ]
    assert d["instrument_version"] == "test-1"
    assert list(d["dimensions"]) == [dim.code for dim in INSTRUMENT.dimensions]
    assert list(d["perspectives"]) == ["clients", "operations", "finance", "growth"]
    assert list(d["finance"]) == [
        "total_revenue",
        "total_expenses",
        "income_sources",
        "indicators",
        "tuckman_chang_flags",
        "tuckman_chang_known",
    ]
    assert len(d["paths"]) == 6 and len(d["priorities"]) == 3


def test_every_conclusion_carries_bilingual_reasons():
    d = diagnose(INSTRUMENT, org(raters=(leader(everything(2)),), numbers=HEALTHY_NUMBERS))

    def bilingual(text):
        return set(text) == {"zh", "en"} and text["zh"] and text["en"]

    assert all(bilingual(r) for dim in d["dimensions"].values() for r in dim["reasons"])
    assert all(bilingual(p["reason"]) for p in d["perspectives"].values())
    assert all(bilingual(i["reason"]) for i in d["finance"]["indicators"].values())
    assert bilingual(d["key_person_risk"]["reason"])
    assert all(bilingual(r) for r in d["stage"]["reasons"])
    assert all(bilingual(r) for p in d["paths"] for r in p["reasons_for"] + p["reasons_against"] + p["reasons_mixed"])
    assert all(bilingual(r) for p in d["priorities"] for r in p["why"])


def test_the_method_appendix_quotes_every_formula():
    entries = {e["name"]: e["formula"] for e in method()}
    assert "Σ sᵢ²" in entries["revenue_concentration"]
    assert "(mean of the item means − 1) / 3 × 100" in entries["dimension_score"]
    assert "unrestricted reserves / (total expenses / 12)" in entries["months_of_reserve"]
    assert "0.85 × S + 0.15 × V" in entries["path_fit"]
    assert "(below + 0.5 × equal)" in entries["percentile"].replace("number ", "")
    assert all(formula for formula in entries.values())
