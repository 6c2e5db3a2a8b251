"""Reporting: per-organisation reports, rendered to PDF by Celery workers."""

SERVICE = "reporting"
