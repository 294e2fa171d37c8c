from django.urls import path

from samen.people import views

urlpatterns = [
    path("personen", views.person_list, name="persons"),
    path("personen/nieuw", views.person_create, name="person-create"),
    path("personen/<int:pk>", views.person_detail, name="person"),
    path("personen/<int:pk>/wijzigen", views.person_edit, name="person-edit"),
    path("personen/<int:pk>/verhuizing", views.person_move, name="person-move"),
]
