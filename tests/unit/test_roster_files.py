"""Roster files: reading uploads (CSV, XLSX) and writing exports. Every file is built here."""

import csv
import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from services.common.errors import ServiceError
from services.registration.adapters.roster_files import (
    ROSTER_COLUMNS,
    Column,
    RosterFileError,
    neutralise,
    read_roster,
    write_roster_csv,
    write_roster_xlsx,
)
from tests.support.speech import en, zh

C = ROSTER_COLUMNS


def xlsx(rows, *, strings=()):
    """An XLSX whose first sheet holds rows (lists; None = empty cell). Cells at the (row, col)
    positions in strings are stored as text even when they start with "="."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if value is not None:
                cell = ws.cell(row=r, column=c, value=value)
                if (r, c) in strings:
                    cell.data_type = "s"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def patch_sheet(content, pattern, replacement, part="xl/worksheets/sheet1.xml"):
    """The workbook with its first sheet's XML (or another part's) edited: for what Excel writes
    but openpyxl does not (cached formula values, numbers written as floats), or what an attacker
    would write (a DOCTYPE declaring entities)."""
    with zipfile.ZipFile(io.BytesIO(content)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    xml = parts[part].decode()
    patched = re.sub(pattern, replacement, xml, count=1)
    assert patched != xml
    parts[part] = patched.encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return buffer.getvalue()


def csv_bytes(text, encoding="utf-8"):
    return text.encode(encoding)


def read_error(filename, content, **kwargs):
    with pytest.raises(RosterFileError) as caught:
        read_roster(filename, content, C, **kwargs)
    return caught.value


def only_values(table):
    return [(row.number, row.values) for row in table.rows]


# ---------------------------------------------------------------------------- XLSX


def test_xlsx_rows_keep_sheet_numbers_and_give_cell_text():
    content = xlsx(
        [
            ["2024 春季工作坊 机构名册"],  # a title line
            ["*机构名称", "Year founded（必填）", "手机号", "备注", "E-mail", "全职人数", "志愿者人数", "英文名称"],
            ["  甲机构\u3000", 2015, 13800138000, "x", "a@b.org", 3.0, 2.5, None],
            [None, None, None],  # blank row: skipped, counted
            ["乙机构", dt.datetime(2015, 6, 1), None, None, None, "=1+1", None, '=HYPERLINK("http://evil","x")'],
        ],
        strings={(5, 8)},
    )

    table = read_roster("名册.xlsx", content, C)

    assert table.header_row == 2
    assert only_values(table) == [
        (
            3,
            {
                "name_zh": "甲机构",
                "founded_year": "2015",
                "mobile": "13800138000",
                "email": "a@b.org",
                "staff_full_time": "3",
                "volunteers": "2.5",
            },
        ),
        # the formula has no cached value (openpyxl never computes one): empty, never "=1+1"
        (5, {"name_zh": "乙机构", "founded_year": "2015-06-01", "name_en": '=HYPERLINK("http://evil","x")'}),
    ]
    assert table.unknown_headers == ["备注"]
    assert table.column_of["name_zh"] == "*机构名称"
    assert table.column_of["founded_year"] == "Year founded（必填）"


def test_xlsx_formula_gives_its_cached_value_not_the_formula():
    content = xlsx([["机构名称", "全职人数"], ["甲", "=1+1"]])
    content = patch_sheet(content, r"<f>1\+1</f>(<v\s*/>|<v></v>)", "<f>1+1</f><v>2</v>")

    table = read_roster("r.xlsx", content, C)

    assert only_values(table) == [(2, {"name_zh": "甲", "staff_full_time": "2"})]


def test_xlsx_numbers_stored_as_floats_read_without_a_decimal_point():
    content = xlsx([["机构名称", "成立年份", "全职人数", "兼职人数"], ["甲", 1111, 2222, 0.1]])
    content = patch_sheet(content, "<v>1111</v>", "<v>2015.0</v>")
    content = patch_sheet(content, "<v>2222</v>", "<v>1.2E1</v>")
    content = patch_sheet(content, "<v>0.1</v>", "<v>0.30000000000000004</v>")

    table = read_roster("r.xlsx", content, C)

    assert only_values(table) == [
        (2, {"name_zh": "甲", "founded_year": "2015", "staff_full_time": "12", "staff_part_time": "0.3"})
    ]


def test_xlsx_reads_only_the_first_sheet_and_uppercase_extension():
    wb = openpyxl.Workbook()
    wb.active.append(["机构名称"])
    wb.active.append(["甲"])
    other = wb.create_sheet("其他")
    other.append(["机构名称"])
    other.append(["乙"])
    buffer = io.BytesIO()
    wb.save(buffer)

    table = read_roster("ROSTER.XLSX", buffer.getvalue(), C)

    assert only_values(table) == [(2, {"name_zh": "甲"})]


def test_zip_bomb_is_refused_before_it_is_expanded():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = bytes(1 << 20)
            for _ in range(60):  # 60 MB of zeros
                member.write(chunk)
    assert len(buffer.getvalue()) < 200_000

    error = read_error("bomb.xlsx", buffer.getvalue())

    assert (error.status, error.code) == (413, "too_large")
    assert "50 MB" in zh(error) and "50 MB" in en(error)


def test_highly_compressed_xlsx_under_the_size_limit_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", bytes(5 << 20))  # 5 MB, ratio about 1000:1

    error = read_error("ratio.xlsx", buffer.getvalue())

    assert (error.status, error.code) == (413, "too_large")


def test_xlsx_with_too_many_members_is_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for n in range(1001):
            archive.writestr(f"m{n}", b"")

    assert read_error("many.xlsx", buffer.getvalue()).status == 413


# An entity expanding to 10^9 "lol"s (3 GB) in a few hundred bytes, and one that would read a
# file of the server: openpyxl parses with defusedxml, which refuses any entity declaration.
BILLION_LAUGHS = (
    '<!DOCTYPE {root} [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{n} "' + f"&lol{n - 1};" * 10 + '">' for n in range(1, 10))
    + "]>"
)
EXTERNAL_ENTITY = '<!DOCTYPE {root} [<!ENTITY lol9 SYSTEM "file:///etc/passwd">]>'


def causes(error):
    while error is not None:
        yield error
        error = error.__cause__ or error.__context__


@pytest.mark.timeout(20)
@pytest.mark.parametrize("doctype", [BILLION_LAUGHS, EXTERNAL_ENTITY], ids=["billion-laughs", "external-entity"])
@pytest.mark.parametrize(
    "part, root, target",
    [
        ("xl/worksheets/sheet1.xml", "worksheet", "<t>机构名称</t>"),  # the header cell
        ("xl/workbook.xml", "workbook", '<sheet name="Sheet"'),  # the sheet's name
    ],
    ids=["sheet", "workbook"],
)
def test_xml_entities_in_an_xlsx_are_refused_not_expanded(doctype, part, root, target):
    from defusedxml import DefusedXmlException

    content = xlsx([["机构名称"], ["甲"]])
    content = patch_sheet(
        content, r"^(<\?xml[^>]*\?>)?", lambda m: (m.group(0) or "") + doctype.format(root=root), part=part
    )
    content = patch_sheet(
        content, target, target.replace("机构名称", "机构名称&lol9;").replace("Sheet", "&lol9;"), part=part
    )

    error = read_error("entities.xlsx", content)

    assert (error.status, error.code) == (422, "unreadable")  # the parser's usual message
    assert any(isinstance(cause, DefusedXmlException) for cause in causes(error))  # refused by defusedxml
    assert "lol" not in zh(error) + en(error) and "root:" not in zh(error) + en(error)


def test_openpyxl_parses_with_defusedxml():
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML is True


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04 not really a zip",  # truncated / damaged
        None,  # a zip that is no workbook
    ],
    ids=["damaged", "foreign-zip"],
)
def test_an_unreadable_xlsx_is_a_422(content):
    if content is None:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            archive.writestr("word/document.xml", "<w:document/>")
        content = buffer.getvalue()

    error = read_error("r.xlsx", content)

    assert (error.status, error.code) == (422, "unreadable")


def test_a_truncated_workbook_is_a_422():
    content = xlsx([["机构名称"], ["甲"]])
    error = read_error("r.xlsx", content[: len(content) // 2])
    assert error.status == 422


# ---------------------------------------------------------------------------- CSV


def test_csv_with_bom_does_not_leak_the_bom_into_the_header():
    content = csv_bytes("机构名称,手机\r\n甲,13800138000\r\n", "utf-8-sig")

    table = read_roster("r.csv", content, C)

    assert table.column_of == {"name_zh": "机构名称", "mobile": "手机"}
    assert only_values(table) == [(2, {"name_zh": "甲", "mobile": "13800138000"})]


def test_gbk_csv_from_chinese_excel_is_decoded():
    content = csv_bytes("机构名称,负责人姓名,服务地区\r\n绿色江河环境保护促进会,张三,四川省\r\n", "gbk")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")

    table = read_roster("r.csv", content, C)

    assert only_values(table) == [
        (2, {"name_zh": "绿色江河环境保护促进会", "leader_name": "张三", "service_region": "四川省"})
    ]


@pytest.mark.parametrize("delimiter", [";", "\t", ","])
def test_csv_delimiter_is_sniffed(delimiter):
    body = (
        delimiter.join(["机构名称", "英文名称", "邮箱"]) + "\n" + delimiter.join(["甲", '"Alpha, Inc; Ltd"', "a@b.org"])
    )
    table = read_roster("r.csv", csv_bytes(body + "\n"), C)
    assert only_values(table) == [(2, {"name_zh": "甲", "name_en": "Alpha, Inc; Ltd", "email": "a@b.org"})]


def test_csv_sep_line_from_excel_sets_the_delimiter():
    table = read_roster("r.csv", csv_bytes("sep=;\n机构名称;手机\n甲;138\n"), C)
    assert only_values(table) == [(2, {"name_zh": "甲", "mobile": "138"})]


def test_csv_row_numbers_follow_records_and_blank_rows():
    content = csv_bytes('机构名称,关注领域\n甲,"教育\n环境"\n,\n\n乙,\n')

    table = read_roster("r.csv", content, C)

    assert only_values(table) == [(2, {"name_zh": "甲", "focus_areas": "教育\n环境"}), (5, {"name_zh": "乙"})]


@pytest.mark.parametrize("body", ['机构名称,手机\n甲,"138\n乙,139\n', '机构名称,手机\n甲,"138"x\n'])
def test_malformed_csv_is_a_422(body):
    error = read_error("r.csv", csv_bytes(body))
    assert (error.status, error.code) == (422, "malformed")
    assert "第 2 行" in zh(error)


def test_binary_named_csv_is_a_422():
    assert read_error("r.csv", b"\x00\x01\x02\x03" * 10).status == 422


def test_undecodable_csv_is_a_422():
    error = read_error("r.csv", b"\xff\xfe\xfd\x80\x81")
    assert error.status == 422


# ---------------------------------------------------------------------------- type checks


@pytest.mark.parametrize(
    "filename, fragment",
    [
        ("名册.xls", "请另存为 .xlsx 或 .csv 后再上传。"),
        ("名册.XLS", "请另存为 .xlsx 或 .csv 后再上传。"),
        ("名册.numbers", "Numbers"),
        ("名册.ods", "另存为 .xlsx 或 .csv"),
        ("名册.txt", ".xlsx 或 .csv"),
        ("名册", ".xlsx 或 .csv"),
    ],
)
def test_other_types_are_refused_with_a_helpful_message(filename, fragment):
    error = read_error(filename, xlsx([["机构名称"], ["甲"]]))
    assert (error.status, error.code) == (422, "unsupported_type")
    assert fragment in zh(error)
    assert en(error)


def test_xlsx_content_named_csv_is_refused():
    error = read_error("r.csv", xlsx([["机构名称"], ["甲"]]))
    assert (error.status, error.code) == (422, "type_mismatch")


def test_csv_content_named_xlsx_is_refused():
    error = read_error("r.xlsx", csv_bytes("机构名称\n甲\n"))
    assert (error.status, error.code) == (422, "type_mismatch")


def test_old_excel_content_named_xlsx_is_refused():
    error = read_error("r.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(512))
    assert (error.status, error.code) == (422, "type_mismatch")
    assert ".xls" in zh(error)


def test_empty_file_is_a_422():
    assert read_error("r.csv", b"").status == 422
    assert read_error("r.csv", b"\xef\xbb\xbf\r\n,,\r\n").code == "empty"


def test_the_error_is_a_service_error_carrying_its_status():
    error = read_error("r.xls", b"x")
    assert isinstance(error, ServiceError)
    assert error.status == 422 and zh(error) and en(error)


# ---------------------------------------------------------------------------- header


@pytest.mark.parametrize(
    "header, field",
    [
        ("机构名称", "name_zh"),
        (" 机 构 名 称 ", "name_zh"),
        ("机构名称*", "name_zh"),
        ("机构名称（必填）", "name_zh"),
        ("机构名称(必填)", "name_zh"),
        ("*机构名称", "name_zh"),
        ("ORGANISATION NAME (CHINESE)", "name_zh"),
        ("Organisation name（Chinese）", "name_zh"),
        ("name_zh", "name_zh"),
        ("名称", "name_zh"),
        ("机构", "name_zh"),
        ("机构名称 Organisation name (Chinese)", "name_zh"),
        ("机构名称\nOrganisation name (Chinese)", "name_zh"),
        ("机构类型", "legal_form"),
        ("负责人姓名", "leader_name"),
        ("联系电话", "mobile"),
        ("手机号", "mobile"),
        ("电子邮箱", "email"),
        ("email", "email"),
        ("EMAIL", "email"),
        ("E-mail", "email"),
        ("Ｅｍａｉｌ", "email"),
    ],
)
def test_header_variants_match_their_column(header, field):
    content = csv_bytes(f'"{header}"\n值\n')
    table = read_roster("r.csv", content, C)
    assert list(table.column_of) == [field]
    assert only_values(table) == [(2, {field: "值"})]


def test_the_header_may_sit_below_up_to_four_other_rows():
    rows = [["标题"], ["副标题"], [None], ["说明"], ["日期"], ["备注"], ["机构名称"], ["甲"]]
    # five non-empty rows above the header: too far down
    assert read_error("r.xlsx", xlsx(rows)).code == "no_header"
    # four: found
    table = read_roster("r.xlsx", xlsx(rows[1:]), C)
    assert table.header_row == 6
    assert only_values(table) == [(7, {"name_zh": "甲"})]


def test_no_known_header_is_a_422_naming_the_problem():
    error = read_error("r.csv", csv_bytes("foo,bar\n1,2\n"))
    assert (error.status, error.code) == (422, "no_header")
    assert zh(error).startswith("找不到表头")


def test_a_second_column_for_the_same_field_is_reported_and_ignored():
    table = read_roster("r.csv", csv_bytes("机构名称,手机,联系电话\n甲,138,010-1234\n"), C)
    assert table.duplicate_headers == ["联系电话"]
    assert table.unknown_headers == []
    assert only_values(table) == [(2, {"name_zh": "甲", "mobile": "138"})]


def test_a_row_with_data_only_in_unknown_columns_is_kept_empty():
    table = read_roster("r.csv", csv_bytes("机构名称,备注\n,只有备注\n"), C)
    assert only_values(table) == [(2, {})]


def test_long_cells_are_kept_whole():
    long = "长" * 2500
    table = read_roster("r.csv", csv_bytes(f"机构名称\n{long}\n"), C)
    assert table.rows[0].values["name_zh"] == long


def test_conflicting_column_definitions_are_a_programming_error():
    with pytest.raises(ValueError):
        read_roster("r.csv", b"a\n", [Column("a", "名称", "Name"), Column("b", "名字", "Name")])


# ---------------------------------------------------------------------------- row limit


def test_more_rows_than_the_limit_is_a_413_naming_the_limit():
    body = "机构名称\n" + "".join(f"机构{n}\n" for n in range(1001))
    error = read_error("r.csv", csv_bytes(body))
    assert (error.status, error.code) == (413, "too_many_rows")
    assert "1000" in zh(error) and "1000" in en(error)


def test_the_limit_counts_data_rows_not_blank_rows():
    rows = [["机构名称"], ["甲"], [None], ["乙"], [None], ["丙"]]
    table = read_roster("r.xlsx", xlsx(rows), C, max_rows=3)
    assert [row.number for row in table.rows] == [2, 4, 6]
    error = read_error("r.xlsx", xlsx(rows + [["丁"]]), max_rows=3)
    assert error.status == 413 and "3" in zh(error)


# ---------------------------------------------------------------------------- neutralise


@pytest.mark.parametrize(
    "value, expected",
    [
        ("=1+1", "'=1+1"),
        ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
        ("+8613800138000", "'+8613800138000"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("\x01=1+1", "'=1+1"),  # a control character cannot hide the "="
        ("a=1", "a=1"),
        ("绿色江河", "绿色江河"),
        ("", ""),
        (None, ""),
        (2015, 2015),
        (-5, -5),
        (2.5, 2.5),
        (["教育", "环境"], "教育、环境"),
        (("=x", "y"), "'=x、y"),
        (dt.date(2015, 6, 1), "2015-06-01"),
    ],
)
def test_neutralise(value, expected):
    result = neutralise(value)
    assert result == expected
    assert type(result) is type(expected)


# ---------------------------------------------------------------------------- export

DANGEROUS = {
    "name_zh": "=1+1",
    "name_en": '=HYPERLINK("http://evil.example","click")',
    "credit_code": "@SUM(A1:A2)",
    "legal_form": "-2+3",
    "mobile": "+8613800138000",
    "email": "#N/A",
}
PLAIN = {
    "name_zh": "绿色江河",
    "name_en": "Green River",
    "founded_year": 2015,
    "years_in_sector": 8,
    "focus_areas": ["环境", "教育"],
    "service_region": "四川省",
    "leader_name": None,
    "staff_full_time": 3,
    "staff_part_time": 0,
    "volunteers": 120,
    "email": "info@example.org",
}


def test_csv_export_is_bom_utf8_with_bilingual_headers_and_neutralised_text():
    content = write_roster_csv(C, [DANGEROUS, PLAIN])

    assert content.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(content.decode("utf-8-sig"), newline="")))
    assert records[0][0] == "机构名称 Organisation name (Chinese)"
    assert records[0][-1] == "志愿者人数 Volunteers"
    header = [column.field for column in C]
    danger = dict(zip(header, records[1], strict=False))
    assert danger["name_zh"] == "'=1+1"
    assert danger["name_en"].startswith("'=HYPERLINK")
    assert danger["credit_code"] == "'@SUM(A1:A2)"
    assert danger["legal_form"] == "'-2+3"
    assert danger["mobile"] == "'+8613800138000"
    plain = dict(zip(header, records[2], strict=False))
    assert plain["founded_year"] == "2015"
    assert plain["staff_part_time"] == "0"
    assert plain["focus_areas"] == "环境、教育"
    assert plain["leader_name"] == ""
    for record in records[1:]:
        assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in record)
    assert b"\r\n" in content


def test_xlsx_export_stores_no_formula_and_looks_right():
    content = write_roster_xlsx(C, [DANGEROUS, PLAIN, {"name_zh": "控制\x07字符"}])

    wb = openpyxl.load_workbook(io.BytesIO(content), data_only=False)
    ws = wb.worksheets[0]
    cells = [cell for row in ws.iter_rows() for cell in row if cell.value is not None]
    assert cells
    assert not [cell.coordinate for cell in cells if cell.data_type in ("f", "e")]
    assert ws.title == "名册 Roster"
    assert ws.freeze_panes == "A2"
    assert all(ws.cell(row=1, column=n).font.bold for n in range(1, len(C) + 1))
    assert ws["A1"].value == "机构名称 Organisation name (Chinese)"
    assert ws["A2"].value == "'=1+1"
    assert ws["K2"].value == "#N/A" and ws["K2"].data_type == "s"
    assert ws["E3"].value == 2015 and ws["E3"].data_type == "n"
    assert ws["G3"].value == "环境、教育"
    assert ws["A4"].value == "控制字符"
    widths = [ws.column_dimensions[openpyxl.utils.get_column_letter(n)].width for n in range(1, len(C) + 1)]
    assert all(10 <= width <= 50 for width in widths)
    assert widths[2] > widths[4]  # the credit code header is longer than the year's


def test_xlsx_export_sanitises_the_sheet_title():
    content = write_roster_xlsx(C, [], sheet_title="2024/春季: [第一期] 机构名册 Roster of organisations")
    title = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].title
    assert len(title) <= 31 and not set(title) & set("/\\?*[]:")


@pytest.mark.parametrize("writer, filename", [(write_roster_csv, "out.csv"), (write_roster_xlsx, "out.xlsx")])
def test_an_export_reads_back_as_it_was_written(writer, filename):
    table = read_roster(filename, writer(C, [DANGEROUS, PLAIN]), C)

    assert table.unknown_headers == [] and table.duplicate_headers == []
    assert list(table.column_of) == [column.field for column in C]
    assert only_values(table) == [
        (2, {key: value for key, value in DANGEROUS.items()}),
        (
            3,
            {
                "name_zh": "绿色江河",
                "name_en": "Green River",
                "founded_year": "2015",
                "years_in_sector": "8",
                "focus_areas": "环境、教育",
                "service_region": "四川省",
                "staff_full_time": "3",
                "staff_part_time": "0",
                "volunteers": "120",
                "email": "info@example.org",
            },
        ),
    ]


def test_export_of_no_rows_is_just_the_header():
    content = write_roster_csv(C, [])
    assert content.decode("utf-8-sig").count("\r\n") == 1
    assert read_roster("r.csv", content, C).rows == []
