"""What the registration API accepts and returns (also its OpenAPI document)."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

TEXT = dict(validate=validate.Length(min=1, max=200))


class WorkshopCreateSchema(Schema):
    title_zh = fields.String(required=True, **TEXT, metadata={"description": "标题（中文）"})
    title_en = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    city = fields.String(required=True, validate=validate.Length(min=1, max=100))
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=500))

    @validates_schema
    def _dates_in_order(self, data, **_kwargs):
        if data["ends_on"] < data["starts_on"]:
            raise ValidationError("Must not be before starts_on.", "ends_on")


class WorkshopSchema(Schema):
    id = fields.String()
    code = fields.String(metadata={"description": "公开报名码 / public registration code"})
    title_zh = fields.String()
    title_en = fields.String(allow_none=True)
    city = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    capacity = fields.Integer()
    status = fields.String()
    registered = fields.Integer()


class OrganisationRegisterSchema(Schema):
    name_zh = fields.String(required=True, **TEXT, metadata={"description": "机构名称（中文）"})
    name_en = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))


class OrganisationSchema(Schema):
    id = fields.String()
    workshop_id = fields.String()
    name_zh = fields.String()
    name_en = fields.String(allow_none=True)
