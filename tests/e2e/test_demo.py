"""`make demo` at a reduced size, twice in the same folder: each run ends with every PDF, the
summary and the XLSX, and names the folder in its last line."""

import subprocess
import sys
from pathlib import Path

import pytest

from services.common.settings import PROJECT_ROOT

pytestmark = pytest.mark.e2e


def _demo(var_dir: Path) -> Path:
    finished = subprocess.run(
        [sys.executable, "-m", "launcher.demo", "--organisations", "6", "--var-dir", str(var_dir)],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=400,
    )
    assert finished.returncode == 0, finished.stdout[-2000:] + finished.stderr[-2000:]
    last = finished.stdout.strip().splitlines()[-1]
    assert last.startswith("The reports are in: ")
    assert "Facilitator's dashboard: http://127.0.0.1:" in finished.stdout
    return Path(last.removeprefix("The reports are in: "))


def test_the_demo_runs_end_to_end_and_again(tmp_path):
    folders = [_demo(tmp_path / "demo"), _demo(tmp_path / "demo")]
    assert folders[0] != folders[1]
    for folder in folders:
        pdfs = sorted((folder / "organisations").glob("*.pdf"))
        assert len(pdfs) == 6 and all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
        assert (folder / "summary.pdf").read_bytes()[:5] == b"%PDF-"
        assert (folder / "scores.xlsx").read_bytes()[:2] == b"PK"
