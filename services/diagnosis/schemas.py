from marshmallow import EXCLUDE, Schema, fields, validate

from .domain.scoring import HIGHEST_LEVEL, LOWEST_LEVEL

ITEM_CODE = validate.Regexp(r"^[a-z][a-z0-9_.]{0,63}$", error="Not a valid item code.")


class SubmissionCreateSchema(Schema):
    answers = fields.Dict(
        keys=fields.String(validate=ITEM_CODE),
        values=fields.Integer(strict=True, validate=validate.Range(min=LOWEST_LEVEL, max=HIGHEST_LEVEL)),
        required=True, validate=validate.Length(min=1, max=500),
        metadata={"description": "题目代码 → 等级 1–4 / item code → rubric level 1–4"},
    )


class SubmissionSchema(Schema):
    id = fields.String()
    organisation_id = fields.String()
    version = fields.Integer()
    overall_score = fields.Float()
    answers = fields.Dict(keys=fields.String(), values=fields.Integer())
    submitted_at = fields.AwareDateTime()


class RegisteredOrganisationPayload(Schema):
    """What diagnosis needs of `organisation.registered` and `.updated` (version 1)."""
    class Meta:
        unknown = EXCLUDE  # producers may add fields without breaking us
    organisation_id = fields.UUID(required=True)
    workshop_id = fields.UUID(required=True)
    name_zh = fields.String(required=True)
    name_en = fields.String(load_default=None, allow_none=True)
    status = fields.String(load_default="registered")


class WithdrawnOrganisationPayload(Schema):
    class Meta:
        unknown = EXCLUDE

    organisation_id = fields.UUID(required=True)
