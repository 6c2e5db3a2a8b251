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


class ReportSchema(Schema):
    id = fields.String()
    organisation_id = fields.String()
    workshop_id = fields.String()
    diagnosis_version = fields.Integer()
    language = fields.String()
    state = fields.String(metadata={"description": "pending | rendering | ready | failed"})
    attempts = fields.Integer()
    created_at = fields.AwareDateTime()
    finished_at = fields.AwareDateTime(allow_none=True)
    pdf_url = fields.Method("_pdf_url", allow_none=True)

    def _pdf_url(self, report):
        return f"/reporting/reports/{report['id']}/pdf" if report["state"] == "ready" else None
