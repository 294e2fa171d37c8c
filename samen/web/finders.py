"""Static files from the npm packages: only the files the pages use.

The packages' ``dist`` folders hold far more than the pages load (the Utrecht design tokens
alone are 15 MB in hundreds of files), and some of those files point to images the package
does not ship (``background-image-icon.css`` -> ``pijltje.svg``), which makes
``collectstatic`` with the hashed manifest storage of production fail. This finder offers
exactly the files named in ``settings.VENDOR_STATIC_FILES`` (URL path -> file on disk), so
``collectstatic`` copies and hashes those and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


class VendorFinder(BaseFinder):
    def _files(self) -> dict[str, Path]:
        return {name: Path(path) for name, path in settings.VENDOR_STATIC_FILES.items()}

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        return [
            Error(
                f"Statisch bestand ontbreekt: {path} (voor {name}). Voer 'npm ci' uit.",
                id="samen.E010",
            )
            for name, path in self._files().items()
            if not path.is_file()
        ]

    def find(  # type: ignore[override]
        self, path: str, find_all: bool = False, **kwargs: Any
    ) -> str | list[str]:
        found = self._files().get(path)
        if found is None or not found.is_file():
            return [] if find_all else ""
        return [str(found)] if find_all else str(found)

    def list(self, ignore_patterns: Any) -> Iterator[tuple[str, FileSystemStorage]]:
        for name, path in self._files().items():
            if path.is_file():
                prefix = str(Path(name).parent)
                storage = FileSystemStorage(location=str(path.parent))
                storage.prefix = prefix  # type: ignore[attr-defined]
                yield path.name, storage
