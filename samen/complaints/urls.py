from django.urls import path

from samen.complaints import views

urlpatterns = [
    path("klachten", views.complaint_list, name="complaints"),
    path("klachten/nieuw", views.complaint_create, name="complaint-create"),
    path("klachten/<int:pk>", views.complaint_detail, name="complaint"),
    path("klachten/<int:pk>/<slug:action>", views.complaint_action, name="complaint-action"),
    path(
        "personen/<int:person_pk>/klachten",
        views.person_complaints,
        name="person-complaints",
    ),
    path(
        "personen/<int:person_pk>/klachten/nieuw",
        views.complaint_create,
        name="person-complaint-create",
    ),
]
