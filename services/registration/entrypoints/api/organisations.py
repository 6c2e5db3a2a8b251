"""An organisation's own profile, withdrawal, and the facilitator's roster list."""

from flask.views import MethodView

from services.common.http import Blueprint

from ...schemas import OrganisationChangesSchema, OrganisationSchema, PrincipalSchema, RosterListSchema
from ...service_layer import organisations
from . import authenticate, sessions

blp = Blueprint("organisations", __name__, description="机构 / Organisations")


@blp.route("/me")
class Me(MethodView):
    @blp.response(200, PrincipalSchema)
    @blp.errors(401)
    def get(self):
        """当前令牌代表谁 / Who the token belongs to"""
        return authenticate()


@blp.route("/organisations/<string:organisation_id>")
class Organisation(MethodView):
    @blp.response(200, OrganisationSchema)
    @blp.errors(401, 404)
    def get(self, organisation_id):
        """机构资料（本机构或其工作坊主持人） / The profile (the organisation itself or its facilitators)"""
        return organisations.get(sessions(), authenticate(), organisation_id)

    @blp.arguments(OrganisationChangesSchema(partial=True))
    @blp.response(200, OrganisationSchema)
    @blp.errors(401, 404, 409)
    def patch(self, changes, organisation_id):
        """修改本机构资料 / Edit one's own profile"""
        return organisations.update_profile(sessions(), authenticate(), organisation_id, changes)


@blp.route("/organisations/<string:organisation_id>/withdraw")
class Withdrawal(MethodView):
    @blp.response(200, OrganisationSchema)
    @blp.errors(401, 404, 409)
    def post(self, organisation_id):
        """退出工作坊（候补第一位自动递补） / Withdraw (the first on the waitlist takes the place)"""
        return organisations.withdraw(sessions(), authenticate(), organisation_id)


@blp.route("/workshops/<string:workshop_id>/organisations")
class Roster(MethodView):
    @blp.response(200, RosterListSchema)
    @blp.errors(401, 404)
    def get(self, workshop_id):
        """名册与人数（已报名、候补、已退出） / The roster and counts: registered, waitlisted, withdrawn"""
        return organisations.roster(sessions(), authenticate(), workshop_id)
