"""Letters (beschikkingen): real PDFs with extractable text, the legally required parts always
present, and body texts from functional management that cannot reach beyond placeholders."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
from decimal import Decimal

import pypdf
import pytest
from django.core.exceptions import ValidationError

from samen.cases import letters
from samen.cases.letters import AmountLine, LetterData, Sender

VAALS = Sender(
    name="Vaals",
    cbs_code="GM0981",
    postal_address=("Postbus 450", "6290 AL Vaals"),
    phone="043 306 8568",
    website="www.vaals.nl",
    email="gemeente@vaals.nl",
)
MEERSSEN = Sender(
    name="Meerssen",
    cbs_code="GM0938",
    postal_address=("Postbus 90", "6230 AB Meerssen"),
    phone="043 366 1555",
    website="www.meerssen.nl",
    email="gemeente@meerssen.nl",
)


def vaals_letter(**changes: object) -> LetterData:
    data = LetterData(
        sender=VAALS,
        client_name="A. Janssen",
        client_address=("Maastrichterlaan 12", "6291 EN Vaals"),
        case_reference="Z-2026-000123",
        letter_date=dt.date(2026, 3, 3),
        subject="Uw aanvraag voor algemene bijstand",
        decision_type="Algemene bijstand",
        outcome="toegekend",
        decision_date=dt.date(2026, 3, 2),
        effective_date=dt.date(2026, 2, 1),
        legal_basis="artikel 11 Participatiewet",
        reasoning=(
            "U woont in Vaals en u heeft geen inkomen of vermogen waarvan u kunt leven.",
            "Daarom heeft u recht op algemene bijstand.",
        ),
        official_name="M. de Vries",
        official_function="consulent Werk en Inkomen",
        college="het college van burgemeester en wethouders van Vaals",
        mandate_note="namens dezen, op grond van het Mandaatbesluit Vaals 2026",
        objection_address=(
            "Het college van burgemeester en wethouders van Vaals",
            "Postbus 450",
            "6290 AL Vaals",
        ),
        amounts=(AmountLine("Bijstandsnorm alleenstaande", Decimal("1401.50"), "per maand"),),
        requested="algemene bijstand",
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(page.extract_text() for page in reader.pages)
    return re.sub(r"\s+", " ", text)


def test_granted_letter_is_a_pdf_with_everything_a_beschikking_needs() -> None:
    data = vaals_letter()
    pdf = letters.render_pdf(data, letters.default_template("toegekend"))

    assert pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    assert reader.metadata is not None
    assert reader.metadata.title == "Uw aanvraag voor algemene bijstand - Z-2026-000123"
    assert reader.metadata.author == "Gemeente Vaals"
    assert reader.trailer["/Root"]["/Lang"] == "nl"

    text = pdf_text(pdf)
    # on whose behalf, by whom, under which mandate
    assert "namens het college van burgemeester en wethouders van Vaals" in text
    assert "namens dezen, op grond van het Mandaatbesluit Vaals 2026" in text
    assert "M. de Vries" in text
    assert "consulent Werk en Inkomen" in text
    # the decision, its basis and its motivation
    assert "Toegekend" in text
    assert "artikel 11 Participatiewet" in text
    assert "U woont in Vaals en u heeft geen inkomen of vermogen waarvan u kunt leven." in text
    assert "1 februari 2026" in text  # ingangsdatum
    assert "€ 1.401,50" in text
    # the client and the case
    assert "A. Janssen" in text
    assert "Maastrichterlaan 12" in text
    assert "Z-2026-000123" in text
    assert "3 maart 2026" in text
    # the municipality's own contact details, and who executes it
    for detail in (
        "Gemeente Vaals",
        "Postbus 450",
        "6290 AL Vaals",
        "043 306 8568",
        "www.vaals.nl",
    ):
        assert detail in text
    assert "gemeente@vaals.nl" in text
    assert "Sociale Zaken Maastricht-Heuvelland" in text
    assert "Pagina 1 van" in text


def test_every_letter_says_how_to_object_within_six_weeks() -> None:
    for outcome in letters.OUTCOMES:
        data = vaals_letter(outcome=outcome)
        text = pdf_text(letters.render_pdf(data, letters.default_template(outcome)))

        assert (
            "Bent u het niet eens met dit besluit? Dan kunt u binnen zes weken na de dag waarop "
            "dit besluit is bekendgemaakt bezwaar maken." in text
        ), outcome
        # where to send it (Awb 6:4) and what to put in it (Awb 6:5)
        assert (
            "Het college van burgemeester en wethouders van Vaals Postbus 450 6290 AL Vaals" in text
        )
        assert "uw handtekening" in text


def test_objection_paragraph_stays_even_if_the_body_text_leaves_it_out() -> None:
    text = pdf_text(letters.render_pdf(vaals_letter(), "Beste {{ naam }},"))

    assert "bezwaar maken" in text
    assert "zes weken" in text
    assert "artikel 11 Participatiewet" in text
    assert "namens het college van burgemeester en wethouders van Vaals" in text


def test_rejected_letter_explains_the_rejection() -> None:
    data = vaals_letter(
        outcome="afgewezen",
        effective_date=None,
        amounts=(),
        reasoning=("Uw vermogen is hoger dan de vermogensgrens.",),
        legal_basis="artikel 11 en artikel 34 Participatiewet",
    )
    text = pdf_text(letters.render_pdf(data, letters.default_template("afgewezen")))

    assert "Afgewezen" in text
    assert "Wij wijzen uw aanvraag af." in text
    assert "Uw vermogen is hoger dan de vermogensgrens." in text
    assert "artikel 11 en artikel 34 Participatiewet" in text
    assert "Ingangsdatum" not in text
    assert "Bedragen" not in text
    assert "zes weken" in text


def test_meerssen_letter_shows_meerssen_not_vaals() -> None:
    data = vaals_letter(
        sender=MEERSSEN,
        client_address=("Kuileneind 3", "6231 AA Meerssen"),
        reasoning=("U woont in Meerssen en u heeft geen inkomen.",),
        college="het college van burgemeester en wethouders van Meerssen",
        mandate_note="namens dezen, op grond van het Mandaatbesluit Meerssen 2026",
        objection_address=(
            "Het college van burgemeester en wethouders van Meerssen",
            "Postbus 90",
            "6230 AB Meerssen",
        ),
    )
    pdf = letters.render_pdf(data, letters.default_template("toegekend"))
    text = pdf_text(pdf)

    assert "namens het college van burgemeester en wethouders van Meerssen" in text
    assert "www.meerssen.nl" in text
    assert "043 366 1555" in text
    assert "voor de gemeente Meerssen" in text
    assert "Vaals" not in text
    assert pypdf.PdfReader(io.BytesIO(pdf)).metadata.author == "Gemeente Meerssen"


def test_html_in_values_is_escaped_not_rendered() -> None:
    data = vaals_letter(
        client_name='<b onclick="x()">Piet</b>',
        reasoning=("<script>alert(1)</script> & <img src='http://example.org/x.png'>",),
    )
    html = letters.render_html(data, letters.default_template("toegekend"))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img" in html
    assert "<b onclick" not in html
    assert "Beste &lt;b onclick=&quot;x()&quot;&gt;Piet&lt;/b&gt;," in html
    # the PDF shows the characters as text, once escaped (not twice)
    text = pdf_text(letters.render_pdf(data, letters.default_template("toegekend")))
    assert "<script>alert(1)</script> &" in text
    assert 'Beste <b onclick="x()">Piet</b>,' in text


def test_markup_in_a_body_text_is_shown_as_text() -> None:
    html = letters.render_html(vaals_letter(), "<p style='color:red'>Beste {{ naam }}</p>")

    assert "<p style=" not in html
    assert "&lt;p style=" in html


@pytest.mark.parametrize("outcome", list(letters.OUTCOMES))
def test_default_texts_are_valid_and_talk_to_the_client(outcome: str) -> None:
    text = letters.default_template(outcome)

    letters.validate_template(text)
    body = letters.render_body(vaals_letter(outcome=outcome), text)
    assert "Beste A. Janssen," in body
    assert "{{" not in body and "{%" not in body
    assert " u " in body  # addresses the client as "u"


def test_unknown_outcome_is_refused() -> None:
    with pytest.raises(ValueError, match="Onbekende uitkomst"):
        letters.default_template("half-toegekend")
    with pytest.raises(ValueError, match="Onbekende uitkomst"):
        vaals_letter(outcome="misschien")


def test_body_text_can_use_placeholders_filters_and_if() -> None:
    text = (
        "Beste {{ naam|upper }},\n\n"
        "{% if ingangsdatum and not bezwaartermijn %}Nooit.{% elif ingangsdatum %}"
        "Vanaf {{ ingangsdatum }}.{% else %}Geen datum.{% endif %}\n\n"
        "- {{ college|capfirst }}\n- {{ gemeente }}{# opmerking #}"
    )
    letters.validate_template(text)
    body = letters.render_body(vaals_letter(), text)

    assert "<p>Beste A. JANSSEN,</p>" in body
    assert "<p>Vanaf 1 februari 2026.</p>" in body
    assert "<li>Het college van burgemeester en wethouders van Vaals</li><li>Vaals</li>" in body
    assert "Geen datum." in letters.render_body(vaals_letter(effective_date=None), text)
    fallback = '{{ ingangsdatum|default:"nog niet bekend" }}'
    letters.validate_template(fallback)
    assert "nog niet bekend" in letters.render_body(vaals_letter(effective_date=None), fallback)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{% load static %}{% static 'x' %}", "fout in de"),
        ("{% load log %}", "fout in de"),
        ("{{ settings.SECRET_KEY }}", "Het veld {{ settings.SECRET_KEY }} bestaat niet"),
        ("{{ naam.__class__ }}", "fout in de"),
        ("{{ request.user }}", "bestaat niet"),
        ("{{ onbekend }}", "Het veld {{ onbekend }} bestaat niet"),
        ("{% include 'cases/letters/base.html' %}", "{% include %} is niet toegestaan"),
        ("{% extends 'cases/letters/base.html' %}", "{% extends %} is niet toegestaan"),
        ("{% debug %}", "{% debug %} is niet toegestaan"),
        ("{% for x in naam %}{{ x }}{% endfor %}", "{% for %} is niet toegestaan"),
        ("{% now 'Y' %}", "{% now %} is niet toegestaan"),
        ("{{ naam|safe }}", "filter |safe is niet toegestaan"),
        ("{{ naam|default:settings }}", "niet toegestaan"),
        ("{% if settings %}x{% endif %}", "Het veld {{ settings }} bestaat niet"),
        ("{% if naam == 'x' %}x{% endif %}", "alleen velden"),
        ("{{ 'tekst' }}", "zonder vaste tekst"),
        ("{% if naam %}niet afgesloten", "fout in de"),
        ("{{ naam", None),  # not a tag at all: printed as text, which is harmless
    ],
)
def test_validate_template_refuses_anything_beyond_placeholders(
    text: str, message: str | None
) -> None:
    if message is None:
        letters.validate_template(text)
        return
    with pytest.raises(ValidationError) as raised:
        letters.validate_template(text)
    assert message in raised.value.messages[0]


def test_render_refuses_an_invalid_body_text() -> None:
    with pytest.raises(ValidationError):
        letters.render_html(vaals_letter(), "{% debug %}")


def test_pdf_does_not_fetch_external_resources() -> None:
    # a value that looks like a URL stays text; the fetcher would refuse it anyway
    data = vaals_letter(reasoning=('<link rel="stylesheet" href="http://example.org/x.css">',))
    pdf = letters.render_pdf(data, letters.default_template("toegekend"))
    assert 'href="http://example.org/x.css"' in pdf_text(pdf)
    with pytest.raises(ValueError, match="geen externe bronnen"):
        letters._refuse_fetch("http://example.org/x.css")


def test_objection_term_in_words() -> None:
    assert vaals_letter().objection_term == "zes weken"
    assert vaals_letter(objection_weeks=1).objection_term == "één week"
    assert vaals_letter(objection_weeks=13).objection_term == "dertien weken"


def test_amounts_are_written_the_dutch_way() -> None:
    assert letters.format_amount(Decimal("1401.5")) == "€ 1.401,50"
    assert letters.format_amount(Decimal("-12.345")) == "-€ 12,35"
    assert letters.format_amount(Decimal("1234567")) == "€ 1.234.567,00"


def test_a_decision_on_an_objection_offers_beroep_at_the_court_not_bezwaar() -> None:
    data = vaals_letter(
        decision_type="Beslissing op bezwaar (Participatiewet)",
        legal_basis="artikel 7:11 Algemene wet bestuursrecht",
        remedy="beroep",
        court=("Rechtbank Limburg, sector bestuursrecht", "Postbus 950", "6040 AZ Roermond"),
    )
    text = pdf_text(letters.render_pdf(data, letters.default_template("toegekend")))
    assert (
        "Dan kunt u binnen zes weken na de dag waarop deze beslissing is bekendgemaakt beroep "
        "instellen bij de rechtbank." in text
    )
    assert "Rechtbank Limburg, sector bestuursrecht Postbus 950 6040 AZ Roermond" in text
    assert "griffierecht" in text
    assert "bezwaarschrift" not in text  # no second objection to the same body


def test_beroep_without_a_court_is_refused() -> None:
    with pytest.raises(ValueError, match="rechtbank"):
        vaals_letter(remedy="beroep")
    with pytest.raises(ValueError, match="rechtsmiddel"):
        vaals_letter(remedy="klacht")


# --- no empty placeholder reaches a client (issue 12 item 1) ---------------------------------
def test_a_text_that_always_prints_an_empty_placeholder_is_refused() -> None:
    text = "Mail naar {{ email }}."
    with pytest.raises(ValidationError, match=r"in de brieftekst blijft \{\{ email \}\}"):
        letters.render_body(vaals_letter(sender=dataclasses.replace(VAALS, email="")), text)
    guarded = "{% if email %}Mail naar {{ email }}.{% endif %}"
    assert "Mail" not in letters.render_body(
        vaals_letter(sender=dataclasses.replace(VAALS, email="")), guarded
    )


@pytest.mark.parametrize("outcome", sorted(letters.OUTCOMES))
@pytest.mark.parametrize(
    "gaps",
    [
        {},
        {"effective_date": None},
        {"monthly_amount": None, "amounts": ()},
        {"sender": dataclasses.replace(VAALS, email="", phone="")},
    ],
    ids=["volledig", "zonder-ingangsdatum", "zonder-bedrag", "zonder-mail-en-telefoon"],
)
def test_every_default_text_and_the_house_style_leave_no_placeholder_empty(
    outcome: str, gaps: dict
) -> None:
    """The default texts only print what every letter has; anything optional is guarded, and
    the house style drops a contact line it cannot fill."""
    data = vaals_letter(**{"outcome": outcome, "monthly_amount": Decimal("1234.56"), **gaps})
    html = letters.render_html(data, letters.default_template(outcome))
    visible = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    assert not re.search(r"(naar|op|vanaf|voor|Bel|Mail) [.,]", visible), visible
    assert "{{" not in visible and "{%" not in visible


def test_the_granted_text_states_the_monthly_amount_when_there_is_one() -> None:
    body = letters.render_body(
        vaals_letter(monthly_amount=Decimal("1234.56")), letters.default_template("toegekend")
    )
    assert "Wij betalen u € 1.234,56 per maand, vanaf 1 februari 2026." in body
    without = letters.render_body(vaals_letter(), letters.default_template("toegekend"))
    assert "Wij betalen u" not in without


def test_a_letter_without_a_contact_or_signatory_is_refused() -> None:
    nobody = dataclasses.replace(VAALS, email="", phone="", website="")
    with pytest.raises(ValidationError, match="telefoonnummer, website of e-mailadres"):
        letters.render_html(vaals_letter(sender=nobody), "Beste {{ naam }},")
    with pytest.raises(ValidationError, match="de naam van wie ondertekent"):
        letters.render_html(vaals_letter(official_name=""), "Beste {{ naam }},")


@pytest.mark.parametrize("outcome", list(letters.OUTCOMES))
def test_the_pdf_is_the_self_contained_html_rendered_as_is(
    outcome: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """render_pdf keeps the parsed house style and the fonts between letters (speed, issue
    12); the PDF must still be, byte for byte, what WeasyPrint makes of the self-contained
    HTML document with its inline CSS, also after other letters were rendered first. The
    font subsetter stamps each embedded font with the second it was made (the ``head``
    table's ``modified``), so that clock is pinned: on a busy machine the two renders fall in
    different seconds."""
    from fontTools.ttLib.tables import _h_e_a_d
    from weasyprint import HTML

    monkeypatch.setattr(_h_e_a_d, "timestampNow", lambda: 3_879_000_000)

    data = vaals_letter(outcome=outcome, monthly_amount=Decimal("1234.56"))
    body = letters.default_template(outcome)
    letters.render_pdf(vaals_letter(client_name="Piet Peters"), "Beste {{ naam }},")
    plain = HTML(string=letters.render_html(data, body), url_fetcher=letters._refuse_fetch)

    assert letters.render_pdf(data, body) == plain.write_pdf(pdf_tags=True)
