"""The published OpenAPI document passes the NLGov API Design Rules linter (Spectral, with
the official ruleset) without errors. CI keeps `shared/` beside the clone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from rest_framework.test import APIClient

REPO = Path(__file__).resolve().parents[2]
SPECTRAL = REPO / "node_modules" / ".bin" / "spectral"
RULESET = REPO.parent / "shared" / "reference" / "nlgov-adr-spectral.yml"


@pytest.mark.django_db
def test_openapi_document_passes_the_nlgov_adr_linter(tmp_path: Path) -> None:
    if not SPECTRAL.exists():
        pytest.fail(f"{SPECTRAL} ontbreekt: voer eerst `make setup` uit (npm ci).")
    assert RULESET.exists(), f"De ADR-ruleset ontbreekt op {RULESET}."

    response = APIClient().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(json.loads(response.content), indent=2), encoding="utf-8")

    result = subprocess.run(
        [str(SPECTRAL), "lint", "-r", str(RULESET), str(document), "--fail-severity", "error"],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, (
        f"Spectral (NLGov ADR) vindt fouten in het OpenAPI-document:\n"
        f"{result.stdout}\n{result.stderr}"
    )
