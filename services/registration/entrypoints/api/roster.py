"""A facilitator's roster and agenda: spreadsheet import (preview first) and export, and the
lightning-talk agenda as JSON and as a printable page."""

from flask import Response, request
from flask.views import MethodView

from services.common.http import Blueprint
from services.common.templates import render_template

from ...bootstrap import runtime
from ...schemas import AgendaSchema, MoveSchema, PinSchema, RosterImportSchema, RosterPreviewSchema, RosterUploadSchema
from ...service_layer import agenda, roster
from . import authenticate, sessions

blp = Blueprint("roster", __name__, description="名册与闪电发言（主持人） / Roster and agenda (facilitators)")

SPREADSHEET_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


@blp.before_request
def _allow_roster_files():
    # Spreadsheets may be larger than the JSON bodies every other endpoint accepts.
    if request.endpoint and request.endpoint.endswith(("RosterPreview", "RosterImport")):
        request.max_content_length = runtime().settings.max_roster_bytes + 64_000


def _upload(files) -> tuple[str, bytes]:
    upload = files["file"]
    return upload.filename or "", upload.read()


@blp.route("/workshops/<string:workshop_id>/roster/preview")
class RosterPreview(MethodView):
    @blp.arguments(RosterUploadSchema, location="files")
    @blp.response(200, RosterPreviewSchema)
    @blp.errors(401, 404, 413)
    def post(self, files, workshop_id):
        """预览名册：逐行检查，不写入 / Preview a roster file row by row; nothing is written"""
        return roster.preview(sessions(), runtime().settings, authenticate(), workshop_id, *_upload(files))


@blp.route("/workshops/<string:workshop_id>/roster/import")
class RosterImport(MethodView):
    @blp.arguments(RosterUploadSchema, location="files")
    @blp.response(201, RosterImportSchema)
    @blp.errors(401, 404, 409, 413)
    def post(self, files, workshop_id):
        """导入名册中有效的行；每家机构获得专属令牌 / Import the valid rows; each organisation gets its token"""
        return roster.import_valid_rows(sessions(), runtime().settings, authenticate(), workshop_id, *_upload(files))


@blp.route("/workshops/<string:workshop_id>/roster.<any(xlsx, csv):kind>")
class RosterExport(MethodView):
    @blp.response(200, content_type=SPREADSHEET_TYPES["xlsx"])
    @blp.errors(401, 404)
    def get(self, workshop_id, kind):
        """导出名册（XLSX 或 CSV） / Export the roster as XLSX or CSV"""
        content = roster.export(sessions(), authenticate(), workshop_id, kind)
        return Response(
            content,
            mimetype=SPREADSHEET_TYPES[kind],
            headers={"Content-Disposition": f'attachment; filename="roster-{workshop_id}.{kind}"'},
        )


@blp.route("/workshops/<string:workshop_id>/agenda")
class Agenda(MethodView):
    @blp.response(200, AgendaSchema)
    @blp.errors(401, 404, 409)
    def get(self, workshop_id):
        """闪电发言日程（主持人与本工作坊机构可见） / The lightning-talk agenda (facilitators and participants)"""
        return agenda.view(sessions(), authenticate(), workshop_id)


@blp.route("/workshops/<string:workshop_id>/agenda.html")
class PrintableAgenda(MethodView):
    @blp.response(200, content_type="text/html")
    @blp.errors(401, 404, 409)
    def get(self, workshop_id):
        """可打印的日程页 / The agenda as a printable page"""
        shown = agenda.view(sessions(), authenticate(), workshop_id)
        html = render_template(
            "services.registration",
            "agenda.html",
            dict(workshop=shown["workshop"], slots=shown["slots"], language="zh"),
        )
        return Response(html, mimetype="text/html")


@blp.route("/workshops/<string:workshop_id>/agenda/<string:organisation_id>/move")
class AgendaMove(MethodView):
    @blp.arguments(MoveSchema)
    @blp.response(200, AgendaSchema)
    @blp.errors(401, 404, 409)
    def post(self, data, workshop_id, organisation_id):
        """上移或下移一个发言 / Move a talk up or down"""
        return agenda.move(sessions(), authenticate(), workshop_id, organisation_id, data["direction"])


@blp.route("/workshops/<string:workshop_id>/agenda/<string:organisation_id>/pin")
class AgendaPin(MethodView):
    @blp.arguments(PinSchema)
    @blp.response(200, AgendaSchema)
    @blp.errors(401, 404, 409)
    def put(self, data, workshop_id, organisation_id):
        """把发言固定在某个位置 / Pin a talk to a position"""
        return agenda.pin(sessions(), authenticate(), workshop_id, organisation_id, data["position"])

    @blp.response(200, AgendaSchema)
    @blp.errors(401, 404, 409)
    def delete(self, workshop_id, organisation_id):
        """取消固定 / Unpin a talk"""
        return agenda.unpin(sessions(), authenticate(), workshop_id, organisation_id)
