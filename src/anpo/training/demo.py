"""Demo content for training (``anpo demo load``; safe to run twice)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from anpo.accounts.models import User
from anpo.training.models import Assignment, Course
from anpo.training.services import assignment_create, load_bundled_content


def demo_load() -> None:
    """Bundled courses and an assignment of the first course to the demo researcher."""
    load_bundled_content()
    researcher = User.objects.filter(username="researcher", is_demo=True).first()
    officer = User.objects.filter(username="officer", is_demo=True).first()
    course = Course.objects.filter(slug="why-export-control").first()
    if researcher is None or course is None:
        return
    if not Assignment.objects.filter(
        course=course, target=Assignment.Target.USER, user=researcher
    ).exists():
        assignment_create(
            acting_user=officer,
            course=course,
            target=Assignment.Target.USER,
            user=researcher,
            due_date=timezone.localdate() + timedelta(days=30),
            validity_days=365,
        )
