"""Issue 11: `samen collectstatic` works in production mode (the hashed manifest storage),
and collects the npm packages' files the pages load, not the packages' whole dist folders
(one of which points to an image it does not ship and made collectstatic fail)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def test_collectstatic_in_production_mode_collects_the_vendor_files(tmp_path: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("SAMEN_", "DJANGO_"))}
    environment.update(
        SAMEN_ENV="production",
        DJANGO_SECRET_KEY="s" * 50,
        SAMEN_AUDIT_KEY="a" * 50,
        SAMEN_AUDIT_CHECKPOINT_DIR=str(tmp_path / "checkpoints"),
        SAMEN_DATA_DIR=str(tmp_path),
        ALLOWED_HOSTS="samen.example.nl",
    )
    result = subprocess.run(
        [sys.executable, "-m", "samen.manage", "collectstatic", "--noinput"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    manifest = json.loads((tmp_path / "staticfiles" / "staticfiles.json").read_text())["paths"]
    for name in ("vendor/utrecht/index.css", "vendor/utrecht-tokens/index.css", "web/samen.css"):
        assert name in manifest
        assert (tmp_path / "staticfiles" / manifest[name]).is_file()
    assert not any(name.startswith("vendor/utrecht-tokens/dark") for name in manifest)
