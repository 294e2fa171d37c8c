"""What an uploaded file is, read from its first bytes (pure, no Django).

No file-type library is installed in this project, so the few types a dossier accepts are
recognised here by their signatures ("magic bytes"): PDF (``%PDF-``), PNG (the eight-byte PNG
signature) and JPEG (``FF D8 FF``). The name and the content type the browser sends are not
trusted: a file is what its content says it is.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

HEAD_BYTES = 16  # enough for every signature below


@dataclass(frozen=True)
class FileKind:
    content_type: str
    extension: str
    label: str


PDF = FileKind("application/pdf", "pdf", "PDF")
PNG = FileKind("image/png", "png", "PNG")
JPEG = FileKind("image/jpeg", "jpg", "JPEG")

SIGNATURES: tuple[tuple[bytes, FileKind], ...] = (
    (b"%PDF-", PDF),
    (b"\x89PNG\r\n\x1a\n", PNG),
    (b"\xff\xd8\xff", JPEG),
)
ALLOWED = ", ".join(kind.label for _, kind in SIGNATURES)


def detect(head: bytes) -> FileKind | None:
    """The kind of a file from its first bytes, or None when it is none we accept."""
    for signature, kind in SIGNATURES:
        if head.startswith(signature):
            return kind
    return None


def sha256(chunks: Iterable[bytes]) -> str:
    digest = hashlib.sha256()
    for chunk in chunks:
        digest.update(chunk)
    return digest.hexdigest()
