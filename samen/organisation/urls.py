from django.urls import path

from samen.organisation import views

urlpatterns = [
    path("organisatie", views.organisation, name="organisation"),
    path("organisatie/voert-uit", views.executes, name="executes"),
    path(
        "organisatie/gemeenten/<str:cbs_code>",
        views.municipality_detail,
        name="municipality",
    ),
    path("medewerkers", views.staff_list, name="staff-list"),
    path("medewerkers/nieuw", views.staff_create, name="staff-create"),
    path("mandaten", views.mandates, name="mandates"),
    path("mandaten/wie-mag-besluiten", views.who_may_decide, name="who-may-decide"),
    path("mandaten/controle", views.uncovered, name="uncovered-decisions"),
    path("mandaten/<int:pk>", views.mandate_detail, name="mandate"),
]
