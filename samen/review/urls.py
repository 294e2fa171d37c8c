from django.urls import path

from samen.review import views

urlpatterns = [
    path("toetsing", views.review_list, name="reviews"),
    path("toetsing/<int:pk>", views.review_detail, name="review"),
]
