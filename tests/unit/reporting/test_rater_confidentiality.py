"""Raters stay confidential in what reporting prints: with one board member, the report's PDF
(its text, read with pdftotext), its phone page's view and the facilitator's XLSX and CSV show
no figure of theirs; a result that still carried one (made before the rule) is not printed."""

import copy
import csv
import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

import openpyxl
import pytest

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.diagnosis.domain import engine
from services.diagnosis.domain.engine.inputs import OrganisationInput, RaterAnswers
from services.diagnosis.service_layer.scoring import as_json, headline
from services.reporting.adapters.renderers import printable_view
from services.reporting.adapters.report_view import organisation_report_context
from services.reporting.adapters.scores_workbook import scores_csv, scores_workbook
from services.reporting.adapters.typst_pdf import render_pdf
from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.workshop_data import sample_workshop_data

INSTRUMENT = current_instrument()
TRANSLATIONS = Path(__file__).resolve().parents[3] / "services" / "reporting" / "translations"
CODES = list(INSTRUMENT.items)
# a role's mean as the report words it ("理事 1.0", "board 1.0", "员工 …", "其他评分人 …")
ROLE_FIGURE = re.compile(r"(理事|员工|其他评分人|board|staff|other raters)\s*[0-9]\.[0-9]")


@pytest.fixture(scope="module")
def data():
    """The sample workshop, its first organisation answered by its leader (4 everywhere)
    and one board member (1 everywhere)."""
    data = copy.deepcopy(sample_workshop_data(INSTRUMENT))
    leader = sample_cohort(InstrumentCodes.from_instrument(INSTRUMENT), size=36, seed=2024)[0]
    organisation = data["organisations"][0]
    raters = (
        RaterAnswers("leader", "leader", dict.fromkeys(CODES, 4)),
        RaterAnswers("board", "board", dict.fromkeys(CODES, 1)),
    )
    profile = organisation["profile"]
    result = engine.diagnose(
        INSTRUMENT,
        OrganisationInput(
            profile["organisation_id"],
            data["workshop"]["id"],
            profile["name_zh"],
            tuple(profile["focus_areas"]),
            profile["service_region"],
            raters,
            leader.leader["numbers"],
            leader.leader["scan"],
            leader.leader["stage_evidence"],
            leader.leader["path_views"],
        ),
    )
    organisation["scored"]["result"] = as_json(result)
    organisation["scored"]["scores"] = headline(result)
    return data


def context(data, language="zh", result=None):
    organisation = data["organisations"][0]
    scored = organisation["scored"] if result is None else {**organisation["scored"], "result": result}
    return organisation_report_context(
        data["workshop"],
        organisation["profile"],
        scored,
        organisation["cohort"],
        data["appendix"],
        language,
        dt.date(2024, 5, 10),
    )


def pdf_text(ctx) -> str:
    pdf = render_pdf("report.typ", printable_view(ctx))
    return subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def test_the_result_holds_no_figure_of_the_board_member(data):
    result = data["organisations"][0]["scored"]["result"]
    assert result["raters"]["by_role"] == {"leader": 1, "staff": 0, "board": 1}
    assert {k for item in result["items"].values() for k in item["by_role"]} == {"leader"}
    assert all(d["team_score"] is None and d["gap"] is None for d in result["dimensions"].values())
    assert result["disagreements"] == []


@pytest.mark.parametrize("language", ["zh", "en"])
def test_the_pdf_and_the_page_show_no_figure_of_one_board_member(data, language):
    ctx = context(data, language)
    view = json.dumps(printable_view(ctx), ensure_ascii=False)
    text = pdf_text(ctx)
    assert data["organisations"][0]["profile"]["name_zh"] in text
    for shown in (text, view):
        assert not ROLE_FIGURE.search(shown)
    assert ctx["charts"]["gap"] is None and not ctx["key_person"]["has_team"]
    said = {"zh": "这次只有 1 位员工或理事作答，不足 3 位", "en": "Only 1 staff or board member answered: fewer than 3"}
    assert said[language] in ctx["key_person"]["gap_text"]
    summary = {
        "zh": "作答的员工或理事不足 3 位，为保护他们，他们的回答没有计入",
        "en": "Fewer than 3 staff or board members",
    }
    assert summary[language] in ctx["summary"]["risk_text"]  # not "only the leader answered", nor "they agree"
    assert re.sub(r"\s+", "", said[language]) in re.sub(r"\s+", "", text)


def test_a_result_made_before_the_rule_is_not_printed_with_its_role_figures(data):
    """Reporting checks again: an older result carrying the board member's mean and a gap."""
    result = copy.deepcopy(data["organisations"][0]["scored"]["result"])
    code = CODES[0]
    result["items"][code]["by_role"] = {"leader": 4.0, "board": 1.0}
    result["items"][code].update(min=1, max=4, spread=3, flagged=True)
    result["disagreements"] = [code]
    for dimension in result["dimensions"].values():
        dimension.update(team_score=0.0, gap=100.0)
    ctx = context(data, "zh", result)
    assert ctx["charts"]["gap"] is None and not ctx["key_person"]["has_team"]
    assert [d["by_role_text"] for d in ctx["key_person"]["disagreements"]] == ["负责人 4.0"]
    text = pdf_text(ctx)
    assert "负责人 4.0" in text and not ROLE_FIGURE.search(text)

    data = copy.deepcopy(data)
    data["organisations"][0]["scored"]["result"] = result
    wheel, rows = spreadsheets(data)
    team = team_columns([c.value for c in wheel[1]])
    assert all(wheel[2][i].value is None for i in team)
    assert any(row[i].value is not None for row in wheel.iter_rows(min_row=3) for i in team)  # teams of 3 keep theirs
    assert all(rows[1][i] == "" for i in team_columns(rows[0]))


def spreadsheets(data):
    zh = speaker("zh", TRANSLATIONS)
    book = openpyxl.load_workbook(io.BytesIO(scores_workbook(data["workshop"], data["organisations"], zh)))
    flat = scores_csv(data["workshop"], data["organisations"], zh).decode("utf-8-sig")
    return book["运营之轮"], list(csv.reader(io.StringIO(flat)))


def team_columns(headers):
    found = [i for i, h in enumerate(headers) if h and ("团队评分" in h or "差距（负责人" in h)]
    assert len(found) == 20, headers  # team and gap for the hub, 8 spokes and governance
    return found


def test_the_xlsx_and_csv_hold_no_team_figure_of_one_board_member(data):
    wheel, rows = spreadsheets(data)
    headers = [c.value for c in wheel[1]]
    assert all(wheel[2][i].value is None for i in team_columns(headers))
    assert all(rows[1][i] == "" for i in team_columns(rows[0]))
    leader = [i for i, h in enumerate(headers) if h.endswith("负责人评分")]
    assert len(leader) == 10 and {wheel[2][i].value for i in leader} == {100.0}
