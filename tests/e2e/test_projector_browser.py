"""The facilitator's projector pages in a real browser at 1920 × 1080 (issue 20), on a
realistic workshop: 36 organisations with long Chinese names, 35 of them submitted through
the API. No page scrolls; the talk timer counts down, pauses, skips and goes back in the
agenda's order; the counter follows a new submission without a reload; the debrief shows
its figures from five organisations on and only a message below.
Screenshots: test-artifacts/screenshots/projector-*.png."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

import pytest

from services.diagnosis.domain.cooperation import month_ahead
from simulator.cohort import InstrumentCodes, sample_cohort
from simulator.driver import Api, open_workshop, register
from tests.support.browser import screenshot

pytestmark = pytest.mark.e2e
SCREEN = {"width": 1920, "height": 1080}
SIZE = 36
FITS = (
    "document.documentElement.scrollHeight <= window.innerHeight"
    " && document.documentElement.scrollWidth <= window.innerWidth"
)


def _long_name(sample, n: int) -> str:
    """Names as long as real ones get: 贵州省安顺市…社会工作服务中心."""
    return f"贵州省安顺市{sample.profile['name_zh']}第{n}分中心"


def _leader_answers(api: Api, organisation: dict, sample) -> None:
    token = organisation["access_token"]
    api.call("PUT", "/diagnosis/responses/mine", token=token, json=sample.leader, retry_on=(401, 404))
    api.call("POST", "/diagnosis/responses/mine/submit", token=token)


@pytest.fixture(scope="module")
def room(stack):
    api = Api(stack.base_url, stack.account_token)
    codes = InstrumentCodes.from_json(api.call("GET", "/diagnosis/instrument").json())
    samples = [
        dataclasses.replace(s, profile=dict(s.profile, name_zh=_long_name(s, n)))
        for n, s in enumerate(sample_cohort(codes, size=SIZE), start=1)
    ]
    workshop = open_workshop(api, "贵州省公益机构负责人领导力工作坊（投影测试）", capacity=SIZE)
    organisations = [register(api, workshop, sample) for sample in samples]
    for organisation, sample in zip(organisations[:-1], samples[:-1], strict=True):
        _leader_answers(api, organisation, sample)
    _record_intents(api, workshop, organisations)
    small = open_workshop(api, "小工作坊（不足五家）", capacity=10)
    for sample in samples[:3]:
        registered = register(api, small, sample)
        _leader_answers(api, registered, sample)
    return {
        "api": api,
        "base": stack.base_url,
        "workshop": workshop,
        "organisations": organisations,
        "samples": samples,
        "small": small,
    }


INTENTS = 10  # more than a slide shows


def _record_intents(api, workshop, organisations):
    """Intents agreed in the room, as the facilitator records them, with long sentences."""
    month = month_ahead(dt.date.today(), 1)
    for n in range(INTENTS):
        body = {"proposer_id": organisations[n]["id"], "partner_id": organisations[n + 10]["id"]}
        body |= {"kind": "resource_sharing", "target_month": month, "what": "每月共享一次培训场地和志愿者培训课程" * 3}
        made = api.call(
            "POST", f"/diagnosis/workshops/{workshop['id']}/intents", token=workshop["facilitator_token"], json=body
        )
        assert made.status_code == 201, made.text


def _facilitator(browser, room, workshop):
    context = browser.new_context(viewport=SCREEN, locale="zh-CN")
    page = context.new_page()
    page.goto(f"{room['base']}/registration/link/{workshop['facilitator_token']}")
    page.wait_for_url(re.compile(r"/registration/f/$"))
    return context, page


def _fits(page, what: str):
    assert "Traceback" not in page.content()
    assert page.evaluate(FITS), f"{what} scrolls at 1920 × 1080"


def _agenda(room) -> list[str]:
    workshop = room["workshop"]
    slots = (
        room["api"]
        .call("GET", f"/registration/workshops/{workshop['id']}/agenda", token=workshop["facilitator_token"])
        .json()["slots"]
    )
    return [s["name_zh"] for s in slots if s["kind"] == "talk"]


def _timer(page) -> str:
    return page.inner_text("[data-testid=timer]")


def test_the_talks_follow_the_agenda_with_a_timer_that_counts_pauses_and_skips(browser, room):
    order = _agenda(room)
    assert len(order) == SIZE
    context, page = _facilitator(browser, room, room["workshop"])
    links = page.locator("[data-testid=projector-links] a")
    assert links.count() == 3
    page.goto(room["base"] + page.get_attribute("[data-testid=projector-talks]", "href"))
    page.wait_for_selector("[data-testid=toggle]:not([disabled])")
    _fits(page, "the talks")
    screenshot(page, "projector-talks")
    assert page.inner_text("[data-testid=now]") == order[0]
    assert page.inner_text("[data-testid=next]") == order[1]
    assert "1" in page.inner_text("[data-testid=position]") and "36" in page.inner_text("[data-testid=position]")
    assert _timer(page) == "02:00"

    page.click("[data-testid=toggle]")  # start
    page.wait_for_function("() => document.querySelector('[data-testid=timer]').textContent < '02:00'", timeout=3000)
    page.keyboard.press(" ")  # pause
    paused = _timer(page)
    assert paused in ("01:59", "01:58")
    page.wait_for_timeout(1500)
    assert _timer(page) == paused  # a paused timer stands still
    assert "left=" in page.url

    page.keyboard.press(" ")  # resume, then skip while it runs
    page.keyboard.press("ArrowRight")
    assert page.inner_text("[data-testid=now]") == order[1]  # the old "next"
    assert page.inner_text("[data-testid=next]") == order[2]
    assert _timer(page) == "02:00"  # the next speaker gets the whole time
    assert page.url.endswith("?at=2")
    page.click("[data-testid=skip]")
    assert page.inner_text("[data-testid=now]") == order[2]
    page.keyboard.press("ArrowLeft")
    page.reload()  # the place is kept in the address
    page.wait_for_selector("[data-testid=toggle]:not([disabled])")
    assert page.inner_text("[data-testid=now]") == order[1]

    # The last half minute in the warning colour, and 时间到 at 0.
    page.goto(f"{room['base']}/registration/f/projector/talks?at=1&left=32")
    page.wait_for_selector("[data-testid=toggle]:not([disabled])")
    assert "warning" not in page.get_attribute("[data-testid=timer]", "class")
    page.click("[data-testid=toggle]")
    page.wait_for_selector("[data-testid=timer].warning", timeout=5000)
    page.goto(f"{room['base']}/registration/f/projector/talks?at=1&left=2")
    page.wait_for_selector("[data-testid=toggle]:not([disabled])")
    page.keyboard.press(" ")
    page.wait_for_selector("[data-testid=timer].over", timeout=5000)
    assert _timer(page) == "00:00" and page.inner_text("[data-testid=timer-state]") == "时间到"
    screenshot(page, "projector-talks-time-up")

    # The longest names fit too, in both languages; the last talk has no "next".
    longest = max(range(SIZE), key=lambda i: len(order[i])) + 1
    for at in (longest, SIZE):
        page.goto(f"{room['base']}/registration/f/projector/talks?at={at}")
        page.wait_for_selector("[data-testid=toggle]:not([disabled])")
        _fits(page, f"talk {at}")
    assert page.get_attribute("[data-testid=skip]", "aria-disabled") == "true"
    page.click("[data-testid=lang-switch]")
    page.wait_for_selector("[data-testid=toggle]:not([disabled])")
    assert page.inner_text("[data-testid=toggle]") == "Start"
    _fits(page, "the talks in English")
    context.close()


def test_the_debrief_fits_one_screen_per_slide_and_says_what_it_leaves_out(browser, room):
    workshop = room["workshop"]
    cohort = (
        room["api"]
        .call("GET", f"/diagnosis/workshops/{workshop['id']}/cohort", token=workshop["facilitator_token"])
        .json()
    )
    assert cohort["participation"]["submitted"] >= SIZE - 1
    context, page = _facilitator(browser, room, workshop)
    page.goto(room["base"] + page.get_attribute("[data-testid=projector-cohort]", "href"))
    for language in ("zh", "en"):
        for slide in range(1, 6):
            page.goto(f"{room['base']}/diagnosis/f/projector/cohort?slide={slide}")
            _fits(page, f"slide {slide} ({language})")
            if language == "zh":
                screenshot(page, "projector-debrief" if slide == 1 else f"projector-debrief-{slide}")
        page.click("[data-testid=lang-switch]")

    page.goto(f"{room['base']}/diagnosis/f/projector/cohort")
    assert page.locator("[data-testid=median]").count() == len(cohort["benchmark"]["dimensions"]) == 10
    shown = dict(
        zip(
            page.locator(".bars [role=listitem]").all_inner_texts(),
            page.locator("[data-testid=median]").all_inner_texts(),
            strict=True,
        )
    )
    expected = {row["name"]["zh"]: f"{row['median']:g}" for row in cohort["benchmark"]["dimensions"].values()}
    assert {name: f"{float(m):g}" for name, m in shown.items()} == expected
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"slide=2$"))
    assert page.locator("[data-testid=weaknesses] li").count() == min(8, len(cohort["common_weaknesses"]))
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"slide=3$"))
    assert page.locator("[data-testid=quadrant]").count() == 4
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"slide=4$"))
    pairs = page.locator("[data-testid=pair] strong").all_inner_texts()
    assert pairs == [m["from_name"] for m in cohort["matches"][:8]]
    more = cohort["matches_total"] - 8
    assert more > 0 and page.inner_text("[data-testid=pairs-more]") == f"另有 {more} 组建议"
    page.keyboard.press("ArrowRight")
    page.wait_for_url(re.compile(r"slide=5$"))
    assert page.locator("[data-testid=agreed-intent]").count() == 8
    assert page.inner_text("[data-testid=intents-more]") == f"另有 {INTENTS - 8} 项已达成的意向"
    context.close()


def test_below_five_the_debrief_only_says_how_many_have_submitted(browser, room):
    context, page = _facilitator(browser, room, room["small"])
    page.goto(f"{room['base']}/diagnosis/f/projector/cohort")
    _fits(page, "the waiting debrief")
    message = page.inner_text("[data-testid=debrief-suppressed]")
    assert "3" in message and "5" in message
    assert page.locator(".bar-fill, [data-testid=median], [data-testid=pair]").count() == 0
    screenshot(page, "projector-debrief-waiting")
    context.close()


def test_the_counter_follows_a_new_submission_without_a_reload(browser, room):
    context, page = _facilitator(browser, room, room["workshop"])
    page.goto(room["base"] + page.get_attribute("[data-testid=projector-submissions]", "href"))
    count = page.locator("[data-testid=count]")
    assert count.get_attribute("data-done") == str(SIZE - 1) and count.get_attribute("data-total") == str(SIZE)
    assert re.sub(r"\s+", " ", count.inner_text()).strip().endswith(f"{SIZE - 1} / {SIZE}")
    _fits(page, "the counter")
    screenshot(page, "projector-submissions")
    page.evaluate("window.notReloaded = true")
    _leader_answers(room["api"], room["organisations"][-1], room["samples"][-1])
    page.wait_for_selector(f"[data-testid=count][data-done='{SIZE}']", timeout=15_000)
    assert page.evaluate("window.notReloaded === true")
    assert "已提交" in page.inner_text("[data-testid=count]")
    _fits(page, "the full counter")
    context.close()
