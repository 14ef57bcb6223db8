"""``anpo serve``: the production WSGI server (gunicorn) and a supervised background worker.

``make run`` uses it to serve the demo; it is also a reasonable way to run anpo on one machine
without systemd. The worker is restarted when it dies; Ctrl+C stops both.
"""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from anpo.core.supervisor import ProcessSpec, Supervisor


def default_workers() -> int:
    """WEB_CONCURRENCY (gunicorn's convention), else two processes per core.

    Measured with benchmarks/load_bench.py on the 2-core machine (50 users): 2 processes x 4
    threads served 12 req/s and left the cores mostly idle (too few requests in flight while
    others waited on the database or the lock); 4 x 8 served 30 req/s with think time and 73 req/s
    without. Each process holds the screening index (shared after ``--preload`` until touched).
    """
    raw = os.environ.get("WEB_CONCURRENCY", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 2 * max(1, os.cpu_count() or 1)


def default_threads() -> int:
    raw = os.environ.get("ANPO_WEB_THREADS", "")
    return int(raw) if raw.isdigit() and int(raw) > 0 else 8


class Command(BaseCommand):
    help = (
        "Serve anpo with gunicorn and run the background worker, restarting the worker "
        "(or the web server) when it dies. Ctrl+C stops everything."
    )
    requires_system_checks: list[str] = []  # gunicorn's and the worker's own start run them

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--bind", default="127.0.0.1:8000", help="host:port (default %(default)s)"
        )
        parser.add_argument("--workers", type=int, default=default_workers(), help="web processes")
        parser.add_argument(
            "--threads", type=int, default=default_threads(), help="threads per web process"
        )
        parser.add_argument("--timeout", type=int, default=60, help="seconds a request may take")
        parser.add_argument("--no-worker", action="store_true", help="serve only, no task worker")
        parser.add_argument("--access-log", action="store_true", help="log every request")

    def handle(self, *args: Any, **options: Any) -> None:
        python = sys.executable
        web = [
            python,
            "-m",
            "gunicorn",
            "anpo.wsgi",
            "--config",
            "python:anpo.core.gunicorn_conf",
            "--bind",
            options["bind"],
            "--workers",
            str(options["workers"]),
            "--threads",
            str(options["threads"]),
            "--worker-class",
            "gthread",
            "--timeout",
            str(options["timeout"]),
            "--graceful-timeout",
            "10",
            "--keep-alive",
            "5",
            "--no-control-socket",  # not used; one fixed path per user would clash between instances
            # Load the app (and the screening index, anpo.wsgi) once in the master, then fork.
            "--preload",
        ]
        if options["access_log"]:
            web += ["--access-logfile", "-"]
        specs = [ProcessSpec("web", tuple(web), env={**os.environ, "ANPO_PRELOAD": "1"})]
        if not options["no_worker"]:
            worker = [python, "-m", "anpo.cli", "worker", "--no-reload", "--interval", "1"]
            specs.append(ProcessSpec("worker", tuple(worker)))
        supervisor = Supervisor(specs, log=lambda line: self.stdout.write(f"[serve] {line}"))
        supervisor.run()
