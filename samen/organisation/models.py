"""The organisation: municipalities, the arrangement, contracted tasks, areas, teams, staff,
and the mandate register.

Everything that changes by date carries a validity period (see :mod:`samen.common.periods`).
Validation lives in ``clean()`` so that admin, services and API refuse the same bad input
with the same Dutch message; services call ``full_clean()`` before every save.
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from samen.common.periods import ValidityPeriod

CBS_CODE_PATTERN = re.compile(r"^GM\d{4}$")


class CbsMunicipalityCode(ValidityPeriod):
    """Reference list of CBS municipality codes (gemeentecodes), loaded from
    ``organisation/data/cbs_gemeenten.csv``. A municipality can only be registered with a code
    from this list."""

    code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("CBS-gemeentecode")
        verbose_name_plural = _("CBS-gemeentecodes")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class Municipality(models.Model):
    """A gemeente; its college van B&W holds the competences executed on its behalf."""

    cbs_code = models.CharField(_("CBS-code"), max_length=6, unique=True)
    name = models.CharField(_("naam"), max_length=100)
    postal_address = models.CharField(_("postadres"), max_length=200, blank=True)
    visiting_address = models.CharField(_("bezoekadres"), max_length=200, blank=True)
    phone = models.CharField(_("telefoon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    court = models.CharField(
        _("rechtbank (bestuursrecht)"),
        max_length=200,
        blank=True,
        help_text=_(
            "Waar beroep wordt ingesteld tegen een beslissing op bezwaar (Awb 8:7: de "
            "rechtbank van het arrondissement van de gemeente), bijvoorbeeld "
            "'Rechtbank Limburg, sector bestuursrecht'."
        ),
    )
    court_address = models.CharField(
        _("postadres rechtbank"),
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld 'Postbus 950, 6040 AZ Roermond'."),
    )

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def college(self) -> str:
        return f"het college van burgemeester en wethouders van {self.name}"

    def clean(self) -> None:
        code = (self.cbs_code or "").strip().upper()
        self.cbs_code = code
        if not CBS_CODE_PATTERN.match(code):
            raise ValidationError(
                {
                    "cbs_code": _(
                        "Een CBS-code bestaat uit GM en vier cijfers, bijvoorbeeld GM0935."
                    )
                },
                code="cbs_format",
            )
        if not CbsMunicipalityCode.objects.filter(code=code).exists():
            raise ValidationError(
                {
                    "cbs_code": _(
                        "CBS-code %(code)s is onbekend: het is geen Nederlandse gemeente."
                    )
                    % {"code": code}
                },
                code="cbs_unknown",
            )


class Arrangement(ValidityPeriod):
    """A form of cooperation: a gemeenschappelijke regeling (in the centrumgemeente variant or
    another) or a contract, with the municipality that executes it."""

    class Kind(models.TextChoices):
        CENTRUMGEMEENTE = "gr_centrumgemeente", _("Gemeenschappelijke regeling, centrumgemeente")
        OPENBAAR_LICHAAM = "gr_openbaar_lichaam", _("Gemeenschappelijke regeling, openbaar lichaam")
        BEDRIJFSVOERING = "gr_bedrijfsvoering", _("Bedrijfsvoeringsorganisatie")
        CONTRACT = "contract", _("Contract (dienstverlening)")

    name = models.CharField(_("naam"), max_length=200, unique=True)
    short_name = models.CharField(_("afkorting"), max_length=30, blank=True)
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices)
    executing_municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("uitvoerende (centrum)gemeente"),
        on_delete=models.PROTECT,
        related_name="executed_arrangements",
    )
    legal_reference = models.CharField(_("vindplaats"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("samenwerkingsvorm")
        verbose_name_plural = _("samenwerkingsvormen")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self) -> None:
        self.clean_period()


class Membership(ValidityPeriod):
    """A municipality's participation in an arrangement for a period."""

    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("samenwerkingsvorm"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        ordering = ["arrangement", "municipality", "valid_from"]

    def __str__(self) -> str:
        return f"{self.municipality} in {self.arrangement} ({self.period.label()})"

    def clean(self) -> None:
        self.clean_period()
        if self.arrangement_id and self.municipality_id:
            self.refuse_overlap(
                Membership.objects.filter(
                    arrangement_id=self.arrangement_id, municipality_id=self.municipality_id
                ),
                str(
                    _("Deze gemeente neemt in die periode al deel aan deze samenwerking ({other}).")
                ),
            )


class Domain(models.Model):
    """A field of work executed for municipalities (Participatiewet, Wmo, Jeugd, ...)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    description = models.TextField(_("omschrijving"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("domein")
        verbose_name_plural = _("domeinen")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class ContractedTask(ValidityPeriod):
    """A domain that a municipality has us execute for a period: by the GR or by contract.
    This is the DVO's list of tasks; see :func:`organisation.services.executes`."""

    class Basis(models.TextChoices):
        GR = "gr", _("Gemeenschappelijke regeling")
        CONTRACT = "contract", _("Contract")
        OWN = "eigen", _("Eigen taak van de uitvoerende gemeente")

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="contracted_tasks",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="contracted_tasks"
    )
    basis = models.CharField(_("grondslag"), max_length=20, choices=Basis.choices)
    arrangement = models.ForeignKey(
        Arrangement,
        verbose_name=_("samenwerkingsvorm"),
        on_delete=models.PROTECT,
        related_name="contracted_tasks",
        null=True,
        blank=True,
        help_text=_(
            "De regeling of het contract waaronder de taak wordt uitgevoerd; leeg bij een "
            "eigen taak van de uitvoerende gemeente."
        ),
    )
    reference = models.CharField(
        _("kenmerk"), max_length=200, blank=True, help_text=_("Bijvoorbeeld de DVO 2026-2027.")
    )

    class Meta:
        verbose_name = _("gecontracteerde taak")
        verbose_name_plural = _("gecontracteerde taken")
        ordering = ["municipality", "domain", "valid_from"]

    def __str__(self) -> str:
        return f"{self.domain} voor {self.municipality} ({self.period.label()})"

    def clean(self) -> None:
        self.clean_period()
        if self.municipality_id and self.domain_id:
            self.refuse_overlap(
                ContractedTask.objects.filter(
                    municipality_id=self.municipality_id, domain_id=self.domain_id
                ),
                str(_("Deze taak is voor deze gemeente in die periode al vastgelegd ({other}).")),
            )
        if self.basis == self.Basis.OWN:
            if self.arrangement_id is not None:
                raise ValidationError(
                    {"arrangement": _("Een eigen taak hoort niet bij een samenwerkingsvorm.")},
                    code="basis_mismatch",
                )
        elif self.basis:
            if self.arrangement is None:
                raise ValidationError(
                    {"arrangement": _("Kies de regeling of het contract voor deze taak.")},
                    code="arrangement_required",
                )
            contract = self.arrangement.kind == Arrangement.Kind.CONTRACT
            if contract != (self.basis == self.Basis.CONTRACT):
                raise ValidationError(
                    {"basis": _("De grondslag past niet bij de soort samenwerkingsvorm.")},
                    code="basis_mismatch",
                )


class Area(models.Model):
    """A gebied: the unit in which teams serve residents (by social map or municipal border)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("gemeente"), on_delete=models.PROTECT, related_name="areas"
    )

    class Meta:
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")
        ordering = ["municipality__name", "name"]

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    name = models.CharField(_("naam"), max_length=150, unique=True)
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="teams"
    )
    areas = models.ManyToManyField(
        Area, verbose_name=_("gebieden"), related_name="teams", blank=True
    )

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Function(models.Model):
    """A function (functie) in the executing organisation, e.g. Manager Sociale Zekerheid,
    teammanager, consulent. Mandates may be granted to a function."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=150)

    class Meta:
        verbose_name = _("functie")
        verbose_name_plural = _("functies")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A medewerker: a person working for the executing organisation (or a partner's contact
    person), linked to one login."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    employee_number = models.CharField(_("personeelsnummer"), max_length=20, unique=True)
    name = models.CharField(_("naam"), max_length=150)
    employer = models.ForeignKey(
        Municipality, verbose_name=_("werkgever"), on_delete=models.PROTECT, related_name="staff"
    )
    is_demo = models.BooleanField(
        _("demogebruiker"),
        default=False,
        help_text=_("Demogebruikers kunnen alleen in demomodus inloggen."),
    )

    class Meta:
        verbose_name = _("medewerker")
        verbose_name_plural = _("medewerkers")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def appointment_on(self, day: dt.date) -> Appointment | None:
        return self.appointments.valid_on(day).select_related("function", "team").first()


class Appointment(ValidityPeriod):
    """A staff member's function and team for a period (aanstelling)."""

    staff = models.ForeignKey(
        Staff, verbose_name=_("medewerker"), on_delete=models.CASCADE, related_name="appointments"
    )
    function = models.ForeignKey(
        Function, verbose_name=_("functie"), on_delete=models.PROTECT, related_name="appointments"
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.PROTECT,
        related_name="appointments",
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("aanstelling")
        verbose_name_plural = _("aanstellingen")
        ordering = ["staff", "valid_from"]

    def __str__(self) -> str:
        return f"{self.staff} als {self.function} ({self.period.label()})"

    def clean(self) -> None:
        self.clean_period()
        if self.staff_id:
            self.refuse_overlap(
                Appointment.objects.filter(staff_id=self.staff_id),
                str(_("Deze medewerker heeft in die periode al een aanstelling ({other}).")),
            )


class DecisionType(models.Model):
    """A kind of decision (besluittype), e.g. "toekenning algemene bijstand"; the body that
    holds the competence originally (college, burgemeester, raad) limits who can mandate it."""

    class Body(models.TextChoices):
        COLLEGE = "college", _("College van burgemeester en wethouders")
        BURGEMEESTER = "burgemeester", _("Burgemeester")
        RAAD = "raad", _("Gemeenteraad")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="decision_types"
    )
    competent_body = models.CharField(
        _("bevoegd orgaan"), max_length=20, choices=Body.choices, default=Body.COLLEGE
    )
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300, blank=True)

    class Remedy(models.TextChoices):
        BEZWAAR = "bezwaar", _("Bezwaar bij het bestuursorgaan (Awb 7:1)")
        BEROEP = "beroep", _("Beroep bij de rechtbank (Awb 8:1)")

    remedy = models.CharField(
        _("rechtsmiddel"),
        max_length=10,
        choices=Remedy.choices,
        default=Remedy.BEZWAAR,
        help_text=_(
            "Wat de brief de ontvanger aanbiedt: tegen een besluit eerst bezwaar, tegen een "
            "beslissing op bezwaar beroep bij de rechtbank."
        ),
    )
    remedy_weeks = models.PositiveSmallIntegerField(
        _("termijn rechtsmiddel (weken)"),
        default=6,
        help_text=_("Awb 6:7: de termijn voor bezwaar en beroep is zes weken."),
    )
    grants_benefit = models.BooleanField(
        _("geeft een uitkering"),
        default=False,
        help_text=_(
            "Een toekenning van dit besluittype start een periodieke uitkering die de "
            "maandelijkse betaalrun betaalt."
        ),
    )

    class Meta:
        verbose_name = _("besluittype")
        verbose_name_plural = _("besluittypen")
        ordering = ["domain__order", "name"]

    def __str__(self) -> str:
        return self.name


class Mandate(ValidityPeriod):
    """One mandate decision (mandaatbesluit) or sub-mandate (ondermandaat).

    The grantor is either a college (holder of the original competence) or a function or
    named staff member that itself holds a mandate; the grantee is a college (as Maastricht
    receives the partners' mandates), a function or a named staff member. Exactly one of each
    group of fields is filled.
    """

    title = models.CharField(_("titel"), max_length=300)
    grantor_college = models.ForeignKey(
        Municipality,
        verbose_name=_("mandaatgever: college van"),
        on_delete=models.PROTECT,
        related_name="mandates_granted",
        null=True,
        blank=True,
    )
    grantor_function = models.ForeignKey(
        Function,
        verbose_name=_("mandaatgever: functie"),
        on_delete=models.PROTECT,
        related_name="mandates_granted",
        null=True,
        blank=True,
    )
    grantor_staff = models.ForeignKey(
        Staff,
        verbose_name=_("mandaatgever: medewerker"),
        on_delete=models.PROTECT,
        related_name="mandates_granted",
        null=True,
        blank=True,
    )
    grantee_college = models.ForeignKey(
        Municipality,
        verbose_name=_("gemandateerde: college van"),
        on_delete=models.PROTECT,
        related_name="mandates_received",
        null=True,
        blank=True,
    )
    grantee_function = models.ForeignKey(
        Function,
        verbose_name=_("gemandateerde: functie"),
        on_delete=models.PROTECT,
        related_name="mandates_received",
        null=True,
        blank=True,
    )
    grantee_staff = models.ForeignKey(
        Staff,
        verbose_name=_("gemandateerde: medewerker"),
        on_delete=models.PROTECT,
        related_name="mandates_received",
        null=True,
        blank=True,
    )
    decision_types = models.ManyToManyField(
        DecisionType, verbose_name=_("besluittypen"), related_name="mandates"
    )
    adopted_on = models.DateField(_("vastgesteld op"))
    retroactive_allowed = models.BooleanField(
        _("terugwerkende kracht toegestaan"),
        default=False,
        help_text=_("Mag de ingangsdatum vóór de datum van vaststelling liggen?"),
    )
    legal_reference = models.CharField(_("vindplaats"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("mandaat")
        verbose_name_plural = _("mandaten")
        ordering = ["valid_from", "title"]
        constraints = [
            models.CheckConstraint(
                name="mandate_one_grantor",
                condition=(
                    Q(
                        grantor_college__isnull=False,
                        grantor_function__isnull=True,
                        grantor_staff__isnull=True,
                    )
                    | Q(
                        grantor_college__isnull=True,
                        grantor_function__isnull=False,
                        grantor_staff__isnull=True,
                    )
                    | Q(
                        grantor_college__isnull=True,
                        grantor_function__isnull=True,
                        grantor_staff__isnull=False,
                    )
                ),
            ),
            models.CheckConstraint(
                name="mandate_one_grantee",
                condition=(
                    Q(
                        grantee_college__isnull=False,
                        grantee_function__isnull=True,
                        grantee_staff__isnull=True,
                    )
                    | Q(
                        grantee_college__isnull=True,
                        grantee_function__isnull=False,
                        grantee_staff__isnull=True,
                    )
                    | Q(
                        grantee_college__isnull=True,
                        grantee_function__isnull=True,
                        grantee_staff__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_submandate(self) -> bool:
        return self.grantor_college_id is None

    @property
    def grantor_label(self) -> str:
        if self.grantor_college_id:
            return f"college van B&W van {self.grantor_college}"
        return str(self.grantor_function or self.grantor_staff)

    @property
    def grantee_label(self) -> str:
        if self.grantee_college_id:
            return f"college van B&W van {self.grantee_college}"
        return str(self.grantee_function or self.grantee_staff)

    def clean(self) -> None:
        self.clean_period()
        grantors = [self.grantor_college_id, self.grantor_function_id, self.grantor_staff_id]
        grantees = [self.grantee_college_id, self.grantee_function_id, self.grantee_staff_id]
        if sum(x is not None for x in grantors) != 1:
            raise ValidationError(
                _("Kies precies één mandaatgever: een college, een functie of een medewerker."),
                code="grantor_count",
            )
        if sum(x is not None for x in grantees) != 1:
            raise ValidationError(
                _("Kies precies één gemandateerde: een college, een functie of een medewerker."),
                code="grantee_count",
            )
        if (
            self.grantor_college_id is not None
            and self.grantor_college_id == self.grantee_college_id
        ):
            raise ValidationError(
                _("Een college kan geen mandaat aan zichzelf verlenen."), code="self_mandate"
            )
        if (
            self.valid_from
            and self.adopted_on
            and self.valid_from < self.adopted_on
            and not self.retroactive_allowed
        ):
            raise ValidationError(
                {
                    "valid_from": _(
                        "De ingangsdatum ligt vóór de datum van vaststelling; dat kan alleen als "
                        "terugwerkende kracht is toegestaan."
                    )
                },
                code="retroactive",
            )


class RecordedDecision(models.Model):
    """A decision taken under mandate, as registered for the mandate check: which type, for
    which college, by whom, on which date. Case decisions register here; the register holds
    no personal data of the resident, only the case reference."""

    decision_type = models.ForeignKey(
        DecisionType,
        verbose_name=_("besluittype"),
        on_delete=models.PROTECT,
        related_name="recorded_decisions",
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("namens het college van"),
        on_delete=models.PROTECT,
        related_name="recorded_decisions",
    )
    taken_by = models.ForeignKey(
        Staff,
        verbose_name=_("genomen door"),
        on_delete=models.PROTECT,
        related_name="recorded_decisions",
    )
    decided_on = models.DateField(_("besluitdatum"))
    reference = models.CharField(_("kenmerk"), max_length=100)
    registered_at = models.DateTimeField(_("geregistreerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("genomen besluit")
        verbose_name_plural = _("genomen besluiten")
        ordering = ["-decided_on", "reference"]

    def __str__(self) -> str:
        return f"{self.reference}: {self.decision_type} ({self.decided_on:%d-%m-%Y})"
