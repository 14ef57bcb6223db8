"""Load benchmark: N signed-in virtual users against anpo started the way ``make run`` starts it.

    .venv/bin/python benchmarks/load_bench.py [--users 50] [--duration 60] [--think 1.0]
        [--saturation 30] [--warmup 15] [--max-requests 50000]
        [--database-url postgres://postgres@127.0.0.1:5432/anpo_load_bench]
        [--app-dir /path/to/another/checkout] [--port 8190] [--json FILE]

What it does, loopback only and bounded in time and request count:

1. Prepares a fresh database: SQLite under ``var/bench/load/<label>/`` (deleted first) or, with
   ``--database-url``, a PostgreSQL database whose name contains "bench" (dropped and created).
2. Starts the app with ``make run`` in ``--app-dir`` (default: this checkout) with
   ``ANPO_VAR_DIR``/``DATABASE_URL`` pointing at that database, so it runs exactly what a user
   runs: migrations, ``anpo demo load`` (the demo institution, the bundled courses, the lists of
   ../shared/data/lists when present), then the server and the worker. On an old checkout that
   is ``runserver`` + worker, on this one gunicorn + the supervised worker.
3. Signs in every virtual user through the login form (one session each) and fetches an API
   token for the officer.
4. Warm-up (not recorded), then the measured closed-loop run: every user requests a page of its
   persona's mix, waits for the whole answer, thinks, and goes again. Then a saturation run of
   the same users without think time (the maximum the server sustains).
5. Prints req/s, errors and p50/p95/p99 per page and for the whole mix, with the load average
   of the machine before and after each phase, stops the app with SIGINT (Ctrl+C) and checks
   that every process it started has ended.

Think time: uniform between 0.5x and 1.5x ``--think`` (default 1 s, so a mean of 1 s). A person
reading a training lesson, a screening result or the audit log spends many seconds on a page;
one click a second per user is several times what 50 real users produce, so the default models
a busy office at a pessimistic pace, while the saturation run (no think time) shows the ceiling.

Error: any exception, a time-out (``--timeout``, default 30 s), an unexpected status code, or a
redirect to the login page (a lost session).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import aiohttp

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "anpo-demo-2026"
SEED = 20261201
# A client closes an idle kept-alive connection before the server does (gunicorn: 5 s), as
# browsers and proxies do; otherwise a request sent as the server closes it fails on the client.
KEEPALIVE = 2.0

# Who the virtual users are: (demo username, share of the users). Most users are researchers.
PERSONAS = [
    ("researcher", 8),
    ("researcher2", 4),
    ("manager", 2),
    ("officer", 3),
    ("chief", 1),
    ("committee", 1),
    ("auditor", 1),
]

# What each persona does: (page name, weight). Page names are defined in ``Client.visit``.
MIXES: dict[str, list[tuple[str, int]]] = {
    "researcher": [
        ("home", 3),
        ("training home", 3),
        ("training course", 2),
        ("training lesson", 2),
        ("screening home", 1),
        ("screening search", 2),
        ("party list", 1),
        ("training record", 1),
    ],
    "manager": [
        ("home", 3),
        ("training home", 2),
        ("training report", 2),
        ("party list", 1),
        ("screening search", 1),
    ],
    "officer": [
        ("home", 2),
        ("screening search", 2),
        ("api screen", 2),
        ("review queue", 2),
        ("audit log", 1),
        ("training report", 1),
        ("user list", 1),
        ("lists", 1),
    ],
    "chief": [("home", 2), ("review queue", 1), ("training report", 1), ("audit log", 1)],
    "committee": [("home", 2), ("review queue", 1), ("training report", 1)],
    "auditor": [("home", 1), ("audit log", 3), ("audit event", 1), ("screening list", 1)],
}
MIXES["researcher2"] = MIXES["researcher"]

# Names searched: some are on the lists (or close to a listed name), most are not.
SEARCH_NAMES = [
    ("Boris Vetrenko", "person"),
    ("Zentrovia Advanced Materials Institute", "organization"),
    ("Kim Jong Un", "person"),
    ("Korea Mining Development Trading Corporation", "organization"),
    ("Lumen Coastal University", "organization"),
    ("Hanako Yamamoto", "person"),
    ("Kyoto Precision Optics", "organization"),
    ("Maria Gonzalez", "person"),
    ("山田 太郎", "person"),
    ("北京理工大学", "organization"),
    ("Ivan Petrov", "person"),
    ("Tehran Aerospace Components", "organization"),
    ("Anna Schmidt", "person"),
    ("Nordic Battery Research AB", "organization"),
    ("Li Wei", "person"),
    ("Sokolov Instruments", "unknown"),
]


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of an already sorted list."""
    if not sorted_values:
        return float("nan")
    rank = max(1, min(len(sorted_values), round(q / 100 * len(sorted_values) + 0.5)))
    return sorted_values[rank - 1]


@dataclass
class Stats:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_kinds: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    started: float = 0.0
    ended: float = 0.0

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.latencies.values())

    def record(self, page: str, seconds: float, error: str | None) -> None:
        self.latencies[page].append(seconds)
        if error:
            self.errors[page] += 1
            self.error_kinds[f"{page}: {error}"] += 1

    def rows(self) -> list[dict[str, Any]]:
        elapsed = max(self.ended - self.started, 1e-9)
        out = []
        every: list[float] = []
        for page in sorted(self.latencies):
            values = sorted(self.latencies[page])
            every.extend(values)
            out.append(self._row(page, values, self.errors.get(page, 0), elapsed))
        out.append(self._row("MIX", sorted(every), sum(self.errors.values()), elapsed))
        return out

    @staticmethod
    def _row(page: str, values: list[float], errors: int, elapsed: float) -> dict[str, Any]:
        return {
            "page": page,
            "requests": len(values),
            "errors": errors,
            "req_per_s": len(values) / elapsed,
            "p50_ms": percentile(values, 50) * 1000,
            "p95_ms": percentile(values, 95) * 1000,
            "p99_ms": percentile(values, 99) * 1000,
            "max_ms": (values[-1] * 1000) if values else float("nan"),
        }


class Client:
    """One virtual user: its own cookie jar (session), one connection at a time, like a browser tab."""

    def __init__(self, base: str, username: str, timeout: float, rng: random.Random) -> None:
        self.base = base
        self.username = username
        self.persona = username
        self.rng = rng
        self.session = aiohttp.ClientSession(
            cookie_jar=aiohttp.CookieJar(unsafe=True),
            connector=aiohttp.TCPConnector(limit=1, keepalive_timeout=KEEPALIVE),
            timeout=aiohttp.ClientTimeout(total=timeout),
            headers={"Accept-Language": "ja"},
        )
        self.api = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(limit=1, keepalive_timeout=KEEPALIVE),
            timeout=aiohttp.ClientTimeout(total=timeout),
        )
        self.token = ""
        self.course_url = ""
        self.lesson_url = ""
        self.event_url = ""

    def csrf(self) -> str:
        for cookie in self.session.cookie_jar:
            if cookie.key == "csrftoken":
                return cookie.value
        return ""

    async def login(self) -> None:
        async with self.session.get(self.base + "/accounts/login/") as response:
            await response.read()
            if response.status != 200:
                raise RuntimeError(f"login page answered {response.status}")
        async with self.session.post(
            self.base + "/accounts/login/",
            data={
                "username": self.username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": self.csrf(),
            },
            headers={"Referer": self.base + "/accounts/login/"},
            allow_redirects=False,
        ) as response:
            await response.read()
            if response.status != 302:
                raise RuntimeError(f"{self.username} could not sign in ({response.status})")

    async def fetch_token(self) -> None:
        async with self.session.post(
            self.base + "/api/token/",
            data={"username": self.username, "password": PASSWORD},
            headers={"X-CSRFToken": self.csrf()},
        ) as response:
            body = await response.json()
            self.token = body["token"]

    async def discover(self) -> None:
        """Links that differ between installations: a course, one of its lessons, an audit event."""
        text = await self._text("/training/")
        courses = re.findall(r'href="(/training/courses/[\w-]+/)"', text)
        if courses:
            self.course_url = courses[0]
            course = await self._text(self.course_url)
            lessons = re.findall(r'href="(/training/courses/[\w-]+/lessons/[\w-]+/)"', course)
            self.lesson_url = lessons[0] if lessons else ""

    async def discover_event(self) -> None:
        text = await self._text("/records/audit/")
        events = re.findall(r'href="(/records/audit/\d+/)"', text)
        self.event_url = events[0] if events else ""

    async def _text(self, path: str) -> str:
        async with self.session.get(self.base + path) as response:
            return await response.text()

    async def _get(self, path: str) -> str | None:
        async with self.session.get(self.base + path, allow_redirects=False) as response:
            await response.read()
            if response.status in (301, 302) and "/accounts/login/" in response.headers.get(
                "Location", ""
            ):
                return "signed out"
            return None if response.status == 200 else f"HTTP {response.status}"

    async def visit(self, page: str, stats: Stats | None) -> None:
        """Request one page of the mix and record how long it took (``stats`` None: warm-up)."""
        started = time.perf_counter()
        error: str | None
        try:
            if page == "screening search":
                await self._search(stats)
                return
            if page == "api screen":
                error = await self._api_screen()
            else:
                error = await self._get(self._path(page))
        except TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = exc.__class__.__name__
        if stats is not None:
            stats.record(page, time.perf_counter() - started, error)

    def _path(self, page: str) -> str:
        return {
            "home": "/",
            "training home": "/training/",
            "training course": self.course_url or "/training/",
            "training lesson": self.lesson_url or "/training/",
            "training record": "/training/record/",
            "training report": "/training/report/",
            "screening home": "/screening/",
            "screening list": "/screening/screenings/",
            "party list": "/screening/parties/",
            "review queue": "/screening/queue/",
            "lists": "/screening/lists/",
            "audit log": "/records/audit/",
            "audit event": self.event_url or "/records/audit/",
            "user list": "/accounts/users/",
        }[page]

    async def _search(self, stats: Stats | None) -> None:
        """The search form (POST, answered with a redirect) and the result page it leads to."""
        name, kind = self.rng.choice(SEARCH_NAMES)
        started = time.perf_counter()
        error: str | None = None
        location = ""
        try:
            async with self.session.post(
                self.base + "/screening/search/",
                data={"name": name, "kind": kind, "csrfmiddlewaretoken": self.csrf()},
                headers={"Referer": self.base + "/screening/"},
                allow_redirects=False,
            ) as response:
                await response.read()
                location = response.headers.get("Location", "")
                if response.status != 302 or "/screening/screenings/" not in location:
                    error = f"HTTP {response.status}"
        except TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = exc.__class__.__name__
        if stats is not None:
            stats.record("screening search", time.perf_counter() - started, error)
        if error:
            return
        started = time.perf_counter()
        try:
            error = await self._get(urlsplit(location).path)
        except TimeoutError:
            error = "timeout"
        except aiohttp.ClientError as exc:
            error = exc.__class__.__name__
        if stats is not None:
            stats.record("screening result", time.perf_counter() - started, error)

    async def _api_screen(self) -> str | None:
        name, kind = self.rng.choice(SEARCH_NAMES)
        async with self.api.post(
            self.base + "/api/screening/screen/",
            json={"names": [{"name": name, "type": kind}]},
            headers={"Authorization": f"Token {self.token}"},
        ) as response:
            await response.read()
            return None if response.status == 200 else f"HTTP {response.status}"

    def pick(self) -> str:
        pages, weights = zip(*MIXES[self.persona], strict=True)
        return self.rng.choices(pages, weights=weights)[0]


async def run_phase(
    clients: list[Client], seconds: float, think: float, max_requests: int, record: bool
) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    issued = 0

    async def user(client: Client) -> None:
        nonlocal issued
        # Spread the first requests over one think time so the users do not start in lockstep.
        await asyncio.sleep(client.rng.uniform(0, think))
        while time.monotonic() < deadline and issued < max_requests:
            issued += 1
            await client.visit(client.pick(), stats if record else None)
            if think > 0:
                await asyncio.sleep(client.rng.uniform(0.5 * think, 1.5 * think))

    stats.started = time.monotonic()
    await asyncio.gather(*(user(client) for client in clients))
    stats.ended = time.monotonic()
    return stats


def print_table(title: str, stats: Stats, load_before: str, load_after: str) -> None:
    print(f"\n## {title}")
    print(
        f"{stats.count} requests in {stats.ended - stats.started:.1f} s; load average before: "
        f"{load_before}, after: {load_after}"
    )
    print("| page | requests | errors | req/s | p50 ms | p95 ms | p99 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in stats.rows():
        name = f"**{row['page']}**" if row["page"] == "MIX" else row["page"]
        print(
            f"| {name} | {row['requests']} | {row['errors']} | {row['req_per_s']:.1f} | "
            f"{row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} | {row['max_ms']:.0f} |"
        )
    for kind, count in sorted(stats.error_kinds.items()):
        print(f"  error: {kind} x{count}")


def loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def prepare_database(url: str, workdir: Path) -> str:
    if not url:
        return f"sqlite:///{workdir / 'anpo.sqlite3'}"
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop {name!r}: the benchmark database's name must contain 'bench'")
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return url


def descendants(pid: int) -> set[int]:
    """Every process below ``pid`` (through /proc), to check that Ctrl+C ended them all."""
    children: dict[int, list[int]] = defaultdict(list)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children[ppid].append(int(entry.name))
    found: set[int] = set()
    stack = [pid]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in found:
                found.add(child)
                stack.append(child)
    return found


def cpu_seconds(root: int) -> float:
    """User + system CPU time of ``root`` and every process below it (the app's share of the machine)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in descendants(root) | {root}:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


async def wait_ready(base: str, server: subprocess.Popen[bytes], seconds: float) -> None:
    deadline = time.monotonic() + seconds
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        while time.monotonic() < deadline:
            if server.poll() is not None:
                sys.exit(f"the app exited with {server.returncode} before it answered")
            try:
                async with session.get(base + "/accounts/login/") as response:
                    if response.status == 200:
                        return
            except (aiohttp.ClientError, TimeoutError):
                pass
            await asyncio.sleep(1)
    sys.exit(f"the app did not answer within {seconds:.0f} s")


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    app_dir = Path(args.app_dir).resolve()
    vendor = "postgresql" if args.database_url else "sqlite"
    label = args.label or f"{app_dir.name}-{vendor}"
    workdir = REPO / "var" / "bench" / "load" / label
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    env = {
        **os.environ,
        "ANPO_VAR_DIR": str(workdir),
        "DATABASE_URL": prepare_database(args.database_url, workdir),
        "PYTHONUNBUFFERED": "1",
    }
    base = f"http://127.0.0.1:{args.port}"
    log_path = workdir / "server.log"
    print(f"# anpo load benchmark: {label}")
    print(f"app: {app_dir} (git {git_rev(app_dir)}), database: {vendor}, log: {log_path}")
    print(
        f"users: {args.users}, think time: uniform {0.5 * args.think:.2f}-{1.5 * args.think:.2f} s, "
        f"warm-up {args.warmup:.0f} s, run {args.duration:.0f} s, saturation {args.saturation:.0f} s, "
        f"request cap {args.max_requests} a phase"
    )
    started = time.monotonic()
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            ["make", "--no-print-directory", "run", "HOST=127.0.0.1", f"PORT={args.port}"],
            cwd=app_dir,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: SIGINT to it is a Ctrl+C
        )
        try:
            await wait_ready(base, server, args.start_timeout)
            print(
                f"app ready after {time.monotonic() - started:.0f} s (migrate + demo load + start)"
            )
            result = await measure(args, base, server.pid)
        finally:
            tree = descendants(server.pid) | {server.pid}
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
            await asyncio.sleep(2)
            left = alive(tree)
            if left:
                for pid in left:
                    os.kill(pid, signal.SIGKILL)
            print(
                f"\nCtrl+C (SIGINT to the process group): "
                f"{'every process ended' if not left else f'{len(left)} processes still running (killed)'}"
            )
    result["label"] = label
    result["ctrl_c_left_processes"] = len(left)
    return result


async def measure(args: argparse.Namespace, base: str, server_pid: int) -> dict[str, Any]:
    rng = random.Random(SEED)
    roster = [name for name, share in PERSONAS for _ in range(share)]
    clients = [
        Client(base, roster[i % len(roster)], args.timeout, random.Random(SEED + i))
        for i in range(args.users)
    ]
    try:
        semaphore = asyncio.Semaphore(4)  # Argon2 sign-ins are deliberately slow: a few at a time

        async def sign_in(client: Client) -> None:
            async with semaphore:
                await client.login()

        started = time.monotonic()
        await asyncio.gather(*(sign_in(client) for client in clients))
        print(f"{len(clients)} users signed in in {time.monotonic() - started:.1f} s")
        for client in clients:
            if client.persona == "officer":
                await client.fetch_token()
        explorer = next(c for c in clients if c.persona == "researcher")
        await explorer.discover()
        auditor = next((c for c in clients if c.persona == "auditor"), None)
        if auditor is not None:
            await auditor.discover_event()
        for client in clients:
            client.course_url, client.lesson_url = explorer.course_url, explorer.lesson_url
            client.event_url = auditor.event_url if auditor else ""
        print(f"course {explorer.course_url or '-'}, lesson {explorer.lesson_url or '-'}")
        rng.shuffle(clients)
        await run_phase(clients, args.warmup, args.think, args.max_requests, record=False)
        phases: dict[str, Any] = {}
        for title, seconds, think in [
            (f"{args.users} users, think time {args.think:g} s", args.duration, args.think),
            (f"saturation: {args.users} users, no think time", args.saturation, 0.0),
        ]:
            if seconds <= 0:
                continue
            before, cpu_before = loadavg(), cpu_seconds(server_pid)
            stats = await run_phase(clients, seconds, think, args.max_requests, record=True)
            after, cpu = loadavg(), cpu_seconds(server_pid) - cpu_before
            print_table(title, stats, before, after)
            elapsed = stats.ended - stats.started
            print(
                f"app CPU: {cpu:.1f} s in {elapsed:.1f} s ({cpu / elapsed:.2f} cores), "
                f"{1000 * cpu / max(stats.count, 1):.1f} ms a request"
            )
            phases[title] = {
                "load_before": before,
                "load_after": after,
                "app_cpu_seconds": cpu,
                "app_cpu_ms_per_request": 1000 * cpu / max(stats.count, 1),
                "rows": stats.rows(),
                "errors": dict(stats.error_kinds),
            }
        return {"phases": phases}
    finally:
        for client in clients:
            await client.session.close()
            await client.api.close()


def git_rev(path: Path) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(path), "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="measured run, seconds")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time, seconds")
    parser.add_argument(
        "--saturation", type=float, default=30, help="no-think run, seconds (0: skip)"
    )
    parser.add_argument("--warmup", type=float, default=15)
    parser.add_argument("--max-requests", type=int, default=50_000, help="cap per phase")
    parser.add_argument("--timeout", type=float, default=30, help="per request, seconds")
    parser.add_argument("--database-url", default="", help="PostgreSQL database to (re)create")
    parser.add_argument("--app-dir", default=str(REPO), help="checkout whose `make run` is started")
    parser.add_argument("--port", type=int, default=8190)
    parser.add_argument("--start-timeout", type=float, default=900)
    parser.add_argument("--label", default="")
    parser.add_argument("--json", default="", help="write the figures to this file")
    args = parser.parse_args()
    result = asyncio.run(main_async(args))
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
