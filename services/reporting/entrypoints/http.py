"""The reporting HTTP API (gunicorn: reports.reporting.entrypoints.http:create_app())."""

from flask.views import MethodView

from services.common.http import Blueprint, create_service_app

from ..bootstrap import runtime
from ..schemas import LinkRequestSchema, LinkSchema, ProgressSchema, ReportRequestSchema, ReportSchema, SummarySchema
from ..service_layer import reports, summaries
from .actions import (
    authenticate,
    progress_of,
    render_everything,
    request_report,
    send_artefact,
    send_signed,
    signed_link,
)
from .pages import pages

blp = Blueprint("reporting", __name__, description="诊断报告 / Reports")


@blp.route("/organisations/<string:organisation_id>/reports")
class OrganisationReports(MethodView):
    @blp.response(200, ReportSchema(many=True))
    @blp.errors(401, 404)
    def get(self, organisation_id):
        """机构的报告（新版本在前） / An organisation's reports, newest first"""
        return reports.reports_of_organisation(runtime().sessions, authenticate(), organisation_id)

    @blp.arguments(ReportRequestSchema)
    @blp.response(202, ReportSchema)
    @blp.errors(401, 404)
    def post(self, data, organisation_id):
        """按最新诊断生成报告（英文报告按需生成） / A report of the newest diagnosis, e.g. in English"""
        return request_report(authenticate(), organisation_id, data["language"])


@blp.route("/reports/<string:report_id>")
class Report(MethodView):
    @blp.response(200, ReportSchema)
    @blp.errors(401, 404)
    def get(self, report_id):
        """报告状态 / A report's state"""
        return reports.get_report(runtime().sessions, authenticate(), report_id)


@blp.route("/reports/<string:report_id>/<any(pdf, json, appendix.pdf):fmt>")
class ReportFile(MethodView):
    @blp.response(200, content_type="application/pdf")
    @blp.errors(401, 404, 409)
    def get(self, report_id, fmt):
        """下载 PDF、方法与答卷附录 PDF，或报告内容（JSON） / The PDF, the method and answers appendix PDF, or the report's view as JSON data"""
        rt = runtime()
        return send_artefact(
            reports.report_file(rt.sessions, authenticate(), rt.settings, report_id, fmt),
            fmt,
            f"nianlun-report-{report_id}",
        )


@blp.route("/reports/<string:report_id>/link")
class ReportLink(MethodView):
    @blp.arguments(LinkRequestSchema)
    @blp.response(201, LinkSchema)
    @blp.errors(401, 404, 409)
    def post(self, data, report_id):
        """生成短时有效的下载链接 / A short-lived signed download link"""
        rt = runtime()
        reports.report_file(rt.sessions, authenticate(), rt.settings, report_id, data["format"])
        url = signed_link("report", report_id, data["format"])
        return {"url": url, "expires_in_seconds": rt.settings.link_max_age_seconds}


@blp.route("/downloads/<string:signed>")
class SignedDownload(MethodView):
    @blp.response(200, content_type="application/pdf")
    @blp.errors(404, 409)
    def get(self, signed):
        """凭签名链接下载（过期即失效；按机构或工作坊与日期命名） / Download with a signed link, until it expires"""
        return send_signed(signed)


@blp.route("/workshops/<string:workshop_id>/render")
class RenderAll(MethodView):
    @blp.response(202, ProgressSchema)
    @blp.errors(401, 404, 409)
    def post(self, workshop_id):
        """全部生成：每家机构一份报告，然后是工作坊总结 / Render all: every organisation, then the summary"""
        principal = authenticate()
        render_everything(principal, workshop_id)
        return progress_of(principal, workshop_id)


@blp.route("/workshops/<string:workshop_id>/progress")
class Progress(MethodView):
    @blp.response(200, ProgressSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """生成进度（n / N 已生成、正在更新几份，失败及原因） / Progress: n of N ready, how many updating, failures"""
        return progress_of(authenticate(), workshop_id)


@blp.route("/workshops/<string:workshop_id>/summary")
class Summary(MethodView):
    @blp.response(200, SummarySchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """工作坊总结的状态 / The workshop summary's state"""
        return summaries.latest_summary(runtime().sessions, authenticate(), workshop_id)


@blp.route("/workshops/<string:workshop_id>/<any(summary.pdf, scores.xlsx, scores.csv):name>")
class SummaryFile(MethodView):
    @blp.response(200, content_type="application/pdf")
    @blp.errors(401, 404, 409)
    def get(self, workshop_id, name):
        """下载总结 PDF 或全部分数（XLSX / CSV） / The summary PDF, or every organisation's scores"""
        rt = runtime()
        fmt = name.rsplit(".", 1)[1]
        return send_artefact(
            summaries.summary_file(rt.sessions, authenticate(), rt.settings, workshop_id, fmt),
            fmt,
            f"nianlun-{name.split('.')[0]}-{workshop_id}",
        )


def create_app():
    return create_service_app(runtime().settings, [blp], runtime().health_checks(), pages=pages)
