"""Errors the service layer raises; the HTTP layer turns them into the one error format.
Each carries its message as an English msgid of the catalogues, marked where it is raised
(`NotFound(N_("No such token."))`), with its named parameters; it is translated into the
client's language where the response is made (services.common.problems)."""

from __future__ import annotations

from typing import Any

from .i18n import N_
from .messages import Message


class ServiceError(Exception):
    status = 400

    def __init__(self, message: str, *, field: str | None = None, errors: dict | None = None, **params: Any):
        # a domain's refusal arrives as a Message already: keep its msgid
        self.message = message if isinstance(message, Message) and not params else Message(message, **params)
        super().__init__(str(self.message))
        self.field = field
        self.errors = errors  # field -> messages (msgids or Messages), nested like marshmallow's


class NotFound(ServiceError):
    status = 404


class NoSuchWorkshop(NotFound):
    """Also what a caller who may not see the workshop is told: an id is never confirmed."""

    def __init__(self) -> None:
        super().__init__(N_("No such workshop."))


class NoSuchOrganisation(NotFound):
    """Also what a caller who may not see the organisation is told."""

    def __init__(self) -> None:
        super().__init__(N_("No such organisation."))


class Conflict(ServiceError):
    status = 409


class Invalid(ServiceError):
    status = 422
