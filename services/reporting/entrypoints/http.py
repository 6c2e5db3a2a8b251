"""The reporting HTTP API (gunicorn: services.reporting.entrypoints.http:create_app())."""
from flask import send_file
from flask.views import MethodView

from services.common.http import Blueprint, create_service_app

from ..bootstrap import runtime
from ..schemas import ReportSchema
from ..service_layer import services

blp = Blueprint("reporting", __name__, description="诊断报告 / Reports")


@blp.route("/organisations/<string:organisation_id>/reports")
class OrganisationReports(MethodView):
    @blp.response(200, ReportSchema(many=True))
    def get(self, organisation_id):
        """机构的报告（新版本在前） / An organisation's reports, newest first"""
        return services.reports_of_organisation(runtime().sessions, organisation_id)


@blp.route("/reports/<string:report_id>")
class Report(MethodView):
    @blp.response(200, ReportSchema)
    def get(self, report_id):
        """报告状态 / A report's state"""
        return services.get_report(runtime().sessions, report_id)


@blp.route("/reports/<string:report_id>/pdf")
class ReportPdf(MethodView):
    @blp.response(200, content_type="application/pdf")
    @blp.alt_response(409, description="尚未生成 / not ready yet")
    def get(self, report_id):
        """下载 PDF / Download the PDF"""
        rt = runtime()
        path = services.report_file(rt.sessions, rt.settings, report_id)
        return send_file(path, mimetype="application/pdf", as_attachment=True,
                         download_name=f"nianlun-report-{report_id}.pdf")


def create_app():
    return create_service_app(runtime().settings, [blp], runtime().health_checks())
