"""Background tasks of the training app: they only call services."""

from __future__ import annotations

from django.tasks import task

from anpo.training.services import reminders_send


@task()
def reminders_task() -> int:
    """Periodic: send due/overdue reminders and escalations (idempotent, see ``reminders_send``)."""
    return len(reminders_send())
