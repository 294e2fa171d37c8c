"""The verdict form of the review page. It parses input only: who may review what is decided
inside :mod:`samen.review.services`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samen.common.forms import Select, StrictForm, long_text_field, version_field
from samen.review.models import MAX_REMARKS, Verdict


class VerdictForm(StrictForm):
    verdict = forms.ChoiceField(
        label=_("Oordeel"),
        choices=[("", _("Kies een oordeel")), *Verdict.choices],
        widget=Select(),
        error_messages={
            "required": _("Kies een oordeel: akkoord of niet akkoord."),
            "invalid_choice": _("Kies akkoord of niet akkoord."),
        },
    )
    remarks = long_text_field(
        _("Opmerkingen (verplicht bij niet akkoord)"), max_length=MAX_REMARKS, required=False
    )
    version = version_field(_("Het formulier mist de versie van de toetsing. Laad haar opnieuw."))

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if "version" in self.errors:
            self.add_error(None, list(self.errors.pop("version")))
        return data
