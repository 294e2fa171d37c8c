"""Correspondence: the letters that are not decisions (an acknowledgement of receipt, a
request to repair an omission, an invitation, a notice of postponement, a reminder).

A :class:`LetterKind` is data (code, Dutch name, subject, legal basis, the placeholders its
body text may use); its body text is a :class:`BodyTemplate` per municipality (optional)
with a validity period, edited by functional management in /beheer/, and otherwise the
default in ``data/body_templates/<code>.md``. A :class:`SentLetter` is the letter as sent:
the PDF stored once with its SHA-256 and never regenerated, who sent it and when, and the
person, municipality, domain and confidentiality it belongs to, so the one access policy
scopes it as it scopes a case (:meth:`samen.access.policy.Policy.scope_records`).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from samen.access.models import Confidentiality
from samen.common.periods import ValidityPeriod
from samen.organisation.models import Domain, Municipality, Staff
from samen.people.models import Person

MAX_REFERENCE = 60
MAX_STEP = 100
MAX_NAME = 200


class LetterKind(models.Model):
    """A kind of letter, for example ``bezwaar-ontvangst``. Loaded from
    ``data/letter_kinds.json``; the app that sends it names it by its code."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("naam"), max_length=200)
    subject = models.CharField(_("onderwerp van de brief"), max_length=200)
    legal_basis = models.CharField(_("wettelijke grondslag"), max_length=300, blank=True)
    #: name -> what it means: the placeholders of this kind, besides the ones every letter has
    placeholders = models.JSONField(_("eigen velden"), default=dict, blank=True)

    class Meta:
        verbose_name = _("briefsoort")
        verbose_name_plural = _("briefsoorten")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class BodyTemplate(ValidityPeriod):
    """The body text of a kind of letter, optionally for one municipality (the most specific
    valid text wins; none: the default text of the data folder)."""

    kind = models.ForeignKey(
        LetterKind, verbose_name=_("briefsoort"), on_delete=models.CASCADE, related_name="texts"
    )
    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("gemeente"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        help_text=_("Leeg: voor alle gemeenten."),
    )
    body = models.TextField(_("tekst"), max_length=20_000)

    class Meta:
        verbose_name = _("brieftekst")
        verbose_name_plural = _("briefteksten")
        ordering = ["kind__code", "municipality__name", "-valid_from"]

    def __str__(self) -> str:
        where = self.municipality.name if self.municipality is not None else _("alle gemeenten")
        return f"{self.kind} ({where}, {self.period.label()})"

    def clean(self) -> None:
        from samen.correspondence import house

        self.clean_period()
        if self.kind_id is None:
            return
        try:
            house.validate_body(self.body, self.kind.placeholders)
        except ValidationError as error:
            raise ValidationError({"body": error.messages}) from None
        siblings = BodyTemplate.objects.filter(kind=self.kind, municipality=self.municipality)
        self.refuse_overlap(
            siblings.exclude(pk=self.pk),
            str(_("Voor deze briefsoort en gemeente geldt in die periode al een tekst.")),
        )


class SentLetter(models.Model):
    """A letter as it was sent. ``about_type`` and ``about_reference`` name what it is about
    (``bezwaar`` and the objection's case reference); ``step`` names the step within it, so
    the same step never makes a second letter."""

    kind = models.ForeignKey(LetterKind, verbose_name=_("briefsoort"), on_delete=models.PROTECT)
    person = models.ForeignKey(
        Person, verbose_name=_("persoon"), on_delete=models.PROTECT, related_name="letters"
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("namens gemeente"), on_delete=models.PROTECT
    )
    domain = models.ForeignKey(Domain, verbose_name=_("domein"), on_delete=models.PROTECT)
    confidentiality = models.PositiveSmallIntegerField(
        _("vertrouwelijkheid"),
        choices=Confidentiality.choices,
        default=Confidentiality.ZAAKVERTROUWELIJK,
    )
    about_type = models.CharField(_("over (soort)"), max_length=30)
    about_reference = models.CharField(_("over (kenmerk)"), max_length=MAX_REFERENCE)
    step = models.CharField(_("stap"), max_length=MAX_STEP)
    recipient_name = models.CharField(_("geadresseerde"), max_length=MAX_NAME)
    internal = models.BooleanField(_("interne brief"), default=False)
    subject = models.CharField(_("onderwerp"), max_length=300)
    letter_date = models.DateField(_("datum brief"))
    pdf = models.BinaryField(_("PDF"))
    sha256 = models.CharField(_("controlegetal"), max_length=64)
    template = models.ForeignKey(
        BodyTemplate,
        verbose_name=_("brieftekst"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Leeg: de standaardtekst."),
    )
    sent_by = models.ForeignKey(Staff, verbose_name=_("verstuurd door"), on_delete=models.PROTECT)
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["about_type", "about_reference", "letter_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["about_type", "about_reference", "kind", "step"],
                name="correspondence_one_letter_per_step",
            )
        ]
        indexes = [models.Index(fields=["about_type", "about_reference"])]

    def __str__(self) -> str:
        return f"{self.kind} ({self.about_reference})"
