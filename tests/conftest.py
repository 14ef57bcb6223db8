"""Shared fixtures: personas (one user per role in a small org tree) and test settings."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO_DIR = Path(__file__).resolve().parent.parent
SHARED_DIR = REPO_DIR.parent / "shared"
SHARED_LISTS_DIR = SHARED_DIR / "data" / "lists"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    from django.conf import settings

    if not settings.configured:  # run with -p no:django (the Django-free engine tests)
        return
    from django.db import connection

    on_postgres = connection.vendor == "postgresql"
    require = os.environ.get("ANPO_REQUIRE_POSTGRES") == "1"
    if require and not on_postgres:
        raise pytest.UsageError(
            "ANPO_REQUIRE_POSTGRES=1 but DATABASE_URL does not point to PostgreSQL"
        )
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _media_and_lists(request, tmp_path):  # type: ignore[no-untyped-def]
    from django.conf import settings as django_settings

    if not django_settings.configured:  # -p no:django runs (Django-free engine and parser tests)
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.ANPO_LISTS_DIR = tmp_path / "lists"
    settings.ANPO_AUDIT_CHECKPOINT_DIR = tmp_path / "audit-checkpoints"
    settings.AXES_ENABLED = True
    # Argon2 costs ~0.65 s a hash and most fixtures create users; tests that check the
    # production hasher opt back in with the ``argon2_hasher`` fixture.
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def argon2_hasher(settings):  # type: ignore[no-untyped-def]
    """The production hasher list (Argon2 first) for tests that check it."""
    from anpo import settings as anpo_settings

    settings.PASSWORD_HASHERS = anpo_settings.PASSWORD_HASHERS


@pytest.fixture
def org(db):  # type: ignore[no-untyped-def]
    """institution -> engineering (-> mechanical -> lab) and science (-> chemistry)."""
    from anpo.accounts.services import org_unit_create

    inst = org_unit_create(
        acting_user=None,
        code="inst",
        name_ja="テスト大学",
        name_en="Test University",
        kind="institution",
        parent=None,
    )
    eng = org_unit_create(
        acting_user=None,
        code="eng",
        name_ja="工学部",
        name_en="Engineering",
        kind="faculty",
        parent=inst,
    )
    mech = org_unit_create(
        acting_user=None,
        code="mech",
        name_ja="機械工学科",
        name_en="Mechanical",
        kind="department",
        parent=eng,
    )
    lab = org_unit_create(
        acting_user=None,
        code="mech-lab",
        name_ja="精密研究室",
        name_en="Precision Lab",
        kind="lab",
        parent=mech,
    )
    sci = org_unit_create(
        acting_user=None,
        code="sci",
        name_ja="理学部",
        name_en="Science",
        kind="faculty",
        parent=inst,
    )
    chem = org_unit_create(
        acting_user=None,
        code="chem",
        name_ja="化学科",
        name_en="Chemistry",
        kind="department",
        parent=sci,
    )
    office = org_unit_create(
        acting_user=None,
        code="office",
        name_ja="輸出管理室",
        name_en="Export Control Office",
        kind="office",
        parent=inst,
    )
    return {
        "inst": inst,
        "eng": eng,
        "mech": mech,
        "lab": lab,
        "sci": sci,
        "chem": chem,
        "office": office,
    }


def _persona(org: dict, username: str, role: str | None, unit: str, scope: str | None = None):  # type: ignore[no-untyped-def]
    from anpo.accounts.services import user_create

    roles = [(role, org[scope or unit])] if role else []
    return user_create(
        acting_user=None,
        username=username,
        email=f"{username}@test.invalid",
        password="correct horse battery",
        full_name=username,
        org_unit=org[unit],
        roles=roles,
    )


# Every persona fixture below, one per role plus a signed-in user without any role.
PERSONAS = (
    "researcher",
    "dept_manager",
    "officer",
    "chief",
    "committee",
    "auditor",
    "sysadmin",
    "outsider",
)


@pytest.fixture
def personas(request, org) -> dict:  # type: ignore[no-untyped-def]
    """Every persona, by fixture name."""
    return {name: request.getfixturevalue(name) for name in PERSONAS}


@pytest.fixture
def researcher(org):  # type: ignore[no-untyped-def]
    return _persona(org, "researcher", "researcher", "lab")


@pytest.fixture
def other_researcher(org):  # type: ignore[no-untyped-def]
    return _persona(org, "chemist", "researcher", "chem")


@pytest.fixture
def dept_manager(org):  # type: ignore[no-untyped-def]
    return _persona(org, "manager", "dept_manager", "eng", scope="eng")


@pytest.fixture
def officer(org):  # type: ignore[no-untyped-def]
    return _persona(org, "officer", "officer", "office")


@pytest.fixture
def chief(org):  # type: ignore[no-untyped-def]
    return _persona(org, "chief", "chief_officer", "inst")


@pytest.fixture
def committee(org):  # type: ignore[no-untyped-def]
    return _persona(org, "committee", "committee", "sci")


@pytest.fixture
def auditor(org):  # type: ignore[no-untyped-def]
    return _persona(org, "auditor", "auditor", "inst")


@pytest.fixture
def sysadmin(org):  # type: ignore[no-untyped-def]
    return _persona(org, "sysadmin", "sysadmin", "office")


@pytest.fixture
def outsider(org):  # type: ignore[no-untyped-def]
    """Signed in, but holding no role at all."""
    return _persona(org, "outsider", None, "inst")


@pytest.fixture
def shared_lists_dir() -> Path:
    if not SHARED_LISTS_DIR.is_dir():
        pytest.skip(
            f"real list files not found at {SHARED_LISTS_DIR} (../shared/data/lists beside the checkout)"
        )
    return SHARED_LISTS_DIR


def _reset_task_backends() -> None:
    from asgiref.local import Local
    from django.tasks import task_backends

    task_backends.__dict__.pop("settings", None)
    task_backends._settings = None
    task_backends._connections = Local(task_backends.thread_critical)


@pytest.fixture
def db_task_backend(settings, transactional_db):  # type: ignore[no-untyped-def]
    """Enqueue tasks into the database (django-tasks-db) instead of running them inline.

    Run them with ``call_command("db_worker", batch=True, reload=False, startup_delay=False)``.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    _reset_task_backends()
    yield
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    _reset_task_backends()
