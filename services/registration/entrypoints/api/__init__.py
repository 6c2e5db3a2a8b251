"""The registration API, one blueprint per audience and resource."""

from services.common.auth import Principal, current_principal

from ...adapters.orm import access_tokens
from ...bootstrap import runtime


def authenticate() -> Principal:
    return current_principal(runtime().sessions, access_tokens)


def sessions():
    return runtime().sessions
