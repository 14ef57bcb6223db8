"""Every write of the catalogue: imports of versions and the derived links.

Keyword-only, ``acting_user=``; each import (and each refused import) writes its audit
event in the same transaction. A new version is stored beside the old ones; the version
in force (``is_current``) is the one with the latest ``effective_from``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from anpo.classification import selectors, tasks
from anpo.classification.catalogue import diff as catalogue_diff
from anpo.classification.catalogue import sources
from anpo.classification.catalogue.links import derive_links
from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Entry,
    Link,
    ParsedInstrument,
)
from anpo.classification.catalogue.model import (
    Instrument as InstrumentCode,
)
from anpo.classification.catalogue.params import threshold_as_dict
from anpo.classification.catalogue.parsers import jp_forex
from anpo.classification.catalogue.search import terms_of
from anpo.classification.catalogue.suggest import entry_terms, entry_thresholds
from anpo.classification.models import (
    CatalogueEntry,
    CatalogueLink,
    CatalogueVersion,
    Instrument,
    Regime,
)
from anpo.records.services import audit_event_create

logger = logging.getLogger(__name__)

REGIMES = (
    ("jp", "日本（外為法）", "Japan (Foreign Exchange and Foreign Trade Act)", 0),
    ("us", "米国（EAR）", "United States (EAR)", 1),
    ("eu", "EU（規則2021/821）", "European Union (Regulation 2021/821)", 2),
)
DERIVED_FOREX_FORMAT = "derived-from-ordinance"
JP_INSTRUMENTS = (
    InstrumentCode.EXPORT_ORDER,
    InstrumentCode.GOODS_ORDINANCE,
    InstrumentCode.FOREX_ORDER,
)


class CatalogueImportError(Exception):
    """An import was refused; the versions already stored are unchanged."""


@dataclass
class ImportOutcome:
    instrument: str
    version: CatalogueVersion
    created: bool
    message: str
    changes: dict[str, int] = field(default_factory=dict)
    repaired: list[str] = field(default_factory=list)


def known_instrument_codes() -> set[str]:
    return {spec.instrument.value for spec in sources.SPECS.values()}


def instruments_ensure() -> dict[str, Instrument]:
    """The regime and instrument rows (idempotent)."""
    regimes = {}
    for code, name_ja, name_en, position in REGIMES:
        regimes[code], _created = Regime.objects.get_or_create(
            code=code, defaults={"name_ja": name_ja, "name_en": name_en, "position": position}
        )
    instruments: dict[str, Instrument] = {}
    for position, spec in enumerate(sources.SPECS.values()):
        instruments[spec.instrument.value], _created = Instrument.objects.get_or_create(
            code=spec.instrument.value,
            defaults={
                "regime": regimes[spec.regime],
                "name_ja": spec.name_ja,
                "name_en": spec.name_en,
                "law_id": spec.law_id,
                "is_stand_in": spec.stand_in,
                "position": position,
            },
        )
    return instruments


def _reject(*, instrument: str, acting_user: Any, source: str, reason: str) -> CatalogueImportError:
    with transaction.atomic():
        audit_event_create(
            actor=acting_user,
            action="classification.catalogue.import_rejected",
            object_type="classification.instrument",
            object_id=instrument,
            object_repr=instrument,
            after={"source": source[:500], "reason": reason[:1000]},
        )
    logger.warning("catalogue import of %s refused: %s", instrument, reason)
    return CatalogueImportError(reason)


def _entry_row(version: CatalogueVersion, entry: Entry) -> CatalogueEntry:
    return CatalogueEntry(
        version=version,
        key=entry.key,
        parent_key=entry.parent or "",
        kind=entry.kind.value,
        label=entry.label[:300],
        number=entry.number[:60],
        text=entry.text,
        heading=entry.heading[:500],
        position=entry.position,
        depth=entry.depth,
        deleted=entry.deleted,
        flags=list(entry.flags),
        attributes=dict(entry.attributes),
        search_hints=list(entry.search_hints),
        content_hash=entry.content_hash,
        search_terms=" ".join(entry_terms(entry)),
        heading_terms=" ".join(terms_of(entry.heading)) if entry.heading else "",
        thresholds=[threshold_as_dict(t) for t in entry_thresholds(entry)] if entry.text else [],
    )


def _link_row(
    version: CatalogueVersion, link: Link, target_version: CatalogueVersion | None
) -> CatalogueLink:
    return CatalogueLink(
        version=version,
        source_key=link.source,
        target_instrument=link.target_instrument.value,
        target_key=link.target,
        target_version=target_version,
        kind=link.kind.value,
        basis=link.basis.value,
        score=link.score,
        note=link.note[:300],
    )


def _sort_key(version: CatalogueVersion) -> tuple[dt.date, int]:
    return (version.effective_from or version.legal_text_date or dt.date.min, version.pk or 0)


def _reorder(instrument: Instrument) -> None:
    """Set ``is_current`` and ``effective_to`` from the versions' dates (only these move)."""
    versions = sorted(instrument.versions.all(), key=_sort_key)
    real = [v for v in versions if v.format != DERIVED_FOREX_FORMAT]
    current = (real or versions)[-1] if versions else None
    CatalogueVersion.objects.filter(instrument=instrument, is_current=True).exclude(
        pk=current.pk if current else None
    ).update(is_current=False)
    for index, version in enumerate(versions):
        following = versions[index + 1] if index + 1 < len(versions) else None
        effective_to = (
            following.effective_from - dt.timedelta(days=1)
            if following is not None and following.effective_from and version.effective_from
            else None
        )
        if version.effective_to != effective_to:
            CatalogueVersion.objects.filter(pk=version.pk).update(effective_to=effective_to)
    if current is not None and not current.is_current:
        CatalogueVersion.objects.filter(pk=current.pk).update(is_current=True)


@transaction.atomic
def catalogue_version_import(*, parsed: ParsedInstrument, acting_user: Any) -> ImportOutcome:
    """Store ``parsed`` as a new version beside the existing ones (audit event included).

    A file imported before (same SHA-256) is a no-op. The version is compared with the
    version before it in time (added / removed / changed keys are stored with it); kanji
    the markdown conversion dropped are restored from that version when the rest of the
    text is identical.
    """
    instruments = instruments_ensure()
    info = parsed.info
    instrument = Instrument.objects.select_for_update().get(
        pk=instruments[info.instrument.value].pk
    )
    existing = CatalogueVersion.objects.filter(instrument=instrument, sha256=info.sha256).first()
    if existing is not None:
        message = _(
            "%(instrument)s: this source (SHA-256 %(sha)s…) was already imported as version #%(pk)s; nothing changed."
        ) % {
            "instrument": instrument.code,
            "sha": info.sha256[:12],
            "pk": existing.pk,
        }
        return ImportOutcome(instrument.code, existing, False, message)
    date = info.effective_from or info.legal_text_date
    earlier = [
        v
        for v in instrument.versions.all()
        if date is None or (v.effective_from or v.legal_text_date or dt.date.min) <= date
    ]
    previous = max(earlier, key=_sort_key) if earlier else None
    entries = parsed.entries
    repaired: list[str] = []
    previous_entries: dict[str, Entry] = {}
    if previous is not None:
        previous_entries = selectors.version_entries(previous)
        entries, repaired = catalogue_diff.repair_from_previous(entries, previous_entries)
    changes = (
        catalogue_diff.diff_entries(previous_entries, {e.key: e for e in entries})
        if previous
        else []
    )
    change_keys: dict[str, list[str]] = {"added": [], "removed": [], "changed": []}
    for change in changes:
        change_keys[change.change].append(change.key)
    version = CatalogueVersion.objects.create(
        instrument=instrument,
        revision_label=info.revision_label[:200],
        law_id=info.law_id[:60],
        legal_text_date=info.legal_text_date,
        effective_from=info.effective_from,
        source=info.source[:500],
        source_url=info.source_url[:500],
        sha256=info.sha256,
        format=info.format,
        notes=list(info.notes),
        warnings=list(parsed.warnings[:500]),
        counts=dict(parsed.counts),
        entry_count=len(entries),
        imported_by=acting_user if getattr(acting_user, "pk", None) else None,
        previous=previous,
        changes=change_keys if previous else {},
    )
    CatalogueEntry.objects.bulk_create((_entry_row(version, e) for e in entries), batch_size=1000)
    CatalogueLink.objects.bulk_create(
        (_link_row(version, link, None) for link in parsed.links), batch_size=1000
    )
    _reorder(instrument)
    version.refresh_from_db()
    counts = {name: len(keys) for name, keys in change_keys.items()}
    audit_event_create(
        actor=acting_user,
        action="classification.catalogue.import",
        obj=version,
        object_repr=version.version_label,
        before={"previous_version": previous.pk if previous else None},
        after={
            "version": version.pk,
            "instrument": instrument.code,
            "revision": version.revision_label,
            "legal_text_date": version.legal_text_date,
            "sha256": version.sha256,
            "source": version.source,
            "entries": version.entry_count,
            "in_force": version.is_current,
            "restored_from_previous": repaired[:50],
            **counts,
        },
    )
    selectors.invalidate_caches()
    if previous is None:
        message = _("%(instrument)s: imported %(entries)s entries (first version).") % {
            "instrument": instrument.code,
            "entries": version.entry_count,
        }
    else:
        message = _(
            "%(instrument)s: imported %(entries)s entries beside version #%(previous)s (%(added)s added, %(removed)s removed, %(changed)s changed)."
        ) % {
            "instrument": instrument.code,
            "entries": version.entry_count,
            "previous": previous.pk,
            **counts,
        }
    return ImportOutcome(instrument.code, version, True, message, counts, repaired)


@transaction.atomic
def catalogue_links_refresh(*, acting_user: Any) -> int:
    """Derive the 号 crosswalk and technology links for the versions in force (if missing)."""
    current = {
        v.instrument.code: v
        for v in CatalogueVersion.objects.filter(
            is_current=True, instrument__code__in=[i.value for i in JP_INSTRUMENTS]
        ).select_related("instrument")
    }
    ordinance = current.get(InstrumentCode.GOODS_ORDINANCE.value)
    order = current.get(InstrumentCode.EXPORT_ORDER.value)
    forex = current.get(InstrumentCode.FOREX_ORDER.value)
    if ordinance is None or order is None:
        return 0
    derived_bases = [
        CatalogueLink.Basis.ALIGNMENT,
        CatalogueLink.Basis.OVERRIDE,
        CatalogueLink.Basis.REFERENCE,
    ]
    if CatalogueLink.objects.filter(
        version=ordinance, target_version=order, basis__in=derived_bases
    ).exists():
        return 0
    ordinance_entries = list(selectors.version_entries(ordinance).values())
    stated = selectors.version_links(ordinance)
    derived = derive_links(
        export_order=list(selectors.version_entries(order).values()),
        ordinance=ordinance_entries,
        ordinance_links=stated,
        forex=list(selectors.version_entries(forex).values()) if forex else [],
    )
    rows: list[CatalogueLink] = []
    for link in derived[InstrumentCode.GOODS_ORDINANCE]:
        rows.append(_link_row(ordinance, link, order))
    if (
        forex is not None
        and not CatalogueLink.objects.filter(version=forex, target_version=order).exists()
    ):
        rows.extend(_link_row(forex, link, order) for link in derived[InstrumentCode.FOREX_ORDER])
    CatalogueLink.objects.bulk_create(rows, batch_size=1000)
    audit_event_create(
        actor=acting_user,
        action="classification.catalogue.links_refresh",
        obj=ordinance,
        object_repr=ordinance.version_label,
        after={
            "ordinance_version": ordinance.pk,
            "export_order_version": order.pk,
            "forex_order_version": forex.pk if forex else None,
            "links": len(rows),
        },
    )
    selectors.invalidate_caches()
    return len(rows)


def _import_parsed_list(
    parsed_list: list[ParsedInstrument], *, acting_user: Any
) -> list[ImportOutcome]:
    outcomes = [catalogue_version_import(parsed=p, acting_user=acting_user) for p in parsed_list]
    if any(o.created and o.instrument in {i.value for i in JP_INSTRUMENTS} for o in outcomes):
        catalogue_links_refresh(acting_user=acting_user)
    return outcomes


def catalogue_import_directory(
    *, path: Path, acting_user: Any
) -> tuple[list[ImportOutcome], dict[str, str]]:
    """``anpo catalogue import --all DIR``: every instrument of the shared layout."""
    try:
        found, problems = sources.load_directory(Path(path))
    except CatalogueParseError as exc:
        raise _reject(
            instrument="all", acting_user=acting_user, source=str(path), reason=str(exc)
        ) from exc
    errors: dict[str, str] = {}
    for problem in problems:
        name, _sep, reason = problem.partition(": ")
        _reject(instrument="all", acting_user=acting_user, source=name, reason=reason or problem)
        errors[name] = reason or problem
    return _import_parsed_list(found, acting_user=acting_user), errors


def _is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def catalogue_import_source(
    *,
    instrument: str,
    location: str,
    acting_user: Any,
    legal_text_date: str = "",
) -> list[ImportOutcome]:
    """``anpo catalogue import <instrument> PATH|URL``: one instrument from a file or a URL.

    Importing the 貨物等省令 from a file also imports the 外為令別表 items it names, unless
    a version of the 外為令 read from its own text exists.
    """
    try:
        code = sources.resolve_instrument(instrument)
    except CatalogueParseError as exc:
        raise _reject(
            instrument=instrument, acting_user=acting_user, source=location, reason=str(exc)
        ) from exc
    try:
        if _is_url(location):
            data = sources.fetch(
                location, timeout=float(getattr(settings, "ANPO_CATALOGUE_TIMEOUT", 120))
            )
            parsed = sources.parse_bytes(
                code, data, source=location, legal_text_date=legal_text_date
            )
        else:
            parsed = sources.parse_file(code, Path(location))
    except CatalogueParseError as exc:
        raise _reject(
            instrument=code.value, acting_user=acting_user, source=location, reason=str(exc)
        ) from exc
    batch = [parsed]
    if code == InstrumentCode.GOODS_ORDINANCE:
        has_real_forex = (
            CatalogueVersion.objects.filter(instrument__code=InstrumentCode.FOREX_ORDER.value)
            .exclude(format=DERIVED_FOREX_FORMAT)
            .exists()
        )
        if not has_real_forex:
            batch.append(jp_forex.forex_from_ordinance(parsed))
    return _import_parsed_list(batch, acting_user=acting_user)


@transaction.atomic
def catalogue_update_request(*, instrument: str, acting_user: Any) -> None:
    """Queue an import from the official source (the office's "check for a new version")."""
    code = sources.resolve_instrument(instrument).value
    official_source_url(code)  # refuses instruments without an official API
    audit_event_create(
        actor=acting_user,
        action="classification.catalogue.update_requested",
        object_type="classification.instrument",
        object_id=code,
        object_repr=code,
        after={"url": official_source_url(code)},
    )

    user_id = acting_user.pk if getattr(acting_user, "pk", None) else None
    transaction.on_commit(
        lambda: tasks.catalogue_update_task.enqueue(instrument=code, user_id=user_id)
    )


def official_source_url(instrument: str) -> str:
    """The production URL of ``instrument`` (settings may point it elsewhere, e.g. in tests)."""
    code = sources.resolve_instrument(instrument)
    return sources.official_url(
        code,
        egov_base=getattr(settings, "ANPO_EGOV_API_BASE", "https://laws.e-gov.go.jp/api/2"),
        ecfr_template=getattr(
            settings,
            "ANPO_ECFR_API_TEMPLATE",
            "https://www.ecfr.gov/api/versioner/v1/full/{date}/title-15.xml?part=774",
        ),
    )
