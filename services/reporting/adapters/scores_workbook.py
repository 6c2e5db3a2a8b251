"""Every organisation's scores and indicators of a workshop, for the facilitator's Excel:
an XLSX with a sheet per section and a flat CSV (Overview + Wheel + Finance columns).

One row per organisation, in the summary's language: headers and labels come from the
reporting catalogue through the `Speaker`, the instrument's names are bilingual data picked
in that language. Every text cell goes through the shared `neutralise` (formula injection: a
name like `=HYPERLINK(...)` stays text); numbers stay numbers and get a number format, never
text.
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

from services.common.contracts.diagnosis import MIN_RATERS
from services.common.i18n import N_, Speaker
from services.common.spreadsheets import neutralise
from services.reporting.domain.organisation_report.partners import intent_kind_name, month_name
from services.reporting.domain.organisation_report.shared import team_size
from services.reporting.domain.workshop_summary import PERCENT_INDICATORS, display_width
from services.reporting.domain.workshop_summary.tables import focus_area

SCORE = "0.0"
MONEY = "#,##0"
COUNT = "0"
PERCENT = "0.0%"
RATIO = "0.00"

CREATOR = "年轮 Nianlun"  # the product's name, the same in both languages
KIND_NAMES = {"dimension": N_("wheel"), "indicator": N_("finance")}
BAND_NAMES = {"low": N_("low"), "medium": N_("medium"), "high": N_("high")}
FLAG_NAMES = {True: N_("risk"), False: N_("ok")}


@dataclass(frozen=True)
class Column:
    header: str  # in the sheet's language
    value: Callable[[Mapping, Mapping], Any]  # (organisation entry, its result) -> cell value
    number_format: str | None = None  # for numbers
    width: int | None = None


def scores_workbook(
    workshop: Mapping, organisations: Sequence[Mapping], speak: Speaker, intents: Sequence[Mapping] = ()
) -> bytes:
    """An XLSX: Overview, Wheel, Scorecard, Finance, Priorities (named in `speak`'s language);
    one row per organisation, the header row frozen and filtered; then the cooperation intents
    agreed, one row per intent (apart from the matches suggested, which are not in it)."""
    results = [_result(o) for o in organisations]
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    title = _text(speak.pick({"zh": workshop.get("title_zh") or "", "en": workshop.get("title_en") or ""}))
    scores = speak.pgettext("spreadsheet", "Scores")
    workbook.properties.title = (speak.gettext("%(title)s · %(what)s", title=title, what=scores) if title else scores)[
        :250
    ]
    workbook.properties.creator = CREATOR
    for sheet_title, columns in _sheets(results, speak):
        _write_sheet(workbook.create_sheet(sheet_title[:31]), columns, organisations, results)
    _write_sheet(
        workbook.create_sheet(speak.pgettext("sheet", "Agreed intents")[:31]), _intents(speak), intents, intents
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def scores_csv(
    workshop: Mapping, organisations: Sequence[Mapping], speak: Speaker, intents: Sequence[Mapping] = ()
) -> bytes:
    """UTF-8 with a BOM (Excel shows Chinese correctly), CRLF: the Overview, Wheel and Finance
    columns in one flat table, one row per organisation; when intents were agreed, after an
    empty line, their own table under its title."""
    results = [_result(o) for o in organisations]
    columns = _overview(results, speak) + _wheel(results, speak)[1:] + _finance(results, speak)[1:]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in columns])
    for organisation, result in zip(organisations, results, strict=False):
        writer.writerow([_csv_text(_safe(c.value(organisation, result))) for c in columns])
    if intents:
        intent_columns = _intents(speak)
        writer.writerow([])
        writer.writerow([_text(speak.pgettext("sheet", "Agreed intents"))])
        writer.writerow([c.header for c in intent_columns])
        for intent in intents:
            writer.writerow([_csv_text(_safe(c.value(intent, intent))) for c in intent_columns])
    return buffer.getvalue().encode("utf-8-sig")


def _intents(speak: Speaker) -> list[Column]:
    """The cooperation intents agreed: both sides, kind, what, target month, who recorded it."""
    recorded = {
        "organisation": speak.pgettext("recorded by", "the two organisations"),
        "facilitator": speak.pgettext("recorded by", "the facilitator (agreed in the room)"),
    }
    return [
        Column(
            speak.pgettext("column", "Proposed by"), lambda i, _: speak.pick(i.get("proposer_name")) or None, width=30
        ),
        Column(speak.pgettext("column", "Partner"), lambda i, _: speak.pick(i.get("partner_name")) or None, width=30),
        Column(speak.pgettext("column", "Kind"), lambda i, _: intent_kind_name(str(i.get("kind") or ""), speak)),
        Column(speak.pgettext("column", "What"), lambda i, _: i.get("what") or None, width=50),
        Column(
            speak.pgettext("column", "Target month"), lambda i, _: month_name(str(i.get("target_month") or ""), speak)
        ),
        Column(speak.pgettext("column", "Recorded by"), lambda i, _: recorded.get(str(i.get("recorded_by")))),
    ]


# --------------------------------------------------------------------------- the columns


def _sheets(results: Sequence[Mapping], speak: Speaker) -> list[tuple[str, list[Column]]]:
    return [
        (speak.pgettext("sheet", "Overview"), _overview(results, speak)),
        (speak.pgettext("sheet", "Wheel"), _wheel(results, speak)),
        (speak.pgettext("sheet", "Scorecard"), _scorecard(results, speak)),
        (speak.pgettext("sheet", "Finance"), _finance(results, speak)),
        (speak.pgettext("sheet", "Priorities"), _priorities(results, speak)),
    ]


def _name_column(speak: Speaker) -> Column:
    return Column(speak.pgettext("column", "Organisation"), lambda o, r: _name(o, r), width=34)


def _overview(results: Sequence[Mapping], speak: Speaker) -> list[Column]:
    return [
        _name_column(speak),
        Column(
            speak.pgettext("column", "Organisation (English)"),
            lambda o, r: _scored(o).get("organisation_name_en") or (o.get("profile") or {}).get("name_en"),
        ),
        Column(speak.pgettext("column", "Service region"), lambda o, r: (o.get("profile") or {}).get("service_region")),
        Column(
            speak.pgettext("column", "Focus areas"),
            lambda o, r: _focus((o.get("profile") or {}).get("focus_areas"), speak),
        ),
        Column(speak.pgettext("column", "Stage"), lambda o, r: _picked((r.get("stage") or {}).get("name"), speak)),
        Column(
            speak.pgettext("column", "Best-fit path"),
            lambda o, r: _picked(((r.get("paths") or [{}])[0]).get("name"), speak),
        ),
        Column(speak.pgettext("column", "Overall score"), lambda o, r: _overall(o, r), SCORE),
        Column(
            speak.pgettext("column", "Key-person risk index"),
            lambda o, r: (r.get("key_person_risk") or {}).get("index"),
            SCORE,
        ),
        Column(
            speak.pgettext("column", "Key-person risk band"),
            lambda o, r: _named(BAND_NAMES, (r.get("key_person_risk") or {}).get("band"), speak),
        ),
        Column(speak.pgettext("column", "Raters"), lambda o, r: (r.get("raters") or {}).get("count"), COUNT),
        Column(speak.pgettext("column", "Leader raters"), lambda o, r: _role(r, "leader"), COUNT),
        Column(speak.pgettext("column", "Staff raters"), lambda o, r: _role(r, "staff"), COUNT),
        Column(speak.pgettext("column", "Board raters"), lambda o, r: _role(r, "board"), COUNT),
        Column(
            speak.pgettext("column", "Items raters disagree on"), lambda o, r: len(r.get("disagreements") or []), COUNT
        ),
        Column(speak.pgettext("column", "Items answered"), lambda o, r: _answered(o, r), COUNT),
        Column(speak.pgettext("column", "Diagnosis version"), lambda o, r: _scored(o).get("diagnosis_version"), COUNT),
        Column(
            speak.pgettext("column", "Instrument version"),
            lambda o, r: _scored(o).get("instrument_version") or r.get("instrument_version"),
        ),
    ]


def _wheel(results: Sequence[Mapping], speak: Speaker) -> list[Column]:
    columns = [_name_column(speak)]
    for code, name in _codes(results, "dimensions"):
        dimension = _picked(name, speak) or code
        columns += [
            Column(
                speak.gettext("%(dimension)s: score", dimension=dimension), _getter("dimensions", code, "score"), SCORE
            ),
            Column(
                speak.gettext("%(dimension)s: leader", dimension=dimension),
                _getter("dimensions", code, "leader_score"),
                SCORE,
            ),
            Column(
                speak.gettext("%(dimension)s: team", dimension=dimension),
                _team_getter(code, "team_score"),
                SCORE,
            ),
            Column(
                speak.gettext("%(dimension)s: gap (leader − team)", dimension=dimension),
                _team_getter(code, "gap"),
                SCORE,
            ),
        ]
    return columns


def _scorecard(results: Sequence[Mapping], speak: Speaker) -> list[Column]:
    columns = [_name_column(speak)]
    for code, name in _codes(results, "perspectives"):
        columns.append(Column(_picked(name, speak) or code, _getter("perspectives", code, "score"), SCORE, width=18))
    return columns


def _finance_field(key: str):
    return lambda o, r: (r.get("finance") or {}).get(key)


def _finance(results: Sequence[Mapping], speak: Speaker) -> list[Column]:
    columns = [
        _name_column(speak),
        Column(
            speak.pgettext("column", "Total revenue (yuan)"),
            _finance_field("total_revenue"),
            MONEY,
        ),
        Column(
            speak.pgettext("column", "Total expenses (yuan)"),
            _finance_field("total_expenses"),
            MONEY,
        ),
        Column(
            speak.pgettext("column", "Income sources"),
            _finance_field("income_sources"),
            COUNT,
        ),
    ]
    indicators: dict[str, Any] = {}
    for result in results:
        for code, entry in ((result.get("finance") or {}).get("indicators") or {}).items():
            indicators.setdefault(code, entry.get("name"))
    for code, name in indicators.items():
        indicator = _picked(name, speak) or code
        number_format = PERCENT if code in PERCENT_INDICATORS else SCORE if code == "months_of_reserve" else RATIO

        def flag(o, r, code=code):
            return _flag(_indicator(code, "flag")(o, r), speak)

        columns += [
            Column(indicator, _indicator(code, "value"), number_format),
            Column(speak.gettext("%(indicator)s: flag", indicator=indicator), flag),
        ]
    columns += [
        Column(
            speak.pgettext("column", "Tuckman–Chang flags"),
            _finance_field("tuckman_chang_flags"),
            COUNT,
        ),
        Column(
            speak.pgettext("column", "Tuckman–Chang ratios known"),
            _finance_field("tuckman_chang_known"),
            COUNT,
        ),
    ]
    return columns


def _priorities(results: Sequence[Mapping], speak: Speaker) -> list[Column]:
    columns = [_name_column(speak)]
    for rank in (1, 2, 3):

        def priority(o, r, rank=rank) -> Mapping:
            return next((p for p in r.get("priorities") or [] if p.get("rank") == rank), {})

        def name(o, r, p=priority):
            return _picked(p(o, r).get("name"), speak)

        def area(o, r, p=priority):
            return _named(KIND_NAMES, p(o, r).get("kind"), speak)

        def score(o, r, p=priority):
            return p(o, r).get("score")

        def action(o, r, p=priority):
            return _first_action(p(o, r), speak)

        columns += [
            Column(speak.gettext("Priority %(rank)d", rank=rank), name, width=26),
            Column(speak.gettext("Area %(rank)d", rank=rank), area),
            Column(speak.gettext("Score %(rank)d", rank=rank), score, SCORE),
            Column(speak.gettext("Suggested action %(rank)d", rank=rank), action, width=50),
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


def _team_getter(code: str, key: str):
    """A team figure only over at least MIN_RATERS staff and board raters, whatever the result says."""
    figure = _getter("dimensions", code, key)
    return lambda o, r: figure(o, r) if team_size(r) >= MIN_RATERS else None


def _indicator(code: str, key: str):
    return lambda o, r: (((r.get("finance") or {}).get("indicators") or {}).get(code) or {}).get(key)


def _role(result: Mapping, role: str):
    by_role = (result.get("raters") or {}).get("by_role") or {}
    return by_role.get(role, 0) if by_role else None


def _picked(name: Any, speak: Speaker) -> str | None:
    """The instrument's bilingual name in the sheet's language."""
    if not name:
        return None
    return speak.pick(name) if isinstance(name, Mapping) else str(name)


def _named(table: Mapping[str, str], code: Any, speak: Speaker) -> str | None:
    if not code:
        return None
    message = table.get(code)
    return speak.gettext(message) if message else str(code)


def _focus(codes: Any, speak: Speaker) -> str | None:
    if not codes:
        return None
    return speak.list(focus_area(str(c), speak) for c in codes)


def _flag(flag: Any, speak: Speaker) -> str | None:
    if flag is None:
        return None
    return speak.gettext(FLAG_NAMES[bool(flag)])


def _first_action(priority: Mapping, speak: Speaker) -> str | None:
    actions = priority.get("actions") or []
    return speak.pick(actions[0].get("text")) or None if actions else None


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
