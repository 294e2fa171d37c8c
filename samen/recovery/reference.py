"""The parameters of the beslagvrije voet as loaded by migration 0002 (data, not code:
a change in the law is a new row with its own validity, added by a new data migration)."""

SOURCE_475D = (
    "Wetboek van Burgerlijke Rechtsvordering art. 475d lid 1, zoals gewijzigd door de Wet "
    "vereenvoudiging beslagvrije voet (Stb. 2017, 505), in werking 1 januari 2021: 95 procent "
    "van de op de schuldenaar van toepassing zijnde bijstandsnorm (art. 21/22 Participatiewet) "
    "inclusief vakantietoeslag"
)
SOURCE_475DA = (
    "Wetboek van Burgerlijke Rechtsvordering art. 475da lid 1 (Wet vereenvoudiging beslagvrije "
    "voet, in werking 1 januari 2021): bij een netto-inkomen lager dan de beslagvrije voet van "
    "art. 475d is de beslagvrije voet 95 procent van dat netto-inkomen"
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
