from django.urls import include, path

from samen.web import login, views

urlpatterns = [
    path("", views.home, name="home"),
    path("inloggen", login.login, name="login"),
    path("inloggen/geweigerd", login.login_refused, name="login-refused"),
    path("uitloggen", login.logout, name="logout"),
    # The identity provider's round trip (mozilla-django-oidc's names, for its settings).
    path("oidc/authenticate/", login.oidc_authenticate, name="oidc_authentication_init"),
    path("oidc/callback/", login.oidc_callback, name="oidc_authentication_callback"),
    path("", include("samen.organisation.urls")),
    path("", include("samen.people.urls")),
    path("", include("samen.cases.urls")),
    path("", include("samen.income.urls")),
    path("", include("samen.recovery.urls")),
    path("", include("samen.dossier.urls")),
    path("", include("samen.objections.urls")),
    path("", include("samen.appeals.urls")),
    path("", include("samen.complaints.urls")),
    path("", include("samen.correspondence.urls")),
    path("", include("samen.sanctions.urls")),
    path("", include("samen.enforcement.urls")),
    path("", include("samen.review.urls")),
    path("", include("samen.access.urls")),
    path("", include("samen.steering.urls")),
    path("", include("samen.control.urls")),
]
