"""The diagnosis HTTP API (gunicorn: services.diagnosis.entrypoints.http:create_app())."""
from flask.views import MethodView

from services.common.auth import current_principal
from services.common.http import Blueprint, create_service_app

from ..adapters.orm import access_grants
from ..bootstrap import runtime
from ..schemas import SubmissionCreateSchema, SubmissionSchema
from ..service_layer import services

blp = Blueprint("diagnosis", __name__, description="组织诊断 / Organisational diagnosis")


@blp.route("/organisations/<string:organisation_id>/submissions")
class Submissions(MethodView):
    @blp.arguments(SubmissionCreateSchema)
    @blp.response(201, SubmissionSchema)
    @blp.errors(401, 404, 409)
    def post(self, data, organisation_id):
        """提交诊断 / Submit a diagnosis"""
        return services.submit(runtime().sessions, authenticate(), organisation_id, data["answers"])


@blp.route("/organisations/<string:organisation_id>/submissions/latest")
class LatestSubmission(MethodView):
    @blp.response(200, SubmissionSchema)
    @blp.errors(401, 404)
    def get(self, organisation_id):
        """最新一次提交 / The latest submission"""
        return services.latest_submission(runtime().sessions, authenticate(), organisation_id)


def authenticate():
    return current_principal(runtime().sessions, access_grants)


def create_app():
    return create_service_app(runtime().settings, [blp], runtime().health_checks())
