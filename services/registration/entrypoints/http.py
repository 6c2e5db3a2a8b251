"""The registration HTTP API (gunicorn: services.registration.entrypoints.http:create_app())."""
from flask.views import MethodView

from services.common.http import Blueprint, create_service_app

from ..bootstrap import runtime
from ..schemas import OrganisationRegisterSchema, OrganisationSchema, WorkshopCreateSchema, WorkshopSchema
from ..service_layer import services

blp = Blueprint("registration", __name__, description="工作坊与机构报名 / Workshops and registration")


@blp.route("/workshops")
class Workshops(MethodView):
    @blp.arguments(WorkshopCreateSchema)
    @blp.response(201, WorkshopSchema)
    def post(self, data):
        """创建工作坊 / Create a workshop"""
        return services.create_workshop(runtime().sessions, data)


@blp.route("/workshops/<string:workshop_id>")
class Workshop(MethodView):
    @blp.response(200, WorkshopSchema)
    def get(self, workshop_id):
        """查看工作坊 / A workshop"""
        return services.get_workshop(runtime().sessions, workshop_id)


@blp.route("/codes/<string:code>/organisations")
class Registrations(MethodView):
    @blp.arguments(OrganisationRegisterSchema)
    @blp.response(201, OrganisationSchema)
    def post(self, data, code):
        """凭报名码报名 / Register an organisation with the workshop's code"""
        return services.register_organisation(runtime().sessions, code, data)


@blp.route("/organisations/<string:organisation_id>")
class Organisation(MethodView):
    @blp.response(200, OrganisationSchema)
    def get(self, organisation_id):
        """查看机构 / An organisation"""
        return services.get_organisation(runtime().sessions, organisation_id)


def create_app():
    return create_service_app(runtime().settings, [blp], runtime().health_checks())
