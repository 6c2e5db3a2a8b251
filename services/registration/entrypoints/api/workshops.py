"""A facilitator's workshop: create, read, edit, change status, manage access."""

from flask.views import MethodView

from services.common.auth import ACCOUNT, FACILITATOR, ROLE_PREFIXES, Unauthenticated, request_token
from services.common.http import Blueprint

from ...schemas import (
    IssuedTokenSchema,
    StatusChangeSchema,
    TokenCreateSchema,
    TokenSchema,
    WorkshopChangesSchema,
    WorkshopCreatedSchema,
    WorkshopFieldsSchema,
    WorkshopSchema,
)
from ...service_layer import access, accounts, organisations, workshops
from . import authenticate, sessions

blp = Blueprint("workshops", __name__, description="工作坊（主持人） / Workshops (facilitators)")


@blp.route("/workshops")
class Workshops(MethodView):
    @blp.arguments(WorkshopFieldsSchema)
    @blp.response(201, WorkshopCreatedSchema)
    @blp.errors(401)
    def post(self, data):
        """创建工作坊（草稿），返回主持人令牌（仅此一次）。需要主办方或主持人的账号令牌，或本项目某工作坊的主持人令牌 /
        Create a workshop in the caller's programme (an account's token, or a facilitator token of
        one of its workshops); returns the facilitator token once"""
        programme_id, account_id = _creator()
        return workshops.create_workshop(sessions(), data, programme_id, account_id=account_id)


def _creator() -> tuple[str, str | None]:
    """The programme a workshop is created in, and the account that creates it."""
    token = request_token()
    if token is not None and token.startswith(ROLE_PREFIXES[ACCOUNT] + "_"):
        account = accounts.account_of_token(sessions(), token)
        return account.programme_id, account.id
    principal = authenticate()
    if principal.role != FACILITATOR:
        raise Unauthenticated()
    return workshops.programme_of(sessions(), principal.workshop_id), None


@blp.route("/workshops/<string:workshop_id>")
class Workshop(MethodView):
    @blp.response(200, WorkshopSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """查看工作坊与人数 / A workshop and its counts"""
        return workshops.get_workshop(sessions(), authenticate(), workshop_id)

    @blp.arguments(WorkshopChangesSchema(partial=True))
    @blp.response(200, WorkshopSchema)
    @blp.errors(401, 404, 409)
    def patch(self, changes, workshop_id):
        """修改工作坊 / Edit a workshop"""
        return workshops.update_workshop(sessions(), authenticate(), workshop_id, changes)


@blp.route("/workshops/<string:workshop_id>/status")
class WorkshopStatus(MethodView):
    @blp.arguments(StatusChangeSchema)
    @blp.response(200, WorkshopSchema)
    @blp.errors(401, 404, 409)
    def post(self, data, workshop_id):
        """草稿 → 开放报名 → 报名截止 → 归档 / Move a workshop through draft → open → closed → archived"""
        return workshops.change_status(sessions(), authenticate(), workshop_id, data["status"])


@blp.route("/workshops/<string:workshop_id>/tokens")
class Tokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """本工作坊的令牌（不含明文） / The workshop's tokens (never their text)"""
        return access.list_tokens(sessions(), authenticate(), workshop_id)

    @blp.arguments(TokenCreateSchema)
    @blp.response(201, IssuedTokenSchema)
    @blp.errors(401, 404)
    def post(self, data, workshop_id):
        """邀请协同主持人（新令牌仅显示一次） / Invite a co-facilitator: a new token, shown once"""
        return access.invite_facilitator(sessions(), authenticate(), workshop_id, data["label"])


@blp.route("/workshops/<string:workshop_id>/tokens/<string:token_id>")
class Token(MethodView):
    @blp.response(204)
    @blp.errors(401, 404, 409)
    def delete(self, workshop_id, token_id):
        """撤销令牌 / Revoke a token"""
        access.revoke(sessions(), authenticate(), workshop_id, token_id)


@blp.route("/workshops/<string:workshop_id>/organisations/<string:organisation_id>/token")
class OrganisationToken(MethodView):
    @blp.response(201, IssuedTokenSchema)
    @blp.errors(401, 404)
    def post(self, workshop_id, organisation_id):
        """为机构重新生成专属链接（旧链接失效） / A new private token for an organisation; the old one stops working"""
        return access.reissue_organisation_token(
            sessions(), authenticate(), workshop_id, organisation_id, organisations.load_in_workshop
        )
