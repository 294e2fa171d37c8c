"""Body texts of informational letters as data: the defaults are valid for their kind, a
municipality's own text wins over the general one within its validity, and a text with a
forbidden tag or an unknown field is refused in Dutch (the admin runs the same check)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from samen.correspondence import house, services
from samen.correspondence.models import BodyTemplate, LetterKind
from samen.organisation.models import Municipality

D = dt.date
DATA = Path(__file__).resolve().parents[2] / "samen" / "correspondence" / "data"


@pytest.mark.parametrize(
    "row", json.loads((DATA / "letter_kinds.json").read_text(encoding="utf-8"))
)
def test_every_default_text_is_valid_for_its_kind(row: dict) -> None:
    house.validate_body(house.default_body(row["code"]), row["placeholders"])


def test_an_unknown_kind_has_no_default() -> None:
    with pytest.raises(ValueError, match="geen standaardtekst"):
        house.default_body("../../settings")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("{% load static %}Beste {{ naam }}", "De brieftekst bevat een fout"),
        ("{% debug %}", "{% debug %} is niet toegestaan"),
        ("{% include 'correspondence/letter.html' %}", "{% include %} is niet toegestaan"),
        ("Beste {{ naam.upper }}", "Het veld {{ naam.upper }} bestaat niet"),
        ("Beste {{ bedrag }}", "Het veld {{ bedrag }} bestaat niet"),
        ("Beste {{ naam|safe }}", "Het filter |safe is niet toegestaan"),
    ],
)
def test_a_body_text_with_a_forbidden_tag_is_refused_in_dutch(body: str, message: str) -> None:
    kind = LetterKind.objects.get(code="bezwaar-hoorzitting")
    template = BodyTemplate(kind=kind, body=body, valid_from=D(2026, 1, 1))
    with pytest.raises(ValidationError) as error:
        template.full_clean()
    assert message in " ".join(error.value.message_dict["body"])


@pytest.mark.django_db
def test_a_kinds_own_fields_are_allowed_in_its_text_only() -> None:
    hearing = LetterKind.objects.get(code="bezwaar-hoorzitting")
    receipt = LetterKind.objects.get(code="bezwaar-ontvangst")
    text = "Beste {{ naam }}, tot {{ hoorzitting_datum }} om {{ hoorzitting_tijd }}."
    BodyTemplate(kind=hearing, body=text, valid_from=D(2026, 1, 1)).full_clean()
    with pytest.raises(ValidationError):
        BodyTemplate(kind=receipt, body=text, valid_from=D(2026, 1, 1)).full_clean()


@pytest.mark.django_db
def test_the_municipalitys_own_text_wins_within_its_validity(world) -> None:  # noqa: ANN001
    kind = LetterKind.objects.get(code="bezwaar-ontvangst")
    vaals = Municipality.objects.get(name="Vaals")
    general = BodyTemplate.objects.create(
        kind=kind, body="Algemeen, {{ naam }}.", valid_from=D(2026, 1, 1)
    )
    own = BodyTemplate.objects.create(
        kind=kind,
        municipality=vaals,
        body="Vaals, {{ naam }}.",
        valid_from=D(2026, 6, 1),
        valid_until=D(2026, 12, 31),
    )
    assert services.body_for(kind, vaals, D(2026, 7, 1)) == (own, own.body)
    assert services.body_for(kind, vaals, D(2026, 5, 1)) == (general, general.body)
    assert services.body_for(kind, vaals, D(2027, 1, 1)) == (general, general.body)
    general.delete()
    assert services.body_for(kind, vaals, D(2025, 1, 1)) == (None, house.default_body(kind.code))


@pytest.mark.django_db
def test_overlapping_texts_for_the_same_municipality_are_refused() -> None:
    kind = LetterKind.objects.get(code="bezwaar-ontvangst")
    BodyTemplate.objects.create(kind=kind, body="Eerste, {{ naam }}.", valid_from=D(2026, 1, 1))
    second = BodyTemplate(kind=kind, body="Tweede, {{ naam }}.", valid_from=D(2026, 6, 1))
    with pytest.raises(ValidationError, match="geldt in die periode al een tekst"):
        second.full_clean()


@pytest.mark.django_db
def test_functional_management_edits_body_texts_in_admin_and_bad_ones_are_refused(
    world,  # noqa: ANN001
    client,  # noqa: ANN001
    settings,  # noqa: ANN001
) -> None:
    from samen.organisation.demo import DEMO_PASSWORD

    settings.DEMO_MODE = True
    assert client.login(username="beheerder", password=DEMO_PASSWORD)
    kind = LetterKind.objects.get(code="bezwaar-hoorzitting")
    form = {
        "kind": kind.pk,
        "municipality": world.municipalities["Vaals"].pk,
        "body": "Beste {{ naam }}, {% load static %}",
        "valid_from": "2026-01-01",
    }
    response = client.post("/beheer/correspondence/bodytemplate/add/", form)
    assert response.status_code == 200  # the form again, with the Dutch error
    assert "De brieftekst bevat een fout" in response.content.decode()
    assert not BodyTemplate.objects.exists()
    form["body"] = "Beste {{ naam }},\n\nKom op {{ hoorzitting_datum }} naar het gemeentehuis."
    response = client.post("/beheer/correspondence/bodytemplate/add/", form)
    assert response.status_code == 302
    assert BodyTemplate.objects.get().municipality.name == "Vaals"
    assert client.get(f"/beheer/correspondence/letterkind/{kind.pk}/change/").status_code == 200
    client.logout()
    assert client.login(username="consulent.vaals", password=DEMO_PASSWORD)
    assert client.get("/beheer/correspondence/bodytemplate/").status_code in (302, 403)
