from django.urls import path, register_converter

from samen.web import cases, income, login, persons, supervision, views

register_converter(income.MonthConverter, "month")

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen", login.login, name="login"),
    path("inloggen/geweigerd", login.login_refused, name="login-refused"),
    path("uitloggen", login.logout, name="logout"),
    # The identity provider's round trip (mozilla-django-oidc's names, for its settings).
    path("oidc/authenticate/", login.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", login.oidc_callback, name="oidc_authentication_callback"),
    path("organisatie", views.organisation, name="organisation"),
    path("organisatie/voert-uit", views.executes, name="executes"),
    path(
        "organisatie/gemeenten/<str:cbs_code>",
        views.municipality_detail,
        name="municipality",
    ),
    path("mandaten", views.mandates, name="mandates"),
    path("mandaten/wie-mag-besluiten", views.who_may_decide, name="who-may-decide"),
    path("mandaten/controle", views.uncovered, name="uncovered-decisions"),
    path("mandaten/<int:pk>", views.mandate_detail, name="mandate"),
    path("personen", persons.person_list, name="persons"),
    path("personen/nieuw", persons.person_create, name="person-create"),
    path("personen/<int:pk>", persons.person_detail, name="person"),
    path("personen/<int:pk>/wijzigen", persons.person_edit, name="person-edit"),
    path("personen/<int:pk>/zaken", cases.person_cases, name="person-cases"),
    path("personen/<int:pk>/zaken/nieuw", cases.case_create, name="case-create"),
    path("personen/<int:pk>/uitkeringen", income.person_benefits, name="person-benefits"),
    path("uitkeringen/<int:benefit_pk>/wijziging", income.benefit_change, name="benefit-change"),
    path("uitkeringen/<int:benefit_pk>/beeindiging", income.benefit_end, name="benefit-end"),
    path(
        "uitkeringen/<int:benefit_pk>/specificatie/<month:month>",
        income.benefit_specification,
        name="benefit-specification",
    ),
    path("betalingen", income.payment_runs, name="payment-runs"),
    path("betalingen/<month:month>", income.payment_run, name="payment-run"),
    path(
        "betalingen/<month:month>/<str:cbs_code>/sepa.xml",
        income.sepa_download,
        name="payment-run-sepa",
    ),
    path("werkvoorraad", cases.worklist, name="worklist"),
    path("zaken/<int:pk>", cases.case_detail, name="case"),
    path(
        "zaken/<int:pk>/besluiten/<int:decision_pk>/brief",
        cases.decision_letter,
        name="decision-letter",
    ),
    path("zaken/<int:pk>/<slug:action>", cases.case_action, name="case-action"),
    path("toezicht", supervision.audit_search, name="supervision"),
    path("toezicht/export", supervision.audit_export, name="supervision-export"),
    path("toezicht/checkpoint", supervision.audit_checkpoint, name="supervision-checkpoint"),
    path("mijn-toegang", supervision.my_access, name="my-access"),
]
