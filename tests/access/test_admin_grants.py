"""/beheer cannot go around the four eyes: a staff member's login is not editable there, grants
are shown but never added, changed or deleted, and the site is samen's own, in Dutch."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse

from samen.access.models import Grant
from tests.access.helpers import domains, grant, municipalities, staff_user

pytestmark = pytest.mark.django_db

# Apps whose admin labels are not ours to fix here: django-otp's are plain English strings
# without translation; income's belong to that app's own work.
NOT_OURS = {"otp_totp", "income"}
ENGLISH = re.compile(
    r"\b(Name|User|Username|Valid from|Valid until|Created|Key|Path|Status code|Pk|"
    r"Model name|Add link|Change or view list link|Grantor label|Grantee label|"
    r"Attempt Time|IP Address|User Agent|Django)\b"
)


@pytest.fixture
def world(admin_user: Any) -> dict[str, Any]:
    munis = municipalities("GM0981")
    doms = domains("participatiewet")
    consulent = staff_user("consulent", "Bram Consulent")
    given = grant(consulent, "consulent", munis.values(), doms.values())
    other = get_user_model().objects.create_user("iemand.anders")
    return {"consulent": consulent, "grant": given, "other": other}


def test_the_staff_change_form_does_not_change_the_login(
    admin_client: Any, world: dict[str, Any]
) -> None:
    staff = world["consulent"].staff
    url = reverse("admin:organisation_staff_change", args=[staff.pk])
    page = admin_client.get(url).content.decode()
    assert 'name="user"' not in page
    assert "consulent" in page  # shown, read-only
    response = admin_client.post(
        url,
        {
            "user": str(world["other"].pk),
            "employee_number": staff.employee_number,
            "name": staff.name,
            "employer": str(staff.employer_id),
            "appointments-TOTAL_FORMS": "0",
            "appointments-INITIAL_FORMS": "0",
            "appointments-MIN_NUM_FORMS": "0",
            "appointments-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    staff.refresh_from_db()
    assert staff.user == world["consulent"]


def test_staff_are_not_added_in_admin(admin_client: Any) -> None:
    assert admin_client.get(reverse("admin:organisation_staff_add")).status_code == 403


def test_grants_are_read_only_in_admin(admin_client: Any, world: dict[str, Any]) -> None:
    given: Grant = world["grant"]
    assert admin_client.get(reverse("admin:access_grant_add")).status_code == 403
    assert admin_client.post(reverse("admin:access_grant_add"), {"staff": "1"}).status_code == 403
    change = reverse("admin:access_grant_change", args=[given.pk])
    page = admin_client.get(change)
    assert page.status_code == 200  # shown ...
    assert 'name="valid_until"' not in page.content.decode()  # ... not editable
    admin_client.post(change, {"valid_until": "2099-12-31", "status": "approved"})
    delete = reverse("admin:access_grant_delete", args=[given.pk])
    assert admin_client.post(delete, {"post": "yes"}).status_code == 403
    given.refresh_from_db()
    assert given.valid_until is None
    assert Grant.objects.filter(pk=given.pk).exists()


def test_admin_is_samens_own_in_dutch(admin_client: Any) -> None:
    page = admin_client.get("/beheer/").content.decode()
    assert "samen — beheer" in page
    assert "Django-beheer" not in page and "Django administration" not in page
    assert not ENGLISH.findall(re.sub(r"<[^>]+>", " ", page)), ENGLISH.findall(page)


def test_admin_column_headers_and_filters_are_dutch(admin_user: Any) -> None:
    request = RequestFactory().get("/beheer/")
    request.user = admin_user
    found = {}
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in NOT_OURS:
            continue
        labels = [
            str(label_for_field(name, model, model_admin))
            for name in model_admin.get_list_display(request)
            if name != "action_checkbox"
        ]
        labels += [str(model._meta.verbose_name), str(model._meta.verbose_name_plural)]
        english = [label for label in labels if ENGLISH.fullmatch(label.strip())]
        if english:
            found[model._meta.label] = english
    assert found == {}


def test_admin_changelists_show_no_english_headers(
    admin_client: Any, world: dict[str, Any]
) -> None:
    for name in ("access_grant", "organisation_staff", "auth_user", "access_role"):
        page = admin_client.get(reverse(f"admin:{name}_changelist")).content.decode()
        headers = re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)
        texts = [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", h)).strip() for h in headers]
        assert not [t for t in texts if ENGLISH.search(t)], (name, texts)
