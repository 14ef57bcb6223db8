from django.urls import path

from anpo.records import views

app_name = "records"
urlpatterns = [
    path("audit/", views.event_list, name="event_list"),
    path("audit/export.csv", views.event_export, name="event_export"),
    path("audit/<int:seq>/", views.event_detail, name="event_detail"),
    path("audit/verify/", views.chain_verify, name="verify"),
]
