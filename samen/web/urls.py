from django.contrib.auth import views as auth_views
from django.urls import include, path

from samen.web import views
from samen.web.forms import LoginForm

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
    path("", include("samen.income.urls")),
    path("", include("samen.access.urls")),
]
