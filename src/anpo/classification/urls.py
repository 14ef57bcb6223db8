from django.urls import path

from anpo.classification import views

app_name = "classification"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("suggest/", views.suggest, name="suggest"),
    path("lists/<slug:code>/", views.instrument_detail, name="instrument"),
    path("lists/<slug:code>/diff/", views.version_diff, name="diff"),
    path("lists/<slug:code>/update/", views.instrument_update, name="update"),
    path("lists/<slug:code>/entries/<path:key>/", views.entry_detail, name="entry"),
]
