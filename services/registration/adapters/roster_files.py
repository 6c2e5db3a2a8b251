"""Roster files: the list of organisations facilitators keep in Excel, read from and written to
CSV and XLSX.

This is the file layer only. Reading turns an uploaded file into rows of cell text keyed by
field; whether a value is acceptable is for the caller's validation. Writing produces files
that Excel opens correctly (Chinese included) and that cannot run formulas (CSV injection).

Uploads are untrusted: the type is checked by extension and by content, an XLSX is measured
before it is opened (zip bombs), and every way a file can fail to parse ends as a
RosterFileError with a message for the user (a msgid of the registration catalogue).
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import PurePosixPath
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from services.common.errors import ServiceError
from services.common.i18n import N_
from services.common.spreadsheets import CONTROL_CHARACTERS, FORMULA_TRIGGERS, cell_text, neutralise


@dataclass(frozen=True)
class Column:
    field: str  # e.g. "name_zh"
    zh: str  # header in Chinese, e.g. "机构名称"
    en: str  # header in English, e.g. "Organisation name (Chinese)"
    aliases: tuple[str, ...] = ()  # other headers people use, e.g. ("名称", "机构")

    @property
    def header(self) -> str:
        """The header an export writes: "机构名称 Organisation name (Chinese)"."""
        return f"{self.zh} {self.en}".strip()


ROSTER_COLUMNS: tuple[Column, ...] = (
    Column(
        "name_zh",
        "机构名称",
        "Organisation name (Chinese)",
        (
            "名称",
            "机构",
            "机构名",
            "组织名称",
            "中文名称",
            "机构中文名称",
            "Organisation name",
            "Organization name",
            "Organisation",
            "Organization",
            "Name",
        ),
    ),
    Column(
        "name_en",
        "英文名称",
        "Organisation name (English)",
        ("英文名", "机构英文名称", "English name", "Organization name (English)", "Name (English)"),
    ),
    Column(
        "credit_code",
        "统一社会信用代码",
        "Unified social credit code",
        ("信用代码", "社会信用代码", "统一代码", "USCC", "Credit code"),
    ),
    Column(
        "legal_form",
        "机构类型",
        "Legal form",
        ("类型", "组织类型", "组织形式", "登记类型", "法律形式", "Type", "Organisation type", "Organization type"),
    ),
    Column(
        "founded_year",
        "成立年份",
        "Year founded",
        ("成立时间", "成立年", "成立日期", "注册年份", "Founded", "Founding year", "Year of founding"),
    ),
    Column(
        "years_in_sector",
        "从业年限",
        "Years in the sector",
        ("从业年数", "公益从业年限", "行业年限", "Years in sector"),
    ),
    Column(
        "focus_areas",
        "关注领域",
        "Focus areas",
        ("领域", "业务领域", "服务领域", "关注议题", "Focus", "Focus area", "Areas"),
    ),
    Column(
        "service_region",
        "服务地区",
        "Service region",
        ("服务区域", "服务范围", "地区", "所在地区", "Region", "Service area"),
    ),
    Column("leader_name", "负责人", "Leader", ("负责人姓名", "机构负责人", "Leader name", "Head", "Director")),
    Column(
        "mobile",
        "手机",
        "Mobile",
        ("手机号", "手机号码", "联系电话", "电话", "Phone", "Mobile phone", "Telephone", "Tel"),
    ),
    Column(
        "email", "邮箱", "E-mail", ("电子邮箱", "电子邮件", "邮件", "email", "E-mail address", "Email address", "Mail")
    ),
    Column(
        "staff_full_time",
        "全职人数",
        "Full-time staff",
        ("全职员工", "全职员工人数", "全职", "专职人数", "专职员工", "Full-time"),
    ),
    Column("staff_part_time", "兼职人数", "Part-time staff", ("兼职员工", "兼职员工人数", "兼职", "Part-time")),
    Column("volunteers", "志愿者人数", "Volunteers", ("志愿者", "志愿者数", "志愿者数量", "Volunteer count")),
)


@dataclass(frozen=True)
class RosterRow:
    number: int  # the row number the spreadsheet shows (header = 1 in a plain file)
    values: dict[str, str]  # field -> cell text, stripped; empty cells omitted


@dataclass(frozen=True)
class RosterTable:
    rows: list[RosterRow]
    unknown_headers: list[str]  # headers that matched no column, in file order
    column_of: dict[str, str]  # field -> header text as it appears in the file
    header_row: int = 1  # the row number of the header (a title line may sit above)
    duplicate_headers: list[str] = dataclass_field(default_factory=list)
    # ^ headers naming a field an earlier column already took; their cells are ignored


class RosterFileError(ServiceError):
    """The file as a whole cannot be read. .status is 413 (too large) or 422 (unreadable /
    wrong type / no header); .message is for the user; .code names the case for the caller ("unsupported_type", "type_mismatch", "empty", "encoding", "malformed",
    "unreadable", "no_header", "too_many_rows", "too_large")."""

    def __init__(self, status: int, message: str, *, code: str, **params: Any):
        super().__init__(message, **params)
        self.status = status
        self.code = code


# ---------------------------------------------------------------------------- limits

MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # an XLSX may expand to at most this
MAX_COMPRESSION_RATIO = 100  # overall, once the content is past RATIO_FLOOR_BYTES
RATIO_FLOOR_BYTES = 1024 * 1024  # small workbooks may compress well; they are harmless
MAX_ZIP_MEMBERS = 1000
HEADER_SEARCH_ROWS = 5  # the header must be among the first 5 non-empty rows

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and password-protected .xlsx


# ---------------------------------------------------------------------------- reading


def read_roster(filename: str, content: bytes, columns: Sequence[Column], *, max_rows: int = 1000) -> RosterTable:
    """Read an uploaded roster (CSV or XLSX). Raises RosterFileError when the file as a whole
    cannot be read; single bad values are left for the caller's validation."""
    index = _header_index(columns)
    if _file_kind(filename, content) == "csv":
        return _build_table(_csv_rows(content, index), columns, index, max_rows)
    return _read_xlsx(content, columns, index, max_rows)


def _file_kind(filename: str, content: bytes) -> str:
    ext = PurePosixPath((filename or "").replace("\\", "/")).suffix.lower()
    if ext not in (".csv", ".xlsx"):
        raise _unsupported(ext)
    if not content:
        raise RosterFileError(422, N_("The file is empty."), code="empty")
    is_zip = content.startswith(_ZIP_MAGIC)
    is_ole = content.startswith(_OLE_MAGIC)
    if ext == ".xlsx":
        if is_zip:
            return "xlsx"
        if is_ole:
            raise RosterFileError(
                422,
                N_(
                    "The file is named .xlsx but holds an old Excel (.xls) workbook or a password-protected "
                    "one. Remove the password, save it as .xlsx or .csv and upload it again."
                ),
                code="type_mismatch",
            )
        raise RosterFileError(
            422,
            N_(
                "The file is named .xlsx but is not an Excel workbook. Please save it as .xlsx or .csv and upload it again."
            ),
            code="type_mismatch",
        )
    if is_zip or is_ole:
        raise RosterFileError(
            422,
            N_(
                "The file is named .csv but holds an Excel workbook. Rename it back to .xlsx, or use "
                "“Save As” CSV (comma delimited) in Excel and upload it again."
            ),
            code="type_mismatch",
        )
    return "csv"


def _unsupported(ext: str) -> RosterFileError:
    if ext in (".xls", ".xlsm", ".xlsb", ".xltx", ".xltm", ".xlt"):
        message = N_(
            "Excel files in the %(ext)s format are not supported. Please save it as .xlsx or .csv and upload it again."
        )
    elif ext == ".numbers":
        message = N_(
            "Numbers files are not supported. In Numbers choose File › Export To › Excel (or CSV) and upload that."
        )
    elif ext in (".ods", ".et", ".ett"):
        message = N_(
            "%(ext)s files are not supported. In WPS or LibreOffice, save it as .xlsx or .csv and upload it again."
        )
    elif ext:
        message = N_("%(ext)s files are not supported. Upload an .xlsx or .csv file.")
    else:
        message = N_("Files without an extension are not supported. Upload an .xlsx or .csv file.")
    return RosterFileError(422, message, code="unsupported_type", ext=ext)


# --- CSV


def _csv_rows(content: bytes, index: Mapping[str, str]) -> Iterator[tuple[int, list[str]]]:
    text = _decode(content)
    if "\x00" in text:
        raise RosterFileError(
            422,
            N_(
                "The file does not hold text, so it cannot be read as CSV. "
                "Please save it as .xlsx or .csv and upload it again."
            ),
            code="malformed",
        )
    delimiter = None
    first_line, _, rest = text.partition("\n")
    hint = re.fullmatch(r"\s*sep=([,;\t|])\s*", first_line)  # Excel's "sep=;" line; Excel does not show it as a row
    if hint:
        delimiter, text = hint.group(1), rest
    if delimiter is None:
        delimiter = _sniff_delimiter(text, index)
    return _parse_csv(text, delimiter)


def _decode(content: bytes) -> str:
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # Excel's "Unicode text"
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError:
            pass
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise RosterFileError(
        422,
        N_(
            "The file's text encoding is not recognised. In Excel use “Save As” CSV UTF-8 "
            "(comma delimited) and upload it again."
        ),
        code="encoding",
    )


def _sniff_delimiter(text: str, index: Mapping[str, str]) -> str:
    """Pick among , ; and tab the delimiter whose first rows yield the most known headers
    (then the widest header row). Ties go to the comma."""
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        score = (0, 0)
        try:
            non_empty = 0
            for record in itertools.islice(reader, 50):
                cells = [_clean(c) for c in record]
                if not any(cells):
                    continue
                matches = sum(1 for c in cells if c and _header_key(c) in index)
                if matches:
                    score = max(score, (matches, len(cells)))
                non_empty += 1
                if non_empty >= HEADER_SEARCH_ROWS:
                    break
        except csv.Error:
            pass
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _parse_csv(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    # strict: an unclosed quote is an error rather than the rest of the file in one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    number = 0
    try:
        for number, record in enumerate(reader, start=1):  # records, as Excel numbers rows
            yield number, record
    except csv.Error as exc:
        raise RosterFileError(
            422,
            N_(
                "The CSV file is malformed near row %(row)s (perhaps an unmatched quote). Save it again as CSV "
                "from Excel, or upload an .xlsx file instead."
            ),
            code="malformed",
            row=number + 1,
        ) from exc


# --- XLSX


def _read_xlsx(content: bytes, columns: Sequence[Column], index: Mapping[str, str], max_rows: int) -> RosterTable:
    _guard_zip(content)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise _unreadable_xlsx() from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise _unreadable_xlsx()
        sheet = sheets[0]
        sheet.reset_dimensions()  # the stored dimension can be wrong; read what is there
        rows = (
            (number, [cell_text(value) for value in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
        )
        return _build_table(rows, columns, index, max_rows)
    except RosterFileError:
        raise
    except Exception as exc:
        raise _unreadable_xlsx() from exc
    finally:
        workbook.close()


def _guard_zip(content: bytes) -> None:
    """Measure the archive before openpyxl expands it. The sizes come from the central
    directory; Python's zipfile never yields more than a member's declared size (it stops
    and fails the CRC check), so a member that lies about its size cannot expand further."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise _unreadable_xlsx() from exc
    if len(members) > MAX_ZIP_MEMBERS:
        raise _too_large_xlsx()
    expanded = sum(member.file_size for member in members)
    compressed = sum(member.compress_size for member in members)
    if expanded > MAX_UNCOMPRESSED_BYTES:
        raise _too_large_xlsx()
    if expanded > RATIO_FLOOR_BYTES and expanded > MAX_COMPRESSION_RATIO * max(compressed, 1):
        raise _too_large_xlsx()


def _unreadable_xlsx() -> RosterFileError:
    return RosterFileError(
        422,
        N_(
            "This Excel file cannot be read; it may be damaged or not an .xlsx workbook. Save it again "
            "as .xlsx or .csv in Excel and upload it again."
        ),
        code="unreadable",
    )


def _too_large_xlsx() -> RosterFileError:
    return RosterFileError(
        413,
        N_(
            "This Excel file expands to too much data (the limit is %(limit)s MB). Remove pictures and extra "
            "sheets, or save it as .csv and upload it again."
        ),
        code="too_large",
        limit=MAX_UNCOMPRESSED_BYTES // (1024 * 1024),
    )


# --- shared


def _build_table(
    rows: Iterable[tuple[int, list[str]]], columns: Sequence[Column], index: Mapping[str, str], max_rows: int
) -> RosterTable:
    rows = iter(rows)
    header_number, header = _find_header(rows, columns, index)

    field_at: dict[int, str] = {}
    column_of: dict[str, str] = {}
    unknown: list[str] = []
    duplicate: list[str] = []
    for position, raw in enumerate(header):
        shown = " ".join(raw.split())
        if not shown:
            continue
        field = index.get(_header_key(shown))
        if field is None:
            unknown.append(shown)
        elif field in column_of:
            duplicate.append(shown)
        else:
            field_at[position] = field
            column_of[field] = shown

    result: list[RosterRow] = []
    for number, cells in rows:
        texts = [_clean(cell) for cell in cells]
        if not any(texts):
            continue  # a blank row: skipped, though it still takes its row number
        if len(result) >= max_rows:
            raise RosterFileError(
                413,
                N_("A roster may have at most %(max_rows)s rows; this file has more. Split it into several files."),
                code="too_many_rows",
                max_rows=max_rows,
            )
        values = {}
        for position, field in field_at.items():
            text = _unquote(texts[position]) if position < len(texts) else ""
            if text:
                values[field] = text
        result.append(RosterRow(number=number, values=values))
    return RosterTable(
        rows=result, unknown_headers=unknown, column_of=column_of, header_row=header_number, duplicate_headers=duplicate
    )


def _find_header(
    rows: Iterator[tuple[int, list[str]]], columns: Sequence[Column], index: Mapping[str, str]
) -> tuple[int, list[str]]:
    """The header is the first row naming at least one known column, among the first
    HEADER_SEARCH_ROWS non-empty rows (a title line may sit above it)."""
    seen = 0
    for number, cells in rows:
        texts = [_clean(cell) for cell in cells]
        if not any(texts):
            continue
        if any(text and _header_key(text) in index for text in texts):
            return number, texts
        seen += 1
        if seen >= HEADER_SEARCH_ROWS:
            break
    if seen == 0:
        raise RosterFileError(422, N_("The file has no content."), code="empty")
    examples = "、".join(f"「{column.zh}」" for column in columns[:3])
    raise RosterFileError(
        422,
        N_(
            "No header row found: none of the first %(rows)s rows names a known column (such as %(examples)s). "
            "Make sure the first row of the first sheet holds the column headers."
        ),
        code="no_header",
        rows=HEADER_SEARCH_ROWS,
        examples=examples,
    )


_EDGE_JUNK = re.compile(r"^[\s\u200b-\u200d\u2060\ufeff]+|[\s\u200b-\u200d\u2060\ufeff]+$")


def _clean(text: str) -> str:
    """Trim whitespace (full-width and no-break spaces included) and zero-width characters."""
    return _EDGE_JUNK.sub("", text) if text else ""


def _unquote(text: str) -> str:
    """Undo neutralise(): our own exports write "'=..." so that Excel shows text, not a formula.
    Reading such a file back gives the original value."""
    if len(text) > 1 and text[0] == "'" and text[1] in FORMULA_TRIGGERS:
        return _clean(text[1:])
    return text


# --- header matching

_HEADER_NOISE = re.compile(r"[\s_\-.·:：()\[\]{}（）【】［］｛｝〔〕<>《》〈〉]")
_REQUIRED_MARKERS = ("必填", "选填", "required", "optional")


def _header_key(text: str) -> str:
    """Header text reduced for matching: case, spaces, brackets (full- and half-width),
    "-", "_", ":" and a leading or trailing "*" / "（必填）" do not count."""
    key = _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", text).casefold())
    while True:
        stripped = key.strip("*")
        for marker in _REQUIRED_MARKERS:
            if stripped.endswith(marker) and len(stripped) > len(marker):
                stripped = stripped[: -len(marker)]
        if stripped == key:
            return key
        key = stripped


def _header_index(columns: Sequence[Column]) -> dict[str, str]:
    """Matching key -> field, for every name a column answers to."""
    index: dict[str, str] = {}
    for column in columns:
        names = (column.field, column.zh, column.en, column.zh + column.en, column.en + column.zh, *column.aliases)
        for name in names:
            key = _header_key(name)
            if not key:
                continue
            other = index.setdefault(key, column.field)
            if other != column.field:
                raise ValueError(f"header {name!r} would name both {other!r} and {column.field!r}")
    return index


# ---------------------------------------------------------------------------- writing

# Characters XML 1.0 forbids (openpyxl refuses them); also dropped so they cannot hide a trigger.


def _exportcell_text(value: object) -> str:
    """A neutralised value as CSV text."""
    return value if isinstance(value, str) else cell_text(value)


def write_roster_csv(columns: Sequence[Column], rows: Iterable[Mapping[str, object]]) -> bytes:
    """UTF-8 with a BOM (so Excel shows Chinese correctly), CRLF line ends, one header row
    "机构名称 Organisation name (Chinese)" style."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.header for column in columns])
    for row in rows:
        writer.writerow([_exportcell_text(neutralise(row.get(column.field))) for column in columns])
    return buffer.getvalue().encode("utf-8-sig")


def write_roster_xlsx(
    columns: Sequence[Column], rows: Iterable[Mapping[str, object]], sheet_title: str = "名册 Roster"
) -> bytes:
    """One sheet: bold, frozen header row, column widths fitted to the content (within
    limits). Text is always stored as text, never as a formula or an error value."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(sheet_title)
    widths = [_display_width(column.header) for column in columns]

    bold = Font(bold=True)
    for position, column in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=position)
        _put(cell, column.header)
        cell.font = bold
        cell.alignment = Alignment(vertical="center")

    row_number = 1
    for row_number, row in enumerate(rows, start=2):
        for position, column in enumerate(columns, start=1):
            value = neutralise(row.get(column.field))
            if value == "":
                continue
            _put(sheet.cell(row=row_number, column=position), value)
            widths[position - 1] = max(widths[position - 1], _display_width(_exportcell_text(value)))

    for position, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(position)].width = min(max(width + 2, 10), 50)
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(row_number, 1)}"

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _put(cell, value: object) -> None:
    cell.value = value
    if isinstance(value, str):
        # openpyxl would store "=..." as a formula and "#N/A" as an error; ours is text.
        cell.data_type = "s"


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\\/?*\[\]:]", " ", CONTROL_CHARACTERS.sub("", title or "")).strip().strip("'")
    return cleaned[:31].strip() or "Roster"


def _display_width(text: str) -> int:
    """Width in Excel character units of the longest line: CJK characters count double."""
    widest = 0
    for line in text[:500].splitlines() or [""]:
        width = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in line)
        widest = max(widest, width)
    return widest
