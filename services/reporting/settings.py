"""Reporting's settings: the common ones plus the render limits.

The limits nest: a render is stopped after `render_time_limit` seconds, the broker hands an
unacknowledged task to another worker after `visibility_timeout` (longer than any render, so
a running task is never run twice), and a task of a killed worker comes back after about
`visibility_timeout + unacked_restore_interval` seconds.

A workshop has settled `settle_seconds` after its last change; its reports are then brought
up to date. The settle task waits in the broker that long, so it stays well under the
visibility timeout (a longer wait would have the broker hand it out again, harmlessly)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from services.common.settings import Settings, load_settings, local_secret, setting

from . import SERVICE


@dataclasses.dataclass(frozen=True)
class ReportingSettings(Settings):
    reports_dir: Path = setting("REPORTS_DIR", derive=lambda values: values["var_dir"] / "reports")
    # Generous: a render takes 1–3 s alone, several times that on a loaded machine, and a
    # render stopped at its limit counts as a failed attempt.
    render_time_limit: int = setting("REPORT_RENDER_TIME_LIMIT", 30)
    visibility_timeout: int = setting(
        "REPORT_VISIBILITY_TIMEOUT", derive=lambda values: values["render_time_limit"] + 2
    )
    unacked_restore_interval: int = setting("REPORT_UNACKED_RESTORE_INTERVAL", 2)
    max_tasks_per_child: int = setting("REPORT_MAX_TASKS_PER_CHILD", 100)
    max_render_attempts: int = setting("REPORT_MAX_RENDER_ATTEMPTS", 3)
    requeue_after_seconds: int = setting("REPORT_REQUEUE_AFTER", 30)
    # Long enough for a rush of submissions to end in one round of renders, short enough
    # that nobody waits for it.
    settle_seconds: float = setting("REPORT_SETTLE_SECONDS", 10.0)
    # Signs short-lived download links.
    link_secret: str = setting("REPORT_LINK_SECRET", derive=local_secret("report-link.key"))
    link_max_age_seconds: int = setting("REPORT_LINK_MAX_AGE", 600)


def reporting_settings() -> ReportingSettings:
    return load_settings(SERVICE, ReportingSettings)
