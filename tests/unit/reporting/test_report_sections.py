"""The report's second half as facts, then words (key-person risk, industry scan, paths,
action plan, partners, appendix): for one sample organisation, each section says its most
important sentences with their figures, in Chinese and in English; the sample cases reach every
branch that speaks; the facts hold no sentences, the words are JSON data, and no section branches
on the language."""

import dataclasses
import datetime as dt
import inspect
import json
import re
from collections.abc import Mapping
from pathlib import Path

import pytest

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.domain.organisation_report import (
    actions,
    appendix,
    key_person,
    partners,
    paths,
    scan,
)
from services.reporting.domain.organisation_report.inputs import ReportInputs
from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.workshop_data import sample_workshop_data

INSTRUMENT = current_instrument()
DAY = dt.date(2024, 5, 10)
TRANSLATIONS = Path("services/reporting/translations")
LANGUAGES = ["zh", "en"]
MODULES = [key_person, scan, paths, actions, partners, appendix]


@pytest.fixture(scope="module")
def workshop():
    return sample_workshop_data(INSTRUMENT)


@pytest.fixture(scope="module")
def small_workshop():
    return sample_workshop_data(INSTRUMENT, size=3)


@pytest.fixture(scope="module")
def leader_inputs():
    """What the leaders typed that `scored` does not carry: scan choices, scan text, numbers."""
    return sample_cohort(InstrumentCodes.from_instrument(INSTRUMENT), size=36, seed=2024)


def inputs_for(data, index=0, leader=None, **overrides) -> ReportInputs:
    """The same inputs as test_organisation_report's `context_for`, as `ReportInputs`."""
    organisation = data["organisations"][index]
    extra = {}
    if leader is not None:
        extra = {
            "scan": leader.leader["scan"],
            "scan_text": leader.leader["scan_text"],
            "numbers": leader.leader["numbers"],
        }
    extra.update(overrides)
    return ReportInputs(
        workshop=data["workshop"],
        profile=organisation["profile"],
        scored=organisation["scored"],
        cohort=organisation["cohort"],
        appendix=data["appendix"],
        generated_on=DAY,
        **extra,
    )


def new_section(module, inputs: ReportInputs, language: str) -> dict:
    return module.words(module.facts(inputs), speaker(language, TRANSLATIONS))


def cases(workshop, small_workshop, leader_inputs):
    """Every organisation of both workshops; the large one with and without what leaders typed."""
    for index in range(len(workshop["organisations"])):
        yield f"36/{index}", inputs_for(workshop, index, leader_inputs[index])
    yield "36/0 without scan or numbers", inputs_for(workshop, 0)
    yield "36/0 empty scan", inputs_for(workshop, 0, scan={}, scan_text="")
    alone = inputs_for(workshop, 0, leader_inputs[0])
    yield "36/0 without partners", dataclasses.replace(alone, cohort={**alone.cohort, "matches": []})
    for label, disputed in (("one disputed", alone.result["disagreements"][:1]), ("none disputed", [])):
        result = {**alone.result, "disagreements": disputed}
        yield f"36/0 {label}", dataclasses.replace(alone, scored={**alone.scored, "result": result})
    for index in range(len(small_workshop["organisations"])):
        yield f"3/{index}", inputs_for(small_workshop, index)


# --- the words -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample(workshop, leader_inputs) -> ReportInputs:
    """The first organisation of the large workshop, with what its leader typed."""
    return inputs_for(workshop, 0, leader_inputs[0])


KEY_PERSON = {
    "zh": {
        "index_text": "19.1",
        "band": "较低",
        "gap_text": "下图是负责人评分减去团队（员工和理事）平均评分的差值；差值为正，说明负责人看到的情况比团队更乐观。"
        "相差 11 分左右，相当于每个条目平均差了三分之一级。各方面的差值都在 11 分以内，负责人和团队的看法大体一致。",
        "agreement_text": "有 8 个条目上，评分者之间相差两级或以上。分歧本身就是信息：它说明大家对同一件事看到的不一样。"
        "建议在团队会上逐条请大家说说打分的理由，再一起商定一个共识等级。",
        "by_role": {"负责人 3.0；员工 3.0", "负责人 3.0；员工 2.7"},
    },
    "en": {
        "index_text": "19.1",
        "band": "Low",
        "gap_text": "The chart shows the leader's rating minus the team's (staff and board) average; a positive gap "
        "means the leader sees it rosier than the team. About 11 points is a third of a level on every item. "
        "Every gap is within 11 points: leader and team broadly agree.",
        "agreement_text": "On 8 items raters differ by two levels or more. The disagreement is itself information: "
        "people see the same thing differently. Go through them at a team meeting, hear each person's reasons, "
        "and agree a shared level.",
        "by_role": {"leader 3.0; staff 3.0", "leader 3.0; staff 2.7"},
    },
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_key_person_section_says_its_index_band_gaps_and_disputes(sample, language):
    said, expected = new_section(key_person, sample, language), KEY_PERSON[language]
    assert (said["index_text"], said["band"], said["band_code"]) == (expected["index_text"], expected["band"], "low")
    assert said["index_text"] in said["reason"]  # the engine's sentence, picked in this language
    assert said["gap_text"] == expected["gap_text"]
    assert said["agreement_text"] == expected["agreement_text"]
    assert said["disagreement_count"] == len(said["disagreements"]) == 8
    assert [d["code"] for d in said["disagreements"]] == sample.result["disagreements"]
    # three staff answered: the staff's own mean is shown (each role of at least 3 raters)
    assert {d["by_role_text"] for d in said["disagreements"]} == expected["by_role"]
    assert [(p["input_text"], p["value_text"], p["weight_text"]) for p in said["parts"]] == [
        ("65.0", "35.0", "50%"),
        ("0.0%", "0.0", "25%"),
        ("+2.1", "6.2", "25%"),
    ]


SCAN = {
    "zh": (["机遇 O", "挑战 T", "优势 S", "劣势 W"], "在本地区有影响力。", "人才流失。"),
    "en": (
        ["Opportunities", "Threats", "Strengths", "Weaknesses"],
        "The organisation has influence in its region.",
        "Talented staff are leaving.",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_scan_lists_every_chosen_item_by_quadrant_strongest_first(sample, language):
    said = new_section(scan, sample, language)
    titles, first_strength, only_weakness = SCAN[language]
    quadrants = said["quadrants"]
    chosen = {
        q: sum(1 for code, level in sample.scan.items() if code.startswith(q + ".") and level)
        for q in ("strength", "weakness", "opportunity", "threat")
    }
    assert [q["title"] for q in quadrants] == titles
    # outside in, as the intro says: opportunities and threats, then strengths and weaknesses
    assert [len(q["entries"]) for q in quadrants] == [chosen[q["code"]] for q in quadrants] == [2, 4, 5, 1]
    assert quadrants[2]["entries"][0] == {"text": first_strength, "strong": True}
    assert quadrants[3]["entries"] == [{"text": only_weakness, "strong": False}]
    for q in quadrants:
        strong = [e["strong"] for e in q["entries"]]
        assert strong == sorted(strong, reverse=True), q["code"]
    assert said["text"] == sample.scan_text and said["note"] == ""


PATHS = {
    "zh": ("区域综合", "机构自己对这条路兴趣不大（自评 2/4）。"),
    "en": ("Regional comprehensive provider", "The organisation itself shows little interest in this path (2/4)."),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_paths_keep_the_engine_rank_and_fit(sample, language):
    rows = new_section(paths, sample, language)["rows"]
    engine = sorted(sample.result["paths"], key=lambda p: p["rank"])
    assert [r["name"] for r in rows] == [p["name"][language] for p in engine]
    assert [r["rank"] for r in rows] == [1, 2, 3, 4, 5, 6]
    assert [r["fit_text"] for r in rows] == ["77.2", "63.4", "56.4", "53.7", "47.9", "37.4"]
    assert [r["view_text"] for r in rows] == ["2/4", "1/4", "2/4", "2/4", "1/4", "3/4"]
    name, against = PATHS[language]
    assert rows[0]["name"] == name and rows[0]["reasons_against"] == [against]
    assert len(rows[0]["reasons_for"]) == 4


NUMERALS = {"zh": ["一", "二", "三"], "en": ["1", "2", "3"]}
ACTIONS = {
    "zh": [
        (
            "优先事项一：收入集中度",
            "资金来源清单和主要来源中断时的预案已经写好；新渠道有了负责人，也做了第一次接触。",
            "新渠道带来了第一笔收入；重新计算收入集中度（HHI），应比现在低。（现在：1.00）",
        ),
        (
            "优先事项二：收支结余率",
            "每月的收支对比已连续做了三次，亏钱的项目都和资方沟通过。",
            "新项目全部按全成本报价；半年的收支结余率回到 0 以上。（现在：-5.0%）",
        ),
        (
            "优先事项三：治理与关键人风险",
            "负责人离岗两周的测试已经做过并复盘；决策权限表已经写好。",
            "理事会按时开会并做出了有记录的决定；第二梯队有人能独立负责一块业务。（现在的得分：65.0）",
        ),
    ],
    "en": [
        (
            "Priority 1: Revenue concentration",
            "The list of funding sources and a plan for losing the main one are written; the new channel has an "
            "owner and a first contact has been made.",
            "The new channel has brought its first income; recompute the revenue concentration (HHI): it should "
            "be lower than today. (today: 1.00)",
        ),
        (
            "Priority 2: Operating margin",
            "The monthly income-and-spending comparison has been done three times in a row, and every "
            "loss-making project has been raised with its funder.",
            "All new projects are priced at full cost; the six-month operating margin is back above 0. (today: -5.0%)",
        ),
        (
            "Priority 3: Governance and key-person risk",
            "The leader's two-week absence has been tried and reviewed; the table of decision rights is written.",
            "The board has met on time and taken minuted decisions; a second-line leader runs one area of work "
            "independently. (today's score: 65.0)",
        ),
    ],
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_action_plan_heads_each_priority_and_checks_it_with_today_figure(sample, language):
    plans = new_section(actions, sample, language)["plans"]
    assert [p["numeral"] for p in plans] == NUMERALS[language]
    assert [(p["heading"], p["check_3m"], p["check_6m"]) for p in plans] == ACTIONS[language]
    engine = sample.result["priorities"]
    assert [p["name"] for p in plans] == [p["name"][language] for p in engine]
    assert [len(p["actions"]) for p in plans] == [len(p["actions"]) for p in engine]
    assert all(p["why"] for p in plans)


PARTNERS = {
    "zh": ("可以帮助 · 资源共享", "有19 年的行业经验，员工和理事也认为", ""),
    "en": (
        "can help · resource sharing",
        " has 19 years in the sector, and its staff and board also rate it strong in",
        "",
    ),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_partners_name_the_partner_organisation(sample, language):
    rows = new_section(partners, sample, language)["rows"]
    assert [r["name"] for r in rows] == [
        "西秀区明德社会工作服务中心",
        "平坝区山花乡村发展协会",
        "西秀区乐龄助残服务中心",
        "平坝区夜郎家庭教育促进会",
        "南明区星火志愿者协会",
    ]
    kind, confirmed, years = PARTNERS[language]
    assert [r["type"] for r in rows] == [kind] * 5
    me = sample.scored["organisation_name_zh"]
    assert me == "西秀区阳光社会工作服务中心"
    for r in rows:
        # a sentence naming what each side brings: the team's word and the years, not a list of names
        assert r["name"] in r["reason"] and me in r["reason"], r
        assert me + confirmed in r["reason"] and years in r["reason"], r


def test_a_cohort_scored_before_roles_keeps_its_sentence(sample):
    old = {k: v for k, v in sample.cohort["matches"][0].items() if k not in ("role", "evidence")}
    old["reason"] = {"zh": "旧的理由。", "en": "The old reason."}
    cohort = {**sample.cohort, "matches": [old]}
    rows = new_section(partners, dataclasses.replace(sample, cohort=cohort), "zh")["rows"]
    assert rows[0]["reason"] == "旧的理由。" and rows[0]["type"] == "资源共享"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_peer_is_not_said_to_help(sample, language):
    mine = [m for m in sample.cohort["matches"]]
    peer = {**mine[0], "role": "peer", "evidence": "self"}
    peer["dimensions"] = [{**d, "evidence": "self", "facts": {}} for d in peer["dimensions"]]
    figures = {**mine[0], "evidence": "figures"}
    figures["dimensions"] = [
        {**d, "evidence": "figures", "facts": {"income_sources": 4, "fundraising_staff": 1}}
        for d in figures["dimensions"][:1]
    ]
    cohort = {**sample.cohort, "matches": [peer, figures]}
    rows = new_section(partners, dataclasses.replace(sample, cohort=cohort), language)["rows"]
    speak = {
        "zh": ("同伴互助 · 资源共享", "尚未经团队评分或数据印证", "有4 类收入来源和专职筹款人员，可以帮助"),
        "en": (
            "peer support · resource sharing",
            "not yet confirmed by its team or its figures",
            "has 4 different sources of income and a dedicated fundraiser",
        ),
    }[language]
    assert rows[0]["type"] == speak[0] and speak[1] in rows[0]["reason"]
    # a peer whose team agrees, but who is not ahead of the cohort: not said to be unconfirmed
    confirmed_peer = {**peer, "dimensions": [{**d, "evidence": "team"} for d in peer["dimensions"]]}
    cohort = {**sample.cohort, "matches": [confirmed_peer]}
    row = new_section(partners, dataclasses.replace(sample, cohort=cohort), language)["rows"][0]
    assert row["type"] == speak[0] and speak[1] not in row["reason"]
    assert speak[2] in rows[1]["reason"], rows[1]["reason"]


COHORT = {
    "zh": "同批比较的范围是「贵州省公益机构负责人领导力工作坊」中已提交诊断的 36 家机构。任何少于 5 家机构的汇总都不显示，"
    "以免反推出单个机构的数据。诊断工具版本 2026.1，诊断结果版本 1。",
    "en": "The cohort is the 36 organisations of “Guizhou nonprofit leaders' workshop” that have submitted. No "
    "aggregate over fewer than 5 organisations is shown, so that no single organisation's figures can be "
    "inferred. Instrument version 2026.1; diagnosis version 1.",
}
FIRST_ANSWER = {
    "zh": "使命：机构为谁、做什么，大家说得清吗？",
    "en": "Mission: can everyone say whom the organisation serves and what it does?",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_appendix_lists_every_item_answer(sample, language):
    said = new_section(appendix, sample, language)
    assert said["cohort_text"] == COHORT[language]
    rows = [row for group in said["answers"] for row in group["rows"]]
    answers = sample.result["items"]
    assert sorted(r["code"] for r in rows) == sorted(answers) and len(rows) == 41
    for row in rows:
        answer = answers[row["code"]]
        assert row["mean_text"] == f"{answer['mean']:.2f}", row
        assert row["range_text"] == f"{answer['min']}–{answer['max']}", row
        assert row["spread_text"] == str(answer["spread"]), row
        assert row["flagged"] == (row["code"] in sample.result["disagreements"]), row
    assert rows[0] == {
        "code": "hub.mission_known",
        "text": FIRST_ANSWER[language],
        "mean_text": "3.75",
        "range_text": "3–4",
        "spread_text": "1",
        "flagged": False,
    }
    assert len(said["methods"]) == len(sample.appendix["method"])


def test_the_cases_cover_what_the_sections_say(workshop, small_workshop, leader_inputs):
    """The checks on every case below are worth something only if the samples reach every branch that speaks."""
    said = dict.fromkeys(
        ["rosier", "gloomier", "agree", "alone", "three names", "one disputed", "several disputed", "none disputed"]
        + ["single rater", "team kept confidential", "no partner", "no scan"],
        0,
    )
    en = speaker("en", TRANSLATIONS)
    for _label, inputs in cases(workshop, small_workshop, leader_inputs):
        kp = key_person.facts(inputs)
        said["rosier"] += bool(kp.rosier)
        said["gloomier"] += bool(kp.gloomier)
        said["agree"] += bool(kp.with_gap and not kp.rosier and not kp.gloomier)
        said["alone"] += not kp.with_gap
        said["three names"] += len(kp.rosier) >= 3 or len(kp.gloomier) >= 3
        said["one disputed"] += len(kp.disagreements) == 1
        said["several disputed"] += len(kp.disagreements) > 1
        said["none disputed"] += not kp.disagreements and kp.raters > 1
        said["single rater"] += not kp.disagreements and kp.raters <= 1
        said["team kept confidential"] += 0 < kp.team < 3 and not kp.with_gap
        said["no scan"] += not scan.facts(inputs).given
        said["no partner"] += not partners.facts(inputs).partners
        assert key_person.words(kp, en)["gap_text"]
    assert all(said.values()), said


@pytest.mark.parametrize("language", LANGUAGES)
def test_words_are_json_data(workshop, small_workshop, leader_inputs, language):
    for _label, inputs in cases(workshop, small_workshop, leader_inputs):
        for module in MODULES:
            view = new_section(module, inputs, language)
            assert json.loads(json.dumps(view, ensure_ascii=False))


def test_english_words_hold_no_chinese_and_chinese_words_no_english_sentences(workshop, leader_inputs):
    inputs = inputs_for(workshop, 0, leader_inputs[0])
    han = re.compile(r"[\u4e00-\u9fff]")
    for module in MODULES:
        en = new_section(module, inputs, "en")
        zh = new_section(module, inputs, "zh")
        own = {"intro", "note", "agreement_text", "formula_note", "answers_note"}
        for key in own & set(en):
            assert not han.search(en[key]), (module.__name__, key)
            assert not zh[key] or han.search(zh[key]), (module.__name__, key)


@pytest.mark.parametrize("size, text", [(1, "the 1 organisation of"), (3, "the 3 organisations of")])
def test_the_appendix_counts_the_cohort_in_english(workshop, size, text):
    facts = dataclasses.replace(appendix.facts(inputs_for(workshop, 0)), cohort_size=size, compared=False)
    words = appendix.words(facts, speaker("en", TRANSLATIONS))["cohort_text"]
    assert text in words and "fewer than 5 so far" in words
    assert ("has submitted" in words) == (size == 1)


# --- the facts -------------------------------------------------------------------------------

CODE = re.compile(r"^[a-z0-9_.\-]*$")
USER_DATA = {("Partner", n) for n in ("name", "helper", "helped", "shared_region")} | {
    ("ScanFacts", "text")
}  # typed by people, shown as they typed it
NOTATION = {("Method", "formula")}  # the scoring code's formulas, the same in both languages


def strings_in(value, owner="", field=""):
    """(class, field, string) for every string in a facts value, bilingual data left aside."""
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from strings_in(getattr(value, f.name), type(value).__name__, f.name)
    elif isinstance(value, str):
        yield owner, field, value
    elif isinstance(value, Mapping):
        assert set(value) <= {"zh", "en"}, (owner, field)  # bilingual data, nothing else
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from strings_in(v, owner, field)


def test_facts_hold_codes_and_data_not_sentences(workshop, small_workshop, leader_inputs):
    seen = set()
    for _label, inputs in cases(workshop, small_workshop, leader_inputs):
        for module in MODULES:
            facts = module.facts(inputs)
            assert dataclasses.is_dataclass(facts)
            with pytest.raises(dataclasses.FrozenInstanceError):
                setattr(facts, dataclasses.fields(facts)[0].name, None)
            for owner, field, text in strings_in(facts):
                seen.add((owner, field))
                if (owner, field) not in USER_DATA | NOTATION:
                    assert CODE.match(text), (module.__name__, owner, field, text)
    assert ("Partner", "name") in seen and ("Disagreement", "code") in seen and ("Method", "formula") in seen


def test_the_sections_do_not_branch_on_the_language():
    for module in MODULES:
        source = inspect.getsource(module)
        assert not re.search(r"\.zh\b|\.language\b|== ?\"(zh|en)\"", source), module.__name__
