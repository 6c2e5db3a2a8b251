"""Bearer tokens: long, random, shown once, stored only as a hash.

The registration service issues them; every service verifies them against its own table of
grants (registration's own, or the copy the others keep from `access.granted` events). A
principal is either a facilitator of one workshop or one organisation of one workshop."""

from __future__ import annotations

import dataclasses
import hashlib
import secrets

from flask import g, request

from .errors import ServiceError
from .i18n import N_

TOKEN_BYTES = 32  # 256 bits from the operating system's CSPRNG
FACILITATOR = "facilitator"
ORGANISATION = "organisation"
ACCOUNT = "account"  # an organiser's or facilitator's own token for scripts (registration only)
ROLE_PREFIXES = {FACILITATOR: "nlf", ORGANISATION: "nlo", ACCOUNT: "nla"}  # says what a leaked token is, not whose
TOKEN_COOKIE = "nl_token"  # the private link's token, kept by the browser for the pages


def new_token(role: str) -> str:
    return f"{ROLE_PREFIXES[role]}_{secrets.token_urlsafe(TOKEN_BYTES)}"


def hash_token(token: str) -> str:
    # A token has 256 bits of entropy: a fast hash suffices, there is nothing to brute-force.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclasses.dataclass(frozen=True)
class Principal:
    role: str
    workshop_id: str
    organisation_id: str | None = None

    def facilitates(self, workshop_id: str) -> bool:
        return self.role == FACILITATOR and self.workshop_id == workshop_id

    def is_organisation(self, organisation_id: str) -> bool:
        return self.role == ORGANISATION and self.organisation_id == organisation_id


class Unauthenticated(ServiceError):
    status = 401

    def __init__(self):
        super().__init__(N_("A valid access token is needed (use your private link)."))


def request_token() -> str | None:
    """The API's `Authorization: Bearer` token; on a web page, the token of the private link
    the browser opened (kept in a cookie; see services.common.web). The JSON API never reads
    the cookie, so it needs no CSRF protection."""
    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return g.get("page_token")


def current_principal(sessions, grants) -> Principal:
    """The principal behind the request's bearer token, from this service's `grants` table."""
    token = request_token()
    if token is None:
        raise Unauthenticated()
    row = valid_token(sessions, grants, token, grants.c.role, grants.c.workshop_id, grants.c.organisation_id)
    return Principal(role=row.role, workshop_id=row.workshop_id, organisation_id=row.organisation_id)


def valid_token(sessions, table, token: str, *columns):
    """These columns of the token's row in `table` (a token_hash and a revoked_at column), if
    the token is there and not revoked; else Unauthenticated."""
    from sqlalchemy import select  # keep this module importable without a database

    with sessions() as session:
        row = session.execute(
            select(*columns).where(table.c.token_hash == hash_token(token), table.c.revoked_at.is_(None))
        ).first()
    if row is None:
        raise Unauthenticated()
    return row
