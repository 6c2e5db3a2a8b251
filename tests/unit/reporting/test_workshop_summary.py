"""The facilitator's workshop summary: the facts (pure), the words in both languages, and a
real Typst PDF."""

import copy
import dataclasses
import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from services.common.i18n import speaker
from services.diagnosis.adapters.instrument_files import current_instrument
from services.reporting.domain.workshop_summary import MIN_COHORT, short_names, summary_facts, summary_words
from simulator.workshop_data import sample_workshop_data

TRANSLATIONS = Path(__file__).resolve().parents[3] / "services" / "reporting" / "translations"
GENERATED = dt.date(2024, 5, 10)
SECTIONS = {
    "zh": [
        "名册与日程",
        "参与情况",
        "各维度得分分布",
        "行业扫描",
        "成长阶段与发展路径",
        "链接与合作网络",
        "共同短板与后续培训主题",
    ],
    "en": [
        "Roster and agenda",
        "Participation",
        "Score distributions by dimension",
        "Industry scan",
        "Growth stages and development paths",
        "Collaboration network",
        "Shared weaknesses and suggested training topics",
    ],
}
TITLES = {"zh": "贵州省公益机构负责人领导力工作坊", "en": "Guizhou nonprofit leaders' workshop"}
SCRIPT = "<script>alert(1)</script>"
HYPERLINK = '=HYPERLINK("http://x","y")'
TYPST = r"#set text(red) $x^2$ [a] \ *b* _c_ @d <e> = f"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def instrument():
    return current_instrument()


@pytest.fixture(scope="module")
def sample(instrument):
    return sample_workshop_data(instrument)


@pytest.fixture(scope="module")
def small(instrument):
    return sample_workshop_data(instrument, size=3)


def speak(language):
    return speaker(language, TRANSLATIONS)


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


def facts_of(data, workshop=None, cohort=None, **extra):
    results = [o["scored"]["result"] for o in data["organisations"]]
    return summary_facts(
        workshop or data["workshop"], cohort or data["cohort"], results, data["appendix"], GENERATED, **extra
    )


def full_facts_of(data):
    return facts_of(data, roster=roster_of(data), agenda=agenda_of(data))


@pytest.fixture(scope="module")
def full_facts(sample):
    return full_facts_of(sample)


@pytest.fixture(scope="module", params=["zh", "en"])
def full_view(request, full_facts):
    return summary_words(full_facts, speak(request.param))


def pdf_of(view):
    from services.reporting.adapters.summary_charts import summary_charts
    from services.reporting.adapters.typst_pdf import render_pdf

    return render_pdf("summary.typ", dict(view, charts=summary_charts(view)))


def _tool(name):
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} (poppler-utils) is not installed")
    return path


def pdf_text(pdf, tmp_path):
    path = tmp_path / "summary.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        [_tool("pdftotext"), "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout
    return text, path


def squeezed(text):
    """Text without whitespace: a table cell may wrap a long name over two lines."""
    return "".join(text.split())


# ---------------------------------------------------------------------------- the facts


def test_the_facts_of_the_36_organisation_workshop(full_facts, sample):
    f = full_facts
    assert not f.suppressed and f.n_results == 36 and f.min_cohort == MIN_COHORT
    assert f.sections == ("roster", "participation", "distribution", "scan", "stages_paths", "network", "topics")
    assert f.workshop.title_zh == TITLES["zh"] and f.workshop.starts_on == dt.date(2024, 5, 8)
    p = f.participation
    assert p.registered == 36 and p.submitted == 36 and len(p.rows) == 36
    assert p.raters_total == sum(r.total for r in p.rows) == p.leader + p.staff + p.board
    assert p.leader_only == sum(1 for r in p.rows if r.total == r.leader)

    dimensions = f.distribution.dimensions
    assert dimensions[0].code == "hub" and dimensions[-1].code == "governance" and len(dimensions) == 10
    assert all(len(d.scores) == 36 for d in dimensions)
    hub = sample["cohort"]["benchmark"]["dimensions"]["hub"]
    assert (dimensions[0].q1, dimensions[0].median, dimensions[0].q3) == (hub["q1"], hub["median"], hub["q3"])
    assert len(f.distribution.perspectives) == 4 and len(f.distribution.indicators) == 9

    scan = f.scan
    assert [q.code for q in scan.quadrants] == ["opportunity", "threat", "strength", "weakness"]
    assert scan.top[0].chosen == max(i["chosen"] for i in sample["cohort"]["scan"])
    assert sum(len(g.names) + g.unnamed for g in scan.texts) == len(sample["cohort"]["scan_texts"])
    named = {t["name_zh"] for t in sample["cohort"]["scan_texts"] if t["named"]}
    assert {n for g in scan.texts for n in g.names} == named and len(named) == 12  # a third allowed it

    assert sum(r.count for r in f.stages.rows) == 36
    assert [r.code for r in f.stages.rows] == ["activities", "projects", "products", "know_how"]
    assert len(f.paths.rows) == 6 and sum(r.count for r in f.paths.rows) == 36

    network = f.network
    assert len(network.nodes) == 36 and 0 < len(network.edges) <= 30
    assert len({n.short for n in network.nodes}) == 36  # labels never repeat
    assert [e.score for e in network.edges] == sorted((e.score for e in network.edges), reverse=True)
    assert {t.code for t in network.types} <= {"resource_sharing", "staff_exchange", "project_cooperation"}

    topics = f.topics.rows
    assert 3 <= len(topics) <= 6 and topics[0].area == sample["cohort"]["common_weaknesses"][0]["area"]
    assert topics[0].kind == "dimension" and any(t.kind == "indicator" for t in topics)
    assert len(f.roster) == 36 and f.roster[0].focus == ("social_work", "community_governance", "elderly")
    assert sum(1 for s in f.agenda if s.is_break) == 3 and f.agenda[0].starts == dt.time(9, 0)

    h = f.highlights
    assert h.lowest.median == min(d.median for d in dimensions) and h.highest.median == max(
        d.median for d in dimensions
    )
    assert h.best_match == network.listed[0] and h.topics == topics[:3]


def test_the_facts_hold_no_sentence(full_facts):
    """Facts are numbers, flags, codes, users' names and the instrument's bilingual data:
    nothing in them is phrased in one language by the summary."""

    def strings(value):
        if dataclasses.is_dataclass(value):
            for field in dataclasses.fields(value):
                yield from strings(getattr(value, field.name))
        elif isinstance(value, (tuple, list)):
            for item in value:
                yield from strings(item)
        elif isinstance(value, str):
            yield value

    summary_words_zh = summary_words(full_facts, speak("zh"))
    labels = set(summary_words_zh["t"].values()) | {s["title"] for s in summary_words_zh["sections"]}
    assert not labels & set(strings(full_facts))
    assert dataclasses.is_dataclass(full_facts) and type(full_facts).__dataclass_params__.frozen
    with pytest.raises(dataclasses.FrozenInstanceError):
        full_facts.suppressed = True


# ---------------------------------------------------------------------------- the words


def test_every_section_in_both_languages(full_view):
    v = full_view
    language = v["language"]
    assert [s["title"] for s in v["sections"]] == SECTIONS[language]
    assert v["workshop"]["title"] == TITLES[language]
    assert v["workshop"]["other_title"] == TITLES["en" if language == "zh" else "zh"]
    assert len(v["highlights"]) >= 5 and all(v["highlights"])
    assert len(v["roster"]) == 36 and len(v["agenda"]) == 39
    assert len(v["participation"]["rows"]) == 36 and len(v["participation"]["figures"]) == 4
    assert len(v["distribution"]["dimensions"]) == 10 and len(v["distribution"]["indicators"]) == 9
    assert len(v["scan"]["quadrants"]) == 4 and v["scan"]["top"] and v["scan"]["texts"]
    assert len(v["stages"]["rows"]) == 4 and len(v["paths"]["rows"]) == 6
    assert len(v["network"]["listed"]) == 10 and v["network"]["caption"]
    assert 3 <= len(v["topics"]["rows"]) <= 6 and all(r["title"] and r["content"] for r in v["topics"]["rows"])
    json.dumps(v)  # the view is JSON data for Typst
    if language == "zh":
        assert all(CJK.search(label) for label in v["t"].values()), "every label is translated"
        assert v["generated_on"] == "2024年5月10日" and v["workshop"]["dates"] == "2024年5月8日\u2009–\u200910日"
        assert v["workshop"]["place"] == "贵州、安顺"
        assert [r["name"] for r in v["stages"]["rows"]] == ["活动", "项目", "产品", "技术输出"]
        assert v["roster"][0]["focus"] == "社会工作、社区治理和养老"
        assert v["topics"]["rows"][0]["area_name"] == "使命、愿景、价值观"
        assert v["topics"]["rows"][0]["kind"] == "运营之轮"
        assert v["topics"]["rows"][0]["title"].startswith("使命、愿景、价值观：")
        assert v["agenda"][12] == {"is_break": True, "number": None, "time": "09:24–09:34", "name": "茶歇"}
        assert v["highlights"][0].startswith("36/36 家机构提交了诊断")
        assert v["network"]["listed"][0]["type_name"] in ("资源共享", "人员交流", "项目合作")
        assert any(i["median_text"].endswith("个月") for i in v["distribution"]["indicators"])
    else:
        assert not any(CJK.search(label) for label in v["t"].values())
        assert v["generated_on"] == "May 10, 2024" and v["workshop"]["place"] == "安顺, 贵州"
        assert v["stages"]["rows"][0]["name"] == "Activities"
        assert v["roster"][0]["focus"] == "social work, community governance, and elderly"
        assert v["topics"]["rows"][0]["title"].startswith("Mission, vision and values")
        assert v["highlights"][0].startswith("36 of 36 organisations submitted a diagnosis")
        assert v["network"]["listed"][0]["type_name"] in ("resource sharing", "staff exchange", "project cooperation")
        assert any(i["median_text"].endswith("months") for i in v["distribution"]["indicators"])


def test_no_roster_no_agenda_no_such_section(sample):
    view = summary_words(facts_of(sample), speak("en"))
    assert view["sections"][0] == {"id": "participation", "number": 1, "title": "Participation"}
    assert view["roster"] is None and view["agenda"] is None


@pytest.mark.parametrize("size", [MIN_COHORT - 1, MIN_COHORT])
def test_the_rule_of_five(instrument, size):
    facts = facts_of(sample_workshop_data(instrument, size=size))
    assert facts.suppressed == (size < MIN_COHORT)
    assert facts.distribution.suppressed == facts.stages.suppressed == facts.topics.suppressed == facts.suppressed
    assert bool(facts.distribution.dimensions) != facts.suppressed


def test_a_dimension_the_benchmark_hides_keeps_its_row_but_no_dots(sample):
    cohort = copy.deepcopy(sample["cohort"])
    cohort["benchmark"]["dimensions"]["hub"] = {"code": "hub", "n": 4, "suppressed": True}
    facts = facts_of(sample, cohort=cohort)
    hub = facts.distribution.dimensions[0]
    assert hub.code == "hub" and hub.suppressed and hub.scores == () and hub.median is None
    view = summary_words(facts, speak("zh"))
    assert view["distribution"]["dimensions"][0]["median_text"] == "–"
    assert facts.highlights.lowest.code != "hub" and facts.highlights.highest.code != "hub"
    assert pdf_of(view).startswith(b"%PDF")  # the chart leaves the row out


def test_a_cohort_under_five_shows_notes_instead_of_aggregates(small, tmp_path):
    f = facts_of(small)
    assert f.suppressed and f.n_results == 3
    assert f.distribution.dimensions == () and f.scan.quadrants == () and f.scan.top == ()
    assert f.scan.texts  # the leaders' own words are per organisation
    assert f.stages.rows == () and f.paths.rows == () and f.topics.rows == ()
    assert f.highlights.lowest is None and f.highlights.stage is None and f.highlights.topics == ()
    for language, figures in (("zh", ("3 家", "5 家")), ("en", ("Only 3 organisations", "fewer than 5"))):
        view = summary_words(f, speak(language))
        assert all(figure in view["suppressed_note"] for figure in figures)
        text, _ = pdf_text(pdf_of(view), tmp_path)
        # the distributions, the scan, the stages and paths, the topics, and the cover
        assert squeezed(text).count(squeezed(view["suppressed_note"])) >= 5
        for title in SECTIONS[language][1:]:
            assert title in text
    from services.reporting.adapters.summary_charts import summary_charts

    assert set(summary_charts(summary_words(f, speak("zh")))) == {"network"}  # matches are per pair


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


# ---------------------------------------------------------------------------- the PDF


@pytest.mark.parametrize("language", ["zh", "en"])
def test_hostile_names_come_out_literally(sample, tmp_path, language):
    data = copy.deepcopy(sample)
    cohort = data["cohort"]
    hostile = [SCRIPT, HYPERLINK, TYPST, "$x^2$ 机构", '"><img src=x onerror=alert(1)>']
    for entry, name in zip(cohort["participation"]["organisations"], hostile, strict=False):
        entry["name_zh"] = name
    ids = {e["organisation_id"]: e["name_zh"] for e in cohort["participation"]["organisations"]}
    for match in cohort["matches"]:
        match["from_name"], match["to_name"] = ids[match["from"]], ids[match["to"]]
    cohort["matches"][0]["dimensions"][0]["name"] = {"zh": TYPST + SCRIPT, "en": TYPST + HYPERLINK}
    cohort["scan_texts"][0] = {"organisation_id": "x", "name_zh": HYPERLINK, "text": TYPST, "named": True}
    roster = roster_of(data)
    roster[0]["name_zh"] = TYPST
    agenda = agenda_of(data)
    agenda[0]["name_zh"] = HYPERLINK
    workshop = dict(data["workshop"], title_zh=TYPST, title_en=SCRIPT, venue=HYPERLINK)
    facts = facts_of(data, workshop=workshop, cohort=cohort, roster=roster, agenda=agenda)
    text, _ = pdf_text(pdf_of(summary_words(facts, speak(language))), tmp_path)
    flat = squeezed(text)
    for name in hostile:
        assert squeezed(name) in flat, name
    assert squeezed(TYPST + (SCRIPT if language == "zh" else HYPERLINK)) in flat  # the match's reason
    assert flat.count(squeezed(TYPST)) >= 4  # title, roster, scan text, reason


@pytest.mark.parametrize("language", ["zh", "en"])
def test_a_real_pdf_of_the_summary(sample, tmp_path, language):
    from PIL import Image

    from services.reporting.adapters.renderers import workshop_summary

    data = {
        "workshop": sample["workshop"],
        "cohort": sample["cohort"],
        "results": [o["scored"]["result"] for o in sample["organisations"]],
        "appendix": sample["appendix"],
        "roster": roster_of(sample),
        "agenda": agenda_of(sample),
        "organisations": sample["organisations"],
    }
    pdf, xlsx, csv = workshop_summary(data, language, GENERATED)
    assert pdf.startswith(b"%PDF") and xlsx.startswith(b"PK") and csv.startswith(b"\xef\xbb\xbf")
    text, path = pdf_text(pdf, tmp_path)
    for title in SECTIONS[language]:
        assert title in text
    assert TITLES[language] in text and TITLES["en" if language == "zh" else "zh"] in text
    assert "阳光社工" in text  # a network label: the SVG text is set as text
    running = "仅供培训师和主办方使用" if language == "zh" else "Facilitators only: do not pass on"
    assert text.count(running) >= 5  # the running header of every page after the cover

    fonts = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, check=True, text=True).stdout
    cjk = [line for line in fonts.splitlines() if "CJK" in line]
    assert cjk and all(line.split()[-5] == "yes" for line in cjk)  # emb column
    assert not any("DejaVu" in line for line in fonts.splitlines())

    subprocess.run(
        [_tool("pdftoppm"), "-r", "30", "-png", str(path), str(tmp_path / "page")], check=True, capture_output=True
    )
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 7
    for page in pages:
        grey = Image.open(page).convert("L")
        inked = sum(grey.histogram()[:200])
        assert inked > 0.01 * grey.width * grey.height, f"{page.name} looks blank"


@pytest.mark.parametrize(
    "language, can_help, confirmed",
    [
        ("zh", "可以帮助", ("已由团队评分印证", "有数据支撑")),
        ("en", "can help", ("confirmed by the team's ratings", "supported by figures")),
    ],
)
def test_the_pairs_say_who_can_help_and_on_what_evidence(sample, language, can_help, confirmed):
    """Issue 18: those who can help come first, each with the evidence of its strength, and
    the reason is a sentence naming what each side brings, not a list of dimension names."""
    listed = summary_words(full_facts_of(sample), speak(language))["network"]["listed"]
    assert listed and listed[0]["role"] == "mentor" and listed[0]["role_name"] == can_help
    roles = [m["role"] for m in listed]
    assert roles == sorted(roles, key=lambda r: r != "mentor")  # mentors before peers
    for m in listed:
        if m["role"] == "mentor":
            assert m["evidence"] in confirmed
        assert m["from_name"] in m["reason"] and m["to_name"] in m["reason"]


def test_a_leader_s_words_carry_their_organisation_s_name_only_with_their_permission(sample, tmp_path):
    """Two leaders wrote: one ticked the box allowing their name, one did not (the default)."""
    data = copy.deepcopy(sample)
    cohort = data["cohort"]
    allowed, withheld = "西秀区阳光社会工作服务中心", "平坝区山花乡村儿童服务中心"
    cohort["scan_texts"] = [
        {"named": True, "name_zh": allowed, "organisation_id": "a", "text": "政府购买项目越来越看重财务规范。"},
        {"named": False, "name_zh": None, "text": "本地志愿者流失严重，骨干留不住。"},
        {"name_zh": withheld, "organisation_id": "b", "text": "基金会资助周期太短。"},  # from before the box: no name
    ]
    facts = facts_of(data, cohort=cohort)
    quoted = {t["text"]: t["names"] for t in summary_words(facts, speak("zh"))["scan"]["texts"]}
    assert quoted == {
        "政府购买项目越来越看重财务规范。": allowed,
        "本地志愿者流失严重，骨干留不住。": "一位参与机构负责人",
        "基金会资助周期太短。": "一位参与机构负责人",
    }
    english = {t["text"]: t["names"] for t in summary_words(facts, speak("en"))["scan"]["texts"]}
    assert english["本地志愿者流失严重，骨干留不住。"] == "a participating organisation's leader"
    text, _ = pdf_text(pdf_of(summary_words(facts, speak("zh"))), tmp_path)
    flat = squeezed(text)
    assert "政府购买项目越来越看重财务规范。—" + allowed in flat
    assert "本地志愿者流失严重，骨干留不住。—一位参与机构负责人" in flat
    assert "基金会资助周期太短。—一位参与机构负责人" in flat and "基金会资助周期太短。—" + withheld not in flat


def test_the_same_words_from_several_leaders_count_those_who_withheld_their_name(sample):
    data = copy.deepcopy(sample)
    words = "筹款越来越难。"
    data["cohort"]["scan_texts"] = [
        {"named": True, "name_zh": "甲机构", "organisation_id": "a", "text": words},
        {"named": False, "name_zh": None, "text": words},
        {"named": False, "name_zh": None, "text": words},
    ]
    quoted = summary_words(facts_of(data, cohort=data["cohort"]), speak("zh"))["scan"]["texts"]
    assert quoted == [{"text": words, "names": speak("zh").list(["甲机构", "2 位参与机构负责人"])}]


@pytest.mark.parametrize("language, said", [("zh", "第 2 轮回访"), ("en", "Follow-up round 2")])
def test_a_follow_up_round_s_summary_says_so_on_its_cover_and_the_baseline_s_does_not(sample, tmp_path, language, said):
    follow_up, _ = pdf_text(pdf_of(summary_words(facts_of(sample, round_=2), speak(language))), tmp_path)
    baseline = summary_words(facts_of(sample), speak(language))
    assert said in follow_up[:1500]  # on the cover, by the dates
    assert baseline["round"] == ""
