from django.urls import path

from samen.cases import views

urlpatterns = [
    path("personen/<int:pk>/zaken", views.person_cases, name="person-cases"),
    path("personen/<int:pk>/zaken/nieuw", views.case_create, name="case-create"),
    path("werkvoorraad", views.worklist, name="worklist"),
    path("aandachtspunten", views.attention_list, name="attention"),
    path("werkvoorraad/team/<int:team_pk>", views.team_worklist, name="team-worklist"),
    path("zaken/<int:pk>", views.case_detail, name="case"),
    path(
        "zaken/<int:pk>/besluiten/<int:decision_pk>/brief",
        views.decision_letter,
        name="decision-letter",
    ),
    path("zaken/<int:pk>/toewijzen", views.case_assign, name="case-assign"),
    path("zaken/<int:pk>/<slug:action>", views.case_action, name="case-action"),
]
