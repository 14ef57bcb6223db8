"""``anpo worker``: django-tasks-db's worker plus a heartbeat and the periodic-job schedule."""

from __future__ import annotations

import logging
import os
import socket
import threading
from typing import Any

from django.db import close_old_connections, connection
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from anpo.core.models import WorkerHeartbeat
from anpo.core.scheduler import enqueue_due_jobs

logger = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 15


def _heartbeat_loop(worker_id: str, stop: threading.Event) -> None:
    started = timezone.now()
    while not stop.is_set():
        try:
            close_old_connections()
            WorkerHeartbeat.objects.update_or_create(
                worker_id=worker_id,
                defaults={
                    "hostname": socket.gethostname(),
                    "pid": os.getpid(),
                    "started_at": started,
                    "last_seen": timezone.now(),
                },
            )
            enqueue_due_jobs()
        except Exception:  # keep beating: a failed beat must not kill the worker
            logger.exception("worker heartbeat failed")
        finally:
            connection.close()
        stop.wait(HEARTBEAT_SECONDS)
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


class Command(DbWorkerCommand):
    help = "Run the background worker (tasks, periodic jobs) with a heartbeat for /healthz."

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        thread = threading.Thread(
            target=_heartbeat_loop, args=(options["worker_id"], stop), daemon=True
        )
        thread.start()
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
