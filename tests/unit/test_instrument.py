"""The diagnosis instrument: the real 2026.1 file keeps every rule, and broken copies of it
(built here from the loaded YAML) are refused with a message naming the place."""

import copy
import re
from pathlib import Path

import pytest
import yaml

from services.diagnosis.adapters.instrument_files import (
    DIMENSION_CODES,
    INDICATORS,
    INSTRUMENT_FOLDER,
    NUMBERS,
    InstrumentError,
    current_instrument,
    load_all,
    load_instrument,
    parse_instrument,
    version_key,
)
from services.diagnosis.domain.instrument import PATHS, SCAN_QUADRANTS, STAGES, Instrument

PATH = INSTRUMENT_FOLDER / "2026.1.yaml"
CJK = re.compile(r"[\u4e00-\u9fff]")

SEED_QUESTIONS = {
    "clients": "目前的客户/用户满意度如何？为达到财务目标，要给用户提供什么服务？",
    "operations": "为了顾客和财务目标，有哪些需要优化的地方？如何提升内部效率？",
    "finance": "财务状况如何？我们应该做什么，如何实现成本效益最大化？",
    "growth": "为实现远景，如何不断成长适应变革和发展？",
}


@pytest.fixture(scope="module")
def raw():
    return yaml.safe_load(PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def instrument():
    return load_instrument(PATH)


def texts(instrument: Instrument):
    """Every bilingual text in the instrument, with where it sits."""
    yield "title", instrument.title
    for d in instrument.dimensions:
        yield d.code, d.name
        for item in d.items:
            yield item.code, item.text
            for n, level in enumerate(item.levels, start=1):
                yield f"{item.code} level {n}", level
    for p in instrument.perspectives:
        yield p.code, p.name
        yield p.code, p.question
    for group in (instrument.scan_items, instrument.stage_criteria, instrument.actions):
        for entry in group:
            yield entry.code, entry.text
    for n in instrument.numbers:
        yield n.code, n.label
    for entry in (*instrument.stages, *instrument.paths):
        yield entry.code, entry.name
        yield entry.code, entry.description


# ---------------------------------------------------------------------------- the real file


def test_the_current_instrument_is_the_newest_file_read_once(instrument):
    current = current_instrument()
    assert current.version == max(load_all(), key=version_key) == "2026.1"
    assert current is current_instrument()
    assert current == instrument


def test_the_wheel_is_hub_eight_spokes_and_governance_in_order(instrument):
    assert [d.code for d in instrument.dimensions] == [
        "hub",
        "structure_strategy",
        "service_innovation",
        "team_growth",
        "compliance",
        "efficiency",
        "cooperation",
        "satisfaction",
        "expansion",
        "governance",
    ]
    assert [d.kind for d in instrument.dimensions] == ["hub"] + ["spoke"] * 8 + ["governance"]
    assert instrument.dimension("hub").name.zh == "使命、愿景、价值观"
    assert instrument.dimension("compliance").name.zh == "行政管理合规"


def test_every_dimension_has_three_to_five_items_of_four_levels(instrument):
    codes = []
    for d in instrument.dimensions:
        assert 3 <= len(d.items) <= 5, d.code
        for item in d.items:
            assert re.fullmatch(rf"{d.code}\.[a-z][a-z0-9_]*", item.code)
            assert item.dimension == d.code
            assert len(item.levels) == 4
            assert len({level.zh for level in item.levels}) == 4, item.code
            codes.append(item.code)
    assert len(codes) == len(set(codes)) == len(instrument.items)


def test_governance_asks_about_the_leader_the_board_the_second_line_rules_and_decisions(instrument):
    asked = " ".join(item.text.zh for item in instrument.dimension("governance").items)
    for words in ("三个月", "理事会", "第二梯队", "写下来", "一个人说了算"):
        assert words in asked


def test_every_text_has_chinese_and_english(instrument):
    for place, text in texts(instrument):
        assert text.zh.strip() and CJK.search(text.zh), place
        assert text.en.strip() and not CJK.search(text.en), place


def test_each_level_is_one_sentence(instrument):
    for item in instrument.items.values():
        for n, level in enumerate(item.levels, start=1):
            assert level.zh.endswith("。") and level.zh.count("。") == 1, (item.code, n)
            assert level.en.endswith("."), (item.code, n)


def test_the_perspectives_carry_the_seed_questions_and_weights_that_sum_to_one(instrument):
    assert [p.code for p in instrument.perspectives] == list(SEED_QUESTIONS)
    used = set()
    for p in instrument.perspectives:
        assert p.question.zh == SEED_QUESTIONS[p.code]
        assert set(p.dimension_weights) <= set(DIMENSION_CODES)
        assert set(p.indicator_weights) <= set(INDICATORS)
        assert sum(p.dimension_weights.values()) + sum(p.indicator_weights.values()) == pytest.approx(1, abs=1e-6)
        used |= set(p.dimension_weights) | set(p.indicator_weights)
    assert used == set(DIMENSION_CODES) | set(INDICATORS)  # nothing measured is left out of the scorecard
    finance = instrument.perspectives[2]
    assert sum(finance.indicator_weights.values()) > sum(finance.dimension_weights.values())


def test_the_industry_scan_lists_every_point_of_the_seed(instrument):
    by_quadrant = {q: [s for s in instrument.scan_items if s.quadrant == q] for q in SCAN_QUADRANTS}
    assert {q: len(items) for q, items in by_quadrant.items()} == {
        "opportunity": 3,
        "threat": 5,
        "strength": 6,
        "weakness": 6,
    }
    assert all(s.code.startswith(s.quadrant + ".") for s in instrument.scan_items)
    everything = "".join(s.text.zh for s in instrument.scan_items)
    for point in (
        "基层治理",
        "政府购买社工服务增多",
        "用项目养人",
        "技术变革的冲击",
        "在地资源",
        "决策层依赖负责人一人",
        "人才流失",
        "志愿者资源丰富",
    ):
        assert point in everything


def test_the_numbers_are_the_agreed_fields_with_their_units(instrument):
    assert [n.code for n in instrument.numbers] == list(NUMBERS)
    for n in instrument.numbers:
        assert n.group == n.code.split(".")[0]
        assert n.unit == ("people" if n.group == "people" else "yuan")


def test_the_growth_ladder_and_the_paths(instrument):
    assert [s.code for s in instrument.stages] == list(STAGES)
    assert [s.name.zh for s in instrument.stages] == ["活动", "项目", "产品", "技术输出"]
    for stage in STAGES:
        assert 2 <= sum(c.stage == stage for c in instrument.stage_criteria) <= 3
    assert [p.code for p in instrument.paths] == list(PATHS)
    assert [p.name.zh for p in instrument.paths] == ["专精路线", "一体两翼", "区域综合", "集团化", "联合体", "新型组织"]


def test_every_area_has_enough_actions(instrument):
    codes = [a.code for a in instrument.actions]
    assert len(codes) == len(set(codes))
    for area in DIMENSION_CODES:
        assert sum(a.area == area for a in instrument.actions) >= 3, area
    for area in INDICATORS:
        assert sum(a.area == area for a in instrument.actions) >= 2, area
    assert all(a.code.startswith(a.area + ".") for a in instrument.actions)


# ---------------------------------------------------------------------------- broken copies


def refuse(data, *, expected_version="2026.1"):
    with pytest.raises(InstrumentError) as caught:
        parse_instrument(data, source="broken.yaml", expected_version=expected_version)
    return caught.value


def first_items(data, dimension=0):
    return data["dimensions"][dimension]["items"]


def drop_english(d):
    del first_items(d)[0]["levels"][1]["en"]


def three_levels(d):
    first_items(d, 2)[1]["levels"].pop()


def unknown_dimension(d):
    d["perspectives"][0]["dimension_weights"]["leadership"] = 0.1
    d["perspectives"][0]["dimension_weights"]["satisfaction"] -= 0.1


def weights_sum_to_0_9(d):
    d["perspectives"][2]["indicator_weights"]["equity_ratio"] -= 0.1


def duplicate_item(d):
    items = first_items(d, 1)
    items[1]["code"] = items[0]["code"]


def wrong_version(d):
    d["version"] = "2026.2"


def unknown_indicator(d):
    weights = d["perspectives"][3]["indicator_weights"]
    weights["staff_happiness"] = weights.pop("staff_turnover")


def six_items(d):
    items = first_items(d)
    for n in range(6 - len(items)):
        items.append(dict(copy.deepcopy(items[0]), code=f"hub.extra_{n}"))


def item_in_wrong_dimension(d):
    first_items(d)[0]["code"] = "governance.mission_known"


def spokes_reordered(d):
    d["dimensions"][1], d["dimensions"][2] = d["dimensions"][2], d["dimensions"][1]


def two_hubs(d):
    d["dimensions"][1]["kind"] = "hub"


def unknown_quadrant(d):
    d["scan_items"][0]["code"] = "chance.grassroots_governance"


def unknown_stage(d):
    d["stages"][3]["code"] = "franchise"


def unknown_path(d):
    d["paths"][0]["code"] = "specialize"


def too_few_actions(d):
    governance = [a for a in d["actions"] if a["area"] == "governance"]
    d["actions"] = [a for a in d["actions"] if a["area"] != "governance"] + governance[:2]


def too_few_indicator_actions(d):
    d["actions"] = [a for a in d["actions"] if a["code"] != "self_sufficiency.paid_training"]


def chinese_swapped_for_english(d):
    level = first_items(d)[0]["levels"][0]
    level["zh"] = level["en"]


def misspelt_field(d):
    d["scan_items"][0]["texts"] = d["scan_items"][0].pop("text")


def wrong_unit(d):
    d["numbers"][-1]["unit"] = "yuan"


@pytest.mark.parametrize(
    "breakage, place, words",
    [
        (drop_english, "dimensions[hub].items[hub.mission_known].levels[1].en", "Missing data"),
        (
            three_levels,
            "dimensions[service_innovation].items[service_innovation.new_approaches].levels",
            "exactly 4 levels",
        ),
        (unknown_dimension, "perspectives[clients].dimension_weights.leadership", "unknown dimension"),
        (weights_sum_to_0_9, "perspectives[finance]", "sum to 0.9"),
        (duplicate_item, "dimensions[structure_strategy].items[structure_strategy.roles_clear].code", "duplicate"),
        (wrong_version, "version", "does not match the file name"),
        (unknown_indicator, "perspectives[growth].indicator_weights.staff_happiness", "unknown financial indicator"),
        (six_items, "dimensions[hub].items", "3–5 items"),
        (item_in_wrong_dimension, "dimensions[hub].items[governance.mission_known].code", "must start with 'hub.'"),
        (spokes_reordered, "dimensions", "in this order"),
        (two_hubs, "dimensions[structure_strategy].kind", "must be 'spoke'"),
        (unknown_quadrant, "scan_items[chance.grassroots_governance].code", "quadrant"),
        (unknown_stage, "stages[franchise].code", "Must be one of"),
        (unknown_path, "paths[specialize].code", "Must be one of"),
        (too_few_actions, "actions", "'governance' needs at least 3 actions"),
        (too_few_indicator_actions, "actions", "'self_sufficiency' needs at least 2 actions"),
        (chinese_swapped_for_english, "dimensions[hub].items[hub.mission_known].levels[0].zh", "no Chinese"),
        (misspelt_field, "scan_items[opportunity.grassroots_governance].texts", "Unknown field"),
        (wrong_unit, "numbers[people.fundraising_staff].unit", "'people'"),
    ],
)
def test_a_broken_copy_is_refused_naming_the_place(raw, breakage, place, words):
    data = copy.deepcopy(raw)
    breakage(data)
    error = refuse(data)
    assert any(p == place and words in message for p, message in error.problems), error.problems
    assert f"  {place}: " in str(error) and "broken.yaml" in str(error)


def test_the_unbroken_copy_is_accepted(raw):
    assert parse_instrument(copy.deepcopy(raw), expected_version="2026.1") == load_instrument(PATH)


def test_every_problem_is_reported_at_once(raw):
    data = copy.deepcopy(raw)
    drop_english(data)
    three_levels(data)
    wrong_version(data)
    places = [p for p, _ in refuse(data).problems]
    assert "version" in places
    assert "dimensions[hub].items[hub.mission_known].levels[1].en" in places
    assert "dimensions[service_innovation].items[service_innovation.new_approaches].levels" in places


def test_not_a_mapping_is_refused():
    assert refuse(["version", "2026.1"]).problems[0][0] == "(top level)"


# ---------------------------------------------------------------------------- files and versions


def test_a_file_whose_version_differs_from_its_name_is_refused(tmp_path):
    (tmp_path / "2026.2.yaml").write_text(PATH.read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(tmp_path / "2026.2.yaml")
    assert caught.value.problems == [("version", "'2026.1' does not match the file name '2026.2.yaml'.")]


def test_a_file_that_is_not_yaml_is_refused_with_its_line(tmp_path):
    path = tmp_path / "2026.1.yaml"
    path.write_text('version: "2026.1"\ntitle: [unclosed\n', encoding="utf-8")
    with pytest.raises(InstrumentError) as caught:
        load_instrument(path)
    assert caught.value.problems[0][0].startswith("line ")


def test_all_versions_are_loaded_in_version_order(tmp_path):
    text = PATH.read_text(encoding="utf-8")
    for version in ("2026.10", "2026.9"):
        (tmp_path / f"{version}.yaml").write_text(
            text.replace('version: "2026.1"', f'version: "{version}"'), encoding="utf-8"
        )
    (tmp_path / "notes.txt").write_text("not an instrument", encoding="utf-8")
    assert list(load_all(tmp_path)) == ["2026.9", "2026.10"]
    assert version_key("2026.10") > version_key("2026.9")


def test_the_instrument_folder_holds_only_valid_instruments():
    for path in Path(INSTRUMENT_FOLDER).glob("*.yaml"):
        assert load_instrument(path).version == path.stem
