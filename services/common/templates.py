"""Jinja templates of a service package, always autoescaped: user text is inert in pages."""

from __future__ import annotations

import functools

from jinja2 import Environment, PackageLoader, select_autoescape


@functools.cache
def _environment(package: str) -> Environment:
    return Environment(
        loader=PackageLoader(package, "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(package: str, template: str, context: dict) -> str:
    return _environment(package).get_template(template).render(**context)
