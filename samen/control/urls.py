from django.urls import path

from samen.control import views

urlpatterns = [
    path("controle", views.index, name="control"),
    path("controle/steekproeven/<int:pk>", views.sample_detail, name="control-sample"),
    path(
        "controle/steekproeven/<int:pk>/afronden", views.sample_close, name="control-sample-close"
    ),
    path(
        "controle/steekproeven/<int:pk>/posten/<int:item>",
        views.item_detail,
        name="control-item",
    ),
    path(
        "controle/rapportages/<str:cbs>/<str:half>",
        views.report_detail,
        name="control-report",
    ),
    path(
        "controle/rapportages/<str:cbs>/<str:half>/pdf",
        views.report_pdf,
        name="control-report-pdf",
    ),
]
