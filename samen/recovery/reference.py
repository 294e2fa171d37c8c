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

# The figures of the recovery decisions, collection and limitation (model RecoveryParameter,
# loaded by migration 0005). What was and was not checked against the law text is in each
# source and in docs/recovery.md.
RECOVERY_PARAMETERS = [
    {
        "name": "verjaring_jaren",
        "value": "5",
        "valid_from": "2009-07-01",
        "source": (
            "Awb art. 4:104 (ingevoegd bij wet van 25 juni 2009, Stb. 2009, 264, in werking 1 "
            "juli 2009): een rechtsvordering tot betaling van een geldsom verjaart door verloop "
            "van vijf jaren na de aanvang van de dag na die waarop de betalingstermijn is "
            "verstreken. De inwerkingtreding is nagelezen (pgawb.nl bij art. 4:105 en 4:106); "
            "de tekst van art. 4:104 zelf niet."
        ),
    },
    {
        "name": "betalingstermijn_weken",
        "value": "6",
        "valid_from": "2009-07-01",
        "source": (
            "Awb art. 4:87 lid 1: betaling binnen zes weken nadat de beschikking is bekendgemaakt. "
            "Niet nagelezen in de wettekst; de termijn loopt hier vanaf de besluitdatum."
        ),
    },
    {
        "name": "aanmaning_termijn_dagen",
        "value": "14",
        "valid_from": "2009-07-01",
        "source": (
            "Awb art. 4:112 lid 1: de aanmaning vraagt betaling binnen twee weken na verzending; "
            "art. 4:114/4:117: pas daarna een dwangbevel. Niet nagelezen in de wettekst."
        ),
    },
    {
        "name": "bruto_na_kalenderjaar",
        "value": "1",
        "valid_from": "2015-01-01",
        "source": (
            "Participatiewet art. 58 lid 5 (volgens de opdracht): wordt teruggevorderd na het "
            "kalenderjaar waarin de bijstand is betaald, dan wordt het bruto bedrag "
            "teruggevorderd (vermeerderd met de loonheffing). Niet nagelezen in de wettekst: "
            "de zoektocht vond geen tekst van art. 58, alleen beleidsregels die 'bruteren' zo "
            "omschrijven (Ede 2014)."
        ),
    },
    {
        "name": "verjaring_signaal_maanden",
        "value": "6",
        "valid_from": "2009-07-01",
        "source": (
            "Instelling van de organisatie, geen wettelijke regel: de werklijst toont vorderingen "
            "die binnen zoveel maanden verjaren."
        ),
    },
]
