"""The reference data of the client's file, loaded by migration ``0002_reference_data``.

Retention classes are results of the *Selectielijst gemeenten en intergemeentelijke organen
2020*, process type 8 *Voorzieningen verstrekken* (the benefits, Wmo and youth provisions of
the social domain), as published in VNG Realisatie's reference lists
(``selectielijst_2020_resultaten``): code, result, appraisal, retention period in years,
process term and origin exactly as listed there. Document types are samen's own division of
the client's file; each names the class it is filed under unless the uploader chooses
another.
"""

from __future__ import annotations

from typing import Any

SELECTIELIJST = (
    "Selectielijst gemeenten en intergemeentelijke organen 2020, procestype 8 Voorzieningen "
    "verstrekken (VNG Realisatie, referentielijsten: selectielijst 2020, resultaat {code})"
)
PT8 = "Voorzieningen verstrekken"

# code, result, appraisal, years, process term, origin
RETENTION_CLASSES: list[tuple[str, str, str, int | None, str, str]] = [
    ("8.2", "Geweigerd", "vernietigen", 5, "nihil", "Risicoanalyse"),
    ("8.3", "Beëindigd", "vernietigen", 10, "nihil", "Risicoanalyse"),
    (
        "8.3.1",
        "Beëindigd: Wmo-voorziening",
        "vernietigen",
        15,
        "nihil",
        "Wet maatschappelijke ondersteuning 2015, art. 5.3.4",
    ),
    (
        "8.3.2",
        "Beëindigd: individuele jeugdhulpvoorziening",
        "vernietigen",
        20,
        "nihil",
        "Jeugdwet, art. 7.3.8 lid 3",
    ),
    ("8.3.5", "Beëindigd: schuldhulpverlening", "vernietigen", 5, "nihil", "Risicoanalyse"),
    ("8.4", "Afgebroken", "vernietigen", 1, "nihil", "Risicoanalyse"),
]

OWN = (
    "samen: documenttypen van het klantdossier (eigen indeling); de bewaartermijn volgt de "
    "selectielijstcategorie"
)
# code, name, retention class
DOCUMENT_TYPES: list[tuple[str, str, str]] = [
    ("aanvraag", "Aanvraagformulier", "8.3"),
    ("bewijs-inkomen", "Bewijsstuk inkomen (bijvoorbeeld loonstrook)", "8.3"),
    ("bankafschrift", "Bankafschrift", "8.3"),
    ("identiteitsbewijs", "Kopie identiteitsbewijs", "8.3"),
    ("correspondentie", "Correspondentie", "8.3"),
    ("rapportage", "Rapportage of gespreksverslag", "8.3"),
    ("wmo-verslag", "Verslag Wmo-onderzoek", "8.3.1"),
]


def load(retention_class: Any, document_type: Any) -> None:
    """Create or update the rows (idempotent), with the historical models of a migration."""
    for order, (code, result, appraisal, years, term, origin) in enumerate(RETENTION_CLASSES):
        retention_class.objects.update_or_create(
            code=code,
            defaults={
                "process_type": PT8,
                "result": result,
                "appraisal": appraisal,
                "retention_years": years,
                "process_term": term,
                "origin": origin,
                "source": SELECTIELIJST.format(code=code),
                "order": order,
            },
        )
    for order, (code, name, klass) in enumerate(DOCUMENT_TYPES):
        document_type.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "retention_class": retention_class.objects.get(code=klass),
                "source": OWN,
                "order": order,
            },
        )
