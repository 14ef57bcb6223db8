"""Training API: my status, and the validity check other systems call."""

from __future__ import annotations

from django.urls import path
from rest_framework.decorators import api_view
from rest_framework.request import Request
from rest_framework.response import Response

from anpo.training.selectors import requirements_for_user, training_is_valid


@api_view(["GET"])
def my_status(request: Request) -> Response:
    """The signed-in user's assigned courses with status and due date."""
    return Response({"requirements": [
        {"course": r.course.slug, "status": r.status, "due_date": r.due_date.isoformat(),
         "valid_until": r.valid_until.isoformat() if r.valid_until else None}
        for r in requirements_for_user(user=request.user)
    ]})


@api_view(["GET"])
def my_validity(request: Request, course_slug: str) -> Response:
    """``training_is_valid`` for the signed-in user and one course."""
    return Response({"course": course_slug, "valid": training_is_valid(user=request.user, course_slug=course_slug)})


urlpatterns = [
    path("status/", my_status, name="api-training-status"),
    path("valid/<slug:course_slug>/", my_validity, name="api-training-valid"),
]
