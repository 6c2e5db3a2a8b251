"""What anyone may do: read the reference lists, look up a workshop by its code, register."""

from flask.views import MethodView

from services.common.http import Blueprint
from services.common.i18n import LANGUAGES as SPOKEN
from services.common.i18n import speaker
from services.common.limits import limiter

from ...bootstrap import runtime
from ...domain.reference import FOCUS_AREAS, LANGUAGES, LEGAL_FORMS
from ...schemas import OrganisationProfileSchema, PublicWorkshopSchema, ReferenceSchema, RegisteredOrganisationSchema
from ...service_layer import organisations, workshops
from . import sessions

blp = Blueprint("public", __name__, description="公开报名 / Public registration")


def _labels(choices: dict) -> dict:
    """Each code's name in every language (the reference is for forms of either language)."""
    speakers = [speaker(language, runtime().settings.translations_dir) for language in SPOKEN]
    return {code: {s.language: s.gettext(name) for s in speakers} for code, name in choices.items()}


@blp.route("/reference")
class Reference(MethodView):
    @blp.response(200, ReferenceSchema)
    def get(self):
        """可选项（机构类型、关注领域、语言） / The choices: legal forms, focus areas, languages"""
        return {
            "legal_forms": _labels(LEGAL_FORMS),
            "focus_areas": _labels(FOCUS_AREAS),
            "languages": _labels(LANGUAGES),
        }


@blp.route("/codes/<string:code>")
class WorkshopByCode(MethodView):
    @blp.response(200, PublicWorkshopSchema)
    @blp.errors(404)
    def get(self, code):
        """凭报名码查看工作坊 / A workshop as its registration code shows it"""
        return workshops.public_workshop(sessions(), code)


@blp.route("/codes/<string:code>/organisations")
class Registrations(MethodView):
    @limiter.limit(lambda: runtime().settings.registration_rate_limit, methods=["POST"])
    @blp.arguments(OrganisationProfileSchema)
    @blp.response(201, RegisteredOrganisationSchema)
    @blp.errors(404, 409, 429)
    def post(self, profile, code):
        """凭报名码报名；名额已满则进入候补 / Register with the workshop's code (waitlisted when full)"""
        return organisations.register(sessions(), code, profile)
