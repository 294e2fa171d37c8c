from django.urls import path

from samen.appeals import views

urlpatterns = [
    path("beroepen", views.appeal_list, name="appeals"),
    path("beroepen/<int:pk>", views.appeal_detail, name="appeal"),
    path("beroepen/<int:pk>/<slug:step>", views.appeal_step, name="appeal-step"),
    path("bezwaren/<int:objection_pk>/beroepen/nieuw", views.appeal_create, name="appeal-create"),
]
