"""Background tasks of screening; they only call services."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from anpo.screening import services


@task()
def rescreen_parties_task(*, snapshot_id: int | None = None) -> dict[str, Any]:
    """After a list snapshot is activated: build and share the new index first, then re-screen all active saved parties.

    Warming first means the web process finds the new index on disk instead of building it
    during someone's search (15-35 s over all lists).
    """
    warmed = services.index_warm()
    counts: dict[str, Any] = dict(
        services.parties_rescreen(acting_user=None, snapshot_id=snapshot_id)
    )
    counts["index"] = warmed
    return counts


@task()
def index_warm_task(*, snapshot_ids: list[int] | None = None) -> dict[str, Any]:
    """Build the index the web process asked for (it serves the previous one meanwhile)."""
    return services.index_warm()


@task()
def lists_update_task() -> dict[str, object]:
    """Daily: download and import every configured list (errors are reported per source)."""
    outcomes, errors = services.lists_update_all(acting_user=None)
    return {"imported": [o.message for o in outcomes], "errors": errors}


@task()
def list_import_job_run_task(*, job_id: int) -> str:
    """Import a list uploaded on the lists page."""
    return services.list_import_job_run(job_id=job_id).status


@task()
def batch_run_task(*, batch_id: int) -> int:
    """Screen an uploaded batch of names."""
    return services.screening_batch_run(batch_id=batch_id).processed


@task()
def party_import_run_task(*, job_id: int) -> str:
    """Create and screen the parties of a confirmed import."""
    return services.party_import_run(job_id=job_id).status
