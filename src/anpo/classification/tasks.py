"""Background tasks of the catalogue; they only call services."""

from __future__ import annotations

from typing import Any

from django.tasks import task

from anpo.accounts.models import User
from anpo.classification import services


@task()
def catalogue_update_task(*, instrument: str, user_id: int | None = None) -> dict[str, Any]:
    """Import the version in force of ``instrument`` from its official source (e-Gov / eCFR).

    An unchanged law is a no-op; a failed download is refused with an audit event (the
    versions already stored stay as they are).
    """

    user = User.objects.filter(pk=user_id).first() if user_id else None
    try:
        outcomes = services.catalogue_import_source(
            instrument=instrument,
            location=services.official_source_url(instrument),
            acting_user=user,
        )
    except services.CatalogueImportError as exc:
        return {"instrument": instrument, "error": str(exc)}
    return {"instrument": instrument, "imported": [o.message for o in outcomes]}
