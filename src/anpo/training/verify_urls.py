"""The public certificate check, mounted at /verify/ (no login)."""

from django.urls import path

from anpo.training import views

urlpatterns = [
    path("<str:code>/", views.verify, name="certificate_verify"),
]
