"""A facilitator's spreadsheets and the lightning-talk agenda, through the API."""

import csv
import io

import openpyxl
import pytest

from tests.integration.test_registration_api import create_open_workshop, register


@pytest.fixture
def api(service_app):
    app, runtime = service_app("registration")
    client = app.test_client()
    return client, create_open_workshop(client)


def xlsx(rows, formulas=()):
    """A real workbook. Text starting with "=" is stored as text (as Excel does for '=…),
    except the cells named in `formulas` (row, column), which hold real formulas."""
    book = openpyxl.Workbook()
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = book.active.cell(r, c, value)
            if isinstance(value, str) and value.startswith("=") and (r, c) not in formulas:
                cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


ROSTER = [
    ["机构名称", "统一社会信用代码", "机构类型", "成立年份", "从业年限", "关注领域", "手机", "全职人数", "备注"],
    [
        "安顺市联众社会工作服务中心",
        "91350100M000100Y43",
        "社会服务机构（民办非企业单位）",
        2015,
        9,
        "社会工作、儿童",
        "13908512345",
        12,
        "老朋友",
    ],
    ['=HYPERLINK("http://evil.example","点我")', None, "基金会", 2018, "=1+1", "environment", None, 3, None],
    ["错码机构", "91350100M000100Y44", None, 2010, 5, None, None, 2, None],
    ["负数机构", None, None, 2010, 5, "占星", "123", -4, None],
    ["安顺市联众社会工作服务中心", None, None, None, None, None, None, None, None],
]


def upload(client, workshop, endpoint, content, name="名册.xlsx"):
    return client.post(
        f"/registration/workshops/{workshop['id']}/roster/{endpoint}",
        data={"file": (io.BytesIO(content), name)},
        headers=workshop["headers"],
        content_type="multipart/form-data",
    )


def roster_count(client, workshop):
    return len(
        client.get(f"/registration/workshops/{workshop['id']}/organisations", headers=workshop["headers"]).json[
            "organisations"
        ]
    )


def test_a_preview_reports_each_bad_row_and_writes_nothing(api):
    client, workshop = api
    preview = upload(client, workshop, "preview", xlsx(ROSTER, formulas={(3, 5)}))
    assert preview.status_code == 200, preview.json
    body = preview.json
    assert (body["valid_rows"], body["invalid_rows"]) == (2, 3)
    assert [r["valid"] for r in body["rows"]] == [True, True, False, False, False]
    by_row = {}
    for error in body["errors"]:
        by_row.setdefault(error["row"], []).append(error)
    assert by_row[4][0]["column"] == "统一社会信用代码" and "校验位不符" in by_row[4][0]["message_zh"]
    assert "check character" in by_row[4][0]["message_en"]
    assert {e["column"] for e in by_row[5]} == {"关注领域", "手机", "全职人数"}
    assert by_row[6][0]["message_zh"] == "与第 2 行重复。"
    assert body["warnings"][0]["column"] == "备注"
    assert roster_count(client, workshop) == 0


def test_an_import_adds_the_valid_rows_with_their_tokens(api):
    client, workshop = api
    imported = upload(client, workshop, "import", xlsx(ROSTER, formulas={(3, 5)}))
    assert imported.status_code == 201, imported.json
    rows = imported.json["imported"]
    assert [r["row"] for r in rows] == [2, 3]
    assert all(r["access_token"].startswith("nlo_") for r in rows)
    assert roster_count(client, workshop) == 2
    organisation = client.get(
        f"/registration/organisations/{rows[0]['id']}", headers={"Authorization": f"Bearer {rows[0]['access_token']}"}
    ).json
    assert organisation["focus_areas"] == ["social_work", "children"]
    assert organisation["legal_form"] == "social_service_agency"
    listed = client.get(f"/registration/workshops/{workshop['id']}/organisations", headers=workshop["headers"]).json
    formula_row = next(o for o in listed["organisations"] if o["name_zh"].startswith("=HYPERLINK"))
    assert formula_row["years_in_sector"] is None  # a formula is never evaluated, and never taken as text
    again = upload(client, workshop, "preview", xlsx(ROSTER, formulas={(3, 5)}))
    assert again.json["valid_rows"] == 0  # everything is registered now


def test_exports_neutralise_formula_looking_cells(api):
    client, workshop = api
    upload(client, workshop, "import", xlsx(ROSTER, formulas={(3, 5)}))
    exported_csv = client.get(f"/registration/workshops/{workshop['id']}/roster.csv", headers=workshop["headers"])
    assert exported_csv.status_code == 200 and exported_csv.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(exported_csv.data.decode("utf-8-sig"))))
    names = [row[0] for row in rows[1:]]
    assert names[1].startswith("'=HYPERLINK")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)

    exported_xlsx = client.get(f"/registration/workshops/{workshop['id']}/roster.xlsx", headers=workshop["headers"])
    sheet = openpyxl.load_workbook(io.BytesIO(exported_xlsx.data)).active
    cells = [cell for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert all(cell.data_type != "f" for cell in cells)
    assert any(str(cell.value).startswith("'=HYPERLINK") for cell in cells)
    # What was exported imports again: the same organisations, recognised as already there.
    reimport = upload(client, workshop, "preview", exported_xlsx.data, name="export.xlsx")
    assert reimport.json["invalid_rows"] == 2
    assert {e["message_zh"] for e in reimport.json["errors"]} == {"本工作坊已有此机构报名。"}


@pytest.mark.parametrize(
    "name, content, status",
    [
        ("名册.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, 422),
        ("名册.csv", b"\xff\xfe\x00garbage", 422),
        ("名册.xlsx", b"PK\x03\x04not really a zip", 422),
        ("名册.csv", "机构名称\n".encode() + "某机构\n".encode() * 1_600, 413),
    ],
)
def test_unreadable_or_oversized_files_are_refused(api, name, content, status):
    client, workshop = api
    response = upload(client, workshop, "preview", content, name=name)
    assert response.status_code == status, response.json
    assert response.json["message"]


def test_a_file_above_the_upload_limit_is_413(api):
    client, workshop = api
    response = upload(client, workshop, "preview", b"x" * 1_700_000, name="big.csv")
    assert response.status_code == 413


def test_the_agenda_follows_the_tree_rings_and_the_facilitator(api):
    client, workshop = api
    veteran = register(client, workshop, name_zh="<b>老机构</b>", credit_code=None, years_in_sector=15)
    newcomer = register(client, workshop, name_zh="新机构", credit_code=None, years_in_sector=1)
    middle = register(client, workshop, name_zh="中间机构", credit_code=None, years_in_sector=6)
    client.patch(
        f"/registration/workshops/{workshop['id']}",
        json={"break_every": 2, "agenda_starts_at": "13:30"},
        headers=workshop["headers"],
    )
    path = f"/registration/workshops/{workshop['id']}/agenda"
    agenda = client.get(path, headers=newcomer["headers"]).json
    talks = [s for s in agenda["slots"] if s["kind"] == "talk"]
    assert [t["name_zh"] for t in talks] == ["<b>老机构</b>", "中间机构", "新机构"]
    assert [(s["kind"], s["starts_at"]) for s in agenda["slots"]] == [
        ("talk", "13:30"),
        ("talk", "13:32"),
        ("break", "13:34"),
        ("talk", "13:44"),
    ]

    moved = client.post(f"{path}/{newcomer['id']}/move", json={"direction": "up"}, headers=workshop["headers"]).json
    assert [s["name_zh"] for s in moved["slots"] if s["kind"] == "talk"] == ["<b>老机构</b>", "新机构", "中间机构"]
    pinned = client.put(f"{path}/{veteran['id']}/pin", json={"position": 3}, headers=workshop["headers"]).json
    talks = [s for s in pinned["slots"] if s["kind"] == "talk"]
    assert talks[2]["organisation_id"] == veteran["id"] and talks[2]["pinned"]
    out_of_range = client.put(f"{path}/{veteran['id']}/pin", json={"position": 9}, headers=workshop["headers"])
    assert out_of_range.status_code == 409
    bad_direction = client.post(
        f"{path}/{middle['id']}/move", json={"direction": "sideways"}, headers=workshop["headers"]
    )
    assert bad_direction.status_code == 422

    page = client.get(f"{path}.html", headers=workshop["headers"])
    assert page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    assert "&lt;b&gt;老机构&lt;/b&gt;" in html and "<b>老机构" not in html
    assert "闪电发言" in html and "13:30" in html


def test_a_withdrawn_organisation_leaves_the_agenda(api):
    client, workshop = api
    leaving = register(client, workshop, name_zh="要退出的机构", credit_code=None, years_in_sector=4)
    register(client, workshop, name_zh="留下的机构", credit_code=None, years_in_sector=2)
    client.post(f"/registration/organisations/{leaving['id']}/withdraw", headers=leaving["headers"])
    agenda = client.get(f"/registration/workshops/{workshop['id']}/agenda", headers=workshop["headers"]).json
    assert [s["name_zh"] for s in agenda["slots"]] == ["留下的机构"]
