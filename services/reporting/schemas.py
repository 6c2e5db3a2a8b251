from marshmallow import EXCLUDE, Schema, fields, validate


class ScoredDiagnosisPayload(Schema):
    """What reporting needs of `diagnosis.scored` (version 1)."""

    class Meta:
        unknown = EXCLUDE  # producers may add fields without breaking us

    organisation_id = fields.UUID(required=True)
    workshop_id = fields.UUID(required=True)
    organisation_name_zh = fields.String(required=True)
    organisation_name_en = fields.String(load_default=None, allow_none=True)
    diagnosis_version = fields.Integer(required=True, validate=validate.Range(min=1))
    scores = fields.Dict(required=True)
    result = fields.Dict(load_default=dict)
    inputs = fields.Dict(load_default=dict)


class ReportSchema(Schema):
    id = fields.String()
    organisation_id = fields.String()
    workshop_id = fields.String()
    diagnosis_version = fields.Integer()
    round = fields.Integer(metadata={"description": "1: the baseline (the workshop); 2, 3, …: follow-up rounds"})
    language = fields.String()
    cohort_version = fields.Integer()
    state = fields.String(metadata={"description": "pending | rendering | ready | failed | superseded"})
    attempts = fields.Integer()
    error = fields.String(allow_none=True)
    checksum = fields.String(allow_none=True, metadata={"description": "sha256 of the PDF"})
    created_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)
    pdf_url = fields.Method("_pdf_url", allow_none=True)
    view_url = fields.Method("_view_url", allow_none=True)
    appendix_url = fields.Method(
        "_appendix_url", allow_none=True, metadata={"description": "the method and answers appendix (PDF)"}
    )

    def _pdf_url(self, report):
        return f"/reporting/reports/{report['id']}/pdf" if report["state"] == "ready" else None

    def _appendix_url(self, report):
        return f"/reporting/reports/{report['id']}/appendix.pdf" if report["state"] == "ready" else None

    def _view_url(self, report):
        return f"/reporting/reports/{report['id']}/json" if report["state"] == "ready" else None


class ReportRequestSchema(Schema):
    language = fields.String(load_default="zh", validate=validate.OneOf(["zh", "en"]))


class LinkRequestSchema(Schema):
    format = fields.String(load_default="pdf", validate=validate.OneOf(["pdf", "json", "appendix.pdf"]))


class LinkSchema(Schema):
    url = fields.String()
    expires_in_seconds = fields.Integer()


class ProgressSchema(Schema):
    workshop_id = fields.String()
    total = fields.Integer()
    ready = fields.Integer(metadata={"description": "n of total rendered with the newest figures"})
    updating = fields.Integer(
        metadata={"description": "n of total being brought up to the newest figures (they follow by themselves)"}
    )
    counts = fields.Dict(
        keys=fields.String(),
        values=fields.Integer(),
        metadata={"description": "per state: ready | pending | rendering | failed | missing"},
    )
    cohort_version = fields.Integer()
    failures = fields.List(fields.Dict())
    summary = fields.Dict(allow_none=True)


class SummarySchema(Schema):
    id = fields.String()
    workshop_id = fields.String()
    cohort_version = fields.Integer()
    round = fields.Integer(metadata={"description": "the round of its cohort (1: the baseline)"})
    language = fields.String()
    state = fields.String()
    error = fields.String(allow_none=True)
    checksum = fields.String(allow_none=True)
    finished_at = fields.AwareDateTime(allow_none=True)
