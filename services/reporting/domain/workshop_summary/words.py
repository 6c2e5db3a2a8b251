"""The workshop summary's words: its facts phrased in one language, as the view the Typst
template lays out (JSON-safe; every text plain, names typed by users stay data).

Sentences and labels come from the reporting catalogue (English msgids, Chinese in
translations/zh), figures, dates and lists from the `Speaker`'s Babel formats; the
instrument's own wording (dimension names, scan items, match reasons) is bilingual data,
picked with `speak.pick`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from services.common.i18n import DASH, Speaker

from ..organisation_report import partners
from . import tables
from .facts import (
    MONTHS_INDICATORS,
    PERCENT_INDICATORS,
    Distribution,
    FreeText,
    Match,
    Network,
    Participation,
    RosterEntry,
    Scan,
    ScanItem,
    Slot,
    Spread,
    Stats,
    SummaryFacts,
    Topics,
    Workshop,
)


def summary_words(facts: SummaryFacts, speak: Speaker) -> dict[str, Any]:
    """The summary's view in the speaker's language."""
    note = _suppressed_note(facts, speak)
    network = _network(facts.network, speak)
    participation = _participation(facts.participation, speak)
    return {
        "language": speak.language,
        "t": _labels(speak),
        "generated_on": speak.date(facts.generated_on),
        "workshop": _workshop(facts.workshop, speak),
        "instrument_versions": speak.list(facts.instrument_versions),
        "round": speak.pgettext("summary", "Follow-up round %(round)s", round=facts.round) if facts.round > 1 else "",
        "n_results": facts.n_results,
        "min_cohort": facts.min_cohort,
        "suppressed": facts.suppressed,
        "suppressed_note": note,
        "figures": _figures(facts, speak),
        "highlights": _highlights(facts, note, speak),
        "sections": [
            {"id": code, "number": number, "title": speak.gettext(tables.SECTIONS[code])}
            for number, code in enumerate(facts.sections, 1)
        ],
        "roster": [_roster_entry(r, speak) for r in facts.roster] if facts.roster is not None else None,
        "agenda": [_slot(s, speak) for s in facts.agenda] if facts.agenda is not None else None,
        "participation": participation,
        "distribution": _distribution(facts.distribution, speak),
        "scan": _scan(facts.scan, speak),
        "stages": _spread(facts.stages, tables.STAGES, speak),
        "paths": _spread(facts.paths, tables.PATHS, speak),
        "network": dict(network, agreed=_agreed(facts, speak)),
        "topics": _topics(facts.topics, speak),
    }


def _labels(speak: Speaker) -> dict[str, str]:
    """The short words of headings, tables and captions."""
    return {
        "document": speak.pgettext("summary", "Workshop summary"),
        "facilitators_only": speak.pgettext(
            "summary", "For facilitators and organisers only; do not pass on to the organisations."
        ),
        "running_note": speak.pgettext("summary", "Facilitators only: do not pass on"),
        "brand": speak.pgettext("summary", "Nianlun"),
        "generated_on": speak.pgettext("summary", "Generated on"),
        "dates": speak.pgettext("summary", "Dates"),
        "venue": speak.pgettext("summary", "Venue"),
        "instrument": speak.pgettext("summary", "Instrument version"),
        "round": speak.pgettext("summary", "Round"),
        "contents": speak.pgettext("summary", "Contents"),
        "highlights": speak.pgettext("summary", "Highlights"),
        "roster": speak.pgettext("summary", "Roster"),
        "agenda": speak.pgettext("summary", "Lightning-talk agenda"),
        "no": speak.pgettext("summary", "No."),
        "time": speak.pgettext("summary", "Time"),
        "organisation": speak.pgettext("summary", "Organisation"),
        "region": speak.pgettext("summary", "Region"),
        "focus": speak.pgettext("summary", "Focus areas"),
        "status": speak.pgettext("summary", "Status"),
        "no_roster": speak.pgettext("summary", "No roster was given."),
        "no_agenda": speak.pgettext("summary", "No agenda was given."),
        "registered": speak.pgettext("summary", "Organisations registered"),
        "submitted": speak.pgettext("summary", "Diagnoses submitted"),
        "raters_total": speak.pgettext("summary", "Raters in all"),
        "leader_only": speak.pgettext("summary", "Organisations rated by the leader only"),
        "leader": speak.pgettext("summary", "Leader"),
        "staff": speak.pgettext("summary", "Staff"),
        "board": speak.pgettext("summary", "Board"),
        "total": speak.pgettext("summary", "Total"),
        "submitted_q": speak.pgettext("summary", "Submitted"),
        "yes": speak.pgettext("summary", "yes"),
        "not_yet": speak.pgettext("summary", "not yet"),
        "raters_note": speak.pgettext(
            "summary",
            "Raters: the leader is required; staff and board members are invited by the leader. "
            "Where only the leader rated, the report has no team view.",
        ),
        "distribution_caption": speak.pgettext(
            "summary",
            "Each dot is one organisation (slightly spread to avoid overlap); the box is the "
            "interquartile range, the line the median.",
        ),
        "dimension": speak.pgettext("summary", "Dimension"),
        "perspective": speak.pgettext("summary", "Scorecard perspective"),
        "indicator": speak.pgettext("summary", "Financial indicator"),
        "n": speak.pgettext("summary", "n"),
        "q1": speak.pgettext("summary", "Q1"),
        "median": speak.pgettext("summary", "Median"),
        "q3": speak.pgettext("summary", "Q3"),
        "median_all": speak.pgettext("summary", "Median, all workshops of this programme"),
        "score_axis": speak.pgettext("summary", "Score (0–100)"),
        "most_chosen": speak.pgettext("summary", "Most chosen items"),
        "free_texts": speak.pgettext("summary", "The leaders' own words"),
        "no_free_texts": speak.pgettext("summary", "No leader wrote a comment."),
        "scan_caption": speak.pgettext(
            "summary",
            "Bar length: the share of organisations choosing the item, the dark part “strongly applies”; "
            "the number counts the organisations choosing it, in brackets those saying “strongly applies”.",
        ),
        "stages": speak.pgettext("summary", "Growth stage"),
        "paths": speak.pgettext("summary", "Best-fit development path"),
        "spread_caption": speak.pgettext(
            "summary",
            "Left: the stage each organisation has reached on the growth ladder (activities → projects → "
            "products → know-how); right: each organisation's best-fit development path.",
        ),
        "top_matches": speak.pgettext("summary", "Pairs worth introducing first"),
        "suggested_pairs": speak.pgettext("summary", "Suggested cooperation"),
        "agreed_intents": speak.pgettext("summary", "Cooperation intents agreed"),
        "intent_what": speak.pgettext("summary", "What"),
        "target_month": speak.pgettext("summary", "Target month"),
        "no_intents": speak.pgettext(
            "summary", "No cooperation intent has been agreed yet: the pairs above are suggestions only."
        ),
        "matches_found": speak.pgettext("summary", "Suggested complementary pairs"),
        "pair": speak.pgettext("summary", "Pair"),
        "type": speak.pgettext("summary", "Type"),
        "fit": speak.pgettext("summary", "Fit"),
        "why": speak.pgettext("summary", "Why"),
        "no_matches": speak.pgettext("summary", "No complementary pairs were found yet."),
        "topics_intro": speak.pgettext(
            "summary",
            "The areas that most organisations have among their three priorities, turned into "
            "suggested topics for the next sessions.",
        ),
        "area": speak.pgettext("summary", "Area"),
        "organisations_sharing": speak.pgettext("summary", "Organisations"),
        "session": speak.pgettext("summary", "Proposed session"),
        "no_topics": speak.pgettext("summary", "Not enough diagnoses yet to find shared weaknesses."),
    }


def _suppressed_note(facts: SummaryFacts, speak: Speaker) -> str:
    return speak.ngettext(
        "Only %(num)d organisation has submitted a diagnosis, fewer than %(min)d. To protect each "
        "organisation's privacy, no aggregate figures or distributions are shown here.",
        "Only %(num)d organisations have submitted a diagnosis, fewer than %(min)d. To protect each "
        "organisation's privacy, no aggregate figures or distributions are shown here.",
        facts.n_results,
        min=facts.min_cohort,
    )


def _name(speak: Speaker, name: Mapping[str, str] | None, code: str, table: Mapping[str, str] | None = None) -> str:
    """A name the instrument gives (bilingual data), else the summary's own, else the code."""
    return speak.pick(name) or (tables.named(table, code, speak) if table else "") or code


# --------------------------------------------------------------------------- cover


def _workshop(workshop: Workshop, speak: Speaker) -> dict[str, str]:
    title = speak.pick({"zh": workshop.title_zh, "en": workshop.title_en})
    other = workshop.title_en if speak.zh else (workshop.title_zh if workshop.title_en else "")
    if workshop.city and workshop.province:
        place = speak.gettext("%(city)s, %(province)s", city=workshop.city, province=workshop.province)
    else:
        place = workshop.city or workshop.province
    return {
        "title": title,
        "other_title": other if other != title else "",
        "dates": speak.date_range(workshop.starts_on, workshop.ends_on),
        "place": place,
        "venue": workshop.venue,
    }


def _figures(facts: SummaryFacts, speak: Speaker) -> list[dict[str, str]]:
    p = facts.participation
    submitted = speak.pgettext("summary", "Diagnoses submitted")
    return [
        {"value": speak.number(p.registered), "label": speak.pgettext("summary", "Organisations registered")},
        {
            "value": speak.number(p.submitted),
            "label": speak.gettext("%(label)s (%(share)s)", label=submitted, share=speak.percent(p.submitted_share, 0)),
        },
        {"value": speak.number(p.raters_total), "label": speak.pgettext("summary", "Raters in all")},
        {
            "value": speak.number(facts.network.total),
            "label": speak.pgettext("summary", "Suggested complementary pairs"),
        },
        {
            "value": speak.number(len(facts.intents)),
            "label": speak.pgettext("summary", "Cooperation intents agreed"),
        },
    ]


def _highlights(facts: SummaryFacts, note: str, speak: Speaker) -> list[str]:
    """A few sentences for the cover: where the cohort stands at a glance."""
    p = facts.participation
    h = facts.highlights
    lines = [
        speak.join(
            [
                speak.ngettext(
                    "%(submitted)d of %(num)d organisation submitted a diagnosis, with %(raters)s in all;",
                    "%(submitted)d of %(num)d organisations submitted a diagnosis, with %(raters)s in all;",
                    p.registered,
                    submitted=p.submitted,
                    raters=speak.ngettext("%(num)d rater", "%(num)d raters", p.raters_total),
                ),
                speak.ngettext(
                    "%(num)d was rated by the leader alone.",
                    "%(num)d were rated by the leader alone.",
                    p.leader_only,
                ),
            ]
        )
    ]
    if facts.suppressed:
        lines.append(note)
    if h.lowest and h.highest:
        lines.append(
            speak.gettext(
                "The lowest median is %(lowest)s (%(lowest_median)s), the highest %(highest)s (%(highest_median)s).",
                lowest=speak.quote(_name(speak, h.lowest.name, h.lowest.code)),
                lowest_median=speak.score(h.lowest.median),
                highest=speak.quote(_name(speak, h.highest.name, h.highest.code)),
                highest_median=speak.score(h.highest.median),
            )
        )
    if h.stage and h.path:
        lines.append(
            speak.gettext(
                "Most organisations are at the %(stage)s stage (%(stage_count)d); the most common best-fit "
                "path is %(path)s (%(path_count)d).",
                stage=speak.quote(_name(speak, h.stage.name, h.stage.code, tables.STAGES)),
                stage_count=h.stage.count,
                path=speak.quote(_name(speak, h.path.name, h.path.code, tables.PATHS)),
                path_count=h.path.count,
            )
        )
    if h.scan_top:
        lines.append(
            speak.ngettext(
                "The most chosen item of the industry scan: %(item)s (%(num)d organisation).",
                "The most chosen item of the industry scan: %(item)s (%(num)d organisations).",
                h.scan_top.chosen,
                item=speak.quote(speak.pick(h.scan_top.text).rstrip("。.")),
            )
        )
    if h.topics:
        areas = [
            speak.gettext(
                "%(area)s (%(count)d)",
                area=speak.quote(_name(speak, t.area_name, t.area)),
                count=t.organisations,
            )
            for t in h.topics
        ]
        lines.append(speak.gettext("The weaknesses most organisations share: %(areas)s.", areas=speak.list(areas)))
    if h.best_match:
        lines.append(
            speak.ngettext(
                "%(num)d complementary pair found; the strongest is %(source)s → %(target)s (%(type)s).",
                "%(num)d complementary pairs found; the strongest is %(source)s → %(target)s (%(type)s).",
                facts.network.total,
                source=h.best_match.source_name,
                target=h.best_match.target_name,
                type=_match_type(h.best_match, speak),
            )
        )
    if facts.intents:  # a fact only when it is one
        lines.append(
            speak.ngettext(
                "%(num)d cooperation intent has been agreed between organisations of the workshop.",
                "%(num)d cooperation intents have been agreed between organisations of the workshop.",
                len(facts.intents),
            )
        )
    return lines


# --------------------------------------------------------------------------- roster and agenda


def _status(code: str, speak: Speaker) -> str:
    return tables.named(tables.STATUSES, code, speak) if code else ""


def _roster_entry(entry: RosterEntry, speak: Speaker) -> dict[str, Any]:
    return {
        "number": entry.number,
        "name": entry.name,
        "name_en": entry.name_en if not speak.zh and entry.name_en != entry.name else "",
        "region": entry.region,
        "focus": speak.list(tables.focus_area(code, speak) for code in entry.focus),
        "status": _status(entry.status, speak),
        "withdrawn": entry.withdrawn,
    }


def _slot(slot: Slot, speak: Speaker) -> dict[str, Any]:
    times = [f"{t:%H:%M}" for t in (slot.starts, slot.ends) if t is not None]
    return {
        "is_break": slot.is_break,
        "number": slot.number,
        "time": "–".join(times),
        "name": speak.pgettext("summary", "Break") if slot.is_break else slot.name,
    }


# --------------------------------------------------------------------------- participation


def _participation(p: Participation, speak: Speaker) -> dict[str, Any]:
    return {
        "figures": [
            {"label": speak.pgettext("summary", "Organisations registered"), "value": speak.number(p.registered)},
            {
                "label": speak.pgettext("summary", "Diagnoses submitted"),
                "value": speak.number(p.submitted),
                "detail": speak.percent(p.submitted_share, 0),
            },
            {
                "label": speak.pgettext("summary", "Raters in all"),
                "value": speak.number(p.raters_total),
                "detail": speak.gettext(
                    "leader %(leader)d · staff %(staff)d · board %(board)d",
                    leader=p.leader,
                    staff=p.staff,
                    board=p.board,
                ),
            },
            {
                "label": speak.pgettext("summary", "Organisations rated by the leader only"),
                "value": speak.number(p.leader_only),
            },
        ],
        "waiting": (
            speak.gettext("Organisations that have not submitted yet: %(names)s", names=speak.list(p.waiting))
            if p.waiting
            else ""
        ),
        "rows": [
            {
                "number": number,
                "name": r.name,
                "name_en": r.name_en if not speak.zh and r.name_en != r.name else "",
                "status": _status(r.status, speak),
                "withdrawn": r.withdrawn,
                "submitted": r.submitted,
                "leader": r.leader,
                "staff": r.staff,
                "board": r.board,
                "total": r.total,
            }
            for number, r in enumerate(p.rows, 1)
        ],
        "totals": {"submitted": p.submitted, "leader": p.leader, "staff": p.staff, "board": p.board},
        "raters_total": p.raters_total,
    }


# --------------------------------------------------------------------------- distributions


def _distribution(d: Distribution, speak: Speaker) -> dict[str, Any]:
    if d.suppressed:
        return {"suppressed": True}
    return {
        "suppressed": False,
        "dimensions": [
            _stats_row(s, speak, speak.score)
            | {"scores": list(s.scores), "q1": s.q1, "median": s.median, "q3": s.q3, "suppressed": s.suppressed}
            for s in d.dimensions
        ],
        "perspectives": [_stats_row(s, speak, speak.score) for s in d.perspectives],
        "indicators": [_stats_row(s, speak, lambda v, code=s.code: _indicator(code, v, speak)) for s in d.indicators],
    }


def _stats_row(s: Stats, speak: Speaker, figure) -> dict[str, Any]:
    return {
        "code": s.code,
        "name": _name(speak, s.name, s.code),
        "n": speak.number(s.n),
        "q1_text": figure(s.q1),
        "median_text": figure(s.median),
        "q3_text": figure(s.q3),
        "median_all_text": figure(s.median_all),
    }


def _indicator(code: str, value: float | None, speak: Speaker) -> str:
    if value is None:
        return DASH
    if code in PERCENT_INDICATORS:
        return speak.percent(value, 1)
    if code in MONTHS_INDICATORS:
        return speak.gettext("%(months)s months", months=speak.number(value, 1))
    return speak.number(value, 2)


# --------------------------------------------------------------------------- the scan


def _organisations(count: int, speak: Speaker) -> str:
    return speak.ngettext("%(num)d organisation", "%(num)d organisations", count)


def _quoted(text: FreeText, speak: Speaker) -> str:
    """Who wrote it: the names allowed, then the leaders who did not allow theirs, unnamed."""
    names = list(text.names)
    if text.unnamed == 1:
        names.append(speak.gettext("a participating organisation's leader"))
    elif text.unnamed > 1:
        names.append(
            speak.ngettext(
                "%(num)d participating organisation's leader",
                "%(num)d participating organisations' leaders",
                text.unnamed,
            )
        )
    return speak.list(names)


def _scan(scan: Scan, speak: Speaker) -> dict[str, Any]:
    texts = [{"text": t.text, "names": _quoted(t, speak)} for t in scan.texts]
    if scan.suppressed:
        return {"suppressed": True, "texts": texts}
    return {
        "suppressed": False,
        "n": scan.n,
        "texts": texts,
        "top": [
            _scan_item(i, speak)
            | {"quadrant": tables.named(tables.QUADRANTS, i.quadrant, speak), "count": _organisations(i.chosen, speak)}
            for i in scan.top
        ],
        "quadrants": [
            {
                "code": q.code,
                "name": tables.named(tables.QUADRANTS, q.code, speak)
                if q.code in tables.QUADRANTS
                else speak.gettext(tables.OTHER_QUADRANT),
                "items": [_scan_item(i, speak) for i in q.items],
            }
            for q in scan.quadrants
        ],
    }


def _scan_item(item: ScanItem, speak: Speaker) -> dict[str, Any]:
    return {
        "code": item.code,
        "text": speak.pick(item.text),
        "chosen": item.chosen,
        "strongly": item.strongly,
        "share": speak.percent(item.share, 0),
        "bar": round(100 * (item.share or 0), 1),
        "bar_strong": round(100 * (item.strong_share or 0), 1),
    }


# --------------------------------------------------------------------------- stages and paths


def _spread(spread: Spread, table: Mapping[str, str], speak: Speaker) -> dict[str, Any]:
    if spread.suppressed:
        return {"suppressed": True}
    return {
        "suppressed": False,
        "n": spread.n,
        "rows": [
            {
                "code": r.code,
                "name": _name(speak, r.name, r.code, table),
                "count": r.count,
                "share": speak.percent(r.share, 0),
                "label": speak.gettext("%(count)d (%(share)s)", count=r.count, share=speak.percent(r.share, 0)),
            }
            for r in spread.rows
        ],
    }


# --------------------------------------------------------------------------- the network


def _match_type(match: Match, speak: Speaker) -> str:
    if match.type in tables.MATCH_TYPES:
        return tables.named(tables.MATCH_TYPES, match.type, speak)
    return speak.pick(match.type_name) or match.type


def _network(network: Network, speak: Speaker) -> dict[str, Any]:
    return {
        "nodes": [{"id": n.id, "name": n.name, "short": n.short} for n in network.nodes],
        "edges": [{"from": e.source, "to": e.target, "type": e.type, "score": e.score} for e in network.edges],
        "types": [
            {"code": t.code, "name": _match_type(Match("", "", t.code, t.name, None, None), speak)}
            for t in network.types
        ],
        "total": network.total,
        "caption": speak.ngettext(
            "Each point on the circle is an organisation; the line is the strongest match, pointing from "
            "the organisation stronger in its area (as a mentor, or as a peer) to the other; colours show the type.",
            "Each point on the circle is an organisation; the lines are the %(num)d strongest matches, "
            "pointing from the organisation stronger in their area (as a mentor, or as a peer) to the other; "
            "colours show the type.",
            len(network.edges),
        ),
        "listed": [
            {
                "number": number,
                "from_name": m.source_name,
                "to_name": m.target_name,
                "type": m.type,
                "type_name": _match_type(m, speak),
                "score": speak.score(m.score),
                "role": (m.facts.role if m.facts else None) or "",
                "role_name": partners.role_name(m.facts, speak) if m.facts and m.facts.role else "",
                "evidence": partners.evidence_name(m.facts.evidence, speak) if m.facts and m.facts.evidence else "",
                "reason": partners.reason(m.facts, speak) if m.facts else speak.pick(m.reason),
            }
            for number, m in enumerate(network.listed, 1)
        ],
    }


def _agreed(facts: SummaryFacts, speak: Speaker) -> dict[str, Any]:
    """The cooperation intents agreed, told apart from the matches suggested."""
    agreed = facts.intents
    return {
        "count": len(agreed),
        "line": speak.pgettext("summary", "Intent agreed"),
        "counts": speak.gettext(
            "%(suggested)s suggested pairs, %(agreed)s cooperation intents agreed.",
            suggested=speak.number(facts.network.total),
            agreed=speak.number(len(agreed)),
        ),
        "edges": [{"from": i.source, "to": i.target, "kind": i.kind} for i in agreed],
        "rows": [
            {
                "number": number,
                "from_name": i.source_name or DASH,
                "to_name": i.target_name or DASH,
                "kind": i.kind,
                "kind_name": partners.intent_kind_name(i.kind, speak),
                "what": i.what,
                "month": partners.month_name(i.target_month, speak),
                "in_room": speak.gettext("(agreed in the room)") if i.in_room else "",
            }
            for number, i in enumerate(agreed, 1)
        ],
    }


# --------------------------------------------------------------------------- training topics


def _topics(topics: Topics, speak: Speaker) -> dict[str, Any]:
    if topics.suppressed:
        return {"suppressed": True, "rows": []}
    rows = []
    for number, t in enumerate(topics.rows, 1):
        area = _name(speak, t.area_name, t.area)
        topic = tables.TOPICS.get(t.area)
        if topic:
            title, content = speak.gettext(topic[0]), speak.gettext(topic[1])
        else:
            title = speak.gettext("Focus session: %(area)s", area=area)
            content = speak.gettext(
                "Organisations strong in this area share their practice; each sets one improvement to "
                "finish within three months."
            )
        rows.append(
            {
                "number": number,
                "area": t.area,
                "area_name": area,
                "kind": tables.named(tables.AREA_KINDS, t.kind, speak),
                "organisations": t.organisations,
                "organisations_text": _organisations(t.organisations, speak),
                "share": speak.percent(t.share, 0),
                "title": title,
                "content": content,
            }
        )
    return {"suppressed": False, "rows": rows}
