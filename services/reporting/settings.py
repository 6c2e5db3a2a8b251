"""Reporting's settings: the common ones plus the render limits.

The limits nest: a render is stopped after `render_time_limit` seconds, the broker hands an
unacknowledged task to another worker after `visibility_timeout` (longer than any render, so
a running task is never run twice), and a task of a killed worker comes back after about
`visibility_timeout + unacked_restore_interval` seconds."""
from __future__ import annotations

import dataclasses
from pathlib import Path

from services.common.settings import Settings, base_settings, env, local_secret

from . import SERVICE


@dataclasses.dataclass(frozen=True)
class ReportingSettings(Settings):
    reports_dir: Path
    render_time_limit: int
    visibility_timeout: int
    unacked_restore_interval: int
    max_tasks_per_child: int
    max_render_attempts: int
    requeue_after_seconds: int
    render_delay_seconds: float  # fault injection for the fault tests; 0 in real use
    link_secret: str  # signs short-lived download links
    link_max_age_seconds: int


def reporting_settings() -> ReportingSettings:
    common = base_settings(SERVICE)
    # Generous: a render takes 1–3 s alone, several times that on a loaded machine, and a
    # render stopped at its limit counts as a failed attempt.
    render_time_limit = env.int("REPORT_RENDER_TIME_LIMIT", 30)
    return ReportingSettings(
        **common,
        reports_dir=Path(env.str("REPORTS_DIR", str(common["var_dir"] / "reports"))).resolve(),
        render_time_limit=render_time_limit,
        visibility_timeout=env.int("REPORT_VISIBILITY_TIMEOUT", render_time_limit + 2),
        unacked_restore_interval=env.int("REPORT_UNACKED_RESTORE_INTERVAL", 2),
        max_tasks_per_child=env.int("REPORT_MAX_TASKS_PER_CHILD", 100),
        max_render_attempts=env.int("REPORT_MAX_RENDER_ATTEMPTS", 3),
        requeue_after_seconds=env.int("REPORT_REQUEUE_AFTER", 30),
        render_delay_seconds=env.float("REPORT_RENDER_DELAY_SECONDS", 0.0),
        link_secret=env.str("REPORT_LINK_SECRET", "") or local_secret(common["var_dir"], "report-link.key"),
        link_max_age_seconds=env.int("REPORT_LINK_MAX_AGE", 600),
    )

