from django.urls import path

from samen.access import views

urlpatterns = [
    path("toezicht", views.audit_search, name="supervision"),
    path("toezicht/export", views.audit_export, name="supervision-export"),
    path("toezicht/checkpoint", views.audit_checkpoint, name="supervision-checkpoint"),
    path("toezicht/autorisaties", views.grant_changes, name="supervision-grants"),
    path("mijn-toegang", views.my_access, name="my-access"),
    path("autorisaties", views.grant_proposals, name="grant-proposals"),
    path("autorisaties/medewerkers/<int:staff_id>", views.staff_grants, name="staff-grants"),
    path(
        "autorisaties/medewerkers/<int:staff_id>/voorstellen",
        views.grant_propose,
        name="grant-propose",
    ),
    path("autorisaties/<int:pk>/goedkeuren", views.grant_approve, name="grant-approve"),
    path("autorisaties/<int:pk>/afwijzen", views.grant_reject, name="grant-reject"),
    path("autorisaties/<int:pk>/intrekken", views.grant_withdraw, name="grant-withdraw"),
    path("autorisaties/<int:pk>/beeindigen", views.grant_end, name="grant-end"),
]
