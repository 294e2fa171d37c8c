from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from samen.web import income, supervision, views
from samen.web.forms import LoginForm

register_converter(income.MonthConverter, "month")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "inloggen",
        auth_views.LoginView.as_view(
            template_name="web/login.html",
            redirect_authenticated_user=True,
            authentication_form=LoginForm,
        ),
        name="login",
    ),
    path("uitloggen", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("samen.organisation.urls")),
    path("", include("samen.people.urls")),
    path("", include("samen.cases.urls")),
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
    path("toezicht", supervision.audit_search, name="supervision"),
    path("toezicht/export", supervision.audit_export, name="supervision-export"),
    path("toezicht/checkpoint", supervision.audit_checkpoint, name="supervision-checkpoint"),
    path("mijn-toegang", supervision.my_access, name="my-access"),
]
