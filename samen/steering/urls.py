from django.urls import path

from samen.steering import views

urlpatterns = [
    path("sturing", views.steering_index, name="steering"),
    path("sturing/dashboard", views.szmh_dashboard, name="steering-szmh"),
    path("sturing/kosten/<str:year>", views.cost_allocation, name="steering-costs"),
    path("sturing/kosten/<str:year>/pdf", views.cost_allocation_pdf, name="steering-costs-pdf"),
    path("sturing/kosten/<str:year>/invoeren", views.cost_entry, name="steering-cost-entry"),
    path(
        "sturing/kosten/<str:year>/diensten/nieuw",
        views.service_entry,
        name="steering-service-entry",
    ),
    path("sturing/<str:cbs_code>", views.dashboard, name="steering-dashboard"),
    path("sturing/<str:cbs_code>/<str:period>", views.report, name="steering-report"),
    path("sturing/<str:cbs_code>/<str:period>/pdf", views.report_pdf, name="steering-report-pdf"),
    path(
        "sturing/<str:cbs_code>/<str:period>/grafieken/<str:chart>.svg",
        views.report_chart,
        name="steering-report-chart",
    ),
    path(
        "sturing/<str:cbs_code>/<str:period>/analyse",
        views.report_analysis,
        name="steering-analysis",
    ),
    path(
        "sturing/<str:cbs_code>/<str:period>/publiceren",
        views.report_publish,
        name="steering-publish",
    ),
    path(
        "sturing/<str:cbs_code>/<str:period>/bijwerken",
        views.report_refresh,
        name="steering-refresh",
    ),
    path(
        "sturing/<str:cbs_code>/<str:period>/waarden/<str:kpi>",
        views.manual_value,
        name="steering-manual-value",
    ),
]
