from django.contrib import admin
from django.urls import include, path

# /beheer is samen's own, in Dutch (Django's default is "Django-beheer").
admin.site.site_header = "samen — beheer"
admin.site.site_title = "samen — beheer"
admin.site.index_title = "Beheer"

urlpatterns = [
    path("api/v1/", include("samen.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("beheer/", admin.site.urls),
    path("", include("samen.web.urls")),
]

handler400 = "samen.web.views.bad_request"
handler403 = "samen.web.views.permission_denied"
handler404 = "samen.web.views.page_not_found"
handler500 = "samen.web.views.server_error"
