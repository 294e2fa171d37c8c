from django.urls import path

from samen.correspondence import views

urlpatterns = [
    path("brieven/<int:pk>", views.letter_download, name="correspondence-letter"),
]
