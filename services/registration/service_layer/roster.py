"""A facilitator's roster in a spreadsheet: preview row by row (nothing written), import the
valid rows (each gets its private token), export as XLSX or CSV."""

from __future__ import annotations

import datetime as dt
import re
import uuid
import zoneinfo
from pathlib import Path
from typing import Any, cast

from marshmallow import ValidationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import Principal
from services.common.clock import now
from services.common.errors import Conflict, NotFound
from services.common.i18n import LANGUAGES, N_, Speaker, speaker
from services.common.messages import Message, say

from ..adapters.orm import organisations, roster_uploads
from ..adapters.roster_files import (
    ROSTER_COLUMNS,
    Column,
    RosterTable,
    read_roster,
    write_roster_csv,
    write_roster_xlsx,
)
from ..domain.model import OrganisationStatus, normalise_name
from ..domain.reference import FOCUS_AREAS, LEGAL_FORMS, ORGANISATION_STATUSES, code_for_label
from ..schemas import OrganisationProfileSchema
from ..settings import RegistrationSettings
from .common import load_workshop, require_facilitator
from .organisations import add_to_workshop, in_workshop

INTEGER_FIELDS = ("founded_year", "years_in_sector", "staff_full_time", "staff_part_time", "volunteers")
LIST_SEPARATORS = re.compile(r"[、,，;；/|\s]+")
UPLOAD_KEPT = dt.timedelta(days=1)  # a preview left unconfirmed longer than this is dropped
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


def _speakers() -> list[Speaker]:
    """A roster is in either language, and its issues are reported in both."""
    return [speaker(language, TRANSLATIONS) for language in LANGUAGES]


def preview(
    sessions: sessionmaker,
    settings: RegistrationSettings,
    principal: Principal,
    workshop_id: str,
    filename: str,
    content: bytes,
) -> dict:
    require_facilitator(principal, workshop_id)
    table = _read(settings, filename, content)
    with sessions() as session:
        load_workshop(session, workshop_id)
        checked = _check(session, workshop_id, table)
    return _summary(table, checked)


def import_valid_rows(
    sessions: sessionmaker,
    settings: RegistrationSettings,
    principal: Principal,
    workshop_id: str,
    filename: str,
    content: bytes,
) -> dict:
    require_facilitator(principal, workshop_id)
    table = _read(settings, filename, content)
    with sessions.begin() as session:
        return _import(session, workshop_id, table)


def stage(
    sessions: sessionmaker,
    settings: RegistrationSettings,
    principal: Principal,
    workshop_id: str,
    filename: str,
    content: bytes,
) -> dict:
    """The console's preview: every row checked, nothing imported; the file is kept so that
    the facilitator confirms this very preview (`import_staged`), once."""
    checked = preview(sessions, settings, principal, workshop_id, filename, content)
    upload_id = str(uuid.uuid4())
    with sessions.begin() as session:
        session.execute(delete(roster_uploads).where(roster_uploads.c.created_at < now() - UPLOAD_KEPT))
        session.execute(
            insert(roster_uploads).values(
                id=upload_id, workshop_id=workshop_id, filename=filename[:255], content=content, created_at=now()
            )
        )
    return dict(checked, upload_id=upload_id, filename=filename)


def import_staged(
    sessions: sessionmaker, settings: RegistrationSettings, principal: Principal, workshop_id: str, upload_id: str
) -> dict:
    """Import the valid rows of a previewed file (checked again: the roster may have changed
    since). The upload row is locked and marked in the same transaction as the rows, so a
    second request for it waits, then finds it imported."""
    require_facilitator(principal, workshop_id)
    with sessions.begin() as session:
        upload = (
            session.execute(
                select(roster_uploads)
                .where(roster_uploads.c.id == upload_id, roster_uploads.c.workshop_id == workshop_id)
                .with_for_update()
            )
            .mappings()
            .first()
        )
        if upload is None:
            raise NotFound(N_("This preview has expired; upload the file again."))
        if upload["imported_at"] is not None:
            raise Conflict(
                N_("This file has already been imported (%(count)s organisations); see the roster."),
                count=upload["imported"],
            )
        table = _read(settings, upload["filename"], upload["content"])
        result = _import(session, workshop_id, table)
        session.execute(
            update(roster_uploads)
            .where(roster_uploads.c.id == upload_id)
            .values(imported_at=now(), imported=len(result["imported"]))
        )
    return result


def _import(session: Session, workshop_id: str, table: RosterTable) -> dict:
    workshop = load_workshop(session, workshop_id, for_update=True)
    checked = _check(session, workshop_id, table)
    imported = []
    for row_number, profile, errors in checked:
        if not errors:
            # a row without errors has its profile
            imported.append(dict(add_to_workshop(session, workshop, cast(dict, profile)), row=row_number))
    return dict(_summary(table, checked), imported=imported)


def export(sessions: sessionmaker, principal: Principal, workshop_id: str, kind: str) -> bytes:
    require_facilitator(principal, workshop_id)
    with sessions() as session:
        rows = in_workshop(session, workshop_id)
    writer = write_roster_xlsx if kind == "xlsx" else write_roster_csv
    return writer(EXPORT_COLUMNS, [_export_row(r) for r in rows])


def _read(settings: RegistrationSettings, filename: str, content: bytes) -> RosterTable:
    return read_roster(filename, content, ROSTER_COLUMNS, max_rows=settings.max_roster_rows)


def _check(session: Session, workshop_id: str, table: RosterTable) -> list[tuple[int, dict | None, list[dict]]]:
    """Each row: its number, its profile if valid, and its errors (row, column, message zh/en)."""
    taken_names, taken_codes = _taken(session, workshop_id)
    checked = []
    for row in table.rows:
        profile, errors = _validate(row.values)
        issues = [
            _issue(row.number, table.column_of.get(field), field, message)
            for field, messages in errors.items()
            for message in _flatten(messages)
        ]
        if profile is not None:
            issues += _duplicates(row.number, table, profile, taken_names, taken_codes)
        checked.append((row.number, profile if not issues else None, issues))
    return checked


def _validate(values: dict[str, str]) -> tuple[dict | None, dict]:
    data: dict[str, Any] = dict(values)
    for field in INTEGER_FIELDS:
        if field in data and re.fullmatch(r"-?\d+", data[field]):
            data[field] = int(data[field])
    if "legal_form" in data:
        data["legal_form"] = code_for_label(LEGAL_FORMS, data["legal_form"], _speakers()) or data["legal_form"]
    if "focus_areas" in data:
        data["focus_areas"] = [
            code_for_label(FOCUS_AREAS, part, _speakers()) or part
            for part in LIST_SEPARATORS.split(data["focus_areas"])
            if part
        ]
    try:
        return OrganisationProfileSchema().load(data), {}
    except ValidationError as error:
        return None, cast(dict, error.messages)  # a schema's errors: field -> messages


def _duplicates(number: int, table: RosterTable, profile: dict, names: dict, codes: dict) -> list[dict]:
    issues = []
    for field, key, taken in (
        ("name_zh", normalise_name(profile["name_zh"]), names),
        ("credit_code", profile.get("credit_code"), codes),
    ):
        if not key:
            continue
        if key in taken:
            where = taken[key]
            message = (
                Message(N_("Already registered for this workshop."))
                if where is None
                else Message(N_("Same as row %(row)s."), row=where)
            )
            issues.append(_issue(number, table.column_of.get(field), field, message))
        else:
            taken[key] = number
    return issues


def _taken(session: Session, workshop_id: str) -> tuple[dict, dict]:
    rows = session.execute(
        select(organisations.c.name_key, organisations.c.credit_code).where(
            organisations.c.workshop_id == workshop_id, organisations.c.status != OrganisationStatus.WITHDRAWN.value
        )
    ).all()
    return {r.name_key: None for r in rows}, {r.credit_code: None for r in rows if r.credit_code}


def _flatten(messages) -> list:
    if isinstance(messages, dict):  # e.g. focus_areas → {index: [message]}
        return [m for value in messages.values() for m in _flatten(value)]
    return list(messages) if isinstance(messages, list) else [messages]


def _issue(row: int, column: str | None, field: str | None, message: str) -> dict:
    issue: dict[str, Any] = {"row": row, "column": column, "field": field}
    issue.update({f"message_{speak.language}": say(message, speak) for speak in _speakers()})
    return issue


def _summary(table: RosterTable, checked: list) -> dict:
    warnings = [
        _issue(table.header_row, header, None, N_("Unknown column, ignored.")) for header in table.unknown_headers
    ]
    warnings += [
        _issue(table.header_row, header, None, N_("Repeats an earlier column, ignored."))
        for header in table.duplicate_headers
    ]
    return {
        "rows": [
            {"row": number, "name_zh": (profile or {}).get("name_zh") or _raw_name(table, number), "valid": not issues}
            for number, profile, issues in checked
        ],
        "errors": [issue for _n, _p, issues in checked for issue in issues],
        "valid_rows": sum(1 for _n, _p, issues in checked if not issues),
        "invalid_rows": sum(1 for _n, _p, issues in checked if issues),
        "warnings": warnings,
    }


def _raw_name(table: RosterTable, number: int) -> str | None:
    return next((row.values.get("name_zh") for row in table.rows if row.number == number), None)


EXPORT_COLUMNS = list(ROSTER_COLUMNS) + [
    Column("status", "状态", "Status"),
    Column("registered_at", "报名时间（北京时间）", "Registered at (Beijing time)"),
]
BEIJING = zoneinfo.ZoneInfo("Asia/Shanghai")


def _export_row(organisation: dict) -> dict:
    """An organisation as the roster's cells, its names in Chinese (as the roster is read
    back, in either language)."""
    speak = speaker("zh", TRANSLATIONS)
    legal_form = LEGAL_FORMS.get(organisation["legal_form"])
    status = ORGANISATION_STATUSES.get(organisation["status"])
    return dict(
        organisation,
        legal_form=speak.gettext(legal_form) if legal_form else None,
        focus_areas=[speak.gettext(FOCUS_AREAS[code]) for code in organisation["focus_areas"] if code in FOCUS_AREAS],
        status=speak.gettext(status) if status else organisation["status"],
        registered_at=organisation["created_at"].astimezone(BEIJING).strftime("%Y-%m-%d %H:%M"),
    )
