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

# Deductions in the payment run: garnishments, direct payments, verrekenen (issue 15 items
# 4 and 5; samen/recovery/views.py)
urlpatterns += [
    path(
        "uitkeringen/<int:benefit_pk>/beslagen",
        views.benefit_deductions,
        name="benefit-deductions",
    ),
    path("beslagen/<int:pk>/beeindigen", views.garnishment_end, name="garnishment-end"),
    path(
        "directe-betalingen/<int:pk>/beeindigen",
        views.direct_payment_end,
        name="direct-payment-end",
    ),
    path("vorderingen/<int:claim_pk>/verrekenen", views.claim_offset, name="claim-offset"),
]
