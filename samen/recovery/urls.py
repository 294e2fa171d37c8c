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

# incoming payments and collection (samen/recovery/bank_views.py, collection_views.py)
from samen.recovery import bank_views, collection_views  # noqa: E402

urlpatterns += [
    path("vorderingen", collection_views.collection_worklist, name="claims-worklist"),
    path("vorderingen/stand/<str:month>", collection_views.month_end_stock, name="claims-stock"),
    path("vorderingen/bankafschriften", bank_views.bank_statements, name="bank-statements"),
    path("vorderingen/ontvangsten-onbekend", bank_views.unknown_receipts, name="unknown-receipts"),
    path(
        "vorderingen/ontvangsten-onbekend/<int:credit_pk>/koppeling",
        bank_views.match_receipt,
        name="match-receipt",
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

# Decisions on a claim, collection steps and limitation (samen/recovery/decision_views.py)
from samen.recovery import decision_views  # noqa: E402

urlpatterns += [
    path(
        "vorderingen/<int:claim_pk>/terugvorderingsbesluit",
        decision_views.claim_recovery_decision,
        name="claim-recovery-decision",
    ),
    path("vorderingen/<int:claim_pk>/dwangbevel", decision_views.claim_writ, name="claim-writ"),
    path("vorderingen/<int:claim_pk>/afzien", decision_views.claim_forgo, name="claim-forgo"),
    path(
        "vorderingen/<int:claim_pk>/invorderingsstap", decision_views.claim_step, name="claim-step"
    ),
    path("vorderingen/verjaring", decision_views.limitation_worklist, name="claims-limitation"),
]
