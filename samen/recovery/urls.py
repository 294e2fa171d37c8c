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
# 4 and 5; samen/recovery/garnishment_views.py)
from samen.recovery import garnishment_views  # noqa: E402

urlpatterns += [
    path(
        "uitkeringen/<int:benefit_pk>/beslagen",
        garnishment_views.benefit_deductions,
        name="benefit-deductions",
    ),
    path("beslagen/<int:pk>/beeindigen", garnishment_views.garnishment_end, name="garnishment-end"),
    path(
        "directe-betalingen/<int:pk>/beeindigen",
        garnishment_views.direct_payment_end,
        name="direct-payment-end",
    ),
    path(
        "vorderingen/<int:claim_pk>/verrekenen", garnishment_views.claim_offset, name="claim-offset"
    ),
]
