from django.urls import path

from anpo.screening import views

app_name = "screening"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.home, name="search"),
    path("screenings/", views.screening_list, name="screening_list"),
    path("screenings/<int:pk>/", views.screening_detail, name="screening_detail"),
    path("screenings/<int:pk>/replay/", views.screening_replay, name="screening_replay"),
    path(
        "screenings/<int:pk>/save-party/", views.screening_save_party, name="screening_save_party"
    ),
    path("hits/<int:pk>/", views.hit_detail, name="hit_detail"),
    path(
        "decisions/<int:pk>/attachment/",
        views.disposition_attachment,
        name="disposition_attachment",
    ),
    path("queue/", views.queue, name="queue"),
    path("parties/", views.party_list, name="party_list"),
    path("parties/new/", views.party_create, name="party_create"),
    path("parties/import/", views.party_import, name="party_import"),
    path("parties/import/<int:pk>/", views.party_import_detail, name="party_import_detail"),
    path(
        "parties/import/<int:pk>/status.json", views.party_import_status, name="party_import_status"
    ),
    path("parties/<int:pk>/", views.party_detail, name="party_detail"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("parties/<int:pk>/screen/", views.party_screen, name="party_screen"),
    path("batch/", views.batch_new, name="batch_new"),
    path("batch/<int:pk>/", views.batch_detail, name="batch_detail"),
    path("batch/<int:pk>/status.json", views.batch_status, name="batch_status"),
    path("batch/<int:pk>/results.<str:fmt>", views.batch_download, name="batch_download"),
    path("lists/", views.lists, name="lists"),
    path("lists/imports/<int:pk>/", views.list_import_detail, name="list_import_detail"),
    path("lists/imports/<int:pk>/status.json", views.list_import_status, name="list_import_status"),
    path("lists/snapshots/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("lists/snapshots/<int:pk>/impact/", views.snapshot_impact, name="snapshot_impact"),
]
