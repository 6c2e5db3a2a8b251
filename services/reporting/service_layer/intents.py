"""Cooperation intents as reporting keeps them (`projections.remember_intent`: the newest
revision of each wins, older or equal ones are ignored). Reports print only the
agreed ones, each organisation those it is a side of; a report remembers which it printed
(its mark), so that one agreed or withdrawn since brings it up to date."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..adapters.orm import cooperation_intents, organisation_profiles

AGREED = "agreed"


def agreed_intents(session: Session, workshop_id: str, organisation_id: str | None = None) -> list[dict[str, Any]]:
    """The workshop's agreed intents (only those `organisation_id` is a side of, if given),
    each with both sides' names as they registered, oldest target month first."""
    query = select(cooperation_intents).where(
        cooperation_intents.c.workshop_id == workshop_id, cooperation_intents.c.state == AGREED
    )
    if organisation_id is not None:
        query = query.where(
            or_(
                cooperation_intents.c.proposer_id == organisation_id,
                cooperation_intents.c.partner_id == organisation_id,
            )
        )
    rows = [dict(r) for r in session.execute(query).mappings()]
    sides = {r["proposer_id"] for r in rows} | {r["partner_id"] for r in rows}
    names = {
        p["id"]: {"zh": p["name_zh"], "en": p["name_en"]}
        for p in session.execute(
            select(organisation_profiles.c.id, organisation_profiles.c.name_zh, organisation_profiles.c.name_en).where(
                organisation_profiles.c.id.in_(sides)
            )
        ).mappings()
    }
    unknown = {"zh": None, "en": None}
    found = []
    for r in rows:
        proposer, partner = names.get(r["proposer_id"], unknown), names.get(r["partner_id"], unknown)
        found.append(
            {
                "intent_id": r["intent_id"],
                "proposer_id": r["proposer_id"],
                "partner_id": r["partner_id"],
                "proposer_name": {"zh": proposer["zh"], "en": proposer["en"]},
                "partner_name": {"zh": partner["zh"], "en": partner["en"]},
                "kind": r["kind"],
                "what": r["what"],
                "target_month": r["target_month"],
                "recorded_by": r["recorded_by"],
                "revision": r["revision"],
            }
        )
    return sorted(found, key=lambda i: (i["target_month"], i["intent_id"]))


def mark(intents: Iterable[Mapping[str, Any]], organisation_id: str | None = None) -> str:
    """Which agreed intents a report or summary prints (those of `organisation_id`, if given),
    as a short fingerprint: a report whose mark differs from today's is out of date."""
    chosen = sorted(
        f"{i['intent_id']}:{i['revision']}"
        for i in intents
        if organisation_id is None or organisation_id in (i["proposer_id"], i["partner_id"])
    )
    if not chosen:
        return ""
    return hashlib.sha256("|".join(chosen).encode()).hexdigest()
