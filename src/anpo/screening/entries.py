"""ListEntry <-> JSON, and the fingerprint that says whether a list entry changed.

Snapshot entries are stored as JSON so that a past screening can be replayed
against the lists exactly as they were, without re-reading any file.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from anpo.matching.types import EntityKind, ListEntry, ListName, NameKind
from anpo.screening.parsers import meti_identity_key


def entry_to_dict(entry: ListEntry) -> dict[str, Any]:
    return {
        "source": entry.source,
        "entry_id": entry.entry_id,
        "kind": entry.kind.value,
        "names": [{"value": n.value, "kind": n.kind.value, "lang": n.lang} for n in entry.names],
        "countries": list(entry.countries),
        "birth_dates": list(entry.birth_dates),
        "programs": list(entry.programs),
        "remarks": entry.remarks,
        "extra": dict(entry.extra),
    }


def entry_from_dict(data: dict[str, Any]) -> ListEntry:
    return ListEntry(
        source=data["source"],
        entry_id=data["entry_id"],
        kind=EntityKind(data.get("kind") or "unknown"),
        names=tuple(
            ListName(
                value=n["value"], kind=NameKind(n.get("kind") or "primary"), lang=n.get("lang", "")
            )
            for n in data.get("names", [])
        ),
        countries=tuple(data.get("countries", ())),
        birth_dates=tuple(data.get("birth_dates", ())),
        programs=tuple(data.get("programs", ())),
        remarks=data.get("remarks", ""),
        extra=dict(data.get("extra", {})),
    )


def entry_fingerprint(entry: ListEntry) -> str:
    """SHA-256 of the fields whose change makes an entry 'changed' (names, countries, dates...)."""
    payload = json.dumps(
        entry.fingerprint_fields(), ensure_ascii=False, sort_keys=True, default=list
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_identity(entry: ListEntry) -> str:
    """The key that pairs one list entry across revisions.

    Most lists keep their record ids (UN reference number, OFAC ent_num, EU logical id...);
    the METI End User List renumbers its "No." column on each revision, so its entries are
    paired by country + folded primary name instead.
    """
    if entry.source == "meti-eul":
        return meti_identity_key(entry)
    return entry.entry_id
