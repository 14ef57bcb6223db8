"""The reading aids' endpoints, mounted at the site root (``/preferences/``, ``/language/``).

They live in accounts because a signed-in reader's choices are saved on their account;
anonymous readers keep them in a cookie (``core.preferences``).
"""

from django.urls import path

from anpo.accounts import views

app_name = "reader"
urlpatterns = [
    path("preferences/", views.preferences_update, name="preferences"),
    path("language/", views.set_language, name="set_language"),
]
