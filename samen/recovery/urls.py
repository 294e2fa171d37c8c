from django.urls import path

from samen.recovery import views

urlpatterns = [
    path("personen/<int:pk>/vorderingen", views.person_claims, name="person-claims"),
    path("vorderingen/<int:claim_pk>", views.claim_detail, name="claim"),
    path("vorderingen/<int:claim_pk>/boeking", views.claim_booking, name="claim-booking"),
    path(
        "vorderingen/<int:claim_pk>/betalingsregeling",
        views.claim_arrangement,
        name="claim-arrangement",
    ),
]
