"""``anpo serve``'s supervisor: a dead worker comes back, Ctrl+C stops everything."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from anpo.core.supervisor import ProcessSpec, Supervisor

REPO = Path(__file__).resolve().parents[2]
SLEEPER = (sys.executable, "-c", "import time; time.sleep(120)")


def wait_until(predicate: Callable[[], object], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        time.sleep(0.02)


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    return state != "Z"


@pytest.fixture
def running() -> Iterator[Callable[..., tuple[Supervisor, list[str]]]]:
    started: list[tuple[Supervisor, threading.Thread]] = []

    def start(specs: list[ProcessSpec], **kwargs: float) -> tuple[Supervisor, list[str]]:
        lines: list[str] = []
        supervisor = Supervisor(specs, poll=0.02, log=lines.append, **kwargs)
        thread = threading.Thread(
            target=supervisor.run, kwargs={"install_signal_handlers": False}, daemon=True
        )
        thread.start()
        started.append((supervisor, thread))
        wait_until(lambda: all(supervisor.pid_of(spec.name) for spec in specs))
        return supervisor, lines

    yield start
    for supervisor, thread in started:
        supervisor.stop()
        thread.join(timeout=20)


def test_it_restarts_a_worker_killed_with_sigkill(running) -> None:  # type: ignore[no-untyped-def]
    supervisor, lines = running(
        [ProcessSpec("web", SLEEPER), ProcessSpec("worker", SLEEPER)], backoff_initial=0.05
    )
    web, first = supervisor.pid_of("web"), supervisor.pid_of("worker")
    os.kill(first, signal.SIGKILL)
    wait_until(lambda: supervisor.pid_of("worker") not in (None, first))
    second = supervisor.pid_of("worker")
    assert alive(second)
    assert supervisor.restarts_of("worker") == 1
    assert supervisor.pid_of("web") == web  # the other process was left alone
    assert any("worker" in line and "SIGKILL" in line for line in lines)


def test_a_child_that_keeps_dying_is_restarted_with_a_growing_delay(running) -> None:  # type: ignore[no-untyped-def]
    crasher = ProcessSpec("worker", (sys.executable, "-c", "raise SystemExit(3)"))
    supervisor, lines = running([crasher], backoff_initial=0.05, backoff_max=0.4)
    wait_until(lambda: supervisor.restarts_of("worker") >= 4)
    delays = [
        float(line.rsplit("restarting in ", 1)[1].split()[0])
        for line in lines
        if "restarting in" in line
    ]
    assert "status 3" in next(line for line in lines if "exited" in line)
    assert delays[:4] == sorted(delays[:4])
    assert delays[0] < delays[3] <= 0.4


def test_stopping_ends_every_child(running) -> None:  # type: ignore[no-untyped-def]
    supervisor, _ = running([ProcessSpec("web", SLEEPER), ProcessSpec("worker", SLEEPER)])
    pids = [supervisor.pid_of("web"), supervisor.pid_of("worker")]
    supervisor.stop()
    wait_until(lambda: not any(alive(pid) for pid in pids))


def test_a_child_that_ignores_sigterm_is_killed_after_the_grace_period(running, tmp_path) -> None:  # type: ignore[no-untyped-def]
    ready = tmp_path / "ready"
    stubborn = ProcessSpec(
        "worker",
        (
            sys.executable,
            "-c",
            "import pathlib, signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
            "pathlib.Path(sys.argv[1]).touch(); time.sleep(120)",
            str(ready),
        ),
    )
    supervisor, lines = running([stubborn], grace=0.3)
    pid = supervisor.pid_of("worker")
    wait_until(ready.exists)  # the child ignores SIGTERM from here on
    supervisor.stop()
    wait_until(lambda: not alive(pid))
    assert any("killing it" in line for line in lines)


CTRL_C_SCRIPT = """
import sys
from anpo.core.supervisor import ProcessSpec, Supervisor
sleeper = (sys.executable, "-c", "import time; time.sleep(120)")
Supervisor([ProcessSpec("web", sleeper), ProcessSpec("worker", sleeper)], poll=0.02,
           log=lambda line: print(line, flush=True)).run()
"""


def test_ctrl_c_on_the_terminal_stops_the_supervisor_and_its_children() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", CTRL_C_SCRIPT],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a terminal's foreground job
    )
    assert process.stdout is not None
    pids = []
    while len(pids) < 2:
        line = process.stdout.readline()
        assert line, "the supervisor ended before starting its children"
        if "started (pid" in line:
            pids.append(int(line.split("pid ")[1].rstrip(")\n")))
    os.killpg(process.pid, signal.SIGINT)  # what Ctrl+C sends: the whole foreground group
    assert process.wait(timeout=20) == 0
    wait_until(lambda: not any(alive(pid) for pid in pids))
    assert "SIGINT: stopping every process" in process.stdout.read()


def test_serve_runs_gunicorn_and_the_worker_under_the_supervisor(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    seen: dict[str, object] = {}

    def fake_run(self: Supervisor, **kwargs: object) -> int:
        seen["argv"] = {child.spec.name: child.spec.argv for child in self.children}
        return 0

    monkeypatch.setattr(Supervisor, "run", fake_run)
    call_command("serve", "--bind", "127.0.0.1:8123", "--workers", "3")
    argv = seen["argv"]
    assert isinstance(argv, dict)
    assert argv["web"][1:4] == ("-m", "gunicorn", "anpo.wsgi")
    assert "127.0.0.1:8123" in argv["web"]
    assert argv["web"][argv["web"].index("--workers") + 1] == "3"
    assert argv["worker"][1:4] == ("-m", "anpo.cli", "worker")
