"""API basics: who am I, and token retrieval."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response


@extend_schema(
    responses=inline_serializer(
        "Me",
        {
            "username": serializers.CharField(),
            "roles": serializers.ListField(child=serializers.CharField()),
            "language": serializers.CharField(),
        },
    )
)
@api_view(["GET"])
def me(request: Request) -> Response:
    user = request.user
    return Response(
        {
            "username": user.get_username(),
            "roles": sorted(user.role_set()),
            "language": user.language,
        }
    )


urlpatterns = [
    path("me/", me, name="api-me"),
    path("token/", obtain_auth_token, name="api-token"),
]
