"""Training API: my status, and the validity check other systems call."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import path
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from anpo.accounts.access import HasCapability
from anpo.accounts.models import User
from anpo.accounts.selectors import user_can_see_user
from anpo.training.selectors import requirements_for_user, training_is_valid


class RequirementSerializer(serializers.Serializer):
    course = serializers.CharField(help_text="Course slug")
    status = serializers.CharField()
    due_date = serializers.DateField()
    valid_until = serializers.DateField(allow_null=True)


class StatusSerializer(serializers.Serializer):
    requirements = RequirementSerializer(many=True)


class ValiditySerializer(serializers.Serializer):
    username = serializers.CharField()
    course = serializers.CharField()
    valid = serializers.BooleanField()


@extend_schema(responses=StatusSerializer)
@api_view(["GET"])
@permission_classes([HasCapability.for_()])  # any signed-in user, about themself
def my_status(request: Request) -> Response:
    """The signed-in user's assigned courses with status and due date."""
    return Response(
        {
            "requirements": [
                {
                    "course": r.course.slug,
                    "status": r.status,
                    "due_date": r.due_date.isoformat(),
                    "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                }
                for r in requirements_for_user(user=request.user)
            ]
        }
    )


@extend_schema(
    responses=ValiditySerializer,
    parameters=[
        OpenApiParameter(
            "username",
            OpenApiTypes.STR,
            description="Ask about another person (needs visibility of their records).",
        )
    ],
)
@api_view(["GET"])
@permission_classes([HasCapability.for_()])  # signed in; others only within their visibility
def my_validity(request: Request, course_slug: str) -> Response:
    """``training_is_valid`` for the signed-in user (or a person they may see) and one course."""
    subject = request.user
    username = request.query_params.get("username")
    if username and username != request.user.get_username():
        subject = get_object_or_404(User, username=username)
        if not user_can_see_user(viewer=request.user, other=subject):
            raise PermissionDenied
    return Response(
        {
            "username": subject.get_username(),
            "course": course_slug,
            "valid": training_is_valid(user=subject, course_slug=course_slug),
        }
    )


urlpatterns = [
    path("status/", my_status, name="api-training-status"),
    path("valid/<slug:course_slug>/", my_validity, name="api-training-valid"),
]
