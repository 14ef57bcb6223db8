"""Background tasks of screening; they only call services."""

from __future__ import annotations

from django.tasks import task

from anpo.screening import services


@task()
def rescreen_parties_task(*, snapshot_id: int | None = None) -> dict[str, int]:
    """After a list snapshot is activated: re-screen all active saved parties."""
    return services.parties_rescreen(acting_user=None, snapshot_id=snapshot_id)


@task()
def lists_update_task() -> dict[str, object]:
    """Daily: download and import every configured list (errors are reported per source)."""
    outcomes, errors = services.lists_update_all(acting_user=None)
    return {"imported": [o.message for o in outcomes], "errors": errors}


@task()
def batch_run_task(*, batch_id: int) -> int:
    """Screen an uploaded batch of names."""
    return services.screening_batch_run(batch_id=batch_id).processed
