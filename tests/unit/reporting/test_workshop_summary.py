"""The facilitator's workshop summary: the context (pure), the HTML and a real PDF."""

import copy
import datetime as dt
import re
import shutil
import subprocess
import time

import pytest

from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.domain.workshop_summary import short_names, workshop_summary_context
from simulator.workshop_data import sample_workshop_data

GENERATED = dt.date(2024, 5, 10)
SECTION_TITLES_ZH = [
    "名册与日程",
    "参与情况",
    "各维度得分分布",
    "行业扫描",
    "成长阶段与发展路径",
    "链接与合作网络",
    "共同短板与后续培训主题",
]
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'


@pytest.fixture(scope="module")
def instrument():
    return current_instrument()


@pytest.fixture(scope="module")
def sample(instrument):
    return sample_workshop_data(instrument)


@pytest.fixture(scope="module")
def small(instrument):
    return sample_workshop_data(instrument, size=3)


def roster_of(data):
    return [
        {
            "name_zh": o["profile"]["name_zh"],
            "status": "registered",
            "focus_areas": o["profile"]["focus_areas"],
            "service_region": o["profile"]["service_region"],
        }
        for o in data["organisations"]
    ]


def agenda_of(data):
    slots, start = [], dt.datetime(2024, 5, 8, 9, 0)
    for number, organisation in enumerate(data["organisations"], 1):
        end = start + dt.timedelta(minutes=2)
        slots.append(
            {
                "kind": "talk",
                "number": number,
                "starts_at": start.time(),
                "ends_at": end.time(),
                "name_zh": organisation["profile"]["name_zh"],
            }
        )
        start = end
        if number % 12 == 0:
            end = start + dt.timedelta(minutes=10)
            slots.append(
                {"kind": "break", "number": None, "starts_at": start.time(), "ends_at": end.time(), "name_zh": None}
            )
            start = end
    return slots


def context_of(data, language="zh", **extra):
    results = [o["scored"]["result"] for o in data["organisations"]]
    return workshop_summary_context(
        data["workshop"], data["cohort"], results, data["appendix"], language, GENERATED, **extra
    )


def render(context):
    from services.reporting.adapters.summary_html import render_workshop_summary

    return render_workshop_summary(context)


@pytest.fixture(scope="module")
def full_context(sample):
    return context_of(sample, roster=roster_of(sample), agenda=agenda_of(sample))


@pytest.fixture(scope="module")
def full_html(full_context):
    return render(full_context)


# ---------------------------------------------------------------------------- the context


def test_the_context_of_the_36_organisation_workshop(full_context, sample):
    c = full_context
    assert c["language"] == "zh" and c["generated_on"] == "2024-05-10" and not c["suppressed"]
    assert [s["title"] for s in c["sections"]] == SECTION_TITLES_ZH
    assert c["workshop"]["title"] == "贵州省公益机构负责人领导力工作坊"
    assert c["participation"]["registered"] == 36 and c["participation"]["submitted"] == 36
    assert len(c["participation"]["rows"]) == 36
    assert c["participation"]["raters_total"] == sum(r["total"] for r in c["participation"]["rows"])

    dimensions = c["distribution"]["dimensions"]
    assert [d["code"] for d in dimensions][0] == "hub" and dimensions[-1]["code"] == "governance"
    assert len(dimensions) == 10 and all(len(d["scores"]) == 36 for d in dimensions)
    hub = sample["cohort"]["benchmark"]["dimensions"]["hub"]
    assert (dimensions[0]["q1"], dimensions[0]["median"], dimensions[0]["q3"]) == (hub["q1"], hub["median"], hub["q3"])
    assert len(c["distribution"]["perspectives"]) == 4 and len(c["distribution"]["indicators"]) == 9

    scan = c["scan"]
    assert [q["code"] for q in scan["quadrants"]] == ["opportunity", "threat", "strength", "weakness"]
    assert scan["top"][0]["chosen"] == max(i["chosen"] for i in sample["cohort"]["scan"])
    assert sum(len(g["names"]) for g in scan["texts"]) == len(sample["cohort"]["scan_texts"])

    assert sum(r["count"] for r in c["stages"]["rows"]) == 36
    assert [r["code"] for r in c["stages"]["rows"]] == ["activities", "projects", "products", "know_how"]
    assert [r["name"] for r in c["stages"]["rows"]] == ["活动", "项目", "产品", "技术输出"]
    assert len(c["paths"]["rows"]) == 6 and sum(r["count"] for r in c["paths"]["rows"]) == 36

    network = c["network"]
    assert len(network["nodes"]) == 36 and 0 < len(network["edges"]) <= 30
    assert len({n["short"] for n in network["nodes"]}) == 36  # labels never repeat
    assert all(len(n["short"]) <= 8 for n in network["nodes"])
    assert network["edges"] == sorted(network["edges"], key=lambda e: -e["score"])
    assert {t["code"] for t in network["types"]} <= {"resource_sharing", "staff_exchange", "project_cooperation"}
    assert network["listed"][0]["reason"].startswith(network["listed"][0]["from_name"])

    topics = c["topics"]["rows"]
    assert 3 <= len(topics) <= 6
    assert topics[0]["area"] == sample["cohort"]["common_weaknesses"][0]["area"]
    assert all(t["title"] and t["content"] and t["organisations"] > 0 for t in topics)
    assert topics[0]["area_name"] == "使命、愿景、价值观" and topics[0]["kind"] == "运营之轮"
    assert any(t["kind"] == "财务指标" for t in topics)
    assert len(c["roster"]) == 36 and c["roster"][0]["focus"] == "社会工作、社区治理、养老"
    assert sum(1 for s in c["agenda"] if s["is_break"]) == 3 and c["agenda"][0]["time"] == "09:00–09:02"
    assert len(c["highlights"]) >= 5


def test_english_on_request(sample):
    c = context_of(sample, language="en")
    assert [s["title"] for s in c["sections"]][0] == "Participation"  # no roster, no agenda: no such section
    assert c["roster"] is None and c["agenda"] is None
    assert c["workshop"]["title"] == "Guizhou nonprofit leaders' workshop"
    assert c["stages"]["rows"][0]["name"] == "Activities"
    assert c["topics"]["rows"][0]["title"].startswith("Mission, vision and values")
    assert c["network"]["listed"][0]["type_name"] in ("resource sharing", "staff exchange", "project cooperation")
    with pytest.raises(ValueError):
        context_of(sample, language="fr")


def test_a_cohort_under_five_shows_notes_instead_of_aggregates(small):
    c = context_of(small)
    assert c["suppressed"] and c["n_results"] == 3
    assert c["distribution"] == {"suppressed": True}
    assert c["scan"]["suppressed"] and "quadrants" not in c["scan"] and c["scan"]["texts"]
    assert c["stages"] == {"suppressed": True} and c["paths"] == {"suppressed": True}
    assert c["topics"]["suppressed"] and c["topics"]["rows"] == []
    assert "3 家" in c["suppressed_note"] and "5 家" in c["suppressed_note"]
    html = render(c)
    assert html.count(c["suppressed_note"]) >= 4  # distribution, scan, stages and paths, topics
    assert "chart-distribution" not in html and "chart-spread" not in html
    assert "chart-network" in html  # matches are per pair, not aggregates
    for title in SECTION_TITLES_ZH[1:]:
        assert title in html


def test_short_names_for_the_network():
    assert short_names(
        [
            "西秀区阳光社会工作服务中心",
            "平坝区山花乡村发展协会",
            "钟山区启明公益发展中心",
            "云上乡村发展协会",
            "阳光社区服务中心",
            "西城区爱心协会",
        ]
    ) == ["阳光社工", "山花乡村", "启明公益", "云上乡村", "阳光社区", "爱心协会"]
    # the same short name twice gets its region back, then a number
    assert short_names(["西秀区阳光社会工作服务中心", "平坝区阳光社会工作服务中心"]) == ["西秀阳光社工", "平坝阳光社工"]
    assert short_names(["阳光社工服务中心", "阳光社工服务中心"]) == ["阳光社工1", "阳光社工2"]
    assert short_names([SCRIPT])[0].endswith("…") and len(short_names([HYPERLINK])[0]) <= 14


# ---------------------------------------------------------------------------- the HTML


def test_the_html_is_self_contained_with_inline_charts(full_html):
    assert full_html.startswith("<!doctype html>") and 'lang="zh-CN"' in full_html
    for chart in ("chart-distribution", "chart-spread", "chart-network"):
        assert chart in full_html
    assert "<?xml" not in full_html and "<!DOCTYPE svg" not in full_html
    assert not re.search(r"""(src|href)\s*=\s*["'](https?:|file:|//)""", full_html)  # nothing to fetch
    assert "@font-face" not in full_html and "<link" not in full_html
    # text in the SVG charts stays text, in the CJK font
    assert "Noto Sans CJK SC" in full_html and "阳光社工" in full_html and "资源共享" in full_html
    for title in SECTION_TITLES_ZH:
        assert title in full_html


def test_hostile_names_are_inert(sample):
    data = copy.deepcopy(sample)
    cohort = data["cohort"]
    hostile = [SCRIPT, HYPERLINK, "$x^2$ 机构", '"><img src=x onerror=alert(1)>']
    for entry, name in zip(cohort["participation"]["organisations"], hostile, strict=False):
        entry["name_zh"] = name
    ids = {e["organisation_id"]: e["name_zh"] for e in cohort["participation"]["organisations"]}
    for match in cohort["matches"]:
        match["from_name"], match["to_name"] = ids[match["from"]], ids[match["to"]]
    cohort["matches"][0]["from_name"] = SCRIPT
    cohort["matches"][0]["reason"] = {"zh": SCRIPT + HYPERLINK, "en": SCRIPT}
    cohort["scan_texts"][0] = {"organisation_id": "x", "name_zh": HYPERLINK, "text": SCRIPT}
    roster = roster_of(data)
    roster[0]["name_zh"] = SCRIPT
    agenda = agenda_of(data)
    agenda[0]["name_zh"] = HYPERLINK
    workshop = dict(data["workshop"], title_zh=SCRIPT, venue=HYPERLINK)
    results = [o["scored"]["result"] for o in data["organisations"]]
    html = render(
        workshop_summary_context(
            workshop, cohort, results, data["appendix"], "zh", GENERATED, roster=roster, agenda=agenda
        )
    )
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in html  # plain text, quotes escaped
    assert 'href="http://x' not in html
    assert "$x^2$ 机构" in html  # no mathtext in the network labels


# ---------------------------------------------------------------------------- the PDF


def _tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def test_a_real_pdf_of_the_summary(full_context, tmp_path):
    from PIL import Image

    from services.reporting.adapters.pdf import html_to_pdf
    from services.reporting.adapters.summary_html import render_workshop_summary

    started = time.process_time()
    pdf = html_to_pdf(render_workshop_summary(full_context))
    cpu = time.process_time() - started
    print(f"\nsummary render (charts + HTML + PDF), 36 organisations: {cpu:.2f} s CPU, {len(pdf) // 1024} KiB")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)

    text = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    for title in SECTION_TITLES_ZH:
        assert title in text
    assert "贵州省公益机构负责人领导力工作坊" in text
    assert "阳光社工" in text  # a network label: the SVG text is set as text
    assert "仅供培训师和主办方使用" in text  # the running header in the margin box

    fonts = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, check=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # emb column
    assert not any("DejaVu" in line for line in fonts.splitlines())

    subprocess.run([_tool("pdftoppm"), "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 7
    for page in pages:
        grey = Image.open(page).convert("L")
        inked = sum(grey.histogram()[:200])
        assert inked > 0.01 * grey.width * grey.height, f"{page.name} looks blank"
