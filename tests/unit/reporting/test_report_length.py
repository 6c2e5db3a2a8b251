"""The report a leader reads to the end: at most 8 A4 pages, the cover and the one-page summary
first, the sections in their order, no page less than half full (but the cover and the last
page), and in the Chinese report no Latin word but proper names and the units and acronyms
listed here. The method and every answer are in the second PDF, the appendix.

The 36 demo organisations are rendered once for the module (Chinese); one of them in English."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

import pytest

from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.adapters.renderers import organisation_report_view
from services.reporting.adapters.typst_pdf import render_pdf
from simulator.workshop_data import sample_workshop_data

TODAY = dt.date(2026, 5, 10)
MAX_PAGES = 8
# Latin words a Chinese report may print besides the names users typed: the product's name,
# the authors and the acronyms it cites, the quadrants of the industry scan (SWOT), the file type.
LATIN_ALLOWED = {"Nianlun", "TC", "Tuckman", "Chang", "Kaplan", "HHI", "PDF", "S", "W", "O", "T"}
LATIN_ALLOWED_IN_APPENDIX = LATIN_ALLOWED | {"Jaccard", "Excel", "QUARTILE.INC", "n", "p"}
# The page's body (A4, 297 mm), between the running header and the footer.
TOP_MM, BOTTOM_MM, PAGE_MM = 16, 282, 297
DPI = 20


@pytest.fixture(scope="module")
def workshop():
    return sample_workshop_data(current_instrument())


def view_of(workshop: dict, n: int, language: str) -> dict:
    o = workshop["organisations"][n]
    data = {"workshop": workshop["workshop"], "appendix": workshop["appendix"], "inputs": o["scored"].get("inputs")}
    return organisation_report_view({**o, **data}, language, TODAY)


@pytest.fixture(scope="module")
def chinese_reports(workshop, tmp_path_factory):
    """(view, path of the PDF) of every demo organisation's Chinese report."""
    folder = tmp_path_factory.mktemp("reports")
    rendered = []
    for n in range(len(workshop["organisations"])):
        view = view_of(workshop, n, "zh")
        path = folder / f"{n}.pdf"
        path.write_bytes(render_pdf("report.typ", view))
        rendered.append((view, path))
    return rendered


def pages_of(path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout
    return text.decode().split("\f")[:-1]


def fills(path) -> list[float]:
    """How far down its body each page is inked, 0 to 1: the lowest row darker than light grey
    (text, rules and charts alike), the running header and footer aside."""
    subprocess.run(["pdftoppm", "-r", str(DPI), "-gray", str(path), str(path.with_suffix(""))], check=True)
    result = []
    for page in sorted(path.parent.glob(f"{path.stem}-*.pgm"), key=lambda p: int(p.stem.rsplit("-", 1)[1])):
        raw = page.read_bytes()
        _magic, width, height, _depth, pixels = raw.split(maxsplit=4)
        width, height = int(width), int(height)
        top, bottom = (round(height * mm / PAGE_MM) for mm in (TOP_MM, BOTTOM_MM))
        inked = [y for y in range(top, bottom) if min(pixels[y * width : (y + 1) * width]) < 200]
        result.append(((max(inked) - top) / (bottom - top)) if inked else 0.0)
        page.unlink()
    return result


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z.]*[A-Za-z]|[A-Za-z]", text))


@pytest.mark.parametrize("language", ["zh", "en"])
def test_one_report_has_at_most_8_pages_and_its_sections_in_order(workshop, language, tmp_path):
    view = view_of(workshop, 0, language)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf("report.typ", view))
    pages = pages_of(path)
    assert len(pages) <= MAX_PAGES
    expected = [s["key"] for s in view["toc"] if s["key"] != "appendix"]
    # the cover, then the summary on page 2, then every section in order
    assert view["organisation_name"] in pages[0]
    summary = re.sub(r"\s+", "", view["sections"]["summary"]["heading"])
    wheel = re.sub(r"\s+", "", view["sections"]["wheel"]["heading"])
    # the whole summary on page 2 (the operations wheel may begin below it)
    assert re.sub(r"\s+", "", pages[1]).index(summary) < re.sub(r"\s+", "", "".join(pages[1:])).index(wheel)
    assert re.sub(r"\s+", "", view["summary"]["risk_text"]) in re.sub(r"\s+", "", pages[1])
    body = [re.sub(r"\s+", "", page) for page in pages[1:]]
    first = [
        next(n for n, page in enumerate(body) if re.sub(r"\s+", "", view["sections"][key]["heading"]) in page)
        for key in expected
    ]
    assert first == sorted(first)
    flat = "".join(body)
    positions = [flat.index(re.sub(r"\s+", "", view["sections"][key]["heading"])) for key in expected]
    assert positions == sorted(positions), expected
    # the last page says where the method and the answers are
    assert re.sub(r"\s+", "", view["appendix"]["pointer"]) in body[-1]


def test_every_demo_report_has_at_most_8_pages_none_under_half_full(chinese_reports):
    counts, thin = [], []
    for n, (_view, path) in enumerate(chinese_reports):
        filled = fills(path)
        counts.append(len(filled))
        # the cover and the last page may be short; every other page at least half full
        thin += [(n, page, round(f, 2)) for page, f in enumerate(filled[1:-1], start=2) if f < 0.5]
    assert len(counts) == 36 and max(counts) <= MAX_PAGES, counts
    assert thin == []


def test_a_chinese_report_prints_no_latin_word_but_names_and_listed_acronyms(chinese_reports):
    for view, path in chinese_reports:
        text = "\n".join(pages_of(path))
        names = " ".join(
            [view["organisation_name"], view["organisation_name_alt"] or ""]
            + [row["name"] for row in view["partners"].get("rows") or []]
        )
        assert latin_words(text) - LATIN_ALLOWED - latin_words(names) == set(), view["organisation_name"]


def test_the_chinese_appendix_has_the_formulas_in_chinese_and_no_code_name(workshop, tmp_path):
    view = view_of(workshop, 0, "zh")
    path = tmp_path / "appendix.pdf"
    path.write_bytes(render_pdf("appendix.typ", view))
    text = "\n".join(pages_of(path))
    assert latin_words(text) - LATIN_ALLOWED_IN_APPENDIX - latin_words(view["organisation_name"]) == set()
    assert "_" not in text  # no code name such as admin_cost_ratio
    squashed = re.sub(r"\s+", "", text)
    for method in view["appendix"]["methods"]:
        assert re.sub(r"\s+", "", method["title"]) in squashed
    assert len(view["appendix"]["methods"]) == len(workshop["appendix"]["method"])  # every formula has its words
    for group in view["appendix"]["answers"]:
        for row in group["rows"]:
            assert re.sub(r"\s+", "", row["text"]) in squashed  # every answer


@pytest.mark.parametrize("template", ["report.typ", "appendix.typ"])
def test_a_long_name_wraps_between_words_never_inside_one(workshop, template, tmp_path):
    view = view_of(workshop, 0, "en")
    words = ["Qiandongnan", "Miao", "Dong", "Autonomous", "Prefecture", "Intergenerational", "Community", "Wellbeing"]
    view["organisation_name"] = " ".join(words)
    for row in view["partners"].get("rows") or []:  # and in a narrow column
        row["name"] = " ".join(words)
    path = tmp_path / "named.pdf"
    path.write_bytes(render_pdf(template, view))
    text = "\n".join(pages_of(path))
    lines = [line.split() for line in text.splitlines() if line.strip()]
    # wherever the name wraps, no line ends with the head of one of its words and the next
    # line begins with the rest (nor with a hyphen)
    split = [
        (word, k)
        for word in words
        for k in range(1, len(word))
        for this, after in zip(lines, lines[1:], strict=False)
        if this[-1].rstrip("-") == word[:k] and after[0].startswith(word[k:])
    ]
    assert split == []
    assert all(word in text.split() for word in words)
