from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView

urlpatterns = [
    path("", include("anpo.core.urls")),
    path("", include("anpo.accounts.reader_urls")),
    path("accounts/", include("anpo.accounts.urls")),
    path("records/", include("anpo.records.urls")),
    path("screening/", include("anpo.screening.urls")),
    path("training/", include("anpo.training.urls")),
    path("classification/", include("anpo.classification.urls")),
    path("verify/", include("anpo.training.verify_urls")),
    path("api/", include("anpo.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("django-admin/", admin.site.urls),
]

handler403 = "anpo.core.views.error_403"
handler404 = "anpo.core.views.error_404"
handler500 = "anpo.core.views.error_500"
