"""Short-lived signed download links: a link names one file and expires; whoever holds it
may download that file without a token (for sharing with a board member, or a phone)."""

from __future__ import annotations

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from services.common.errors import NotFound
from services.common.i18n import N_

SALT = "nianlun.reporting.download"


def sign(secret: str, kind: str, artefact_id: str, fmt: str) -> str:
    return URLSafeTimedSerializer(secret, salt=SALT).dumps([kind, artefact_id, fmt])


def verify(secret: str, signed: str, max_age_seconds: int) -> tuple[str, str, str]:
    try:
        kind, artefact_id, fmt = URLSafeTimedSerializer(secret, salt=SALT).loads(signed, max_age=max_age_seconds)
    except SignatureExpired:
        raise NotFound(N_("This download link has expired; make a new one.")) from None
    except (BadSignature, ValueError):
        raise NotFound(N_("This download link is not valid.")) from None
    return kind, artefact_id, fmt
