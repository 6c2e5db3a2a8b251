"""The per-organisation report: its context on the sample workshop (every section, Chinese and
English, the benchmark suppressed under five organisations), its charts, and real PDFs from
Typst checked with poppler (text, embedded CJK font, pages that are not blank, user text
printed literally whatever markup it looks like)."""

import copy
import datetime as dt
import io
import json
import re
import subprocess

import pytest

from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters import charts
from services.reporting.adapters.renderers import printable_view
from services.reporting.adapters.report_view import organisation_report_context
from services.reporting.adapters.typst_pdf import render_pdf
from services.reporting.domain.organisation_report import SECTIONS
from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.workshop_data import sample_workshop_data

INSTRUMENT = current_instrument()
DAY = dt.date(2024, 5, 10)
SECTION_KEYS = [
    "summary",
    "wheel",
    "perspectives",
    "finance",
    "key_person",
    "scan",
    "paths",
    "actions",
    "partners",
    "appendix",
]


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


def context_for(data, index=0, language="zh", leader=None, **overrides):
    organisation = data["organisations"][index]
    extra = {}
    if leader is not None:
        extra = {
            "scan": leader.leader["scan"],
            "scan_text": leader.leader["scan_text"],
            "numbers": leader.leader["numbers"],
        }
    extra.update(overrides)
    return organisation_report_context(
        data["workshop"],
        organisation["profile"],
        organisation["scored"],
        organisation["cohort"],
        data["appendix"],
        language,
        DAY,
        **extra,
    )


# --- the context -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["zh", "en"])
def test_every_section_is_there(workshop, leader_inputs, language):
    ctx = context_for(workshop, 0, language, leader_inputs[0])
    organisation = workshop["organisations"][0]
    result = organisation["scored"]["result"]

    assert [key for key, *_ in SECTIONS] == SECTION_KEYS
    for key in SECTION_KEYS:
        assert ctx[key], key
        assert ctx["sections"][key]["title"]
    # (1) cover
    assert ctx["organisation_name"] == "西秀区阳光社会工作服务中心"
    assert ctx["cover"]["instrument_version"] == "2026.1"
    assert {r["count"] for r in ctx["cover"]["respondents"]} == {1, 3}
    assert ctx["cover"]["dates"] and ctx["cover"]["generated_on"]
    # (2) summary written as sentences, with the three priorities and the best path
    summary = ctx["summary"]
    assert summary["overall_text"] == "69.5" and summary["paragraphs"]
    assert len(summary["priorities"]) == 3 and summary["path_text"] and summary["stage"]["text"]
    # (3) wheel against the cohort median
    assert ctx["wheel"]["compared"] and not ctx["wheel"]["note"]
    assert len(ctx["charts"]["radar"]["labels"]) == 8 and None not in ctx["charts"]["radar"]["median"]
    # (4) the four perspectives, each with the seed's guiding question
    assert [p["code"] for p in ctx["perspectives"]["rows"]] == ["clients", "operations", "finance", "growth"]
    assert all(p["question"] and p["text"] for p in ctx["perspectives"]["rows"])
    # (5) finance: nine indicators, formatted, flagged, placed in the cohort
    rows = {r["code"]: r for r in ctx["finance"]["rows"]}
    assert len(rows) == 9
    assert rows["equity_ratio"]["value_text"] == "98.1%" and rows["revenue_concentration"]["value_text"] == "1.00"
    assert rows["revenue_concentration"]["worst_fifth"] and rows["revenue_concentration"]["flag_class"] == "risk"
    assert rows["equity_ratio"]["flag_class"] == "ok" and rows["self_sufficiency"]["flag_class"] == "na"
    assert ctx["finance"]["meaning"] and len(ctx["charts"]["income"]["labels"]) == 7
    # (6) key-person risk, leader-versus-team gap, the disputed items with their wording
    assert ctx["key_person"]["has_team"] and ctx["charts"]["gap"]["labels"]
    disputed = ctx["key_person"]["disagreements"]
    assert [d["code"] for d in disputed] == result["disagreements"]
    wording = workshop["appendix"]["items"][result["disagreements"][0]]["text"][language]
    assert disputed[0]["text"] == wording and disputed[0]["code"] == "hub.vision_shared"
    # (7) the scan as a 2×2 of the organisation's own choices, outside in as its intro says
    assert ctx["scan"]["given"] and [q["code"] for q in ctx["scan"]["quadrants"]] == [
        "opportunity",
        "threat",
        "strength",
        "weakness",
    ]
    assert any(e["strong"] for q in ctx["scan"]["quadrants"] for e in q["entries"])
    # (8) six paths ranked, with reasons
    paths = ctx["paths"]["rows"]
    assert [p["rank"] for p in paths] == [1, 2, 3, 4, 5, 6] and paths[0]["reasons_for"]
    # (9) action plan: three priorities, actions, 3- and 6-month checks
    plans = ctx["actions"]["plans"]
    assert len(plans) == 3 and all(p["actions"] and p["check_3m"] and p["check_6m"] for p in plans)
    # (10) partners: name and reason only
    assert ctx["partners"]["rows"]
    assert all(set(m) == {"name", "type", "reason"} for m in ctx["partners"]["rows"])
    assert not any("0000-4000" in str(m) for m in ctx["partners"]["rows"])
    # (11) appendix: every formula, the cohort, every answered item
    assert len(ctx["appendix"]["methods"]) == len(workshop["appendix"]["method"])
    assert "36" in ctx["appendix"]["cohort_text"] and "2026.1" in ctx["appendix"]["cohort_text"]
    answered = sum(len(g["rows"]) for g in ctx["appendix"]["answers"])
    assert answered == len(workshop["appendix"]["items"])


def test_chinese_and_english_read_differently(workshop, leader_inputs):
    zh = context_for(workshop, 0, "zh", leader_inputs[0])
    en = context_for(workshop, 0, "en", leader_inputs[0])
    assert zh["sections"]["summary"]["heading"].startswith("一、")
    assert en["sections"]["summary"]["heading"].startswith("1. ")
    assert "运营之轮总分为 69.5 分" in zh["summary"]["paragraphs"][0]
    assert "scores 69.5 out of 100" in en["summary"]["paragraphs"][0]
    # money: 万元 for Chinese readers, yuan with thousands separators in English (Babel's formats)
    assert zh["finance"]["total_revenue_text"] == "96.3万元"
    assert en["finance"]["total_revenue_text"] == "¥963,000"
    assert zh["cover"]["dates"] == "2024年5月8日\u2009–\u200910日"
    assert en["cover"]["dates"] == "May 8\u2009–\u200910, 2024"
    months = {r["code"]: r["value_text"] for r in zh["finance"]["rows"]}["months_of_reserve"]
    assert months == "7.3 个月"
    assert not re.search(r"[\u4e00-\u9fff]", en["sections"]["finance"]["title"] + en["labels"]["page"])
    assert en["labels"]["page_after"] == ""


def test_without_scan_or_numbers_the_report_says_so(workshop):
    ctx = context_for(workshop, 0, "zh")
    assert not ctx["scan"]["given"] and ctx["scan"]["note"]
    # the income mix falls back on what the indicators reveal, and says it is partial
    assert len(ctx["finance"]["mix"]) == 3 and ctx["finance"]["mix_note"]
    assert sum(r["amount"] for r in ctx["finance"]["mix"]) == pytest.approx(963000.0)


def test_respondents_may_be_given_by_role_or_as_a_list(workshop):
    by_role = context_for(workshop, 0, "zh", respondents={"leader": 1, "board": 2})
    assert by_role["cover"]["respondents_text"] == "负责人 1 人和理事 2 人，共 3 人"
    listed = context_for(workshop, 0, "en", respondents=[{"role": "leader"}, {"role": "staff"}, {"role": "staff"}])
    assert listed["cover"]["respondents_text"] == "1 leader and 2 staff (3 in all)"


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_cohort_under_five_is_not_compared(small_workshop, language):
    ctx = context_for(small_workshop, 0, language)
    assert not ctx["wheel"]["compared"] and ("5 家" if language == "zh" else "five") in ctx["wheel"]["note"]
    assert ctx["charts"]["radar"]["median"] is None
    assert all(r["median_text"] == "–" and r["percentile_text"] == "–" for r in ctx["wheel"]["rows"])
    assert all(r["position_text"] == "–" and not r["worst_fifth"] for r in ctx["finance"]["rows"])
    assert ctx["wheel"]["note"] in ctx["summary"]["paragraphs"]
    text = squashed(pdf_text(report_pdf(ctx)))
    assert squashed(ctx["wheel"]["note"]) in text
    header = ctx["labels"]["col_score"] + ctx["labels"]["col_median"] + ctx["labels"]["col_quartiles"]
    assert squashed(header) not in text  # the wheel's table has no cohort columns


def test_a_leader_alone_gets_no_gap_chart(small_workshop):
    alone = next(
        i for i, o in enumerate(small_workshop["organisations"]) if o["scored"]["result"]["raters"]["count"] == 1
    )
    ctx = context_for(small_workshop, alone, "zh")
    assert not ctx["key_person"]["has_team"] and ctx["charts"]["gap"] is None
    assert "只有负责人一人作答" in ctx["key_person"]["gap_text"]


# --- user text ------------------------------------------------------------------------------

TYPST_MARKUP = '#set page(fill: red) $x^2$ [a] \\ *b* _c_ @d <e> = f #eval("1")'
HOSTILE_NAME = TYPST_MARKUP + ' <script>alert(1)</script>=HYPERLINK("x")'


def hostile(data, index=0):
    """The sample organisation renamed with Typst markup, HTML and a spreadsheet formula, and a
    partner too."""
    data = copy.deepcopy(data)
    organisation = data["organisations"][index]
    organisation["scored"]["organisation_name_zh"] = HOSTILE_NAME
    organisation["scored"]["organisation_name_en"] = '=HYPERLINK("x")'
    organisation["profile"]["name_zh"] = HOSTILE_NAME
    organisation["profile"]["service_region"] = "<b>安顺</b> #strong[x]"
    organisation["cohort"]["matches"][0]["to_name"] = "<img src=x onerror=alert(2)> *[y]*"
    organisation["cohort"]["matches"][0]["from_name"] = "<img src=x onerror=alert(2)> *[y]*"
    return data


@pytest.mark.parametrize("language", ["zh", "en"])
def test_user_text_is_printed_literally(workshop, leader_inputs, language):
    ctx = context_for(
        hostile(workshop), 0, language, leader_inputs[0], scan_text="</blockquote><script>alert(3)</script> $y$ \\"
    )
    text = squashed(pdf_text(report_pdf(ctx), "-raw"))
    for typed in (
        HOSTILE_NAME,
        "<b>安顺</b> #strong[x]",
        "<img src=x onerror=alert(2)> *[y]*",
        "</blockquote><script>alert(3)</script> $y$ \\",
    ):
        assert squashed(typed) in text, typed


def test_charts_are_inline_svg_with_text_as_text():
    labels = [
        "组织架构与战略规划",
        "服务创新",
        "团队专业成长",
        "行政管理合规",
        "运营效能",
        "合作发展",
        "客户与用户满意度",
        "业务拓展",
    ]
    radar = charts.radar_svg(
        labels, [72.2, None, 63.9, 66.7, 63.9, 66.7, 80.6, 75.0], [50] * 8, hub=("使命、愿景、价值观", 77.8, 51.4)
    )
    income = charts.income_mix_svg(["政府购买服务", "基金会资助"], [125000, 0], ["12.5 万元 · 100%", "0"])
    gap = charts.gap_bars_svg(labels, [-8.3, 4.2, None, 12.5, 4.2, 0, 4.2, 0])
    for svg in (radar, income, gap):
        assert svg.startswith("<svg") and svg.rstrip().endswith("</svg>") and "<?xml" not in svg
        assert "Noto Sans CJK SC" in svg and "<text" in svg
    assert "战略规划" in radar and "12.5 万元" in income and "+12.5" in gap


# --- real PDFs -------------------------------------------------------------------------------


def report_pdf(ctx: dict) -> bytes:
    """The PDF the worker makes of this context."""
    return render_pdf("report.typ", printable_view(ctx))


def squashed(text: str) -> str:
    """Text without its white space: where a PDF's lines break does not matter."""
    return re.sub(r"\s+", "", text)


def pdf_text(pdf: bytes, order: str = "-layout") -> str:
    """The PDF's text as laid out, or (`-raw`) in the order it was written: a table cell's
    lines then stay together."""
    return subprocess.run(["pdftotext", order, "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode(
        "utf-8"
    )


def blank_pages(path) -> list[int]:
    """Pages without a single clearly dark pixel, rendered at 30 dpi in grey."""
    from PIL import Image

    subprocess.run(["pdftoppm", "-r", "30", "-gray", "-png", str(path), str(path.with_suffix(""))], check=True)
    pages = sorted(path.parent.glob(f"{path.stem}-*.png"))
    assert pages
    blank = []
    for number, page in enumerate(pages, start=1):
        image = Image.open(io.BytesIO(page.read_bytes())).convert("L")
        dark = sum(image.histogram()[:200])  # pixels darker than light grey
        if dark < 50:
            blank.append(number)
    return blank


def test_real_pdfs_in_chinese_and_english(workshop, leader_inputs, tmp_path):
    view = printable_view(context_for(workshop, 0, "zh", leader_inputs[0]))
    assert json.loads(json.dumps(view)) == view  # what the phone page reads back
    assert all(view["chart_svg"][key].startswith("<svg") for key in ("radar", "income", "gap"))
    zh = report_pdf(context_for(workshop, 0, "zh", leader_inputs[0]))
    en = report_pdf(context_for(workshop, 1, "en", leader_inputs[1]))
    assert zh.startswith(b"%PDF") and en.startswith(b"%PDF")

    text = pdf_text(zh)
    assert "西秀区阳光社会工作服务中心" in text
    for title in (
        "概要",
        "运营之轮",
        "平衡计分卡的四个维度",
        "财务健康",
        "关键人物风险与评分一致性",
        "行业扫描",
        "六条发展路径",
        "行动计划",
        "建议合作伙伴",
    ):
        assert title in text, title
    assert "96.3万元" in text and "同批中位数" in text
    # the method and the answers moved to their own PDF, which the report's last page names
    assert "方法说明与答题明细" not in text and "《方法与答卷附录》" in text
    appendix = pdf_text(render_pdf("appendix.typ", printable_view(context_for(workshop, 0, "zh", leader_inputs[0]))))
    assert "方法与答卷附录" in appendix and "西秀区阳光社会工作服务中心" in appendix
    assert "管理费用率=管理费用÷总收入" in squashed(appendix)
    assert "admin_cost_ratio" not in appendix and "Risky" not in appendix

    english = pdf_text(en)
    assert workshop["organisations"][1]["scored"]["organisation_name_zh"] in english
    for title in (
        "Summary",
        "The operations wheel",
        "The four scorecard perspectives",
        "Financial health",
        "Key-person risk and rater agreement",
        "Industry scan",
        "The six development paths",
        "Action plan",
        "Suggested partners",
    ):
        assert title in english, title
    assert "Method appendix and answers" not in english and "Method and answers appendix" in english
    assert "财务健康" not in english

    for name, pdf in (("zh", zh), ("en", en)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True).stdout.decode()
        cjk = [line for line in fonts.splitlines() if "CJK" in line]
        assert cjk and all(" yes " in line for line in cjk), fonts  # embedded
        assert blank_pages(path) == []
