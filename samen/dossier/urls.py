from django.urls import path

from samen.dossier import views

urlpatterns = [
    path("personen/<int:pk>/dossier", views.person_file, name="person-file"),
    path("personen/<int:pk>/dossier/notities/nieuw", views.note_create, name="note-create"),
    path(
        "personen/<int:pk>/dossier/documenten/nieuw",
        views.document_create,
        name="document-create",
    ),
    path("notities/<int:pk>", views.note_detail, name="note"),
    path("documenten/<int:pk>", views.document_detail, name="document"),
    path("documenten/<int:pk>/inhoud", views.document_download, name="document-download"),
    path("documenten/<int:pk>/intrekken", views.document_withdraw, name="document-withdraw"),
]
