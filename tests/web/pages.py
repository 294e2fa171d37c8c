"""Reading pages as a user does: the text without tags, the main menu, a logged-in client."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from django.test import Client


def text(response: Any) -> str:
    """The page as a user reads it: no tags, whitespace collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def nav(response: Any) -> list[str]:
    block = re.search(r'<nav class="utrecht-nav-bar.*?</nav>', response.content.decode(), re.S)
    if block is None:
        return []
    return [unescape(x).strip() for x in re.findall(r"<a [^>]*>([^<]*)</a>", block.group(0))]


def table_rows(response: Any) -> list[list[str]]:
    """The body rows of the first results table, cell texts only."""
    html = response.content.decode()
    body = re.search(r'<tbody class="utrecht-table__body">(.*?)</tbody>', html, re.S)
    if body is None:
        return []
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body.group(1), re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append(
            [re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", c))).strip() for c in cells]
        )
    return rows


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client
