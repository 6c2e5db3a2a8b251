"""What reporting announces: a report or a workshop summary is ready, or failed for good."""

from __future__ import annotations

import dataclasses

from marshmallow import fields

from .base import EventContract, Id, PayloadSchema

PRODUCER = "reporting"


@dataclasses.dataclass(frozen=True)
class ReportReady:
    report_id: str
    organisation_id: str
    workshop_id: str
    diagnosis_version: int
    cohort_version: int
    language: str
    checksum: str  # sha256 of the PDF
    round: int = 1  # the round it reports on: 1 the baseline, 2, 3, … follow-ups


class ReportReadySchema(PayloadSchema):
    model = ReportReady
    report_id = Id(required=True)
    organisation_id = Id(required=True)
    workshop_id = Id(required=True)
    diagnosis_version = fields.Integer(required=True)
    cohort_version = fields.Integer(required=True)
    language = fields.String(required=True)
    checksum = fields.String(required=True)
    round = fields.Integer(load_default=1, validate=lambda v: v >= 1)


@dataclasses.dataclass(frozen=True)
class SummaryReady:
    summary_id: str
    workshop_id: str
    cohort_version: int
    checksum: str


class SummaryReadySchema(PayloadSchema):
    model = SummaryReady
    summary_id = Id(required=True)
    workshop_id = Id(required=True)
    cohort_version = fields.Integer(required=True)
    checksum = fields.String(required=True)


@dataclasses.dataclass(frozen=True)
class RenderFailed:
    """A report (with its organisation) or a summary (without) whose attempts ran out."""

    id: str
    workshop_id: str
    organisation_id: str | None
    error: str


class RenderFailedSchema(PayloadSchema):
    model = RenderFailed
    id = Id(required=True)
    workshop_id = Id(required=True)
    organisation_id = fields.String(load_default=None, allow_none=True)
    error = fields.String(required=True)


REPORT_READY = EventContract[ReportReady]("report.ready", PRODUCER, ReportReadySchema)
SUMMARY_READY = EventContract[SummaryReady]("summary.ready", PRODUCER, SummaryReadySchema)
REPORT_FAILED = EventContract[RenderFailed]("report.failed", PRODUCER, RenderFailedSchema)
SUMMARY_FAILED = EventContract[RenderFailed]("summary.failed", PRODUCER, RenderFailedSchema)
