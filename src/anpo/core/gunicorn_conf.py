"""Gunicorn hooks for ``anpo serve`` (``gunicorn -c python:anpo.core.gunicorn_conf``)."""

from __future__ import annotations

import logging
import os
import sys
from typing import Any


def worker_exit(server: Any, worker: Any) -> None:
    """Leave a web process at once once it has finished its requests.

    Each web process holds the screening index (hundreds of MB of small objects); tearing it
    down object by object at interpreter exit took seconds, so Ctrl+C waited for gunicorn's
    graceful timeout. The requests are done and the database closes its side of the
    connections, so nothing is lost by skipping that.
    """
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
