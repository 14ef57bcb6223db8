"""A small process supervisor for ``anpo serve`` (Django-free).

It starts each child process, restarts one that dies (``kill -9`` included) after a back-off
that grows while the child keeps dying young and resets once it has run for a while, and on
SIGINT/SIGTERM (Ctrl+C) stops every child: SIGTERM first, SIGKILL after a grace period.

Why our own and not supervisord/circus: the demo needs two processes, one command and Ctrl+C,
on a machine where nothing else is installed; production runs each process under systemd
(docs/deploy.md), which supervises them itself. A hundred lines over ``subprocess`` do not justify a
daemon with its own configuration file, socket and log directory.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from types import FrameType


@dataclass(frozen=True)
class ProcessSpec:
    """One supervised process: a name for the log and the command line."""

    name: str
    argv: tuple[str, ...]
    env: Mapping[str, str] | None = None


@dataclass
class _Child:
    spec: ProcessSpec
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    restarts: int = 0
    delay: float = 0.0
    restart_at: float | None = None
    history: list[int] = field(default_factory=list)  # pids, oldest first


class Supervisor:
    """Run ``specs`` until :meth:`stop` (or SIGINT/SIGTERM when ``run`` installed the handlers)."""

    def __init__(
        self,
        specs: Sequence[ProcessSpec],
        *,
        backoff_initial: float = 1.0,
        backoff_max: float = 30.0,
        stable_after: float = 60.0,
        grace: float = 15.0,
        poll: float = 0.2,
        log: Callable[[str], None] = print,
    ) -> None:
        self.children = [_Child(spec) for spec in specs]
        self.backoff_initial = backoff_initial
        self.backoff_max = backoff_max
        self.stable_after = stable_after
        self.grace = grace
        self.poll = poll
        self.log = log
        self._stopping = threading.Event()

    # -- life cycle ----------------------------------------------------------------------------
    def run(self, *, install_signal_handlers: bool = True) -> int:
        """Start every child and watch them until asked to stop; returns 0."""
        if install_signal_handlers:
            signal.signal(signal.SIGINT, self._on_signal)
            signal.signal(signal.SIGTERM, self._on_signal)
        for child in self.children:
            self._start(child)
        try:
            while not self._stopping.wait(self.poll):
                self.check()
        finally:
            self._stop_children()
        return 0

    def stop(self) -> None:
        self._stopping.set()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if not self._stopping.is_set():
            self.log(f"{signal.Signals(signum).name}: stopping every process")
        self._stopping.set()

    # -- one round of watching -----------------------------------------------------------------
    def check(self, now: float | None = None) -> None:
        """Notice children that exited and restart those whose back-off has passed."""
        now = time.monotonic() if now is None else now
        for child in self.children:
            process = child.process
            if process is not None and process.poll() is not None:
                lived = now - child.started_at
                if lived >= self.stable_after or child.delay == 0:
                    child.delay = self.backoff_initial
                else:
                    child.delay = min(child.delay * 2, self.backoff_max)
                child.restart_at = now + child.delay
                child.process = None
                self.log(
                    f"{child.spec.name} (pid {process.pid}) exited with {_describe(process.returncode)} "
                    f"after {lived:.0f} s; restarting in {child.delay:.1f} s"
                )
            if (
                child.process is None
                and child.restart_at is not None
                and now >= child.restart_at
                and not self._stopping.is_set()
            ):
                child.restarts += 1
                self._start(child)

    def _start(self, child: _Child) -> None:
        child.process = subprocess.Popen(child.spec.argv, env=child.spec.env)
        child.started_at = time.monotonic()
        child.restart_at = None
        child.history.append(child.process.pid)
        self.log(f"{child.spec.name} started (pid {child.process.pid})")

    def _stop_children(self) -> None:
        running = [c.process for c in self.children if c.process and c.process.poll() is None]
        for process in running:
            with contextlib.suppress(ProcessLookupError):
                process.terminate()
        deadline = time.monotonic() + self.grace
        for process in running:
            try:
                process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                self.log(f"pid {process.pid} ignored SIGTERM for {self.grace:.0f} s: killing it")
                process.kill()
                process.wait()

    # -- introspection (tests, status lines) ---------------------------------------------------
    def pid_of(self, name: str) -> int | None:
        for child in self.children:
            if child.spec.name == name and child.process is not None:
                return child.process.pid
        return None

    def restarts_of(self, name: str) -> int:
        return next(child.restarts for child in self.children if child.spec.name == name)


def _describe(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"signal {signal.Signals(-returncode).name}"
        except ValueError:
            return f"signal {-returncode}"
    return f"status {returncode}"
