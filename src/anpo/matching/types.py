"""Records shared by list parsers (``anpo.screening.parsers``) and the matching engine.

These are plain, immutable dataclasses so that parsers, the engine, the CLI and the
Django side can pass them around without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class EntityKind(StrEnum):
    """What a list entry designates."""

    PERSON = "person"
    ORGANIZATION = "organization"
    VESSEL = "vessel"
    AIRCRAFT = "aircraft"
    UNKNOWN = "unknown"


class NameKind(StrEnum):
    """How a name relates to its entry; weak aliases score lower than primary names."""

    PRIMARY = "primary"
    ALIAS = "alias"  # a.k.a. / strong alias
    WEAK_ALIAS = "weak_alias"  # "low quality" a.k.a. (UN QUALITY=Low, OFAC weak aka)
    FORMER = "former"  # f.k.a.
    ORIGINAL_SCRIPT = "original_script"  # the name in its own script (kanji, Cyrillic, Arabic...)


@dataclass(frozen=True, slots=True)
class ListName:
    """One name of a list entry, as the list publishes it (never pre-normalised)."""

    value: str
    kind: NameKind = NameKind.PRIMARY
    lang: str = ""  # ISO 639-1 where the list says so, e.g. "ja", "ru"; "" when unknown


@dataclass(frozen=True, slots=True)
class ListEntry:
    """One designated person/organisation/vessel as published in one source list.

    ``source`` is the folder name of the list in the lists directory (``meti-eul``,
    ``un-sc``, ``ofac-sdn``...). ``entry_id`` is the list's own record identifier
    (UN reference number, OFAC ent_num, CSL id, EU logical id, UK unique id, METI
    EUL No., MOF sheet+row), stable across snapshots of the same list.
    """

    source: str
    entry_id: str
    kind: EntityKind
    names: tuple[ListName, ...]
    countries: tuple[str, ...] = ()  # ISO 3166-1 alpha-2, upper case
    birth_dates: tuple[str, ...] = ()  # ISO 8601, possibly partial: "1970", "1970-05", "1970-05-01"
    programs: tuple[str, ...] = ()  # sanctions programmes / regimes / WMD concern codes
    remarks: str = ""
    extra: dict[str, str] = field(default_factory=dict, hash=False, compare=False)

    @property
    def primary_name(self) -> str:
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.value
        return self.names[0].value if self.names else ""

    def fingerprint_fields(self) -> tuple[object, ...]:
        """The fields whose change makes a list entry 'changed' between two snapshots."""
        return (
            self.kind.value,
            tuple(sorted((n.value, n.kind.value, n.lang) for n in self.names)),
            tuple(sorted(self.countries)),
            tuple(sorted(self.birth_dates)),
            tuple(sorted(self.programs)),
            self.remarks,
        )
