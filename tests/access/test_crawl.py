"""Crawl test: as the Vaals consulent, visit every page and API endpoint of the demo and
check that no BSN of a person outside Vaals appears in any response."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.utils import timezone

from samen.access.demo import load_grants
from samen.access.models import AuditEntry
from samen.organisation import demo
from samen.organisation.models import CbsMunicipalityCode
from samen.people.demo import load_persons
from samen.people.models import Address, Person

pytestmark = pytest.mark.django_db

SKIP = ("/uitloggen", "/i18n/", "/static/", "/beheer/")
HREF = re.compile(r'(?:href|hx-get|action)="([^"#]*)"')
CODES = [
    ("GM0935", "Maastricht"),
    ("GM0938", "Meerssen"),
    ("GM0981", "Vaals"),
    ("GM0994", "Valkenburg aan de Geul"),
    ("GM1729", "Gulpen-Wittem"),
    ("GM1903", "Eijsden-Margraten"),
]


@pytest.fixture
def demo_world(settings):
    settings.DEMO_MODE = True
    for code, name in CODES:
        CbsMunicipalityCode.objects.get_or_create(
            code=code, defaults={"name": name, "valid_from": dt.date(1982, 1, 1)}
        )
    demo.load_demo()
    load_grants()
    load_persons()


def bsns_by_municipality() -> tuple[set[str], set[str]]:
    today = timezone.localdate()
    vaals = set(
        Address.objects.valid_on(today)
        .filter(municipality__cbs_code="GM0981")
        .values_list("person__bsn", flat=True)
    )
    others = set(Person.objects.values_list("bsn", flat=True)) - vaals
    return vaals, others


def crawl(client, start: list[str]) -> dict[str, str]:
    """Breadth-first over every same-site link, form action and htmx GET."""
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue:
        url = queue.popleft()
        path = urlsplit(url).path
        if url in seen or path.startswith(SKIP) or len(seen) > 600:
            continue
        response = client.get(url, follow=False)
        body = response.content.decode("utf-8", "replace")
        seen[url] = body
        if response.status_code in (301, 302):
            location = response["Location"]
            if urlsplit(location).netloc in ("", "testserver"):
                queue.append(location)
            continue
        if "html" in response.get("Content-Type", ""):
            for link in HREF.findall(body):
                target = urljoin(url, link.replace("&amp;", "&"))
                parts = urlsplit(target)
                if parts.netloc not in ("", "testserver"):
                    continue
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return seen


def api_urls(client) -> list[str]:
    schema = client.get("/api/v1/openapi.json").json()
    urls = []
    for path, item in schema["paths"].items():
        if "get" not in item:
            continue
        if "{" not in path:
            urls.append(f"/api/v1{path}")
    return urls


def test_vaals_consulent_sees_no_bsn_from_outside_vaals(demo_world, client):
    vaals, others = bsns_by_municipality()
    assert vaals and others
    assert client.login(username="consulent.vaals", password=demo.DEMO_PASSWORD)

    pages = crawl(client, ["/"])
    api = {}
    for url in api_urls(client):
        api[url] = client.get(url).content.decode()
        api[url + "?paginaGrootte=500"] = client.get(url + "?paginaGrootte=500").content.decode()
    # Probe every person directly, by id, in the API and in the web screens (guessing URLs).
    for person in Person.objects.all():
        for url in (f"/api/v1/personen/{person.pk}", f"/personen/{person.pk}"):
            api[url] = client.get(url).content.decode()
    # Search by every foreign BSN, in the API and on the person list.
    # (The search term itself may be echoed back in the search box or a link: not a leak.)
    for bsn in sorted(others)[:40]:
        for url in (f"/api/v1/personen?bsn={bsn}", f"/personen?zoek={bsn}"):
            body = client.get(url).content.decode()
            for echo in (f'value="{bsn}"', f"bsn={bsn}", f"zoek={bsn}"):
                body = body.replace(echo, "")
            api[url] = body

    responses = {**pages, **api}
    assert len(pages) > 10, sorted(pages)
    leaks = {url: sorted(b for b in others if b in body) for url, body in responses.items()}
    leaks = {url: found for url, found in leaks.items() if found}
    assert leaks == {}
    shown = {b for body in responses.values() for b in vaals if b in body}
    assert shown, "the crawl should have shown at least some Vaals persons"
    # Every person shown was audited for this actor.
    audited = set(
        AuditEntry.objects.filter(
            actor_name="Bram Vliegen", action__in=["list", "read"]
        ).values_list("data_subject_id", flat=True)
    )
    assert shown <= audited
