"""API basics: who am I, and token retrieval."""

from __future__ import annotations

from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response


@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    return Response({"username": user.get_username(), "roles": sorted(user.role_set()), "language": user.language})


urlpatterns = [
    path("me/", me, name="api-me"),
    path("token/", obtain_auth_token, name="api-token"),
]
