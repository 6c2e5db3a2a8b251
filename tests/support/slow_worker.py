"""The report worker with every render held for `NIANLUN_TEST_RENDER_DELAY_SECONDS` (2 s
unless set), so that a test can kill a worker mid-render. Run as the worker's app
(`celery -A tests.support.slow_worker worker`): the fault stays out of production code."""

import functools
import os
import time

from services.reporting.adapters import renderers
from services.reporting.entrypoints.worker import celery_app  # noqa: F401 - the app `celery -A` looks for

DELAY_SECONDS = float(os.environ.get("NIANLUN_TEST_RENDER_DELAY_SECONDS", "2"))


def _held(render):
    @functools.wraps(render)
    def held(*args, **kwargs):
        time.sleep(DELAY_SECONDS)
        return render(*args, **kwargs)

    return held


# The tasks look the renderers up when they run, so the pool's children render held.
renderers.organisation_report = _held(renderers.organisation_report)
renderers.workshop_summary = _held(renderers.workshop_summary)
