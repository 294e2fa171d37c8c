"""The parameters of the beslagvrije voet as loaded by migration 0002 (data, not code:
a change in the law is a new row with its own validity, added by a new data migration).

The 95 % of the norm including holiday allowance was checked against the published 2021
figures (for example an alleenstaande 967,90 = 95 % of 1.018,84). Which *lid* of art. 475d
and 475da holds each rule was not checked against the consolidated text, so the sources
name the articles only (see docs/recovery.md)."""

SOURCE_475D = (
    "Wetboek van Burgerlijke Rechtsvordering art. 475d en 475da, zoals gewijzigd door de Wet "
    "vereenvoudiging beslagvrije voet (Stb. 2017, 110), in werking 1 januari 2021: 95 procent "
    "van de op de schuldenaar van toepassing zijnde bijstandsnorm (art. 21/22 Participatiewet) "
    "inclusief vakantietoeslag"
)
SOURCE_475DA = (
    "Wetboek van Burgerlijke Rechtsvordering art. 475d (Wet vereenvoudiging beslagvrije voet, "
    "Stb. 2017, 110, in werking 1 januari 2021): bij een netto-inkomen lager dan de "
    "beslagvrije voet is de beslagvrije voet 95 procent van dat netto-inkomen"
)

PARAMETERS = [
    {"name": "percentage_norm", "value": "95", "valid_from": "2021-01-01", "source": SOURCE_475D},
    {
        "name": "percentage_inkomen",
        "value": "95",
        "valid_from": "2021-01-01",
        "source": SOURCE_475DA,
    },
]
