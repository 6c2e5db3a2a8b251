"""`make demo` at a reduced size, twice in the same folder: each run ends with every PDF, the
summary and the XLSX, then the follow-up round's reports with their rings, and names the
folder in its last line."""

import re
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
    agreed = re.search(r"Cooperation intents agreed in the room \(链接与合作\): (\d+)", finished.stdout)
    assert agreed and int(agreed[1]) >= 2, finished.stdout[-2000:]
    assert re.search(r"Progress since the baseline \(round 2\): 6 organisations compared", finished.stdout)
    return Path(last.removeprefix("The reports are in: "))


def test_the_demo_runs_end_to_end_and_again(tmp_path):
    folders = [_demo(tmp_path / "demo"), _demo(tmp_path / "demo")]
    assert folders[0] != folders[1]
    for folder in folders:
        pdfs = sorted((folder / "organisations").glob("*.pdf"))
        assert len(pdfs) == 6 and all(p.read_bytes()[:5] == b"%PDF-" for p in pdfs)
        assert (folder / "summary.pdf").read_bytes()[:5] == b"%PDF-"
        summary = subprocess.run(["pdftotext", str(folder / "summary.pdf"), "-"], capture_output=True, text=True)
        counted = re.search(r"已达成的合作意向\s*(\d+)\s*项", summary.stdout)  # apart from the suggestions
        assert counted and int(counted[1]) >= 2, summary.stdout[-1500:]
        reports = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True).stdout for p in pdfs]
        assert sum("已与工作坊的同行达成" in text for text in reports) >= 2  # both sides of an intent
        assert (folder / "scores.xlsx").read_bytes()[:2] == b"PK"
        # Six months later: every organisation's follow-up report opens with its rings.
        later = sorted((folder / "follow-up" / "organisations").glob("*.pdf"))
        assert len(later) == 6
        texts = [subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True).stdout for p in later]
        assert all("年轮：第 2 轮与基线对比" in text and "自基线以来" in text for text in texts)
        assert sum(bool(re.search(r"自基线以来，[1-9]\d* 个维度明显提升", text)) for text in texts) >= 3
        assert (folder / "follow-up" / "summary.pdf").read_bytes()[:5] == b"%PDF-"
