"""The figures a fault test measures (submissions, reports, lost, duplicated, recovery time),
printed and kept in test-artifacts/reliability.json; RELIABILITY.md quotes them."""

from __future__ import annotations

import json

from services.common.settings import PROJECT_ROOT

FIGURES = PROJECT_ROOT / "test-artifacts" / "reliability.json"


def record(scenario: str, **figures) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    kept = json.loads(FIGURES.read_text()) if FIGURES.exists() else {}
    kept[scenario] = figures
    FIGURES.write_text(json.dumps(kept, indent=1, ensure_ascii=False, sort_keys=True))
    print(f"\n[reliability] {scenario}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
