"""The diagnosis HTTP API (gunicorn: services.diagnosis.entrypoints.http:create_app())."""

import dataclasses

from flask.views import MethodView

from services.common.http import Blueprint, create_service_app

from ..adapters.instrument_files import current_instrument
from ..bootstrap import runtime
from ..schemas import (
    CohortSchema,
    DiagnosisSchema,
    InvitedRespondentSchema,
    ProgrammeBenchmarkSchema,
    ProgrammeProgressSchema,
    ProgressSchema,
    RespondentCreateSchema,
    RespondentSchema,
    ResponseSchema,
    StoredResponseSchema,
)
from ..service_layer import respondents, responses, views
from .cooperation_api import blp as cooperation_blp
from .cooperation_pages import pages  # the intents' pages join the page blueprint
from .projector import projector_cohort  # noqa: F401  (the projector's routes join the pages)

blp = Blueprint("diagnosis", __name__, description="组织诊断 / Organisational diagnosis")


def caller():
    return respondents.identify(runtime().sessions)


@blp.route("/instrument")
class Instrument(MethodView):
    @blp.response(200)
    def get(self):
        """诊断工具（题目、等级描述、数据项、扫描项，中英文） / The instrument, bilingual"""
        return dataclasses.asdict(current_instrument())


@blp.route("/responses/mine")
class MyResponse(MethodView):
    @blp.response(200, StoredResponseSchema)
    @blp.errors(401, 404)
    def get(self):
        """我的填写（草稿或已提交） / My answers: the draft or the submitted version"""
        found = responses.mine(runtime().sessions, caller())
        return found or {
            "state": "none",
            "answers": {},
            "numbers": {},
            "scan": {},
            "stage_evidence": {},
            "path_views": {},
            "instrument_version": current_instrument().version,
        }

    @blp.arguments(ResponseSchema)
    @blp.response(200, StoredResponseSchema)
    @blp.errors(401, 404, 409)
    def put(self, content):
        """保存草稿（可只填一部分） / Save a draft; partial answers are fine"""
        return responses.save_draft(runtime().sessions, current_instrument(), caller(), content)


@blp.route("/responses/mine/submit")
class Submission(MethodView):
    @blp.response(200, StoredResponseSchema)
    @blp.errors(401, 404, 409)
    def post(self):
        """提交（重复提交不产生新内容） / Submit; submitting twice changes nothing"""
        return responses.submit(runtime().sessions, current_instrument(), caller())


@blp.route("/responses/mine/reopen")
class Reopening(MethodView):
    @blp.response(201, StoredResponseSchema)
    @blp.errors(401, 404, 409)
    def post(self):
        """重新打开为新版本（工作坊结束前） / Reopen as a new version, until the workshop closes"""
        return responses.reopen(runtime().sessions, current_instrument(), caller())


@blp.route("/organisations/<string:organisation_id>/respondents")
class Respondents(MethodView):
    @blp.response(200, RespondentSchema(many=True))
    @blp.errors(401, 404)
    def get(self, organisation_id):
        """填写人与进度 / Who answers, and how far they are"""
        return respondents.list_for(runtime().sessions, caller(), organisation_id)

    @blp.arguments(RespondentCreateSchema)
    @blp.response(201, InvitedRespondentSchema)
    @blp.errors(401, 404)
    def post(self, data, organisation_id):
        """邀请同事或理事填写（专属链接只显示一次） / Invite a staff or board member; their link is shown once"""
        return respondents.invite(runtime().sessions, caller(), organisation_id, data["role"], data["label"])


@blp.route("/organisations/<string:organisation_id>/respondents/<string:respondent_id>")
class Respondent(MethodView):
    @blp.response(204)
    @blp.errors(401, 404)
    def delete(self, organisation_id, respondent_id):
        """撤销邀请（其已提交的内容不再计入） / Revoke an invitation; their answers stop counting"""
        respondents.revoke(runtime().sessions, current_instrument(), caller(), organisation_id, respondent_id)


@blp.route("/organisations/<string:organisation_id>/diagnosis")
class Diagnosis(MethodView):
    @blp.response(200, DiagnosisSchema)
    @blp.errors(401, 404)
    def get(self, organisation_id):
        """本机构的诊断：每个数字及其理由 / The organisation's diagnosis, every figure with its reasons"""
        return views.organisation_diagnosis(runtime().sessions, caller(), organisation_id)


@blp.route("/workshops/<string:workshop_id>/cohort")
class Cohort(MethodView):
    @blp.response(200, CohortSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """工作坊整体（主持人） / The workshop's cohort (facilitators)"""
        return views.workshop_cohort(runtime().sessions, current_instrument(), caller(), workshop_id)


@blp.route("/workshops/<string:workshop_id>/progress")
class Progress(MethodView):
    @blp.response(200, ProgressSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """回访进展（主持人，n ≥ 5） / A follow-up round's progress against the baseline (facilitators, n ≥ 5)"""
        return views.workshop_progress(runtime().sessions, caller(), workshop_id)


@blp.route("/workshops/<string:workshop_id>/programme-progress")
class ProgrammeProgress(MethodView):
    @blp.response(200, ProgrammeProgressSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """本项目各工作坊的回访进展（n ≥ 5，不列机构名） / Follow-up progress across this programme's workshops"""
        return views.programme_progress(runtime().sessions, caller(), workshop_id)


@blp.route("/workshops/<string:workshop_id>/programme-benchmark")
class ProgrammeBenchmark(MethodView):
    @blp.response(200, ProgrammeBenchmarkSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """本项目所有工作坊的基准（主持人，n ≥ 5） / The benchmark across the workshops of this programme (facilitators, n ≥ 5)"""
        return views.programme_benchmark(runtime().sessions, caller(), workshop_id)


def create_app():
    current_instrument()  # load and validate the instrument at start-up: a broken one stops here
    return create_service_app(runtime().settings, [blp, cooperation_blp], runtime().health_checks(), pages=pages)
