"""The report worker with instant stand-in renderers, for tests about when reports render
rather than what they look like (`celery -A tests.support.fake_render_worker worker`)."""

from services.reporting.adapters import renderers
from services.reporting.entrypoints.worker import celery_app  # noqa: F401 - the app `celery -A` looks for


def _report(data, language, generated_on):
    view = {"organisation_name": data["scored"]["organisation_name_zh"]}
    return view, b"%PDF-1.4 stand-in report", b"%PDF-1.4 stand-in appendix"


def _summary(data, language, generated_on):
    return b"%PDF-1.4 stand-in summary", b"PK stand-in", b"stand-in"


# The tasks look the renderers up when they run, so the pool's children use these.
renderers.organisation_report = _report
renderers.workshop_summary = _summary
renderers.warm_up = lambda: None
