"""A report's life, free of I/O: pending → rendering → ready, or failed after its attempts,
or superseded while still pending by a newer version of the same diagnosis.

A task may run twice (a killed worker's task comes back; a sweeper re-enqueues a lost one),
so every step is safe to repeat: claiming accepts a report already `rendering`, the output
path is a function of (organisation, diagnosis version, language), and only the first
`ready` counts."""

from __future__ import annotations

import enum
from pathlib import PurePosixPath

from services.common.files import safe_file_name
from services.common.messages import LANGUAGES


class ReportState(enum.StrEnum):
    PENDING = "pending"
    RENDERING = "rendering"
    READY = "ready"
    FAILED = "failed"
    SUPERSEDED = "superseded"  # a newer diagnosis version came before this one was rendered


CLAIMABLE = (ReportState.PENDING, ReportState.RENDERING)


def artifact_path(
    workshop_id: str, organisation_id: str, version: int, language: str, suffix: str = "pdf"
) -> PurePosixPath:
    """Where a report's file lives, relative to the reports folder (ids are UUIDs we issued)."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}")
    return PurePosixPath(workshop_id, organisation_id, f"v{version}-{language}.{suffix}")


def summary_path(workshop_id: str, cohort_version: int, language: str, suffix: str) -> PurePosixPath:
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}")
    return PurePosixPath(workshop_id, "summary", f"c{cohort_version}-{language}.{suffix}")


def after_failure(attempts: int, max_attempts: int) -> ReportState:
    return ReportState.FAILED if attempts >= max_attempts else ReportState.PENDING


# What a file name may not carry: path separators, characters Windows refuses, controls.
def report_file_stem(organisation_name: str | None, fallback: str, word: str, language: str, day) -> str:
    """How a report's file is called, alone or in a workshop's zip: by its organisation and
    the day it was made, `<name>-<word>-<language>-<date>` ("report" in the visitor's words)."""
    return f"{safe_file_name(organisation_name, fallback)}-{word}-{language}-{day.isoformat()}"


def unique_names(names: list[str]) -> list[str]:
    """The names in their order, a second `x.pdf` as `x-2.pdf`, a third as `x-3.pdf` (the
    comparison ignores case: some file systems do)."""
    taken: set[str] = set()
    unique = []
    for name in names:
        stem, dot, suffix = name.rpartition(".") if "." in name else (name, "", "")
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{stem}-{n}{dot}{suffix}"
        taken.add(candidate.casefold())
        unique.append(candidate)
    return unique
