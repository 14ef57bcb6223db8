"""Periodic jobs, enqueued by the worker (``anpo worker``) when they are due.

Apps register jobs in ``AppConfig.ready`` with ``register_periodic(name, every, task)``.
Every worker checks the schedule; a row lock on ``PeriodicRun`` makes sure only one
of several workers enqueues a due job. Jobs themselves must be idempotent.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from anpo.core.models import PeriodicRun

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: dt.timedelta
    task: Any  # a django.tasks Task


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, every: dt.timedelta, task: Any) -> None:
    _jobs[name] = PeriodicJob(name=name, every=every, task=task)


def registered_jobs() -> list[PeriodicJob]:
    return list(_jobs.values())


def enqueue_due_jobs(*, now: dt.datetime | None = None) -> list[str]:
    """Enqueue every job whose interval has passed; returns the names enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in _jobs.values():
        with transaction.atomic():
            run, _ = PeriodicRun.objects.get_or_create(name=job.name)
            run = PeriodicRun.objects.select_for_update().get(pk=run.pk)
            if run.last_enqueued_at is not None and now - run.last_enqueued_at < job.every:
                continue
            run.last_enqueued_at = now
            run.save(update_fields=["last_enqueued_at"])
            transaction.on_commit(job.task.enqueue)
            enqueued.append(job.name)
    if enqueued:
        logger.info("enqueued periodic jobs: %s", ", ".join(enqueued))
    return enqueued
