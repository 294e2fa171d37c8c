"""Persons (BSN), their addresses over time, and the domains in which they are known.

The responsible municipality of a person on a date follows from the address valid on that
date: a move from Vaals to Maastricht changes who is responsible from the moving date on.
Reading or changing these tables goes through :mod:`samen.people.services`, which asks the
one access policy and writes the audit trail.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common.periods import ValidityPeriod
from samen.common.validators import validate_bsn
from samen.organisation.models import Domain, Municipality


class Person(models.Model):
    bsn = models.CharField(_("BSN"), max_length=9, unique=True, validators=[validate_bsn])
    given_names = models.CharField(_("voornamen"), max_length=200)
    surname_prefix = models.CharField(_("voorvoegsel"), max_length=20, blank=True)
    surname = models.CharField(_("achternaam"), max_length=200)
    birth_date = models.DateField(_("geboortedatum"))
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("persoon")
        verbose_name_plural = _("personen")
        ordering = ["surname", "given_names", "pk"]
        # The list's order: its first page is a walk along this index, not a sort of every
        # visible person (bench/load.py at 1,000,000 persons).
        indexes = [models.Index(fields=["surname", "given_names", "id"], name="person_list_order")]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_names, self.surname_prefix, self.surname) if p)

    def clean(self) -> None:
        if self.birth_date and self.birth_date > dt.date.today():
            raise ValidationError(
                {"birth_date": _("De geboortedatum ligt in de toekomst.")}, code="future_birth"
            )


class Address(ValidityPeriod):
    """Where a person lives (woonadres) for a period; decides the responsible municipality."""

    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.CASCADE, related_name="addresses"
    )
    street = models.CharField(_("straat"), max_length=200)
    house_number = models.CharField(_("huisnummer"), max_length=20)
    postal_code = models.CharField(_("postcode"), max_length=7)
    city = models.CharField(_("woonplaats"), max_length=100)
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.PROTECT,
        related_name="addresses",
    )

    class Meta:
        verbose_name = _("adres")
        verbose_name_plural = _("adressen")
        ordering = ["person", "valid_from"]
        # The access policy asks "lives in one of these municipalities on the day": answered
        # from this index alone (municipality first, for counting a municipality's persons).
        indexes = [
            models.Index(
                fields=["municipality", "person", "valid_from", "valid_until"],
                name="address_policy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.street} {self.house_number}, {self.postal_code} {self.city}"

    def clean(self) -> None:
        self.clean_period()
        if self.person_id:
            self.refuse_overlap(
                Address.objects.filter(person_id=self.person_id),
                str(_("Deze persoon heeft in die periode al een woonadres ({other}).")),
            )


class Registration(models.Model):
    """A person is known in a domain (inschrijving), at a confidentiality level: an ordinary
    benefit file is zaakvertrouwelijk, a fraud investigation vertrouwelijk."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("persoon"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    domain = models.ForeignKey(
        Domain, verbose_name=_("domein"), on_delete=models.PROTECT, related_name="registrations"
    )
    subject = models.CharField(_("onderwerp"), max_length=200)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    registered_on = models.DateField(_("ingeschreven op"))

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        ordering = ["person", "domain__order", "registered_on"]
        # The access policy asks "known in one of these domains up to this level": answered
        # from this index alone.
        indexes = [
            models.Index(fields=["person", "domain", "confidentiality"], name="registration_policy")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.domain}: {self.subject}"


class Household(models.Model):
    """A huishouden: the persons who share a home with an applicant, over time. Who belonged
    to it on a date is in :class:`HouseholdMember`; the household belongs to the dossier of
    its aanvrager."""

    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    version = models.PositiveIntegerField(_("versie"), default=1)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("huishouden")
        verbose_name_plural = _("huishoudens")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label or str(_("Huishouden %(number)s") % {"number": self.pk})


class HouseholdMember(ValidityPeriod):
    """A person belongs to a household for a period, in a relation to the applicant."""

    class Relation(models.TextChoices):
        # The values are those of samen.people.households.Relation (the pure rules).
        AANVRAGER = "aanvrager", _("Aanvrager")
        PARTNER = "partner", _("Partner")
        KIND = "kind", _("Kind")
        MEDEBEWONER = "medebewoner", _("Medebewoner")

    household = models.ForeignKey(
        Household, verbose_name=_("huishouden"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="household_memberships",
    )
    relation = models.CharField(_("relatie"), max_length=20, choices=Relation.choices)
    studies_with_student_finance = models.BooleanField(
        _("studeert met studiefinanciering"),
        default=False,
        help_text=_(
            "Alleen voor een medebewoner: studeert met studiefinanciering of een "
            "WTOS-tegemoetkoming, of volgt een BBL-opleiding (telt niet mee als kostendeler)."
        ),
    )
    rents_commercially = models.BooleanField(
        _("commerciële huurder"),
        default=False,
        help_text=_(
            "Alleen voor een medebewoner: huurt op commerciële basis (telt niet mee als "
            "kostendeler)."
        ),
    )

    class Meta:
        verbose_name = _("lid van een huishouden")
        verbose_name_plural = _("leden van een huishouden")
        ordering = ["household", "valid_from", "pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_relation_display()}, {self.period.label()})"

    def clean(self) -> None:
        self.clean_period()
        if self.relation != self.Relation.MEDEBEWONER and (
            self.studies_with_student_finance or self.rents_commercially
        ):
            raise ValidationError(
                _(
                    "Studiefinanciering en commerciële huur worden alleen vastgelegd voor een "
                    "medebewoner."
                ),
                code="housemate_facts",
            )
        if self.person_id and self.valid_from:
            birth = Person.objects.filter(pk=self.person_id).values_list("birth_date", flat=True)
            born = birth.first()
            if born is not None and self.valid_from < born:
                raise ValidationError(
                    {"valid_from": _("Deze periode begint vóór de geboortedatum van de persoon.")},
                    code="before_birth",
                )
            self.refuse_overlap(
                HouseholdMember.objects.filter(person_id=self.person_id),
                str(_("Deze persoon hoort in die periode al bij een huishouden ({other}).")),
            )
        if self.household_id and self.relation in (self.Relation.AANVRAGER, self.Relation.PARTNER):
            self.refuse_overlap(
                HouseholdMember.objects.filter(
                    household_id=self.household_id, relation=self.relation
                ),
                str(_("Dit huishouden heeft in die periode al een {relation} ({other}).")).replace(
                    "{relation}", str(self.get_relation_display()).lower()
                ),
            )
