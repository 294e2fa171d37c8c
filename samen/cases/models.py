"""Cases (zaken): case types as data with their legal terms, the case with its status
history, deadline, suspensions and extensions, the fixed consulent per client and domain,
decisions taken under mandate, and the letters (beschikkingen) they produce.

A case belongs to the municipality on whose behalf it is handled (the resident's responsible
municipality on the day of receipt) and to the domain of its case type; with its
confidentiality these decide, through the one access policy, who may see it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common.periods import ValidityPeriod
from samen.organisation.models import (
    DecisionType,
    Domain,
    Municipality,
    RecordedDecision,
    Staff,
    Team,
)
from samen.people.models import Person

# The longest free texts a user may write (API and screens): a motivering of about four
# printed pages; a note, a request for information or a reason of about half a page.
MAX_REASONING = 10_000
MAX_NOTE = 2_000


class TermUnit(models.TextChoices):
    DAYS = "dagen", _("dagen")
    WEEKS = "weken", _("weken")
    MONTHS = "maanden", _("maanden")


class CaseType(ValidityPeriod):
    """A kind of case, with its legal decision term. Data: functional management adds or
    changes case types in admin; a change of law is a new version with its own period."""

    code = models.SlugField(_("code"), max_length=60)
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="case_types"
    )
    name = models.CharField(_("naam"), max_length=200)
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300)
    term_amount = models.PositiveSmallIntegerField(
        _("beslistermijn"), null=True, blank=True, help_text=_("Leeg: geen wettelijke termijn.")
    )
    term_unit = models.CharField(
        _("eenheid"), max_length=10, choices=TermUnit.choices, default=TermUnit.WEEKS
    )
    extension_allowed = models.BooleanField(_("verlenging toegestaan"), default=True)
    extension_amount = models.PositiveSmallIntegerField(
        _("verlenging met ten hoogste"), null=True, blank=True
    )
    extension_unit = models.CharField(
        _("eenheid verlenging"), max_length=10, choices=TermUnit.choices, default=TermUnit.WEEKS
    )
    suspension_allowed = models.BooleanField(_("opschorting toegestaan"), default=True)
    youth_search_weeks = models.PositiveSmallIntegerField(
        _("zoektermijn jongeren (weken)"),
        null=True,
        blank=True,
        help_text=_("Onder 27 jaar: de aanvraag volgt na deze zoektermijn (art. 41 lid 4 Pw)."),
    )
    youth_search_below_age = models.PositiveSmallIntegerField(
        _("zoektermijn geldt onder de leeftijd van"),
        default=27,
        help_text=_("Art. 41 lid 4 Participatiewet: jongeren onder 27 jaar."),
    )
    decision_types = models.ManyToManyField(
        DecisionType, verbose_name=_("besluittypen"), related_name="case_types", blank=True
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    #: Routing as data: a case of this type goes to an employee with this function (the
    #: code of an ``organisation.Function``, e.g. ``jurist`` for bezwaar) in a team of its
    #: domain, never to the client's fixed consulent, and it does not change who that is.
    #: Empty: the fixed consulent or the team that serves the client's area.
    handler_function = models.SlugField(
        _("behandeld door functie"),
        max_length=40,
        blank=True,
        help_text=_(
            "Code van de functie die zaken van dit type behandelt (bijvoorbeeld jurist); leeg: "
            "de vaste consulent."
        ),
    )
    source = models.TextField(_("bron"), blank=True)

    class Meta:
        verbose_name = _("zaaktype")
        verbose_name_plural = _("zaaktypen")
        ordering = ["domain__order", "name", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="case_type_version")
        ]

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    MELDING = "melding", _("Melding")
    ONTVANGEN = "ontvangen", _("Aanvraag ontvangen")
    IN_BEHANDELING = "in_behandeling", _("In behandeling")
    INFORMATIE_OPGEVRAAGD = "informatie_opgevraagd", _("Informatie opgevraagd")
    BESLUIT_GENOMEN = "besluit_genomen", _("Besluit genomen")
    BEKENDGEMAAKT = "bekendgemaakt", _("Bekendgemaakt")
    AFGESLOTEN = "afgesloten", _("Afgesloten")


class Case(models.Model):
    reference = models.CharField(_("zaaknummer"), max_length=40, unique=True)
    case_type = models.ForeignKey(
        CaseType, verbose_name=_("zaaktype"), on_delete=models.PROTECT, related_name="cases"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("cliënt"), on_delete=models.PROTECT, related_name="cases"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("namens gemeente"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="cases"
    )
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    reported_on = models.DateField(_("gemeld op"), null=True, blank=True)
    received_on = models.DateField(
        _("aanvraag ontvangen op"),
        null=True,
        blank=True,
        help_text=_("Leeg zolang de zoektermijn loopt."),
    )
    search_period_until = models.DateField(
        _("zoektermijn tot en met"),
        null=True,
        blank=True,
        help_text=_("Jongeren onder 27: vier weken zoeken naar werk of scholing (art. 41 Pw)."),
    )
    deadline = models.DateField(_("uiterste beslisdatum"), null=True, blank=True)
    deadline_explanation = models.JSONField(_("toelichting termijn"), default=list, blank=True)
    #: A decision deadline set from outside the catalogue's term: the court's own term for a
    #: new decision (Awb 8:72 lid 4 onder b). It replaces the computed deadline; the source
    #: says who set it.
    deadline_override = models.DateField(_("beslisdatum gesteld"), null=True, blank=True)
    deadline_override_source = models.CharField(
        _("bron gestelde beslisdatum"), max_length=300, blank=True
    )
    assigned_to = models.ForeignKey(
        Staff,
        verbose_name=_("consulent"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="cases",
        null=True,
        blank=True,
    )
    decided_on = models.DateField(_("besloten op"), null=True, blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("zaak")
        verbose_name_plural = _("zaken")
        ordering = ["deadline", "reference"]
        indexes = [
            models.Index(fields=["assigned_to", "status", "deadline"]),
            models.Index(fields=["municipality", "domain", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.case_type}"

    @property
    def decided_in_time(self) -> bool | None:
        """The timeliness KPI: decided on or before the legal deadline (None while open)."""
        if self.decided_on is None or self.deadline is None:
            return None
        return self.decided_on <= self.deadline

    @property
    def is_open(self) -> bool:
        return self.status not in (Status.AFGESLOTEN,) and self.decided_on is None


class StatusChange(models.Model):
    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="history"
    )
    status = models.CharField(_("status"), max_length=30, choices=Status.choices)
    on_date = models.DateField(_("datum"))
    at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)
    by = models.ForeignKey(
        Staff, verbose_name=_("door"), on_delete=models.PROTECT, null=True, blank=True
    )
    by_name = models.CharField(_("door (naam)"), max_length=150)
    note = models.TextField(_("toelichting"), blank=True)

    class Meta:
        verbose_name = _("statuswijziging")
        verbose_name_plural = _("statusgeschiedenis")
        ordering = ["case", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} op {self.on_date:%d-%m-%Y}"


class Suspension(models.Model):
    """Awb 4:15: the term is suspended while the applicant supplies information."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="suspensions"
    )
    requested_on = models.DateField(_("informatie opgevraagd op"))
    supply_by = models.DateField(_("aan te leveren vóór"), null=True, blank=True)
    received_on = models.DateField(_("informatie ontvangen op"), null=True, blank=True)
    what = models.TextField(_("gevraagde informatie"))

    class Meta:
        verbose_name = _("opschorting")
        verbose_name_plural = _("opschortingen")
        ordering = ["case", "requested_on"]

    def __str__(self) -> str:
        return f"Informatie opgevraagd op {self.requested_on:%d-%m-%Y}"


class Extension(models.Model):
    """Awb 4:14 lid 3: the term is extended with a notice to the applicant."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.CASCADE, related_name="extensions"
    )
    amount = models.PositiveSmallIntegerField(_("verlenging"))
    unit = models.CharField(_("eenheid"), max_length=10, choices=TermUnit.choices)
    notified_on = models.DateField(_("bericht verzonden op"))
    reason = models.TextField(_("reden"))

    class Meta:
        verbose_name = _("verlenging")
        verbose_name_plural = _("verlengingen")
        ordering = ["case", "notified_on"]

    def __str__(self) -> str:
        return f"Verlenging met {self.amount} {self.get_unit_display()}"


class Assignment(ValidityPeriod):
    """The fixed consulent (vaste contactpersoon) of a client in a domain, over time; a
    reassignment ends one row and starts the next."""

    person = models.ForeignKey(
        Person, verbose_name=_("cliënt"), on_delete=models.CASCADE, related_name="assignments"
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domein"), on_delete=models.PROTECT)
    staff = models.ForeignKey(
        Staff, verbose_name=_("consulent"), on_delete=models.PROTECT, related_name="clients"
    )
    team = models.ForeignKey(
        Team, verbose_name=_("team"), on_delete=models.PROTECT, null=True, blank=True
    )
    reason = models.CharField(_("reden"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("vaste contactpersoon")
        verbose_name_plural = _("vaste contactpersonen")
        ordering = ["person", "domain", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "domain"],
                condition=Q(valid_until__isnull=True),
                name="one_open_assignment_per_person_and_domain",
            )
        ]


class Outcome(models.TextChoices):
    TOEGEKEND = "toegekend", _("Toegekend")
    AFGEWEZEN = "afgewezen", _("Afgewezen")
    BUITEN_BEHANDELING = "buiten_behandeling", _("Buiten behandeling gesteld")
    INGETROKKEN = "ingetrokken", _("Ingetrokken")


class Decision(models.Model):
    """A besluit on a case, taken by an employee on behalf of the college of the case's
    municipality, under the mandate chain that the register confirmed when it was saved."""

    case = models.ForeignKey(
        Case, verbose_name=_("zaak"), on_delete=models.PROTECT, related_name="decisions"
    )
    decision_type = models.ForeignKey(
        DecisionType, verbose_name=_("besluittype"), on_delete=models.PROTECT
    )
    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices)
    decided_on = models.DateField(_("besluitdatum"))
    effective_from = models.DateField(_("ingangsdatum"), null=True, blank=True)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("namens het college van"), on_delete=models.PROTECT
    )
    taken_by = models.ForeignKey(Staff, verbose_name=_("genomen door"), on_delete=models.PROTECT)
    chain = models.JSONField(_("mandaatketen"), default=list)
    recorded = models.OneToOneField(
        RecordedDecision, verbose_name=_("registratie"), on_delete=models.PROTECT
    )
    reasoning = models.TextField(_("motivering"))
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300)
    #: For a decision that grants a benefit: the calculation it granted (the figures in the
    #: letter and the facts they came from; samen.income.services.GrantPreview.record).
    calculation = models.JSONField(_("berekening"), default=dict, blank=True)
    #: The earlier decision on the case this one replaces (never announced, and an app
    #: registered in :mod:`samen.cases.guards` allowed replacing it, e.g. a reviewer's niet
    #: akkoord). The replaced decision, its letter and its registration stay as they were.
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("vervangt besluit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
    )
    replacement_reason = models.CharField(_("reden vervanging"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("vastgelegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")
        ordering = ["case", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"{self.decision_type} ({self.get_outcome_display()})"


class LetterTemplate(ValidityPeriod):
    """The body text of a beschikking, per outcome, optionally per municipality and decision
    type (the most specific valid template wins). Functional management edits these."""

    outcome = models.CharField(_("uitkomst"), max_length=30, choices=Outcome.choices)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: voor alle gemeenten."),
    )
    decision_type = models.ForeignKey(
        DecisionType,
        verbose_name=_("besluittype"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: voor alle besluittypen."),
    )
    body = models.TextField(_("tekst"))

    class Meta:
        verbose_name = _("briefsjabloon")
        verbose_name_plural = _("briefsjablonen")
        ordering = ["outcome", "municipality__name", "-valid_from"]

    def clean(self) -> None:
        from samen.cases.letters import validate_template

        validate_template(self.body)


class Letter(models.Model):
    """The beschikking as the client receives it: the PDF is stored with the case and never
    regenerated, so what was sent stays what is on file."""

    decision = models.OneToOneField(
        Decision, verbose_name=_("besluit"), on_delete=models.PROTECT, related_name="letter"
    )
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("controlegetal"), max_length=64)
    template = models.ForeignKey(
        LetterTemplate,
        verbose_name=_("sjabloon"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("gemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")

    def __str__(self) -> str:
        return f"Brief bij {self.decision}"
