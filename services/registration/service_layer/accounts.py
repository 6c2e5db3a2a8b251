"""Organisers' and facilitators' accounts: the first organiser (made on the command line),
signing in, invitations by one-time links, signing out everywhere, who may open which
workshop, and the facilitator tokens a signed-in browser is given for a workshop.

Leaders never have an account: their organisation's private link is enough."""

from __future__ import annotations

import dataclasses
import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from services.common.auth import ACCOUNT, FACILITATOR, Unauthenticated, hash_token, new_token
from services.common.clock import now
from services.common.errors import Conflict, Invalid, NoSuchWorkshop, NotFound, ServiceError
from services.common.i18n import N_

from ..adapters.orm import (
    access_tokens,
    account_tokens,
    accounts,
    invitations,
    programmes,
    workshop_facilitators,
    workshops,
)
from ..domain.accounts import (
    INVITATION_LIFETIME,
    AccountRole,
    invitation_state,
    login_key,
    login_problem,
    password_problem,
)
from .access import grant, revoke_where

# argon2id (the library's default type) with its default cost; a dummy hash keeps a wrong
# login as slow as a wrong password, so timing does not tell which logins exist.
_hasher = PasswordHasher()
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


@dataclasses.dataclass(frozen=True)
class Account:
    id: str
    programme_id: str
    role: str
    login: str
    display_name: str
    session_epoch: int

    @property
    def is_organiser(self) -> bool:
        return self.role == AccountRole.ORGANISER


class WrongCredentials(ServiceError):
    status = 401

    def __init__(self):
        super().__init__(N_("The login or the password is not right."))


class InvitationUnusable(ServiceError):
    status = 410

    def __init__(self, state: str, inviter: str):
        messages = {
            "expired": N_("This invitation has expired; ask %(inviter)s for a new one."),
            "accepted": N_("This invitation has been used already; sign in, or ask %(inviter)s for a new one."),
            "revoked": N_("This invitation was withdrawn; ask %(inviter)s for a new one."),
        }
        super().__init__(messages[state], inviter=inviter)


# ---------------------------------------------------------------- making accounts


def create_organiser(
    sessions: sessionmaker, programme_name: str, login: str, display_name: str, password: str
) -> Account:
    """The first organiser of a new programme (the command line's `make organiser`)."""
    _check_credentials(login, password)
    with sessions.begin() as session:
        programme_id = str(uuid.uuid4())
        session.execute(insert(programmes).values(id=programme_id, name=programme_name.strip(), created_at=now()))
        return _insert_account(session, programme_id, AccountRole.ORGANISER, login, display_name, password)


def _check_credentials(login: str, password: str) -> None:
    errors = {}
    if problem := login_problem(login):
        errors["login"] = [problem]
    if problem := password_problem(password, login):
        errors["password"] = [problem]
    if errors:
        raise Invalid(N_("The input is invalid; see the fields listed."), errors=errors)


def _insert_account(session: Session, programme_id: str, role: str, login: str, name: str, password: str) -> Account:
    row = dict(
        id=str(uuid.uuid4()),
        programme_id=programme_id,
        role=str(role),
        login=login.strip(),
        login_key=login_key(login),
        display_name=name.strip() or login.strip(),
        password_hash=_hasher.hash(password),
        session_epoch=0,
        created_at=now(),
    )
    if session.execute(select(accounts.c.id).where(accounts.c.login_key == row["login_key"])).first():
        raise Conflict(N_("This login is taken; sign in with it, or choose another."), field="login")
    session.execute(insert(accounts).values(**row))
    return _account(row)


def _account(row) -> Account:
    return Account(**{field.name: row[field.name] for field in dataclasses.fields(Account)})


def account_by_id(sessions: sessionmaker, account_id: str, epoch: int) -> Account | None:
    """The account of a session cookie, unless it was signed out everywhere since."""
    with sessions() as session:
        row = session.execute(select(accounts).where(accounts.c.id == account_id)).mappings().first()
    return _account(row) if row is not None and row["session_epoch"] == epoch else None


# ---------------------------------------------------------------- signing in and out


def sign_in(sessions: sessionmaker, login: str, password: str) -> Account:
    with sessions.begin() as session:
        row = session.execute(select(accounts).where(accounts.c.login_key == login_key(login))).mappings().first()
        if not _password_matches(row["password_hash"] if row else _DUMMY_HASH, password) or row is None:
            raise WrongCredentials()
        changes: dict = {"signed_in_at": now()}
        if _hasher.check_needs_rehash(row["password_hash"]):
            changes["password_hash"] = _hasher.hash(password)
        session.execute(update(accounts).where(accounts.c.id == row["id"]).values(**changes))
        return _account(row)


def _password_matches(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def sign_out_everywhere(sessions: sessionmaker, account: Account) -> None:
    """Every browser's session ends (the epoch moves on) and every token given to them stops."""
    with sessions.begin() as session:
        session.execute(
            update(accounts).where(accounts.c.id == account.id).values(session_epoch=accounts.c.session_epoch + 1)
        )
        revoke_where(session, access_tokens.c.account_id == account.id)


# ---------------------------------------------------------------- invitations


def invite(
    sessions: sessionmaker, inviter: Account, role: str, note: str | None, workshop_id: str | None = None
) -> dict:
    """A one-time link for a new facilitator or organiser (organisers only), or for a
    co-facilitator of one workshop (anyone who may open it). The clear token is returned once."""
    if role not in {r.value for r in AccountRole}:
        raise Invalid(N_("Choose a role."), field="role")
    if workshop_id is None and not inviter.is_organiser:
        raise NotFound(N_("Not found."))
    if workshop_id is not None:
        require_workshop(sessions, inviter, workshop_id)
        role = AccountRole.FACILITATOR
    token = secrets.token_urlsafe(32)
    row = dict(
        id=str(uuid.uuid4()),
        token_hash=hash_token(token),
        programme_id=inviter.programme_id,
        role=str(role),
        workshop_id=workshop_id,
        note=(note or "").strip()[:100] or None,
        invited_by=inviter.id,
        created_at=now(),
        expires_at=now() + INVITATION_LIFETIME,
    )
    with sessions.begin() as session:
        session.execute(insert(invitations).values(**row))
    return dict(row, token=token)


def pending_invitations(sessions: sessionmaker, account: Account, workshop_id: str | None = None) -> list[dict]:
    with sessions() as session:
        query = select(invitations).where(
            invitations.c.programme_id == account.programme_id,
            invitations.c.accepted_at.is_(None),
            invitations.c.revoked_at.is_(None),
            invitations.c.expires_at > now(),
        )
        query = query.where(
            invitations.c.workshop_id == workshop_id if workshop_id else invitations.c.workshop_id.is_(None)
        )
        return [dict(r) for r in session.execute(query.order_by(invitations.c.created_at)).mappings()]


def withdraw_invitation(sessions: sessionmaker, account: Account, invitation_id: str) -> None:
    with sessions.begin() as session:
        row = (
            session.execute(
                select(invitations).where(
                    invitations.c.id == invitation_id, invitations.c.programme_id == account.programme_id
                )
            )
            .mappings()
            .first()
        )
        if row is None or (row["workshop_id"] is None and not account.is_organiser):
            raise NotFound(N_("Not found."))
        if row["workshop_id"] is not None:
            _require_workshop(session, account, row["workshop_id"])
        session.execute(update(invitations).where(invitations.c.id == invitation_id).values(revoked_at=now()))


def invitation(sessions: sessionmaker, token: str) -> dict:
    """The invitation behind a link, if it can still be used (else 404 or a 410 that says
    whom to ask)."""
    with sessions() as session:
        return _usable_invitation(session, token)


def _usable_invitation(session: Session, token: str) -> dict:
    row = (
        session.execute(
            select(invitations, accounts.c.display_name.label("inviter"), programmes.c.name.label("programme"))
            .join(accounts, accounts.c.id == invitations.c.invited_by)
            .join(programmes, programmes.c.id == invitations.c.programme_id)
            .where(invitations.c.token_hash == hash_token(token))
        )
        .mappings()
        .first()
    )
    if row is None:
        raise NotFound(N_("This invitation link is not valid; check it, or ask for a new one."))
    state = invitation_state(row["expires_at"], row["accepted_at"], row["revoked_at"], now())
    if state != "usable":
        raise InvitationUnusable(state, row["inviter"])
    return dict(row)


def accept_invitation(sessions: sessionmaker, token: str, login: str, display_name: str, password: str) -> Account:
    """The invitee's own account, with the password they chose; the link is used up."""
    _check_credentials(login, password)
    try:
        with sessions.begin() as session:
            found = _usable_invitation(session, token)
            used = session.execute(
                update(invitations)
                .where(invitations.c.id == found["id"], invitations.c.accepted_at.is_(None))
                .values(accepted_at=now())
            )
            if used.rowcount != 1:  # the same link accepted in another tab a moment ago
                raise InvitationUnusable("accepted", found["inviter"])
            account = _insert_account(session, found["programme_id"], found["role"], login, display_name, password)
            session.execute(update(invitations).where(invitations.c.id == found["id"]).values(accepted_by=account.id))
            if found["workshop_id"]:
                _add_facilitator(session, found["workshop_id"], account.id)
            return account
    except IntegrityError:
        raise Conflict(N_("This login is taken; sign in with it, or choose another."), field="login") from None


# ---------------------------------------------------------------- tokens for scripts


def issue_account_token(sessions: sessionmaker, account: Account, label: str | None = None) -> str:
    """A token for the API (scripts, the demo), shown once, stored hashed."""
    token = new_token(ACCOUNT)
    with sessions.begin() as session:
        session.execute(
            insert(account_tokens).values(
                token_hash=hash_token(token), account_id=account.id, label=label, created_at=now()
            )
        )
    return token


def account_of_token(sessions: sessionmaker, token: str) -> Account:
    with sessions() as session:
        row = (
            session.execute(
                select(accounts)
                .join(account_tokens, account_tokens.c.account_id == accounts.c.id)
                .where(account_tokens.c.token_hash == hash_token(token), account_tokens.c.revoked_at.is_(None))
            )
            .mappings()
            .first()
        )
    if row is None:
        raise Unauthenticated()
    return _account(row)


# ---------------------------------------------------------------- who may open which workshop


def visible_workshops(sessions: sessionmaker, account: Account) -> list[dict]:
    """An organiser's whole programme; a facilitator's own workshops. Newest first."""
    with sessions() as session:
        return [dict(r) for r in session.execute(_visible(account).order_by(workshops.c.starts_on.desc())).mappings()]


def _visible(account: Account):
    query = select(workshops).where(workshops.c.programme_id == account.programme_id)
    if account.is_organiser:
        return query
    mine = select(workshop_facilitators.c.workshop_id).where(workshop_facilitators.c.account_id == account.id)
    return query.where(workshops.c.id.in_(mine))


def require_workshop(sessions: sessionmaker, account: Account, workshop_id: str) -> dict:
    with sessions() as session:
        return _require_workshop(session, account, workshop_id)


def _require_workshop(session: Session, account: Account, workshop_id: str) -> dict:
    row = session.execute(_visible(account).where(workshops.c.id == workshop_id)).mappings().first()
    if row is None:  # another programme's workshop is not confirmed to exist
        raise NoSuchWorkshop()
    return dict(row)


def workshop_token(sessions: sessionmaker, account: Account, workshop_id: str, known: str | None) -> str:
    """The facilitator token this browser holds for the workshop: the one it was given
    before while it still works, else a new one (bound to the account, so that signing out
    everywhere or leaving the workshop revokes it)."""
    with sessions.begin() as session:
        _require_workshop(session, account, workshop_id)
        if known is not None and _still_valid(session, known, account, workshop_id):
            return known
        return grant(session, FACILITATOR, workshop_id, label=account.display_name[:100], account_id=account.id)[
            "token"
        ]


def _still_valid(session: Session, token: str, account: Account, workshop_id: str) -> bool:
    return (
        session.execute(
            select(access_tokens.c.id).where(
                access_tokens.c.token_hash == hash_token(token),
                access_tokens.c.revoked_at.is_(None),
                access_tokens.c.account_id == account.id,
                access_tokens.c.workshop_id == workshop_id,
            )
        ).first()
        is not None
    )


# ---------------------------------------------------------------- a workshop's facilitators


def facilitators(sessions: sessionmaker, account: Account, workshop_id: str) -> list[dict]:
    with sessions() as session:
        _require_workshop(session, account, workshop_id)
        rows = session.execute(
            select(accounts.c.id, accounts.c.display_name, accounts.c.login, workshop_facilitators.c.added_at)
            .join(workshop_facilitators, workshop_facilitators.c.account_id == accounts.c.id)
            .where(workshop_facilitators.c.workshop_id == workshop_id)
            .order_by(workshop_facilitators.c.added_at)
        ).mappings()
        return [dict(r) for r in rows]


def programme_facilitators(sessions: sessionmaker, account: Account) -> list[dict]:
    with sessions() as session:
        rows = session.execute(
            select(accounts.c.id, accounts.c.display_name, accounts.c.login, accounts.c.role)
            .where(accounts.c.programme_id == account.programme_id)
            .order_by(accounts.c.display_name)
        ).mappings()
        return [dict(r) for r in rows]


def add_facilitator(sessions: sessionmaker, account: Account, workshop_id: str, other_id: str) -> None:
    with sessions.begin() as session:
        _require_workshop(session, account, workshop_id)
        other = session.execute(
            select(accounts.c.id).where(accounts.c.id == other_id, accounts.c.programme_id == account.programme_id)
        ).first()
        if other is None:
            raise NotFound(N_("Not found."))
        _add_facilitator(session, workshop_id, other_id)


def _add_facilitator(session: Session, workshop_id: str, account_id: str) -> None:
    exists = session.execute(
        select(workshop_facilitators.c.account_id).where(
            workshop_facilitators.c.workshop_id == workshop_id, workshop_facilitators.c.account_id == account_id
        )
    ).first()
    if exists is None:
        session.execute(
            insert(workshop_facilitators).values(workshop_id=workshop_id, account_id=account_id, added_at=now())
        )


def remove_facilitator(sessions: sessionmaker, account: Account, workshop_id: str, other_id: str) -> None:
    """The account stops facilitating the workshop, and the tokens its browsers hold for it stop."""
    with sessions.begin() as session:
        _require_workshop(session, account, workshop_id)
        removed = session.execute(
            delete(workshop_facilitators).where(
                workshop_facilitators.c.workshop_id == workshop_id, workshop_facilitators.c.account_id == other_id
            )
        )
        if removed.rowcount == 0:
            raise NotFound(N_("Not found."))
        revoke_where(session, access_tokens.c.account_id == other_id, access_tokens.c.workshop_id == workshop_id)


def programme_name(sessions: sessionmaker, account: Account) -> str:
    with sessions() as session:
        return session.execute(select(programmes.c.name).where(programmes.c.id == account.programme_id)).scalar_one()
