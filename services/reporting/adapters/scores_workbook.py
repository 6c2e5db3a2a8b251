"""Every organisation's scores and indicators of a workshop, for the facilitator's Excel:
an XLSX with a sheet per section and a flat CSV (Overview + Wheel + Finance columns).

One row per organisation. Headers are bilingual ("机构名称 Organisation"). Every text cell goes
through the shared `neutralise` (formula injection: a name like `=HYPERLINK(...)` stays
text); numbers stay numbers and get a number format, never text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from services.common.spreadsheets import neutralise
from services.reporting.domain.workshop_summary import PERCENT_INDICATORS, display_width

from ..domain.labels import FOCUS_AREAS

SCORE = "0.0"
MONEY = "#,##0"
COUNT = "0"
PERCENT = "0.0%"
RATIO = "0.00"

KIND_NAMES = {"dimension": "运营之轮 wheel", "indicator": "财务指标 finance"}
BAND_NAMES = {"low": "较低 low", "medium": "中等 medium", "high": "较高 high"}


@dataclass(frozen=True)
class Column:
    header: str  # "机构名称 Organisation"
    value: Callable[[Mapping, Mapping], Any]  # (organisation entry, its result) -> cell value
    number_format: str | None = None  # for numbers
    width: int | None = None


def scores_workbook(workshop: Mapping, organisations: Sequence[Mapping]) -> bytes:
    """An XLSX: 概况 Overview, 运营之轮 Wheel, 平衡计分卡 Scorecard, 财务 Finance,
    优先事项 Priorities; one row per organisation, the header row frozen and filtered."""
    results = [_result(o) for o in organisations]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    title = _text(workshop.get("title_zh") or workshop.get("title_en") or "")
    workbook.properties.title = f"{title} · 诊断得分 Scores".strip(" ·")[:250]
    workbook.properties.creator = "年轮 Nianlun"
    for sheet_title, columns in _sheets(results):
        _write_sheet(workbook.create_sheet(sheet_title), columns, organisations, results)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scores_csv(workshop: Mapping, organisations: Sequence[Mapping]) -> bytes:
    """UTF-8 with a BOM (Excel shows Chinese correctly), CRLF: the Overview, Wheel and Finance
    columns in one flat table, one row per organisation."""
    results = [_result(o) for o in organisations]
    columns = _overview(results) + _wheel(results)[1:] + _finance(results)[1:]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for organisation, result in zip(organisations, results, strict=False):
        writer.writerow([_csv_text(_safe(c.value(organisation, result))) for c in columns])
    return buffer.getvalue().encode("utf-8-sig")


# --------------------------------------------------------------------------- the columns


def _sheets(results: Sequence[Mapping]) -> list[tuple[str, list[Column]]]:
    return [
        ("概况 Overview", _overview(results)),
        ("运营之轮 Wheel", _wheel(results)),
        ("平衡计分卡 Scorecard", _scorecard(results)),
        ("财务 Finance", _finance(results)),
        ("优先事项 Priorities", _priorities(results)),
    ]


def _name_column() -> Column:
    return Column("机构名称 Organisation", lambda o, r: _name(o, r), width=34)


def _overview(results: Sequence[Mapping]) -> list[Column]:
    return [
        _name_column(),
        Column(
            "英文名称 Organisation (English)",
            lambda o, r: _scored(o).get("organisation_name_en") or (o.get("profile") or {}).get("name_en"),
        ),
        Column("服务地区 Service region", lambda o, r: (o.get("profile") or {}).get("service_region")),
        Column("关注领域 Focus areas", lambda o, r: _focus((o.get("profile") or {}).get("focus_areas"))),
        Column("成长阶段 Stage", lambda o, r: _bilingual((r.get("stage") or {}).get("name"))),
        Column("最适合的发展路径 Best-fit path", lambda o, r: _bilingual(((r.get("paths") or [{}])[0]).get("name"))),
        Column("总分 Overall score", lambda o, r: _overall(o, r), SCORE),
        Column(
            "关键人物风险指数 Key-person risk index", lambda o, r: (r.get("key_person_risk") or {}).get("index"), SCORE
        ),
        Column(
            "关键人物风险等级 Key-person risk band", lambda o, r: _band((r.get("key_person_risk") or {}).get("band"))
        ),
        Column("评分人数 Raters", lambda o, r: (r.get("raters") or {}).get("count"), COUNT),
        Column("负责人 Leader raters", lambda o, r: _role(r, "leader"), COUNT),
        Column("员工 Staff raters", lambda o, r: _role(r, "staff"), COUNT),
        Column("理事 Board raters", lambda o, r: _role(r, "board"), COUNT),
        Column("评分分歧条目 Items raters disagree on", lambda o, r: len(r.get("disagreements") or []), COUNT),
        Column("已答条目 Items answered", lambda o, r: _answered(o, r), COUNT),
        Column("诊断版本 Diagnosis version", lambda o, r: _scored(o).get("diagnosis_version"), COUNT),
        Column(
            "工具版本 Instrument version",
            lambda o, r: _scored(o).get("instrument_version") or r.get("instrument_version"),
        ),
    ]


def _wheel(results: Sequence[Mapping]) -> list[Column]:
    columns = [_name_column()]
    for code, name in _codes(results, "dimensions"):
        zh, en = _zh_en(name, code)
        columns += [
            Column(f"{zh} 得分 {en}: score", _getter("dimensions", code, "score"), SCORE),
            Column(f"{zh} 负责人评分 {en}: leader", _getter("dimensions", code, "leader_score"), SCORE),
            Column(f"{zh} 团队评分 {en}: team", _getter("dimensions", code, "team_score"), SCORE),
            Column(f"{zh} 差距 {en}: gap (leader − team)", _getter("dimensions", code, "gap"), SCORE),
        ]
    return columns


def _scorecard(results: Sequence[Mapping]) -> list[Column]:
    columns = [_name_column()]
    for code, name in _codes(results, "perspectives"):
        zh, en = _zh_en(name, code)
        columns.append(Column(f"{zh} {en}", _getter("perspectives", code, "score"), SCORE, width=18))
    return columns


def _finance(results: Sequence[Mapping]) -> list[Column]:
    columns = [
        _name_column(),
        Column("总收入（元） Total revenue (yuan)", lambda o, r: (r.get("finance") or {}).get("total_revenue"), MONEY),
        Column(
            "总支出（元） Total expenses (yuan)", lambda o, r: (r.get("finance") or {}).get("total_expenses"), MONEY
        ),
        Column("收入来源数 Income sources", lambda o, r: (r.get("finance") or {}).get("income_sources"), COUNT),
    ]
    indicators: dict[str, Any] = {}
    for result in results:
        for code, entry in ((result.get("finance") or {}).get("indicators") or {}).items():
            indicators.setdefault(code, entry.get("name"))
    for code, name in indicators.items():
        zh, en = _zh_en(name, code)
        number_format = PERCENT if code in PERCENT_INDICATORS else SCORE if code == "months_of_reserve" else RATIO

        def flag(o, r, code=code):
            return _flag(_indicator(code, "flag")(o, r))

        columns += [
            Column(f"{zh} {en}", _indicator(code, "value"), number_format),
            Column(f"{zh} 警示 {en}: flag", flag),
        ]
    columns += [
        Column(
            "Tuckman–Chang 警示数 Tuckman–Chang flags",
            lambda o, r: (r.get("finance") or {}).get("tuckman_chang_flags"),
            COUNT,
        ),
        Column(
            "Tuckman–Chang 可计算指标数 Tuckman–Chang ratios known",
            lambda o, r: (r.get("finance") or {}).get("tuckman_chang_known"),
            COUNT,
        ),
    ]
    return columns


def _priorities(results: Sequence[Mapping]) -> list[Column]:
    columns = [_name_column()]
    for rank in (1, 2, 3):

        def priority(o, r, rank=rank) -> Mapping:
            return next((p for p in r.get("priorities") or [] if p.get("rank") == rank), {})

        def name(o, r, p=priority):
            return _bilingual(p(o, r).get("name"))

        def area(o, r, p=priority):
            return KIND_NAMES.get(p(o, r).get("kind"), p(o, r).get("kind"))

        def score(o, r, p=priority):
            return p(o, r).get("score")

        def action(o, r, p=priority):
            return _first_action(p(o, r))

        columns += [
            Column(f"优先事项 {rank} Priority {rank}", name, width=26),
            Column(f"领域类型 {rank} Area {rank}", area),
            Column(f"得分 {rank} Score {rank}", score, SCORE),
            Column(f"建议行动 {rank} Suggested action {rank}", action, width=50),
        ]
    return columns


# --------------------------------------------------------------------------- values


def _result(organisation: Mapping) -> Mapping:
    return _scored(organisation).get("result") or {}


def _scored(organisation: Mapping) -> Mapping:
    return organisation.get("scored") or {}


def _name(organisation: Mapping, result: Mapping) -> str:
    return (
        _scored(organisation).get("organisation_name_zh")
        or (organisation.get("profile") or {}).get("name_zh")
        or result.get("name_zh")
        or ""
    )


def _overall(organisation: Mapping, result: Mapping) -> float | None:
    """The headline the diagnosis sent; without it, the same figure from the result: the mean
    of the known hub and spoke scores (the wheel's overall score), to 1 decimal."""
    overall = (_scored(organisation).get("scores") or {}).get("overall")
    if overall is not None:
        return overall
    wheel = [
        d["score"]
        for d in (result.get("dimensions") or {}).values()
        if d.get("kind") in ("hub", "spoke") and d.get("score") is not None
    ]
    return round(sum(wheel) / len(wheel), 1) if wheel else None


def _answered(organisation: Mapping, result: Mapping) -> int | None:
    answered = (_scored(organisation).get("scores") or {}).get("answered")
    if answered is not None:
        return answered
    dimensions = (result.get("dimensions") or {}).values()
    return sum(int(d.get("answered_items") or 0) for d in dimensions) if dimensions else None


def _codes(results: Iterable[Mapping], part: str) -> list[tuple[str, Any]]:
    """The codes of a part (dimensions, perspectives) over all results, in their order."""
    codes: dict[str, Any] = {}
    for result in results:
        for code, entry in (result.get(part) or {}).items():
            codes.setdefault(code, entry.get("name"))
    return list(codes.items())


def _getter(part: str, code: str, key: str):
    return lambda o, r: ((r.get(part) or {}).get(code) or {}).get(key)


def _indicator(code: str, key: str):
    return lambda o, r: (((r.get("finance") or {}).get("indicators") or {}).get(code) or {}).get(key)


def _role(result: Mapping, role: str):
    by_role = (result.get("raters") or {}).get("by_role") or {}
    return by_role.get(role, 0) if by_role else None


def _zh_en(name: Any, code: str) -> tuple[str, str]:
    if isinstance(name, Mapping):
        return name.get("zh") or code, name.get("en") or code
    return code, code


def _bilingual(name: Any) -> str | None:
    if not name:
        return None
    if isinstance(name, Mapping):
        return " ".join(part for part in (name.get("zh"), name.get("en")) if part)
    return str(name)


def _focus(codes: Any) -> str | None:
    if not codes:
        return None
    return "、".join(FOCUS_AREAS.get(c, (str(c), ""))[0] for c in codes)


def _band(band: Any) -> str | None:
    return BAND_NAMES.get(band, band) if band else None


def _flag(flag: Any) -> str | None:
    if flag is None:
        return None
    return "风险 risk" if flag else "正常 ok"


def _first_action(priority: Mapping) -> str | None:
    actions = priority.get("actions") or []
    return (actions[0].get("text") or {}).get("zh") if actions else None


def _text(value: Any) -> str:
    safe = neutralise(value)
    return safe if isinstance(safe, str) else str(safe)


def _safe(value: Any) -> Any:
    """A cell value: numbers stay numbers (NaN and infinities become empty), text is neutralised."""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return neutralise(value)


def _csv_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else f"{value:.15g}"
    return str(value)


# --------------------------------------------------------------------------- the sheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8F0E9")
HEADER_WIDTH = 24  # header columns wrap beyond this width (Excel character units)


def _write_sheet(
    sheet, columns: Sequence[Column], organisations: Sequence[Mapping], results: Sequence[Mapping]
) -> None:
    widths = []
    header_lines = 1
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position)
        _put(cell, column.header)
        cell.font = HEADER_FONT
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(vertical="top", wrap_text=True)
        width = column.width or min(display_width(column.header), HEADER_WIDTH)
        widths.append(width)
        header_lines = max(header_lines, math.ceil(display_width(column.header) / max(width, 1)))

    for row_number, (organisation, result) in enumerate(zip(organisations, results, strict=False), start=2):
        for position, column in enumerate(columns, start=1):
            value = _safe(column.value(organisation, result))
            if value == "" or value is None:
                continue
            cell = sheet.cell(row=row_number, column=position)
            _put(cell, value)
            if isinstance(value, str):
                if column.width is None:
                    widths[position - 1] = max(widths[position - 1], min(display_width(value), 50))
            elif column.number_format:
                cell.number_format = column.number_format
            if column.width and isinstance(value, str) and display_width(value) > column.width:
                cell.alignment = Alignment(wrap_text=True, vertical="top")

    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = max(width + 2, 9)
    sheet.row_dimensions[1].height = 15 * min(header_lines + 1, 5)
    sheet.freeze_panes = "B2"
    last = max(len(organisations) + 1, 1)
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"


def _put(cell, value: Any) -> None:
    cell.value = value
    if isinstance(value, str):
        # openpyxl would store "=..." as a formula and "#N/A" as an error value; ours is text.
        cell.data_type = "s"
