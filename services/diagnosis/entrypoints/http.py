"""The diagnosis HTTP API (gunicorn: services.diagnosis.entrypoints.http:create_app())."""
from flask.views import MethodView

from services.common.http import Blueprint, create_service_app

from ..bootstrap import runtime
from ..schemas import SubmissionCreateSchema, SubmissionSchema
from ..service_layer import services

blp = Blueprint("diagnosis", __name__, description="组织诊断 / Organisational diagnosis")


@blp.route("/organisations/<string:organisation_id>/submissions")
class Submissions(MethodView):
    @blp.arguments(SubmissionCreateSchema)
    @blp.response(201, SubmissionSchema)
    def post(self, data, organisation_id):
        """提交诊断 / Submit a diagnosis"""
        return services.submit(runtime().sessions, organisation_id, data["answers"])


@blp.route("/organisations/<string:organisation_id>/submissions/latest")
class LatestSubmission(MethodView):
    @blp.response(200, SubmissionSchema)
    def get(self, organisation_id):
        """最新一次提交 / The latest submission"""
        return services.latest_submission(runtime().sessions, organisation_id)


def create_app():
    return create_service_app(runtime().settings, [blp], runtime().health_checks())
