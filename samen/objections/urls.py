from django.urls import path

from samen.objections import penalty_views, views

urlpatterns = [
    path("bezwaren", views.objection_list, name="objections"),
    path("bezwaren/<int:pk>", views.objection_detail, name="objection"),
    path("bezwaren/<int:pk>/<slug:action>", views.objection_action, name="objection-action"),
    path("besluiten/<int:decision_pk>/bezwaar", views.objection_create, name="objection-create"),
    path("ingebrekestellingen/zaak/<int:pk>", views.notice_create, name="notice-create"),
    path("dwangsommen/zaak/<int:pk>", penalty_views.penalty_fix, name="penalty-fix"),
]
