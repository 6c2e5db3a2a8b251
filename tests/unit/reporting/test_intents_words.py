"""What the report says of cooperation intents is true to the data: the lead of the partners
section says intents were agreed only when some were (and how many), and the action plan's
cooperation check, a target, carries today's count beside today's score."""

from services.common.i18n import speaker
from services.reporting.adapters.report_view import REPORTING_TRANSLATIONS
from services.reporting.domain.organisation_report import actions, partners

ME, PEER = "00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b"


def intent(**changes):
    return {
        "proposer_id": ME,
        "partner_id": PEER,
        "proposer_name": {"zh": "本机构", "en": None},
        "partner_name": {"zh": "同行机构", "en": "Peer"},
        "kind": "learning",
        "what": "<b>=1+1</b>",
        "target_month": "2027-11",
        "recorded_by": "organisation",
        **changes,
    }


def test_the_lead_says_intents_were_agreed_only_when_they_were():
    zh, en = speaker("zh", REPORTING_TRANSLATIONS), speaker("en", REPORTING_TRANSLATIONS)
    none = partners.words(partners.PartnersFacts(partners=()), zh)
    assert none["intents"] == [] and "还没有" in none["lead"] and "达成 " not in none["lead"]
    two = partners.PartnersFacts(partners=(), intents=partners.agreed_intents([intent(), intent(kind="x")], PEER))
    said = partners.words(two, zh)
    assert said["lead"].startswith("已与工作坊的同行达成 2 项合作意向")
    assert said["intents"][0] == {
        "name": "本机构",
        "kind": "学习借鉴",
        "what": "<b>=1+1</b>",
        "month": "2027年11月",
        "in_room": "",
    }
    assert said["intents"][1]["kind"] == "x"  # an unknown code is shown as it came, never dropped
    assert partners.words(two, en)["lead"].startswith("2 cooperation intents have been agreed")
    assert partners.agreed_intents([intent()], "someone else") == ()  # only the intents it is a side of


def test_the_cooperation_check_carries_today_s_count():
    zh = speaker("zh", REPORTING_TRANSLATIONS)
    priority = actions.Priority(
        rank=1,
        area="cooperation",
        kind="dimension",
        name={"zh": "链接与合作"},
        why=(),
        actions=(),
        score=40.0,
        value=None,
    )
    for count in (0, 1):
        check = actions.words(actions.ActionsFacts(priorities=(priority,), agreed_intents=count), zh)["plans"][0]
        assert check["check_6m"].endswith(f"已达成的合作意向：{count} 项）")


def test_the_network_draws_agreed_intents_in_their_own_line_style():
    from services.reporting.adapters.summary_charts import network_chart

    nodes = [{"id": code, "name": code, "short": code} for code in "abc"]
    network = {
        "nodes": nodes,
        "edges": [{"from": "a", "to": "c", "type": "staff_exchange", "score": 50.0}],
        "types": [{"code": "staff_exchange", "name": "人员交流"}],
    }
    suggested_only = network_chart(dict(network, agreed={"edges": [], "line": "已达成的意向"}))
    with_agreed = network_chart(
        dict(network, agreed={"edges": [{"from": "a", "to": "b", "kind": "learning"}], "line": "已达成的意向"})
    )
    assert "stroke-dasharray" not in suggested_only  # the suggestions: solid arrows
    assert with_agreed.count("stroke-dasharray") == 2  # the intent's line and its legend entry
