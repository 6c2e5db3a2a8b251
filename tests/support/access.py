"""The access matrix every service's tests run: for one endpoint, everyone not allowed gets
401 (no valid token) or 404 (a valid token that is not the owner's), never data; the owners
are let in."""

from __future__ import annotations

UNAUTHENTICATED = ("anonymous", "revoked")


def call(client, method: str, path: str, body, headers: dict, files=None):
    if body == "file":
        return getattr(client, method)(path, data=files(), headers=headers, content_type="multipart/form-data")
    if body is None:
        return getattr(client, method)(path, headers=headers)
    return getattr(client, method)(path, json=body, headers=headers)


def check_endpoint(
    client,
    method: str,
    url: str,
    body,
    headers: dict,
    allowed: set,
    *,
    secret: str | None = None,
    files=None,
    owners_must_succeed: bool = True,
) -> None:
    for principal, principal_headers in headers.items():
        if principal in allowed:
            continue
        response = call(client, method, url, body, principal_headers, files)
        expected = 401 if principal in UNAUTHENTICATED else 404
        assert response.status_code == expected, (
            principal,
            response.status_code,
            response.get_data(as_text=True)[:200],
        )
        if secret:
            assert secret not in response.get_data(as_text=True)
    for principal in sorted(allowed):  # the owners last: some of these calls change the world
        response = call(client, method, url, body, headers[principal], files)
        if owners_must_succeed:
            assert 200 <= response.status_code < 300, (
                principal,
                response.status_code,
                response.get_data(as_text=True)[:300],
            )
        else:  # let in: the answer may still be a 409 or 422 about the content
            assert response.status_code not in (401, 403, 404) and response.status_code < 500, (
                principal,
                response.get_data(as_text=True)[:300],
            )
