from django.urls import path

from samen.enforcement import views

urlpatterns = [
    path("signalen", views.signal_list, name="signals"),
    path("signalen/inlezen", views.signal_import, name="signal-import"),
    path("signalen/<int:pk>", views.signal_detail, name="signal"),
    path("onderzoeken", views.investigation_list, name="investigations"),
    path("onderzoeken/<int:pk>", views.investigation_detail, name="investigation"),
    path("onderzoeken/<int:pk>/<slug:step>", views.investigation_step, name="investigation-step"),
    path(
        "personen/<int:person_pk>/onderzoeken/nieuw",
        views.investigation_create,
        name="investigation-create",
    ),
    path("themacontroles", views.check_list, name="thematic-checks"),
    path("themacontroles/<int:pk>", views.check_detail, name="thematic-check"),
    path("controletaken/<int:pk>/uitkomst", views.check_item_outcome, name="check-item-outcome"),
]
