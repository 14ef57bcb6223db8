"""Demo content for screening (``anpo demo load``; safe to run twice)."""

from __future__ import annotations

from pathlib import Path

from anpo.accounts.models import User
from anpo.screening import services
from anpo.screening.models import ListSnapshot, Party

BUNDLED_WATCHLIST = Path(__file__).parent / "demo_data" / "internal_watchlist.csv"

DEMO_PARTIES = [
    # (owner username, name, kind, country, relationship)
    (
        "researcher",
        "Zentrovia Advanced Materials Institute",
        "organization",
        "IR",
        Party.Relationship.JOINT_RESEARCH,
    ),
    ("researcher", "Lumen Coastal University", "organization", "AU", Party.Relationship.VISITOR),
    ("researcher2", "Boris Vetrenko", "person", "RU", Party.Relationship.VISITOR),
]


def demo_load(*, shared_lists: Path | None) -> None:
    if (
        shared_lists is not None
        and shared_lists.is_dir()
        and not ListSnapshot.objects.exclude(source__key="internal").exists()
    ):
        services.lists_import_dir(path=shared_lists, acting_user=None, rescreen=False)
    if not ListSnapshot.objects.filter(source__key="internal").exists():
        services.list_snapshot_import(
            source="internal", path=BUNDLED_WATCHLIST, acting_user=None, rescreen=False
        )
    for username, name, kind, country, relationship in DEMO_PARTIES:
        owner = User.objects.filter(username=username).first()
        if owner is None or Party.objects.filter(owner=owner, name=name).exists():
            continue
        party = services.party_create(
            acting_user=owner, name=name, kind=kind, country=country, relationship=relationship
        )
        services.party_screen(acting_user=owner, party=party)
