"""Enforcement (handhaving): the Inlichtingenbureau's signals matched to benefits and the
consulent's handling of them, fraud investigations with their activities and outcome, and
thematic checks.

A signal carries its own municipality, domain and confidentiality (those of the benefit it
matched, or of its file when unmatched), so the one access policy scopes it as it scopes a
benefit. An investigation is *vertrouwelijk* and is read only under a grant of an
enforcement role (:data:`samen.enforcement.access.ENFORCEMENT_ROLES`).

Benefits, claims and staff are referred to by foreign key only: enforcement reads benefits
through :mod:`samen.income.matching` and creates claims through
:mod:`samen.recovery.services.create_claim`, never through their tables.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common.periods import ValidityPeriod
from samen.enforcement.products import Product
from samen.organisation.models import Domain, Municipality, Staff
from samen.people.models import Person

MAX_TEXT = 2_000
MAX_REPORT = 20_000
PRODUCTS = [(p.value, p.label) for p in Product]


class HandlingTerm(ValidityPeriod):
    """How many days the consulent has to handle a signal of a product; data with its
    source, loaded from ``data/behandeltermijnen.csv``."""

    product = models.CharField(_("product"), max_length=30, choices=PRODUCTS)
    days = models.PositiveSmallIntegerField(_("behandeltermijn (dagen)"))
    source = models.TextField(_("bron"))

    class Meta:
        verbose_name = _("behandeltermijn signaal")
        verbose_name_plural = _("behandeltermijnen signalen")
        ordering = ["product", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.get_product_display()}: {self.days} dagen"


class SignalFile(models.Model):
    """One delivered file; the same content (SHA-256) is imported once."""

    sha256 = models.CharField(_("SHA-256"), max_length=64, unique=True)
    product = models.CharField(_("product"), max_length=30, choices=PRODUCTS)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT
    )
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    lines = models.PositiveIntegerField(_("signalen in het bestand"))
    created = models.PositiveIntegerField(_("nieuwe signalen"))
    matched = models.PositiveIntegerField(_("gekoppeld"))
    imported_by = models.ForeignKey(
        Staff, verbose_name=_("ingelezen door"), on_delete=models.PROTECT, null=True
    )
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)

    class Meta:
        verbose_name = _("signaalbestand")
        verbose_name_plural = _("signaalbestanden")
        ordering = ["-imported_at", "-pk"]

    def __str__(self) -> str:
        return self.filename


class Signal(models.Model):
    class Outcome(models.TextChoices):
        NO_EFFECT = "geen_gevolg", _("Geen gevolgen")
        CHANGE = "wijziging", _("Wijziging vastgelegd")
        INVESTIGATION = "onderzoek", _("Onderzoek gestart")

    file = models.ForeignKey(SignalFile, on_delete=models.PROTECT, related_name="signals")
    product = models.CharField(_("product"), max_length=30, choices=PRODUCTS)
    natural_key = models.CharField(_("sleutel"), max_length=250)
    bsn = models.CharField(_("BSN"), max_length=9)
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.PROTECT, null=True, blank=True
    )
    period_from = models.DateField(_("vanaf"))
    period_until = models.DateField(_("tot en met"), null=True, blank=True)
    details = models.JSONField(_("gegevens"), default=dict)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domein"), on_delete=models.PROTECT)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    benefit = models.ForeignKey(
        "income.Benefit",
        verbose_name=_("uitkering"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    assigned_to = models.ForeignKey(
        Staff,
        verbose_name=_("consulent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signals",
    )
    deadline = models.DateField(_("behandelen uiterlijk op"), null=True, blank=True)
    term = models.ForeignKey(
        HandlingTerm,
        verbose_name=_("behandeltermijn"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("toelichting"), max_length=MAX_TEXT, blank=True)
    handled_on = models.DateField(_("afgehandeld op"), null=True, blank=True)
    handled_by = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(_("versie"), default=1)

    class Meta:
        verbose_name = _("signaal")
        verbose_name_plural = _("signalen")
        ordering = ["deadline", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "natural_key"], name="enforcement_signal_once"
            )
        ]
        indexes = [models.Index(fields=["municipality", "outcome", "deadline"])]

    def __str__(self) -> str:
        return f"Signaal {self.pk} ({self.get_product_display()})"

    @property
    def matched(self) -> bool:
        return self.benefit_id is not None

    @property
    def period(self) -> str:
        end = f"{self.period_until:%d-%m-%Y}" if self.period_until else "heden"
        return f"{self.period_from:%d-%m-%Y} t/m {end}"


class Investigation(models.Model):
    class Origin(models.TextChoices):
        SIGNAL = "signaal", _("Signaal")
        TIP = "tip", _("Tip")
        CHECK = "themacontrole", _("Themacontrole")
        REQUEST = "verzoek", _("Verzoek van de consulent")

    class Outcome(models.TextChoices):
        NO_FRAUD = "geen_fraude", _("Geen fraude")
        ADMINISTRATIVE = "bestuurlijk", _("Bestuurlijke afdoening")
        CRIMINAL = "strafrechtelijk", _("Strafrechtelijke afdoening")

    reference = models.CharField(_("onderzoeksnummer"), max_length=40, unique=True)
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="+"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domein"), on_delete=models.PROTECT)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.VERTROUWELIJK,
    )
    origin = models.CharField(_("aanleiding"), max_length=20, choices=Origin.choices)
    signal = models.ForeignKey(
        Signal, on_delete=models.PROTECT, null=True, blank=True, related_name="investigations"
    )
    check_item = models.ForeignKey(
        "enforcement.CheckItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="investigations",
    )
    reason = models.TextField(_("aanleiding (toelichting)"), max_length=MAX_TEXT)
    started_on = models.DateField(_("gestart op"))
    investigator = models.ForeignKey(
        Staff,
        verbose_name=_("onderzoeker"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    concluded_on = models.DateField(_("afgerond op"), null=True, blank=True)
    conclusion = models.TextField(_("conclusie"), max_length=MAX_TEXT, blank=True)
    amount = models.DecimalField(
        _("benadelingsbedrag"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    harm_from = models.DateField(_("benadeling vanaf"), null=True, blank=True)
    harm_until = models.DateField(_("benadeling tot en met"), null=True, blank=True)
    claim = models.ForeignKey(
        "recovery.Claim", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    report_number = models.CharField(_("nummer proces-verbaal"), max_length=40, blank=True)
    report_sent_on = models.DateField(_("proces-verbaal naar OM op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fraudeonderzoek")
        verbose_name_plural = _("fraudeonderzoeken")
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["municipality", "concluded_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__isnull=True) | Q(amount__gt=0),
                name="enforcement_investigation_amount",
            )
        ]

    def __str__(self) -> str:
        return f"Onderzoek {self.reference}"


class Activity(models.Model):
    class Kind(models.TextChoices):
        HOME_VISIT = "huisbezoek", _("Huisbezoek")
        INTERVIEW = "verhoor", _("Gesprek of verhoor")
        OBSERVATION = "observatie", _("Observatie")
        INTERNET = "internet", _("Internetonderzoek")
        FILE_MATCHING = "bestandskoppeling", _("Bestandskoppeling")

    investigation = models.ForeignKey(
        Investigation, on_delete=models.CASCADE, related_name="activities"
    )
    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices)
    on = models.DateField(_("datum"))
    staff = models.ForeignKey(Staff, verbose_name=_("door"), on_delete=models.PROTECT)
    report = models.TextField(_("verslag"), max_length=MAX_REPORT)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("onderzoekshandeling")
        verbose_name_plural = _("onderzoekshandelingen")
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} op {self.on:%d-%m-%Y}"


class ThematicCheck(models.Model):
    """A themacontrole: a population chosen by criteria and a reproducible sample of it."""

    name = models.CharField(_("naam"), max_length=200)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="+"
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domein"), on_delete=models.PROTECT)
    criterion = models.CharField(_("criterium"), max_length=40)
    reference_day = models.DateField(_("peildatum"))
    seed = models.BigIntegerField(_("seed"))
    population = models.PositiveIntegerField(_("populatie"))
    size = models.PositiveIntegerField(_("steekproefomvang"))
    created_by = models.ForeignKey(Staff, on_delete=models.PROTECT, related_name="+")
    created_on = models.DateField(_("aangemaakt op"))

    class Meta:
        verbose_name = _("themacontrole")
        verbose_name_plural = _("themacontroles")
        ordering = ["-created_on", "-pk"]

    def __str__(self) -> str:
        return self.name


class CheckItem(models.Model):
    class Outcome(models.TextChoices):
        IN_ORDER = "in_orde", _("In orde")
        CHANGE = "wijziging", _("Wijziging nodig")
        INVESTIGATION = "onderzoek", _("Onderzoek gestart")

    thematic_check = models.ForeignKey(
        ThematicCheck, on_delete=models.CASCADE, related_name="items"
    )
    position = models.PositiveIntegerField(_("volgorde in de trekking"))
    benefit = models.ForeignKey(
        "income.Benefit", on_delete=models.PROTECT, related_name="+", verbose_name=_("uitkering")
    )
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    municipality = models.ForeignKey(Municipality, on_delete=models.PROTECT, related_name="+")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    confidentiality = models.PositiveSmallIntegerField(default=Confidentiality.ZAAKVERTROUWELIJK)
    assigned_to = models.ForeignKey(
        Staff, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome = models.CharField(_("uitkomst"), max_length=20, choices=Outcome.choices, blank=True)
    outcome_reason = models.TextField(_("toelichting"), max_length=MAX_TEXT, blank=True)
    handled_on = models.DateField(_("afgehandeld op"), null=True, blank=True)

    class Meta:
        verbose_name = _("controletaak")
        verbose_name_plural = _("controletaken")
        ordering = ["thematic_check", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["thematic_check", "benefit"], name="enforcement_check_once"
            )
        ]

    def __str__(self) -> str:
        return f"Controletaak {self.position} van themacontrole {self.thematic_check_id}"
