"""REST API (token auth). Each app contributes its routes in ``<app>/api.py``."""

from django.urls import include, path

urlpatterns = [
    path("", include("anpo.accounts.api")),
    path("screening/", include("anpo.screening.api")),
    path("training/", include("anpo.training.api")),
    path("classification/", include("anpo.classification.api")),
]
