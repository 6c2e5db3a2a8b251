"""A closed workshop's follow-up rounds (issue 21): list, open the next, close the open one."""

from flask.views import MethodView

from services.common.auth import request_token
from services.common.http import Blueprint

from ...schemas import RoundOpenSchema, RoundSchema
from ...service_layer import access, rounds
from . import authenticate, sessions

blp = Blueprint("rounds", __name__, description="回访轮次（主持人） / Follow-up rounds (facilitators)")


@blp.route("/workshops/<string:workshop_id>/rounds")
class Rounds(MethodView):
    @blp.response(200, RoundSchema(many=True))
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """本工作坊的回访轮次 / The workshop's follow-up rounds"""
        return rounds.rounds_of(sessions(), authenticate(), workshop_id)

    @blp.arguments(RoundOpenSchema)
    @blp.response(201, RoundSchema)
    @blp.errors(401, 404, 409)
    def post(self, data, workshop_id):
        """开启下一轮回访（工作坊须已截止；同时只开一轮） / Open the next follow-up round of a closed workshop
        (one at a time)"""
        principal = authenticate()
        opened_by = access.account_behind(sessions(), request_token())
        return rounds.open_round(
            sessions(), principal, workshop_id, data["kind"], data["opens_on"], opened_by=opened_by
        )


@blp.route("/workshops/<string:workshop_id>/rounds/current/close")
class CurrentRound(MethodView):
    @blp.response(200, RoundSchema)
    @blp.errors(401, 404, 409)
    def post(self, workshop_id):
        """结束进行中的回访（工作坊回到已截止） / Close the open follow-up round; the workshop is closed again"""
        return rounds.close_round(sessions(), authenticate(), workshop_id)
