"""Errors the service layer raises; the HTTP layer turns them into the one error format.
Each carries its message in Chinese and English."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400

    def __init__(self, zh: str, en: str, *, field: str | None = None, errors: dict | None = None):
        super().__init__(en)
        self.zh = zh
        self.en = en
        self.field = field
        self.errors = errors  # field -> messages (Bilingual), nested like marshmallow's


class NotFound(ServiceError):
    status = 404


class NoSuchWorkshop(NotFound):
    """Also what a caller who may not see the workshop is told: an id is never confirmed."""

    def __init__(self):
        super().__init__("找不到该工作坊。", "No such workshop.")


class NoSuchOrganisation(NotFound):
    """Also what a caller who may not see the organisation is told."""

    def __init__(self):
        super().__init__("找不到该机构。", "No such organisation.")


class Conflict(ServiceError):
    status = 409


class Invalid(ServiceError):
    status = 422
