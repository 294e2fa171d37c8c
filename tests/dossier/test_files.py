"""Which files a dossier accepts, read from the content: PDF, PNG, JPEG, and nothing else."""

from __future__ import annotations

import hashlib

import pytest

from samen.dossier import files
from tests.dossier.conftest import JPEG, PDF, PNG


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF, files.PDF), (PNG, files.PNG), (JPEG, files.JPEG)]
)
def test_an_accepted_file_is_recognised_by_its_first_bytes(content, kind):
    assert files.detect(content[: files.HEAD_BYTES]) == kind


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"MZ\x90\x00",  # a Windows program
        b"<html><script>alert(1)</script>",
        b"PK\x03\x04",  # a zip, or an Office document
        b" %PDF-1.7",  # the signature must be at the start
        b"\x89PNG\r\n",  # half a PNG signature
        b"GIF89a",
    ],
)
def test_any_other_content_is_not_accepted(content):
    assert files.detect(content[: files.HEAD_BYTES]) is None


def test_the_hash_is_the_sha256_of_all_chunks():
    assert files.sha256([PDF[:10], PDF[10:]]) == hashlib.sha256(PDF).hexdigest()
