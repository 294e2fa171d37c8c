from django.urls import path

from samen.sanctions import views

urlpatterns = [
    path("boetes", views.fine_list, name="fines"),
    path("boetes/<int:pk>", views.fine_detail, name="fine"),
    path("boetes/<int:pk>/besluit", views.fine_decide, name="fine-decide"),
    path("uitkeringen/<int:benefit_pk>/boetes/nieuw", views.fine_create, name="fine-create"),
    path(
        "uitkeringen/<int:benefit_pk>/maatregelen", views.benefit_measures, name="benefit-measures"
    ),
]
