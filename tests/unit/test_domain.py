"""The pure parts of each service: no I/O, so no fixtures."""

import pytest

from services.registration.domain.model import CODE_ALPHABET, CODE_LENGTH, new_registration_code, normalise_name
from services.reporting.domain.content import maturity
from services.reporting.domain.report import ReportState, after_failure, artifact_path


def test_registration_codes_are_readable_aloud():
    codes = {new_registration_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == CODE_LENGTH and set(c) <= set(CODE_ALPHABET) for c in codes)
    assert not set("01OIL") & set(CODE_ALPHABET)


def test_names_match_across_spaces_and_case():
    assert normalise_name(" 阳光 家庭教育中心　") == normalise_name("阳光家庭教育中心")
    assert normalise_name("Sunshine Centre") == normalise_name("sunshine  centre")


def test_a_report_file_is_named_by_organisation_version_and_language():
    assert str(artifact_path("w", "o", 3, "zh")) == "w/o/v3-zh.pdf"
    with pytest.raises(ValueError):
        artifact_path("w", "o", 3, "../../etc")


def test_a_render_is_retried_until_its_attempts_run_out():
    assert after_failure(1, 3) is ReportState.PENDING
    assert after_failure(3, 3) is ReportState.FAILED


@pytest.mark.parametrize(
    "score, expected",
    [
        (0, "getting started"),
        (39.9, "getting started"),
        (40, "taking shape"),
        (60, "well founded"),
        (80, "mature"),
        (100, "mature"),
    ],
)
def test_score_bands(score, expected):
    assert maturity(score) == expected  # the band's message, spoken by the report
