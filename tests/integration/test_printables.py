"""What the facilitator prints and projects for the room: the registration poster (PDF), the
projector slide (in Chromium at 1920×1080), and the organisations' sheets (one PDF, a page per
organisation), each QR code read back with zbarimg as a phone would, each link opened."""

import html
import re
import subprocess
import tempfile
import urllib.parse
from pathlib import Path

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select

from services.common.events import decode
from services.registration.adapters.orm import bus
from tests.integration.test_console_pages import _csrf, _post, _preview, _roster_csv
from tests.integration.test_registration_api import PROFILE, create_open_workshop
from tests.support.browser import DESKTOP, SCREENSHOTS, screenshot
from tests.support.qr import decode_png

TYPST_TEMPLATES = Path(__file__).resolve().parents[2] / "services/registration/templates/typst"
TRANSLATIONS = TYPST_TEMPLATES.parents[1] / "translations"
NAMES = ["安顺市春芽儿童服务中心", "#set text(red)", "<b>x</b>", "西秀区邻里互助会", "黔中乡村发展协会"]


def _browser(app) -> FlaskClient:
    """A browser of its own: cookies, no API token."""
    return FlaskClient(app, app.response_class, use_cookies=True)


@pytest.fixture
def console(service_app):
    app, runtime = service_app("registration")
    workshop = create_open_workshop(app.test_client(), title_en="Guizhou Nonprofit Leadership Workshop")
    client = _browser(app)
    client.get(f"/registration/link/{workshop['facilitator_token']}")
    return client, workshop, runtime


# ---------------------------------------------------------------- reading PDFs back


def _poppler(pdf: bytes, *arguments: str) -> tuple[str, bytes]:
    """A poppler tool run on the PDF (`in.pdf` in its folder): what it printed, and the
    picture it wrote as `page.png` if any."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "in.pdf").write_bytes(pdf)
        done = subprocess.run(arguments, capture_output=True, text=True, check=True, cwd=folder)
        picture = Path(folder) / "page.png"
        return done.stdout, picture.read_bytes() if picture.exists() else b""


def _pages(pdf: bytes) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", _poppler(pdf, "pdfinfo", "in.pdf")[0], re.M)[1])


def _text(pdf: bytes, page: int) -> str:
    text, _ = _poppler(pdf, "pdftotext", "-layout", "-f", str(page), "-l", str(page), "in.pdf", "-")
    return " ".join(text.split())


def _page_png(pdf: bytes, page: int) -> bytes:
    """The page at 150 dpi, as a phone's camera would see it printed."""
    arguments = ("-r", "150", "-png", "-f", str(page), "-l", str(page), "-singlefile", "in.pdf", "page")
    return _poppler(pdf, "pdftoppm", *arguments)[1]


def _keep(png: bytes, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / name).write_bytes(png)


def _is_pdf(response) -> bool:
    return response.mimetype == "application/pdf" or response.data[:5] == b"%PDF-"


def _download_name(response) -> str:
    return urllib.parse.unquote(response.headers["Content-Disposition"])


# ---------------------------------------------------------------- the registration link


def test_the_poster_prints_the_title_and_a_code_of_the_registration_link(console):
    client, workshop, _runtime = console
    dashboard = client.get("/registration/f/").get_data(as_text=True)
    for testid in ("registration-poster", "registration-slide", "new-sheets"):
        assert f'data-testid="{testid}"' in dashboard
    poster = client.get("/registration/f/poster.pdf")
    assert poster.status_code == 200 and _is_pdf(poster)
    assert "报名海报-贵州公益机构负责人领导力工作坊-" in _download_name(poster)
    assert _pages(poster.data) == 1
    text = _text(poster.data, 1)
    assert workshop["title_zh"] in text and "Guizhou Nonprofit Leadership Workshop" in text
    assert "用微信扫一扫报名" in text and "Scan with WeChat to register" in text
    assert "安顺市民政局会议室" in text
    landing = f"http://localhost/registration/w/{workshop['code']}"
    assert landing in text.replace("\u200b", "")
    png = _page_png(poster.data, 1)
    _keep(png, "poster.png")
    assert decode_png(png) == [landing]


def _tab(browser, client, size=DESKTOP, shown=None):
    """A tab whose requests to http://localhost the Flask app answers (with the client's
    cookies): a real browser on the real pages, without a server. `shown` maps a path to a
    page the client was answered before (a POST's answer: a file input's content does not
    reach an intercepted request, so the client uploads)."""

    def answer(route, request):
        address = urllib.parse.urlsplit(request.url)
        path = address.path + (f"?{address.query}" if address.query else "")
        if path in (shown or {}):
            route.fulfill(status=200, content_type="text/html; charset=utf-8", body=shown[path])
            return
        sent = {k: v for k, v in request.headers.items() if k.lower() == "content-type"}
        response = client.open(path, method=request.method, data=request.post_data_buffer, headers=sent)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        route.fulfill(status=response.status_code, headers=headers, body=response.data)

    page = browser.new_page(viewport=size, accept_downloads=True)
    page.route("http://localhost/**", answer)
    return page


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)  # a page: one database is enough
def test_the_projector_slide_fits_1920_by_1080_and_its_code_reads_the_link(service_app, browser):
    app, _runtime = service_app("registration")
    long_title = "贵州省黔中地区公益机构负责人领导力与组织发展工作坊（第三期）"
    workshop = create_open_workshop(
        app.test_client(), title_zh=long_title, title_en="Central Guizhou Nonprofit Leaders' Workshop, third round"
    )
    client = _browser(app)
    client.get(f"/registration/link/{workshop['facilitator_token']}")
    landing = f"http://localhost/registration/w/{workshop['code']}"
    for size in ({"width": 1920, "height": 1080}, {"width": 1280, "height": 720}):
        page = _tab(browser, client, size)
        page.goto("http://localhost/registration/f/slide")
        fits = page.evaluate(
            "[document.documentElement.scrollHeight <= innerHeight, document.documentElement.scrollWidth <= innerWidth]"
        )
        assert fits == [True, True], size
        assert page.get_by_test_id("slide-link").inner_text() == landing.removeprefix("http://")
        title = page.locator("h1")
        assert title.inner_text() == long_title
        # no line cut off (the glyphs of the CJK font stand a little above a line of 1.2)
        cut = "e => e.scrollHeight - e.clientHeight >= parseFloat(getComputedStyle(e).lineHeight) / 2"
        assert not title.evaluate(cut), size
        if size["width"] == 1920:
            shot = screenshot(page, "registration-slide")
            assert decode_png(shot.read_bytes()) == [landing]
        page.close()


# ---------------------------------------------------------------- the organisations' sheets


def _import(client, workshop, names) -> str:
    page = _preview(client, workshop, _roster_csv(*[(name, "", 3) for name in names])).get_data(as_text=True)
    upload_id = re.search(r'name="upload_id" value="([^"]+)"', page)[1]
    imported = _post(client, "/registration/f/roster/import", {"upload_id": upload_id}, workshop)
    assert imported.status_code == 201
    return imported.get_data(as_text=True)


def _shown_links(page: str) -> dict[str, str]:
    """Organisation name -> the private link the page shows."""
    rows = re.findall(r'<tr><td>([^<]*)</td>\s*<td><input type="text" readonly value="([^"]+)"', page)
    return {html.unescape(name): html.unescape(link) for name, link in rows}


def _print_form(page: str) -> dict:
    """The print form of a page, as the browser sends it."""
    form = re.search(r'<form method="post" action="/registration/f/sheets.pdf".*?</form>', page, re.S)[0]
    return {
        "csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', form)[1],
        "workshop_id": re.search(r'name="workshop_id" value="([^"]+)"', form)[1],
        "token": re.findall(r'name="token" value="([^"]+)"', form),
    }


def _opens(app, link: str) -> str:
    """The name of the organisation whose home the link opens, in a fresh browser."""
    browser = _browser(app)
    opened = browser.get(urllib.parse.urlsplit(link).path)
    assert opened.status_code == 303 and opened.headers["Location"].endswith("/registration/o/")
    home = browser.get("/registration/o/").get_data(as_text=True)
    return html.unescape(re.search(r'data-testid="organisation-name">([^<]*)<', home)[1])


def test_an_imported_rosters_sheets_are_one_pdf_a_page_per_organisation(console):
    client, workshop, _runtime = console
    page = _import(client, workshop, NAMES)
    shown = _shown_links(page)
    assert list(shown) == NAMES
    form = _print_form(page)
    assert len(form["token"]) == 5 and "打印全部机构的单页 (PDF)" in page
    sheets = client.post("/registration/f/sheets.pdf", data=form)
    assert sheets.status_code == 200 and _is_pdf(sheets), sheets.get_data(as_text=True)[:300]
    assert "机构单页-贵州公益机构负责人领导力工作坊-" in _download_name(sheets)
    assert _pages(sheets.data) == 5
    for number, name in enumerate(NAMES, 1):
        text = _text(sheets.data, number)
        assert name in text, (number, text[:200])  # a name with markup in it prints literally
        assert all(other not in text for other in NAMES if other != name)
        assert "请妥善保管本单页" in text and "员工和理事填写人" in text and "Keep this sheet private" in text
        png = _page_png(sheets.data, number)
        if number == 1:
            _keep(png, "sheet.png")
        assert decode_png(png) == [shown[name]]
        assert _opens(client.application, shown[name]) == name


def test_sheets_are_refused_for_links_that_are_not_current_links_of_this_workshop(console):
    client, workshop, _runtime = console
    app = client.application
    page = _import(client, workshop, NAMES[:2])
    form = _print_form(page)
    first, second = form["token"]
    other = create_open_workshop(app.test_client())
    elsewhere = app.test_client().post(f"/registration/codes/{other['code']}/organisations", json=PROFILE)
    assert elsewhere.status_code == 201
    organisation_id = re.search(
        r"/registration/f/organisations/([^/]+)/link", client.get("/registration/f/").get_data(as_text=True)
    )[1]
    reissued = _post(client, f"/registration/f/organisations/{organisation_id}/link", {}, workshop)
    assert reissued.status_code == 200  # the first organisation's link is now revoked
    for tokens in (
        [elsewhere.json["access_token"]],  # another workshop's organisation
        [first],  # revoked by the new link
        [second, first],  # one good, one revoked: nothing at all
        [second, "nlo_" + "x" * 43],  # made up
        [workshop["facilitator_token"]],  # not an organisation's
        ["<b>", "' OR 1=1 --"],
        [],
    ):
        refused = client.post("/registration/f/sheets.pdf", data=dict(form, token=tokens))
        assert 400 <= refused.status_code < 500 and not _is_pdf(refused), tokens
    assert _is_pdf(client.post("/registration/f/sheets.pdf", data=dict(form, token=[second])))
    # Not this workshop's facilitator: an organisation's browser, another facilitator, nobody.
    leader = _browser(app)
    leader.get(urllib.parse.urlsplit(_shown_links(page)[NAMES[1]]).path)
    leader_form = dict(form, csrf_token=_csrf(leader, "/registration/o/"), token=[second])
    assert leader.post("/registration/f/sheets.pdf", data=leader_form).status_code == 404
    for path in ("/registration/f/poster.pdf", "/registration/f/slide", "/registration/f/sheets/new-links"):
        assert leader.get(path).status_code == 404
        assert _browser(app).get(path).status_code == 401
    stranger = _browser(app)
    stranger.get(f"/registration/link/{other['facilitator_token']}")
    stranger_form = dict(form, csrf_token=_csrf(stranger, "/registration/f/close"), token=[second])
    assert stranger.post("/registration/f/sheets.pdf", data=stranger_form).status_code == 409  # another workshop's form
    stranger_form.pop("workshop_id")
    assert stranger.post("/registration/f/sheets.pdf", data=stranger_form).status_code == 409  # not its link


def test_a_new_link_page_prints_that_organisations_sheet(console):
    client, workshop, _runtime = console
    _import(client, workshop, NAMES[:1])
    organisation_id = re.search(
        r"/registration/f/organisations/([^/]+)/link", client.get("/registration/f/").get_data(as_text=True)
    )[1]
    page = _post(client, f"/registration/f/organisations/{organisation_id}/link", {}, workshop).get_data(as_text=True)
    link = html.unescape(re.search(r'id="new-link" type="text" readonly value="([^"]+)"', page)[1])
    assert "打印这家机构的单页 (PDF)" in page
    sheet = client.post("/registration/f/sheets.pdf", data=_print_form(page))
    assert _is_pdf(sheet) and _pages(sheet.data) == 1
    assert decode_png(_page_png(sheet.data, 1)) == [link]
    assert _opens(client.application, link) == NAMES[0]


def _events(runtime) -> list[str]:
    with runtime.sessions() as session:
        return [decode(raw).type for raw in session.execute(select(bus.outbox.c.envelope)).scalars()]


def test_new_links_for_every_organisation_ask_first_then_the_old_links_stop(console):
    client, workshop, runtime = console
    app = client.application
    shown = _shown_links(_import(client, workshop, NAMES[:4]))
    dashboard = client.get("/registration/f/").get_data(as_text=True)
    withdrawn_id = re.findall(r"/registration/f/organisations/([^/]+)/withdraw", dashboard)[3]
    assert _post(client, f"/registration/f/organisations/{withdrawn_id}/withdraw", {}, workshop).status_code == 303
    asked = client.get("/registration/f/sheets/new-links").get_data(as_text=True)
    assert "全部 3 家机构现在的专属链接会立即失效" in asked and 'data-testid="confirm-new-sheets"' in asked
    unconfirmed = _post(client, "/registration/f/sheets/new-links", {}, workshop)
    assert unconfirmed.status_code == 303 and unconfirmed.headers["Location"].endswith(
        "/registration/f/sheets/new-links"
    )
    assert _opens(app, shown[NAMES[0]]) == NAMES[0]  # nothing changed yet
    before = _events(runtime)
    confirmation = re.search(r'name="confirmation" value="([^"]+)"', asked)[1]
    confirmed = {"confirmed": "yes", "confirmation": confirmation}
    sheets = _post(client, "/registration/f/sheets/new-links", confirmed, workshop)
    assert sheets.status_code == 200 and _is_pdf(sheets)
    after = _events(runtime)[len(before) :]
    assert after.count("access.revoked") == after.count("access.granted") == 3
    # The browser sends the same request again (a reload): it is asked again, the printed links stay.
    again = _post(client, "/registration/f/sheets/new-links", confirmed, workshop)
    assert again.status_code == 303 and len(_events(runtime)) == len(before) + len(after)
    assert _pages(sheets.data) == 3
    for number, name in enumerate(NAMES[:3], 1):
        assert _browser(app).get(urllib.parse.urlsplit(shown[name]).path).status_code == 401  # the old link
        (new_link,) = decode_png(_page_png(sheets.data, number))
        assert new_link != shown[name] and _opens(app, new_link) == name
        assert name in _text(sheets.data, number)
    assert _opens(app, shown[NAMES[3]]) == NAMES[3]  # the withdrawn organisation's link is left alone


def test_the_typst_templates_import_nothing_and_read_only_their_view():
    templates = sorted(TYPST_TEMPLATES.glob("*.typ"))
    assert {path.name for path in templates} == {"poster.typ", "sheets.typ"}
    for path in templates:
        code = "\n".join(line.split("//")[0] for line in path.read_text("utf-8").splitlines())
        assert not re.search(r"#?\b(import|include)\b|@preview", code)
        assert not re.search(r"\b(read|eval|plugin|csv|yaml|toml|xml|cbor)\(", code)
        assert code.count("json(") == code.count("json(bytes(sys.inputs.data))") == 1


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_a_facilitator_prints_the_sheets_in_a_browser(console, browser):
    """Print a roster's sheets from the page that shows the new links; later, new links and
    sheets for all from the dashboard, after the confirmation."""
    client, workshop, _runtime = console
    imported = _import(client, workshop, NAMES[:3])
    page = _tab(browser, client, shown={"/imported": imported})
    page.goto("http://localhost/imported")
    screenshot(page, "roster-imported-print")
    shown = page.locator('[data-testid="imported-links"] input').evaluate_all("inputs => inputs.map(i => i.value)")
    with page.expect_download() as printed:
        page.get_by_test_id("print-sheets").click()
    assert printed.value.suggested_filename.startswith("机构单页-")
    pdf = Path(printed.value.path()).read_bytes()
    assert _pages(pdf) == 3 and NAMES[2] in _text(pdf, 3)
    assert decode_png(_page_png(pdf, 3)) == [shown[2]]
    page.goto("http://localhost/registration/f/")
    page.get_by_test_id("new-sheets").click()
    assert "全部 3 家机构" in page.get_by_test_id("new-sheets-warning").inner_text()
    screenshot(page, "new-sheets-confirm")
    with page.expect_download() as renewed:
        page.get_by_test_id("confirm-new-sheets").click()
    pdf = Path(renewed.value.path()).read_bytes()
    assert _pages(pdf) == 3
    (link,) = decode_png(_page_png(pdf, 1))
    assert link != shown[0] and _opens(client.application, link) == NAMES[0]
    page.close()


def test_the_longest_names_and_titles_keep_to_one_page_each():
    """Names and titles may be 200 characters long: a sheet stays one page, the poster one."""
    from services.registration.adapters.printables import poster_pdf, sheets_pdf

    workshop = {"title_zh": "工" * 200, "title_en": "Workshop " * 22, "province": "贵州", "city": "安顺"}
    workshop.update(venue="会议室" * 66, starts_on="2026-05-08", ends_on="2026-05-10")
    link = "http://localhost/registration/link/nlo_" + "x" * 43
    organisations = [
        {"name_zh": "长" * 200, "name_en": "Long name " * 20, "link": link},
        {"name_zh": "名" * 40, "name_en": "", "link": link},
    ]
    assert _pages(sheets_pdf(workshop, organisations, TRANSLATIONS)) == 2
    assert _pages(poster_pdf(workshop, "http://localhost/registration/w/ABCD2345", TRANSLATIONS)) == 1
