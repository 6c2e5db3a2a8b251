"""The follow-up report's rings section: what it counts and says comes from the rings document
alone (every direction as diagnosis gave it), and a baseline report has no such section."""

import datetime as dt
import functools

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.report_view import REPORTING_TRANSLATIONS, organisation_report_context
from services.reporting.domain.organisation_report import rings
from services.reporting.domain.organisation_report.rings import Comparison, Move
from simulator.workshop_data import sample_workshop_data
from tests.support.rings import BY_RATERS, DOWN, SAME, UP, follow_up


@functools.cache
def sample():
    return sample_workshop_data(current_instrument(), size=6)


def move(code, direction, because=None):
    return Move(code, {"zh": code, "en": code}, "spoke", 50.0, 60.0, 10.0, direction, because)


def test_the_lead_sentence_counts_the_directions_as_the_comparison_gives_them():
    comparison = Comparison(
        round=1,
        raters_differ=True,
        resolution=100 / 12,
        dimensions=(
            move("a", "up"),
            move("b", "up"),
            move("c", "up"),
            move("d", "same"),
            move("e", "same", because="raters"),  # moved, but only through the raters: "same"
            move("f", "down"),
            move("g", None),  # not scored in both rounds: not counted
        ),
        indicators=(),
    )
    assert (comparison.count("up"), comparison.count("same"), comparison.count("down")) == (3, 2, 1)
    assert comparison.by_raters == 1
    zh, en = speaker("zh", REPORTING_TRANSLATIONS), speaker("en", REPORTING_TRANSLATIONS)
    assert rings.lead(comparison, zh, since="基线") == "自基线以来，3 个维度明显提升，2 个基本持平，1 个明显下降。"
    assert rings.lead(comparison, en, since="the baseline") == (
        "Since the baseline, 3 areas clearly improved, 2 stayed about the same and 1 clearly declined."
    )
    none = Comparison(round=1, raters_differ=False, resolution=None, dimensions=(move("a", "up"),), indicators=())
    assert rings.lead(none, en, since="the baseline") == (
        "Since the baseline, 1 area clearly improved, 0 stayed about the same and 0 clearly declined."
    )


def context(language, with_rings=True):
    source = sample()["organisations"][0]
    after, document = follow_up(source["scored"]["result"])
    scored = dict(source["scored"], result=after if with_rings else source["scored"]["result"])
    return organisation_report_context(
        {"id": "w", "title_zh": "安顺工作坊"},
        {"name_zh": scored["organisation_name_zh"]},
        scored,
        {"size": 0},
        sample()["appendix"],
        language,
        dt.date(2027, 3, 1),
        rings=document if with_rings else None,
    )


def test_a_follow_up_opens_with_its_rings_and_each_spoke_reads_its_own_direction():
    view = context("zh")
    section = view["rings"]
    assert view["toc"][0]["key"] == "rings" and list(view["sections"])[0] == "rings"
    assert section["lead"] == "自基线以来，1 个维度明显提升，2 个基本持平，1 个明显下降。"
    directions = {row["code"]: row["direction_text"] for row in section["rows"]}
    assert directions == {
        UP: "明显提升",
        SAME: "基本持平",
        DOWN: "明显下降",
        BY_RATERS: "基本持平（变化来自评分人的不同）",
    }
    assert section["raters_note"] == (
        "两轮的评分人不同（基线：负责人 1 人和员工 3 人；本轮（第 2 轮）：负责人 1 人、员工 3 人和理事 3 人），比较需谨慎。"
    )
    assert {row["code"]: row["verdict_text"] for row in section["indicators"]} == {
        "equity_ratio": "改善",
        "operating_margin": "变差",
    }
    before = [p["area"] for p in sample()["organisations"][0]["scored"]["result"]["priorities"]]
    names = {p["area"]: p["name"]["zh"] for p in sample()["organisations"][0]["scored"]["result"]["priorities"]}
    assert section["priorities"]["moved_off"] == [names[before[0]], names[before[2]]]
    assert section["priorities"]["kept"] == [names[before[1]]]
    assert section["priorities"]["new"] == ["团队专业成长"]
    assert [a["outcome_text"] for a in section["actions"]] == ["已完成", "部分完成", "尚未完成"]
    assert [(i["mine_text"], i["partner_text"]) for i in section["intents"]] == [("已实现", "进行中")]
    assert [label for label in (r["label"] for r in section["chart"]["rounds"])] == ["基线", "本轮（第 2 轮）"]
    english = context("en")["rings"]
    assert (
        english["lead"]
        == "Since the baseline, 1 area clearly improved, 2 stayed about the same and 1 clearly declined."
    )
    assert {row["code"]: row["direction_text"] for row in english["rows"]}[BY_RATERS] == (
        "about the same (the move came from different raters)"
    )


def test_a_baseline_report_has_no_rings():
    view = context("zh", with_rings=False)
    assert "rings" not in view and "rings" not in view["sections"] and "rings" not in view["charts"]
    assert view["toc"][0]["key"] == "summary"


def test_a_third_round_draws_every_ring_and_compares_with_the_round_before_too():
    import copy

    from services.reporting.adapters.renderers import printable_view

    source = sample()["organisations"][0]
    after, document = follow_up(source["scored"]["result"])
    third = copy.deepcopy(document)
    middle = dict(third["rounds"][1], round=2)
    now = dict(third["rounds"][1], round=3)
    third.update(round=3, rounds=[third["rounds"][0], middle, now])
    third["since_previous"] = {
        "round": 2,
        "raters_differ": False,
        "resolution": 100 / 12,
        "dimensions": {UP: {"before": 70.0, "after": 80.0, "change": 10.0, "direction": "up", "because": None}},
        "indicators": {},
    }
    view = printable_view(
        organisation_report_context(
            {"id": "w", "title_zh": "安顺工作坊"},
            {"name_zh": source["scored"]["organisation_name_zh"]},
            dict(source["scored"], result=after),
            {"size": 0},
            sample()["appendix"],
            "zh",
            dt.date(2027, 6, 1),
            rings=third,
        )
    )
    section = view["rings"]
    assert [r["label"] for r in section["chart"]["rounds"]] == ["基线", "第 2 轮", "本轮（第 3 轮）"]
    assert section["heading"] == "年轮：第 3 轮与基线对比"
    assert section["previous"]["lead"] == "自第 2 轮以来，1 个维度明显提升，0 个基本持平，0 个明显下降。"
    assert [row["direction_text"] for row in section["previous"]["rows"]] == ["明显提升"]
    assert view["cover"]["facts"][-1] == {"label": "轮次", "value": "第 3 轮"}
    svg = view["chart_svg"]["rings"]
    assert all(label in svg for label in ("基线", "第 2 轮", "本轮（第 3 轮）"))
