"""API basics: who am I (roles and capabilities), and token retrieval."""

from __future__ import annotations

from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response

from anpo.accounts.access import HasCapability
from anpo.accounts.capabilities import capabilities_of


@extend_schema(
    responses=inline_serializer(
        "Me",
        {
            "username": serializers.CharField(),
            "roles": serializers.ListField(child=serializers.CharField()),
            "capabilities": serializers.ListField(child=serializers.CharField()),
            "language": serializers.CharField(),
        },
    )
)
@api_view(["GET"])
@permission_classes([HasCapability.for_()])
def me(request: Request) -> Response:
    user = request.user
    return Response(
        {
            "username": user.get_username(),
            "roles": sorted(user.role_set()),
            "capabilities": sorted(capabilities_of(user)),
            "language": user.language,
        }
    )


class TokenView(ObtainAuthToken):
    """Exchange a username and password for the API token (the one route open to anyone)."""

    permission_classes = (AllowAny,)


urlpatterns = [
    path("me/", me, name="api-me"),
    path("token/", TokenView.as_view(), name="api-token"),
]
