"""The facilitator's score export: XLSX (a sheet per section) and CSV in the summary's
language, safe from formula injection."""

import copy
import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.scores_workbook import scores_csv, scores_workbook
from simulator.workshop_data import sample_workshop_data

TRANSLATIONS = Path(__file__).resolve().parents[3] / "services" / "reporting" / "translations"
ZH = speaker("zh", TRANSLATIONS)
EN = speaker("en", TRANSLATIONS)
SHEETS = {
    "zh": [
        "概况",
        "运营之轮",
        "平衡计分卡",
        "财务",
        "优先事项",
        "已达成的合作意向",
    ],  # the last: intents agreed (none here)
    "en": ["Overview", "Wheel", "Scorecard", "Finance", "Priorities", "Agreed intents"],
}
HYPERLINK = '=HYPERLINK("http://x","y")'
TYPST = r"#set text(red) $x^2$ [a] \ *b* _c_ @d <e> = f"
SCRIPT = "<script>alert(1)</script>"
HOSTILE = [
    HYPERLINK,
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "#N/A",
    "-",
    "=",
    "+",
    "@",
    TYPST,
    SCRIPT,
]
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def data():
    data = copy.deepcopy(sample_workshop_data(current_instrument()))
    for organisation, name in zip(data["organisations"], HOSTILE, strict=False):
        organisation["scored"]["organisation_name_zh"] = name
        organisation["profile"]["name_zh"] = name
    data["organisations"][12]["profile"]["service_region"] = "=cmd|' /C calc'!A0"
    data["organisations"][13]["scored"]["result"]["priorities"][0]["name"] = {"zh": "=1+2", "en": "@A1"}
    return data


@pytest.fixture(scope="module")
def workbook(data):
    return openpyxl.load_workbook(io.BytesIO(scores_workbook(data["workshop"], data["organisations"], ZH)))


@pytest.fixture(scope="module")
def english(data):
    return openpyxl.load_workbook(io.BytesIO(scores_workbook(data["workshop"], data["organisations"], EN)))


def column(sheet, header_start):
    headers = [c.value for c in sheet[1]]
    index = next(i for i, h in enumerate(headers) if h.startswith(header_start))
    return [row[index] for row in sheet.iter_rows(min_row=2)]


def test_a_sheet_per_section_and_a_row_per_organisation(workbook, data):
    assert workbook.sheetnames == SHEETS["zh"]
    *per_organisation, intents = workbook.worksheets
    assert [c.value for c in intents[1]] == ["提议方", "合作方", "合作方式", "内容", "目标月份", "记录方"]
    assert intents.max_row == 1  # none agreed in this workshop: the header alone
    for sheet in per_organisation:
        assert sheet.max_row == 37, sheet.title  # the header and 36 organisations
        assert sheet["A1"].value == "机构名称"
        assert sheet.freeze_panes == "B2" and sheet.auto_filter.ref.startswith("A1:")
        assert all(CJK.search(c.value) for c in sheet[1]), sheet.title  # every header is in Chinese
    assert workbook.properties.title == "贵州省公益机构负责人领导力工作坊 · 诊断得分"
    names = [c.value for c in column(workbook["概况"], "机构名称")]
    assert names[10:] == [o["scored"]["organisation_name_zh"] for o in data["organisations"]][10:]


def test_numbers_stay_numbers(workbook, data):
    first = data["organisations"][0]["scored"]
    overview = workbook["概况"]
    overall = column(overview, "总分")
    assert [c.value for c in overall] == [o["scored"]["scores"]["overall"] for o in data["organisations"]]
    assert all(c.data_type == "n" and isinstance(c.value, (int, float)) for c in overall)
    assert column(overview, "关键人物风险指数")[0].value == first["result"]["key_person_risk"]["index"]
    assert column(overview, "成长阶段")[0].value == "项目"

    wheel = workbook["运营之轮"]
    assert len(list(wheel[1])) == 1 + 10 * 4  # hub + 8 spokes + governance, 4 figures each
    hub = first["result"]["dimensions"]["hub"]
    assert [c.value for c in wheel[2][1:5]] == [hub["score"], hub["leader_score"], hub["team_score"], hub["gap"]]
    assert wheel["B1"].value == "使命、愿景、价值观 得分"

    assert [c.value for c in workbook["平衡计分卡"][1]][1:] == [
        "客户/用户满意度",
        "服务运营",
        "财务分析",
        "团队专业成长",
    ]

    finance = workbook["财务"]
    equity = column(finance, "净资产比率")[0]
    assert equity.value == first["result"]["finance"]["indicators"]["equity_ratio"]["value"]
    assert equity.number_format == "0.0%"
    assert column(finance, "总收入")[0].value == first["result"]["finance"]["total_revenue"]
    flags = {c.value for c in column(finance, "收入集中度 警示")}
    assert flags <= {"风险", "正常", None} and "风险" in flags

    priorities = workbook["优先事项"]
    assert column(priorities, "优先事项 1")[0].value == "收入集中度"
    assert column(priorities, "领域类型 3")[0].value == "运营之轮"
    assert CJK.search(column(priorities, "建议行动 1")[0].value)


def test_the_english_workbook(english, data):
    assert english.sheetnames == SHEETS["en"]
    assert english.properties.title == "Guizhou nonprofit leaders' workshop · Scores"
    *per_organisation, intents = english.worksheets
    assert intents["A1"].value == "Proposed by" and not any(CJK.search(c.value) for c in intents[1])
    for sheet in per_organisation:
        assert sheet["A1"].value == "Organisation"
        assert not any(CJK.search(c.value) for c in sheet[1]), sheet.title  # the instrument's names too
    overview = english["Overview"]
    assert column(overview, "Stage")[0].value == "Projects"
    assert column(overview, "Focus areas")[0].value == "social work, community governance, and elderly"
    assert english["Wheel"]["B1"].value == "Mission, vision and values: score"
    assert {c.value for c in column(english["Finance"], "Revenue concentration: flag")} <= {"risk", "ok", None}
    priorities = english["Priorities"]
    assert column(priorities, "Priority 1")[0].value == "Revenue concentration"
    assert column(priorities, "Area 3")[0].value == "wheel"
    assert column(priorities, "Priority 1")[13].value == "'@A1"  # the instrument's names are neutralised too
    first = column(priorities, "Suggested action 1")[0].value
    assert first and not CJK.search(first)


def test_no_cell_is_a_formula(workbook):
    overview = workbook["概况"]
    names = [c.value for c in column(overview, "机构名称")][: len(HOSTILE)]
    assert names == [
        "'" + HYPERLINK,
        "'@SUM(1+1)*cmd|' /C calc'!A0",
        "'+1+1",
        "'-2+3",
        "'\t=1+1",
        "#N/A",
        "'-",
        "'=",
        "'+",
        "'@",
        TYPST,  # text that is markup elsewhere stays as typed
        SCRIPT,
    ]
    assert column(overview, "服务地区")[12].value == "'=cmd|' /C calc'!A0"
    assert column(overview, "机构名称")[5].data_type == "s"  # "#N/A" is text, not an error value
    assert column(workbook["优先事项"], "优先事项 1")[13].value == "'=1+2"
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                assert not (isinstance(cell.value, str) and cell.value.startswith("="))


def test_missing_figures_leave_cells_empty():
    data = sample_workshop_data(current_instrument(), size=3)
    lonely = copy.deepcopy(data["organisations"][2])  # rated by the leader alone: no team score
    del lonely["profile"]
    lonely["scored"]["result"]["finance"]["indicators"]["staff_turnover"]["value"] = None
    book = openpyxl.load_workbook(io.BytesIO(scores_workbook(data["workshop"], [lonely], ZH)))
    wheel = book["运营之轮"]
    assert wheel.max_row == 2 and wheel["D2"].value is None  # team score
    assert book["概况"]["A2"].value == lonely["scored"]["organisation_name_zh"]


def test_the_csv_is_one_flat_table(data):
    content = scores_csv(data["workshop"], data["organisations"], ZH)
    assert content.startswith(b"\xef\xbb\xbf") and b"\r\n" in content
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    header, body = rows[0], rows[1:]
    assert len(body) == 36 and header[0] == "机构名称"
    assert header.count("机构名称") == 1
    assert "总分" in header  # Overview
    assert "使命、愿景、价值观 差距（负责人 − 团队）" in header  # Wheel
    assert "收入集中度" in header  # Finance
    assert not any(h.startswith("优先事项") or h.startswith("服务运营") for h in header)
    assert [r[0] for r in body][:5] == ["'" + HYPERLINK, "'@SUM(1+1)*cmd|' /C calc'!A0", "'+1+1", "'-2+3", "'\t=1+1"]
    english = next(csv.reader(io.StringIO(scores_csv(data["workshop"], data["organisations"], EN).decode("utf-8-sig"))))
    assert english[0] == "Organisation" and "Overall score" in english and len(english) == len(header)
    overall = header.index("总分")
    assert [float(r[overall]) for r in body] == [o["scored"]["scores"]["overall"] for o in data["organisations"]]
    assert all(
        not cell.startswith(("=", "+", "@"))
        for r in body
        for cell in r
        if not cell.lstrip("-").replace(".", "", 1).isdigit()
    )


def test_the_shape_reporting_keeps(data):
    """reporting's own copy of a diagnosis has the result but not the headline figures: the
    overall score and the items answered are worked out from the result, to the same values."""
    kept = [
        {
            "profile": o["profile"],
            "scored": {
                "organisation_id": o["scored"]["organisation_id"],
                "diagnosis_version": 1,
                "instrument_version": "2026.1",
                "result": o["scored"]["result"],
            },
        }
        for o in data["organisations"]
    ]
    book = openpyxl.load_workbook(io.BytesIO(scores_workbook(data["workshop"], kept, ZH)))
    overview = book["概况"]
    assert [c.value for c in column(overview, "总分")] == [
        o["scored"]["scores"]["overall"] for o in data["organisations"]
    ]
    assert [c.value for c in column(overview, "已答条目")] == [
        o["scored"]["scores"]["answered"] for o in data["organisations"]
    ]
    assert column(overview, "机构名称")[0].value == "'" + HYPERLINK  # from the profile, neutralised
    assert scores_csv(data["workshop"], kept, ZH).count(b"\r\n") == 37
