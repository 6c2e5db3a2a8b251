"""The cooperation intents API: an organisation's own (propose, answer, withdraw) and its
workshop's (the facilitator's list, and an intent agreed in the room)."""

from flask.views import MethodView

from services.common.http import Blueprint

from ..bootstrap import runtime
from ..schemas import IntentCreateSchema, IntentRecordSchema, IntentSchema, MyIntentsSchema, WorkshopIntentsSchema
from ..service_layer import cooperation, respondents

blp = Blueprint("cooperation", __name__, description="合作意向 / Cooperation intents")


def caller():
    return respondents.identify(runtime().sessions)


@blp.route("/intents/mine")
class MyIntents(MethodView):
    @blp.response(200, MyIntentsSchema)
    @blp.errors(401, 404)
    def get(self):
        """本机构参与的合作意向，及可邀请的同伴（推荐的在前） / The intents one's organisation is part of, and its peers"""
        return cooperation.mine(runtime().sessions, caller())

    @blp.arguments(IntentCreateSchema)
    @blp.response(201, IntentSchema)
    @blp.errors(401, 404, 409)
    def post(self, details):
        """向同一工作坊的机构提出合作意向 / Propose an intent to an organisation of the workshop"""
        return cooperation.propose(runtime().sessions, caller(), details)


@blp.route("/intents/<string:intent_id>/<any(accept, decline, withdraw):change>")
class IntentChange(MethodView):
    @blp.response(200, IntentSchema)
    @blp.errors(401, 404, 409)
    def post(self, intent_id, change):
        """接受、婉拒（对方）或撤回（任一方） / Accept or decline (the partner), or withdraw (either side)"""
        if change == "withdraw":
            return cooperation.withdraw(runtime().sessions, caller(), intent_id)
        return cooperation.answer(runtime().sessions, caller(), intent_id, accept=change == "accept")


@blp.route("/workshops/<string:workshop_id>/intents")
class WorkshopIntents(MethodView):
    @blp.response(200, WorkshopIntentsSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """工作坊的全部合作意向（主持人） / Every intent of the workshop (facilitators)"""
        return cooperation.of_workshop(runtime().sessions, caller(), workshop_id)

    @blp.arguments(IntentRecordSchema)
    @blp.response(201, IntentSchema)
    @blp.errors(401, 404, 409)
    def post(self, details, workshop_id):
        """记录现场达成的合作意向（双方均视为同意） / Record an intent agreed in the room, for both sides"""
        return cooperation.record(runtime().sessions, caller(), workshop_id, details)
