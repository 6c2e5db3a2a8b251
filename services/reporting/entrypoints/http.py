"""The reporting HTTP API (gunicorn: services.reporting.entrypoints.http:create_app())."""
from flask import send_file
from flask.views import MethodView

from services.common.auth import current_principal
from services.common.http import Blueprint, create_service_app

from ..adapters.orm import access_grants
from ..bootstrap import runtime
from ..schemas import ReportSchema
from ..service_layer import services

blp = Blueprint("reporting", __name__, description="诊断报告 / Reports")


@blp.route("/organisations/<string:organisation_id>/reports")
class OrganisationReports(MethodView):
    @blp.response(200, ReportSchema(many=True))
    @blp.errors(401)
    def get(self, organisation_id):
        """机构的报告（新版本在前） / An organisation's reports, newest first"""
        return services.reports_of_organisation(runtime().sessions, authenticate(), organisation_id)


@blp.route("/reports/<string:report_id>")
class Report(MethodView):
    @blp.response(200, ReportSchema)
    @blp.errors(401, 404)
    def get(self, report_id):
        """报告状态 / A report's state"""
        return services.get_report(runtime().sessions, authenticate(), report_id)


@blp.route("/reports/<string:report_id>/pdf")
class ReportPdf(MethodView):
    @blp.response(200, content_type="application/pdf")
    @blp.errors(401, 404, 409)
    def get(self, report_id):
        """下载 PDF / Download the PDF"""
        rt = runtime()
        path = services.report_file(rt.sessions, authenticate(), rt.settings, report_id)
        return send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=f"nianlun-report-{report_id}.pdf")


def authenticate():
    return current_principal(runtime().sessions, access_grants)


def create_app():
    return create_service_app(runtime().settings, [blp], runtime().health_checks())
