"""Shared fixtures: where the shared corpus and the project's own corpus live."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "corpus"
OWN = ROOT / "corpus"


@pytest.fixture
def shared_corpus() -> Path:
    if not (SHARED / "dev").is_dir():
        pytest.skip(f"shared corpus not found at {SHARED}: put ../shared beside the checkout")
    return SHARED
