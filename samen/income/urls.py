from django.urls import path, register_converter

from samen.income import views

register_converter(views.MonthConverter, "month")

urlpatterns = [
    path("personen/<int:pk>/uitkeringen", views.person_benefits, name="person-benefits"),
    path("uitkeringen/<int:benefit_pk>/wijziging", views.benefit_change, name="benefit-change"),
    path("uitkeringen/<int:benefit_pk>/beeindiging", views.benefit_end, name="benefit-end"),
    path(
        "uitkeringen/<int:benefit_pk>/specificatie/<month:month>",
        views.benefit_specification,
        name="benefit-specification",
    ),
    path("betalingen", views.payment_runs, name="payment-runs"),
    path("betalingen/<month:month>", views.payment_run, name="payment-run"),
    path(
        "betalingen/<month:month>/vrijgeven", views.payment_run_release, name="payment-run-release"
    ),
    path(
        "betalingen/<month:month>/<str:cbs_code>",
        views.payment_run_lines,
        name="payment-run-lines",
    ),
    path(
        "betalingen/<month:month>/<str:cbs_code>/sepa.xml",
        views.sepa_download,
        name="payment-run-sepa",
    ),
]
