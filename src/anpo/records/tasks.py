"""Background tasks of the records app."""

from __future__ import annotations

from django.tasks import task

from anpo.records.services import audit_checkpoint_create


@task()
def audit_checkpoint_task() -> int:
    """The daily signed checkpoint of the audit chain (written and e-mailed by the service)."""
    return audit_checkpoint_create(acting_user=None).seq
