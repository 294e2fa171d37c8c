from django.urls import path

from samen.access import views

urlpatterns = [
    path("toezicht", views.audit_search, name="supervision"),
    path("toezicht/export", views.audit_export, name="supervision-export"),
    path("toezicht/checkpoint", views.audit_checkpoint, name="supervision-checkpoint"),
    path("mijn-toegang", views.my_access, name="my-access"),
]
