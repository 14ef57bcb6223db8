"""Every state change of restricted-party screening.

Keyword-only, ``acting_user=``; each decision or import writes its audit event in the
same transaction. Side effects (re-screening, batch runs) are enqueued on commit.
"""

from __future__ import annotations

import fnmatch
import io
import logging
import re
import shutil
import urllib.request
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from anpo.accounts.capabilities import Capability, user_can
from anpo.matching import ALGORITHM, DEFAULT_REVIEW_THRESHOLD, VERSION, EntityKind, Query
from anpo.records.services import AuditEntry, audit_event_create, audit_events_bulk_create
from anpo.screening import engine
from anpo.screening.entries import entry_fingerprint, entry_identity, entry_to_dict
from anpo.screening.models import (
    BatchJob,
    Clearance,
    Disposition,
    Hit,
    ListImportJob,
    ListSnapshot,
    ListSource,
    Party,
    PartyImportJob,
    Screening,
    SnapshotEntry,
)
from anpo.screening.parsers import SOURCES, ListParseError, ParsedList, load_source
from anpo.screening.queries import QueryFileError, QueryRow, clean_name, read_queries

logger = logging.getLogger(__name__)

DEFAULT_TOP = 10
MIN_SNAPSHOT_RATIO = (
    0.5  # a new snapshot with fewer than half the entries of the active one is refused
)
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_BATCH_ROWS = 20_000
# Sources whose registry URLs are direct file downloads (the others publish index pages).
DIRECT_DOWNLOAD_SOURCES = ("un-sc", "us-csl", "ofac-sdn", "ofac-non-sdn", "bis-dpl", "eu-fsf")
_DOWNLOAD_NAMES = {
    "un-sc": "consolidated.xml",
    "us-csl": "consolidated.csv",
    "bis-dpl": "dpl.txt",
    "eu-fsf": "eu_fsf.xml",
}


class ListImportError(Exception):
    """An import was refused; the previously active snapshot stays active."""


@dataclass
class ImportOutcome:
    source: str
    snapshot: ListSnapshot
    created: bool
    message: str
    diff: dict[str, int] = field(default_factory=dict)


# --- list sources and snapshots -----------------------------------------------------------


def list_source_ensure(*, key: str) -> ListSource:
    spec = SOURCES.get(key)
    if spec is None:
        raise ListImportError(_("Unknown list source %(key)s.") % {"key": key})
    source, _created = ListSource.objects.get_or_create(
        key=key,
        defaults={
            "label_en": spec.label_en,
            "label_ja": spec.label_ja,
            "publisher": spec.publisher,
        },
    )
    return source


def _parse_path(key: str, path: Path) -> ParsedList:
    spec = SOURCES[key]
    if path.is_dir():
        return load_source(key, path)
    if not path.is_file():
        raise ListParseError("file not found", path=path)
    lower = path.name.lower()
    for patterns, parser in spec.formats:
        if any(fnmatch.fnmatch(lower, pattern.lower()) for pattern in patterns):
            return parser(path)
    if spec.folder_parser is not None:
        raise ListParseError(
            f"this list is a set of files ({', '.join(spec.file_patterns)}): give its folder",
            path=path,
        )
    raise ListParseError(f"file name does not match {', '.join(spec.file_patterns)}", path=path)


def _safe_filename(name: str) -> str:
    base = Path(name or "upload").name
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", base).strip("._") or "upload"
    return base[-120:]


def _store_upload(key: str, content: bytes, filename: str) -> Path:
    folder = Path(settings.ANPO_LISTS_DIR) / key / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%f")
    path = folder / f"{stamp}-{_safe_filename(filename)}"
    path.write_bytes(content)
    return path


def _reject(*, key: str, acting_user: Any, reason: str, file_label: str) -> ListImportError:
    with transaction.atomic():
        audit_event_create(
            actor=acting_user,
            action="screening.list.import_rejected",
            object_type="screening.listsource",
            object_id=key,
            object_repr=key,
            after={"file": file_label, "reason": reason[:1000]},
        )
    logger.warning("list import of %s refused: %s", key, reason)
    return ListImportError(reason)


def list_snapshot_import(
    *,
    source: str,
    acting_user: Any,
    path: Path | str | None = None,
    content: bytes | None = None,
    filename: str = "",
    rescreen: bool = True,
    min_ratio: float = MIN_SNAPSHOT_RATIO,
    progress: Callable[[str], None] | None = None,
) -> ImportOutcome:
    """Parse a list file (or folder) and activate it as a new snapshot of ``source``.

    Refuses (``ListImportError``, previous snapshot kept active, audit event written)
    a file that does not parse, is empty, or has fewer than ``min_ratio`` of the
    active snapshot's entries. A file whose SHA-256 was imported before is a no-op.
    On success the new snapshot, its entries and its diff against the previous active
    snapshot are stored in one transaction, and re-screening is enqueued on commit.
    """
    list_source_ensure(key=source)
    if (path is None) == (content is None):
        raise ValueError("give exactly one of path= or content=")
    if content is not None:
        if len(content) > settings.ANPO_MAX_UPLOAD_BYTES:
            raise _reject(
                key=source,
                acting_user=acting_user,
                file_label=filename,
                reason=_("The file is larger than %(max)s bytes.")
                % {"max": settings.ANPO_MAX_UPLOAD_BYTES},
            )
        path = _store_upload(source, content, filename)
    path = Path(path)  # type: ignore[arg-type]
    file_label = filename or path.name
    if progress is not None:
        progress(_("Reading and checking the file(s)"))
    try:
        parsed = _parse_path(source, path)
        previous = ListSnapshot.objects.filter(source__key=source, is_active=True).first()
        parsed.check_sanity(
            previous_count=previous.entry_count if previous else None, min_ratio=min_ratio
        )
    except ListParseError as exc:
        raise _reject(
            key=source, acting_user=acting_user, file_label=file_label, reason=str(exc)
        ) from exc
    if parsed.source != source:
        raise _reject(
            key=source,
            acting_user=acting_user,
            file_label=file_label,
            reason=_("The file holds the list %(found)s, not %(expected)s.")
            % {"found": parsed.source, "expected": source},
        )
    if progress is not None:
        progress(
            _("Storing %(n)s entries and comparing them with the active version")
            % {"n": len(parsed.entries)}
        )
    return _activate(source=source, parsed=parsed, acting_user=acting_user, rescreen=rescreen)


@transaction.atomic
def _activate(
    *, source: str, parsed: ParsedList, acting_user: Any, rescreen: bool
) -> ImportOutcome:
    source_obj = ListSource.objects.select_for_update().get(key=source)
    existing = ListSnapshot.objects.filter(source=source_obj, sha256=parsed.sha256).first()
    if existing is not None:
        state = _("active") if existing.is_active else _("not active")
        message = _(
            "%(source)s: this file (SHA-256 %(sha)s…) was already imported as snapshot #%(pk)s (%(state)s); nothing changed."
        ) % {"source": source, "sha": parsed.sha256[:12], "pk": existing.pk, "state": state}
        return ImportOutcome(source=source, snapshot=existing, created=False, message=message)
    previous = (
        ListSnapshot.objects.select_for_update().filter(source=source_obj, is_active=True).first()
    )
    old: dict[str, tuple[str, str]] = {}
    if previous is not None:
        old = {
            identity: (entry_id, fp)
            for identity, entry_id, fp in previous.entries.values_list(
                "identity", "entry_id", "fingerprint"
            )
        }
    rows = []
    new_ids: dict[str, str] = {}
    added: list[str] = []
    changed: list[str] = []
    for entry in parsed.entries:
        identity = entry_identity(entry)
        fingerprint = entry_fingerprint(entry)
        new_ids[identity] = entry.entry_id
        if previous is not None:
            before = old.get(identity)
            if before is None:
                added.append(entry.entry_id)
            elif before[1] != fingerprint:
                changed.append(entry.entry_id)
        rows.append((entry, identity, fingerprint))
    removed = [entry_id for identity, (entry_id, _fp) in old.items() if identity not in new_ids]
    snapshot = ListSnapshot.objects.create(
        source=source_obj,
        published=parsed.published,
        imported_by=acting_user if getattr(acting_user, "pk", None) else None,
        sha256=parsed.sha256,
        file_names=[f.name for f in parsed.files],
        format=parsed.format,
        entry_count=len(parsed.entries),
        name_count=parsed.name_count,
        counts=parsed.counts(),
        warnings=list(parsed.warnings[:200]),
        previous=previous,
        diff_added=added,
        diff_removed=removed,
        diff_changed=changed,
    )
    SnapshotEntry.objects.bulk_create(
        (
            SnapshotEntry(
                snapshot=snapshot,
                entry_id=entry.entry_id,
                identity=identity[:1000],
                kind=entry.kind.value,
                primary_name=entry.primary_name[:1000],
                data=entry_to_dict(entry),
                fingerprint=fingerprint,
            )
            for entry, identity, fingerprint in rows
        ),
        batch_size=2000,
    )
    if previous is not None:
        ListSnapshot.objects.filter(pk=previous.pk).update(is_active=False)
    ListSnapshot.objects.filter(pk=snapshot.pk).update(is_active=True)
    snapshot.is_active = True
    diff = {"added": len(added), "removed": len(removed), "changed": len(changed)}
    audit_event_create(
        actor=acting_user,
        action="screening.list.import",
        obj=snapshot,
        object_repr=snapshot.version_label,
        before={
            "active_snapshot": previous.pk if previous else None,
            "entries": previous.entry_count if previous else 0,
        },
        after={
            "active_snapshot": snapshot.pk,
            "sha256": snapshot.sha256,
            "files": snapshot.file_names,
            "published": snapshot.published,
            "entries": snapshot.entry_count,
            "names": snapshot.name_count,
            **diff,
        },
    )
    if rescreen:
        from anpo.screening.tasks import rescreen_parties_task

        snapshot_id = snapshot.pk
        transaction.on_commit(lambda: rescreen_parties_task.enqueue(snapshot_id=snapshot_id))
    if previous is None:
        message = _("%(source)s: imported %(entries)s entries (first version of this list).") % {
            "source": source,
            "entries": snapshot.entry_count,
        }
    else:
        message = _(
            "%(source)s: imported %(entries)s entries (%(added)s added, %(removed)s removed, %(changed)s changed)."
        ) % {"source": source, "entries": snapshot.entry_count, **diff}
    return ImportOutcome(source=source, snapshot=snapshot, created=True, message=message, diff=diff)


def lists_import_dir(
    *, path: Path, acting_user: Any, rescreen: bool = True
) -> tuple[list[ImportOutcome], dict[str, str]]:
    """Import every known source folder under ``path``; returns outcomes and errors per source."""
    root = Path(path)
    if not root.is_dir():
        raise ListImportError(_("Not a directory: %(path)s") % {"path": root})
    outcomes: list[ImportOutcome] = []
    errors: dict[str, str] = {}
    for key in SOURCES:
        folder = root / key
        if not folder.is_dir():
            continue
        try:
            outcomes.append(
                list_snapshot_import(
                    source=key, path=folder, acting_user=acting_user, rescreen=False
                )
            )
        except ListImportError as exc:
            errors[key] = str(exc)
    if rescreen and any(o.created for o in outcomes):
        from anpo.screening.tasks import rescreen_parties_task

        transaction.on_commit(lambda: rescreen_parties_task.enqueue(snapshot_id=None))
    return outcomes, errors


def list_download_urls() -> dict[str, list[str]]:
    """Where ``anpo lists update`` downloads from: settings.ANPO_LIST_URLS, else registry defaults."""
    configured: dict[str, list[str]] = getattr(settings, "ANPO_LIST_URLS", {}) or {}
    urls = {
        key: list(SOURCES[key].urls[:1] if key == "us-csl" else SOURCES[key].urls)
        for key in DIRECT_DOWNLOAD_SOURCES
    }
    for key, value in configured.items():
        urls[key] = [value] if isinstance(value, str) else list(value)
    return urls


def _download(url: str, target: Path, *, timeout: int) -> None:
    max_bytes = 1024 * 1024 * 1024
    request = urllib.request.Request(url, headers={"User-Agent": "anpo-list-update/1"})
    with urllib.request.urlopen(request, timeout=timeout) as response, target.open("wb") as handle:
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            if size > max_bytes:
                raise ListImportError(_("download larger than 1 GB refused"))
            handle.write(chunk)


def list_update(
    *, source: str, acting_user: Any, urls: Iterable[str] | None = None, timeout: int = 120
) -> ImportOutcome:
    """Download the current files of ``source`` into var/lists/<source>/<timestamp>/ and import them.

    A network error raises ``ListImportError`` before anything is imported.
    """
    list_source_ensure(key=source)
    url_list = list(urls) if urls is not None else list_download_urls().get(source, [])
    if not url_list:
        hint = SOURCES[source].update_hint
        raise ListImportError(
            _("No download URL configured for %(source)s (set ANPO_LIST_URLS). %(hint)s")
            % {"source": source, "hint": hint}
        )
    staging = Path(settings.ANPO_LISTS_DIR) / source / timezone.now().strftime("%Y%m%dT%H%M%S%f")
    staging.mkdir(parents=True, exist_ok=False)
    try:
        for url in url_list:
            name = Path(urllib.request.urlparse(url).path).name.lower()
            if source in _DOWNLOAD_NAMES and len(url_list) == 1:
                name = _DOWNLOAD_NAMES[source]
            elif not name or "." not in name:
                name = f"{source}-{len(list(staging.iterdir()))}.dat"
            _download(url, staging / _safe_filename(name), timeout=timeout)
    except (OSError, ValueError) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise _reject(
            key=source,
            acting_user=acting_user,
            file_label=", ".join(url_list),
            reason=_("Download failed: %(error)s") % {"error": exc},
        ) from exc
    except ListImportError:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    outcome = list_snapshot_import(source=source, path=staging, acting_user=acting_user)
    if not outcome.created:
        shutil.rmtree(staging, ignore_errors=True)
    return outcome


def lists_update_all(
    *, acting_user: Any = None, sources: Iterable[str] | None = None
) -> tuple[list[ImportOutcome], dict[str, str]]:
    """``anpo lists update`` and the daily job: every configured source, errors reported per source."""
    urls = list_download_urls()
    outcomes: list[ImportOutcome] = []
    errors: dict[str, str] = {}
    for key in sources or urls:
        try:
            outcomes.append(list_update(source=key, acting_user=acting_user, urls=urls.get(key)))
        except ListImportError as exc:
            errors[key] = str(exc)
    return outcomes, errors


# --- list imports from the web page (background) -------------------------------------------

MAX_ZIP_MEMBERS = 50
ZIP_EXPANSION_LIMIT = 20  # uncompressed size of a zip at most 20 x the upload limit


def _expand_uploads(files: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """Upload files as given; a .zip (not an .xlsx) is replaced by its files (no folders, bounded size)."""
    out: list[tuple[str, bytes]] = []
    limit = settings.ANPO_MAX_UPLOAD_BYTES * ZIP_EXPANSION_LIMIT
    for name, content in files:
        if not name.lower().endswith(".zip"):
            out.append((name, content))
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                members = [
                    m
                    for m in archive.infolist()
                    if not m.is_dir()
                    and not Path(m.filename).name.startswith(".")
                    and "__MACOSX" not in m.filename
                ]
                if len(members) > MAX_ZIP_MEMBERS:
                    raise ValidationError(
                        _("The zip file holds more than %(n)s files.") % {"n": MAX_ZIP_MEMBERS}
                    )
                if sum(m.file_size for m in members) > limit:
                    raise ValidationError(
                        _("The zip file expands to more than %(max)s bytes.") % {"max": limit}
                    )
                for member in members:
                    out.append((Path(member.filename).name, archive.read(member)))
        except zipfile.BadZipFile as exc:
            raise ValidationError(
                _("%(name)s is not a readable zip file.") % {"name": _safe_filename(name)}
            ) from exc
    names = [_safe_filename(n).lower() for n, _c in out]
    if len(set(names)) != len(names):
        raise ValidationError(_("Two files have the same name."))
    if not out:
        raise ValidationError(_("No file was uploaded."))
    return out


@transaction.atomic
def list_import_job_create(
    *, acting_user: Any, source: str, files: list[tuple[str, bytes]]
) -> ListImportJob:
    """Store uploaded list file(s) (size-limited; a zip is unpacked) and import them in the background.

    Multi-file lists (the OFAC legacy CSV set: sdn, add, alt, comments) are uploaded as several
    files or one zip; they are stored together in one folder and parsed as that list's folder.
    """
    if not user_can(acting_user, Capability.MANAGE_LISTS):
        raise PermissionDenied
    source_obj = list_source_ensure(key=source)
    total = sum(len(c) for _n, c in files)
    if total > settings.ANPO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The files are larger than %(max)s bytes in all.")
            % {"max": settings.ANPO_MAX_UPLOAD_BYTES}
        )
    expanded = _expand_uploads(files)
    folder = (
        Path(settings.ANPO_LISTS_DIR)
        / source
        / "uploads"
        / timezone.now().strftime("%Y%m%dT%H%M%S%f")
    )
    folder.mkdir(parents=True, exist_ok=False)
    for name, content in expanded:
        (folder / _safe_filename(name).lower()).write_bytes(content)
    job = ListImportJob.objects.create(
        source=source_obj,
        created_by=acting_user,
        stored_path=str(folder),
        total_bytes=total,
        file_names=[_safe_filename(n).lower() for n, _c in expanded],
        stage=_("Waiting for the background worker"),
    )
    audit_event_create(
        actor=acting_user,
        action="screening.list.import_job.create",
        obj=job,
        object_repr=str(job),
        after={"source": source, "files": job.file_names, "bytes": total},
    )
    from anpo.screening.tasks import list_import_job_run_task

    job_id = job.pk
    transaction.on_commit(lambda: list_import_job_run_task.enqueue(job_id=job_id))
    return job


def _job_stage(job_id: int, text: str) -> None:
    ListImportJob.objects.filter(pk=job_id).update(stage=str(text)[:200], updated_at=timezone.now())


def list_import_job_run(*, job_id: int) -> ListImportJob:
    """Import the stored upload of a job (task); the outcome or the refusal reason is kept on the job."""
    job = ListImportJob.objects.select_related("source", "created_by").get(pk=job_id)
    if job.finished:
        return job
    ListImportJob.objects.filter(pk=job.pk).update(
        status=ListImportJob.Status.RUNNING, started_at=timezone.now()
    )
    folder = Path(job.stored_path)
    path = (
        folder / job.file_names[0]
        if len(job.file_names) == 1 and SOURCES[job.source.key].folder_parser is None
        else folder
    )
    try:
        outcome = list_snapshot_import(
            source=job.source.key,
            path=path,
            acting_user=job.created_by,
            filename=", ".join(job.file_names),
            progress=lambda text: _job_stage(job.pk, text),
        )
    except ListImportError as exc:
        ListImportJob.objects.filter(pk=job.pk).update(
            status=ListImportJob.Status.REJECTED,
            error=str(exc)[:5000],
            stage="",
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("list import job %s failed", job.pk)
        ListImportJob.objects.filter(pk=job.pk).update(
            status=ListImportJob.Status.FAILED,
            error=str(exc)[:5000],
            stage="",
            finished_at=timezone.now(),
        )
    else:
        status = ListImportJob.Status.DONE if outcome.created else ListImportJob.Status.UNCHANGED
        ListImportJob.objects.filter(pk=job.pk).update(
            status=status,
            snapshot=outcome.snapshot,
            message=outcome.message,
            stage="",
            finished_at=timezone.now(),
        )
    job.refresh_from_db()
    return job


def index_warm() -> dict[str, Any]:
    """Build the matching index of the active snapshots and share it with the web process (worker)."""
    eng = engine.warm()
    return {"snapshot_ids": list(eng.snapshot_ids), "build_seconds": round(eng.build_seconds, 1)}


# --- parties -------------------------------------------------------------------------------

PARTY_FIELDS = (
    "kind",
    "name",
    "other_names",
    "name_original",
    "country",
    "birth_date",
    "relationship",
    "notes",
    "is_active",
)


def _party_snapshot(party: Party) -> dict[str, Any]:
    return {f: getattr(party, f) for f in PARTY_FIELDS}


def _clean_party_fields(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for key in ("name", "name_original"):
        if key in out:
            out[key] = clean_name(out[key])
    if "other_names" in out:
        out["other_names"] = "\n".join(
            n for n in (clean_name(line) for line in str(out["other_names"]).splitlines()) if n
        )
    if "country" in out:
        out["country"] = clean_name(out["country"]).upper()[:2]
    if "name" in out and not out["name"]:
        raise ValidationError(_("The name must not be empty."))
    return out


@transaction.atomic
def party_create(
    *,
    acting_user: Any,
    name: str,
    kind: str = EntityKind.UNKNOWN,
    other_names: str = "",
    name_original: str = "",
    country: str = "",
    birth_date: str = "",
    relationship: str = Party.Relationship.OTHER,
    notes: str = "",
    is_active: bool = True,
    owner: Any = None,
) -> Party:
    fields = _clean_party_fields(
        {
            "name": name,
            "kind": kind,
            "other_names": other_names,
            "name_original": name_original,
            "country": country,
            "birth_date": birth_date,
            "relationship": relationship,
            "notes": notes,
            "is_active": is_active,
        }
    )
    owner = owner or acting_user
    party = Party(owner=owner, org_unit=getattr(owner, "org_unit", None), **fields)
    party.full_clean()
    party.save()
    audit_event_create(
        actor=acting_user, action="screening.party.create", obj=party, after=_party_snapshot(party)
    )
    return party


@transaction.atomic
def party_update(*, acting_user: Any, party: Party, **changes: Any) -> Party:
    unknown = set(changes) - set(PARTY_FIELDS)
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)}")
    before = _party_snapshot(party)
    for key, value in _clean_party_fields(changes).items():
        setattr(party, key, value)
    party.full_clean()
    party.save()
    after = _party_snapshot(party)
    diff_keys = [k for k in PARTY_FIELDS if before[k] != after[k]]
    if diff_keys:
        audit_event_create(
            actor=acting_user,
            action="screening.party.update",
            obj=party,
            before={k: before[k] for k in diff_keys},
            after={k: after[k] for k in diff_keys},
        )
    return party


# --- bulk import of saved parties ----------------------------------------------------------

PARTY_IMPORT_COLUMNS = (
    "id",
    "name",
    "type",
    "country",
    "birth_date",
    "relationship",
    "notes",
    "other_names",
    "name_original",
)
MAX_PARTY_IMPORT_ROWS = 20_000
PARTY_IMPORT_BATCH = 500
_MAX_REPORTED_ERRORS = 500


def _relationship_value(text: str) -> str | None:
    key = clean_name(text).casefold()
    if not key:
        return Party.Relationship.OTHER
    for value, label in Party.Relationship.choices:
        if key in (value, str(label).casefold()):
            return value
    return None


def _real_date(text: str) -> bool:
    import datetime as dt

    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return 1800 <= parts[0] <= timezone.now().year


def _party_import_rows(
    content: bytes, filename: str, owner: Any
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """(rows, errors, skipped) of a party file: every problem of every line, not only the first."""
    from anpo.screening.parsers.countries import iso_codes
    from anpo.screening.queries import QueryFileError, _table, parse_kind

    try:
        table = [row for row in _table(content, filename) if any(cell.strip() for cell in row)]
    except QueryFileError as exc:
        return [], [{"line": 0, "column": "", "message": str(exc)}], []
    if not table:
        return [], [{"line": 0, "column": "", "message": _("The file is empty.")}], []
    header = [clean_name(h).casefold().replace(" ", "_") for h in table[0]]
    while header and not header[-1]:
        header.pop()
    unknown = [h for h in header if h not in PARTY_IMPORT_COLUMNS]
    file_errors = []
    if unknown:
        file_errors.append(
            _("Unknown column(s) %(cols)s; allowed: %(allowed)s.")
            % {"cols": ", ".join(unknown), "allowed": ", ".join(PARTY_IMPORT_COLUMNS)}
        )
    if "name" not in header:
        file_errors.append(_("The column 'name' is missing."))
    if len(set(header)) != len(header):
        file_errors.append(_("A column appears twice in the header."))
    if len(table) - 1 > MAX_PARTY_IMPORT_ROWS:
        file_errors.append(
            _("Too many rows (%(n)s); at most %(max)s per file.")
            % {"n": len(table) - 1, "max": MAX_PARTY_IMPORT_ROWS}
        )
    if len(table) == 1:
        file_errors.append(_("The file has a header but no rows."))
    if file_errors:
        return [], [{"line": 1, "column": "", "message": m} for m in file_errors], []
    pos = {name: i for i, name in enumerate(header)}
    codes = iso_codes()
    existing: dict[tuple[str, str], int] = {
        (name.casefold(), country): pk
        for pk, name, country in Party.objects.filter(owner=owner).values_list(
            "pk", "name", "country"
        )
    }
    rows: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    skipped: list[dict[str, Any]] = []
    seen_ids: dict[str, int] = {}
    seen_keys: dict[tuple[str, str, str], int] = {}
    for line, raw in enumerate(table[1:], start=2):

        def col(key: str, raw: list[str] = raw) -> str:
            i = pos.get(key)
            return raw[i] if i is not None and i < len(raw) else ""

        def error(column: str, message: str, line: int = line) -> None:
            errors.append({"line": line, "column": column, "message": message})

        row_id = clean_name(col("id"), max_chars=200)
        name = clean_name(col("name"))
        if not name:
            error("name", _("The name is empty."))
        try:
            kind = parse_kind(col("type")).value
        except QueryFileError:
            error(
                "type",
                _("Unknown type %(value)s (person, organization or unknown).")
                % {"value": col("type")},
            )
            kind = ""
        country = clean_name(col("country")).upper()
        if country and country not in codes:
            error(
                "country",
                _("%(value)s is not an ISO 3166-1 country code such as CN.")
                % {"value": col("country")},
            )
        birth_date = clean_name(col("birth_date"))
        if " " in birth_date and re.match(
            r"^\d{4}-\d{2}-\d{2} ", birth_date
        ):  # a spreadsheet datetime
            birth_date = birth_date.split(" ")[0]
        if birth_date and not (
            re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", birth_date) and _real_date(birth_date)
        ):
            error(
                "birth_date",
                _("%(value)s is not a date (YYYY, YYYY-MM or YYYY-MM-DD).")
                % {"value": col("birth_date")},
            )
        relationship = _relationship_value(col("relationship"))
        if relationship is None:
            error(
                "relationship",
                _("Unknown relationship %(value)s (use %(allowed)s).")
                % {"value": col("relationship"), "allowed": ", ".join(Party.Relationship.values)},
            )
        if row_id:
            if row_id in seen_ids:
                error(
                    "id",
                    _("Duplicate id %(id)s (also on line %(line)s).")
                    % {"id": row_id, "line": seen_ids[row_id]},
                )
            seen_ids.setdefault(row_id, line)
        key = (name.casefold(), country, birth_date)
        if name and key in seen_keys:
            error(
                "name",
                _("Duplicate party %(name)s (same name, country and date as line %(line)s).")
                % {"name": name, "line": seen_keys[key]},
            )
        seen_keys.setdefault(key, line)
        if name and (name.casefold(), country) in existing:
            skipped.append(
                {"line": line, "name": name, "party": existing[(name.casefold(), country)]}
            )
            continue
        other_names = "\n".join(
            n for n in (clean_name(p) for p in re.split(r"[;\n|]", col("other_names"))) if n
        )
        rows.append(
            {
                "line": line,
                "id": row_id,
                "name": name,
                "kind": kind,
                "country": country,
                "birth_date": birth_date,
                "relationship": relationship or "",
                "notes": col("notes").strip()[:5000],
                "other_names": other_names,
                "name_original": clean_name(col("name_original")),
            }
        )
    return rows, errors, skipped


@transaction.atomic
def party_import_check(*, acting_user: Any, content: bytes, filename: str) -> PartyImportJob:
    """Dry run: read the file, report every row error (wrong columns, bad country codes or dates, duplicates).

    Nothing is created; a file without errors waits for ``party_import_confirm``. Rows
    naming a party the user already saved (same name and country) are reported and skipped.
    """
    if getattr(acting_user, "is_read_only", False):
        raise PermissionDenied
    if len(content) > settings.ANPO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s bytes.") % {"max": settings.ANPO_MAX_UPLOAD_BYTES}
        )
    rows, errors, skipped = _party_import_rows(content, filename, acting_user)
    status = PartyImportJob.Status.INVALID if errors or not rows else PartyImportJob.Status.CHECKED
    return PartyImportJob.objects.create(
        owner=acting_user,
        org_unit=getattr(acting_user, "org_unit", None),
        file_name=_safe_filename(filename),
        rows=rows if not errors else [],
        errors=errors[:_MAX_REPORTED_ERRORS],
        skipped=skipped[:_MAX_REPORTED_ERRORS],
        total=len(rows),
        status=status,
        finished_at=timezone.now() if status == PartyImportJob.Status.INVALID else None,
    )


@transaction.atomic
def party_import_confirm(*, acting_user: Any, job: PartyImportJob) -> PartyImportJob:
    """Create the checked parties in the background (batches) and screen them."""
    job = PartyImportJob.objects.select_for_update().get(pk=job.pk)
    if job.owner_id != getattr(acting_user, "pk", None) or getattr(
        acting_user, "is_read_only", False
    ):
        raise PermissionDenied
    if job.status != PartyImportJob.Status.CHECKED:
        raise ValidationError(
            _("This import cannot be started (status: %(status)s).")
            % {"status": job.get_status_display()}
        )
    job.status = PartyImportJob.Status.PENDING
    job.save(update_fields=["status", "updated_at"])
    audit_event_create(
        actor=acting_user,
        action="screening.party_import.confirm",
        obj=job,
        after={"file": job.file_name, "rows": job.total, "skipped": len(job.skipped)},
    )
    from anpo.screening.tasks import party_import_run_task

    job_id = job.pk
    transaction.on_commit(lambda: party_import_run_task.enqueue(job_id=job_id))
    return job


@transaction.atomic
def party_import_cancel(*, acting_user: Any, job: PartyImportJob) -> PartyImportJob:
    job = PartyImportJob.objects.select_for_update().get(pk=job.pk)
    if job.owner_id != getattr(acting_user, "pk", None):
        raise PermissionDenied
    if job.status == PartyImportJob.Status.CHECKED:
        job.status = PartyImportJob.Status.CANCELLED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "finished_at", "updated_at"])
    return job


def _party_import_create_batch(job: PartyImportJob, rows: list[dict[str, Any]]) -> list[Party]:
    with transaction.atomic():
        parties = Party.objects.bulk_create(
            [
                Party(
                    owner=job.owner,
                    org_unit=job.org_unit,
                    import_job=job,
                    name=r["name"],
                    kind=r["kind"] or EntityKind.UNKNOWN,
                    country=r["country"],
                    birth_date=r["birth_date"],
                    relationship=r["relationship"] or Party.Relationship.OTHER,
                    notes=r["notes"],
                    other_names=r["other_names"],
                    name_original=r["name_original"],
                )
                for r in rows
            ]
        )
        if any(p.pk is None for p in parties):  # a backend without RETURNING: read them back
            parties = list(Party.objects.filter(import_job=job).order_by("-pk")[: len(rows)])[::-1]
        audit_events_bulk_create(
            actor=job.owner,
            entries=[
                AuditEntry(
                    action="screening.party.create",
                    object_type="screening.party",
                    object_id=str(p.pk),
                    object_repr=p.name[:300],
                    after={**_party_snapshot(p), "import_job": job.pk},
                )
                for p in parties
            ],
        )
        PartyImportJob.objects.filter(pk=job.pk).update(
            created_count=job.created_count + len(parties), updated_at=timezone.now()
        )
    job.created_count += len(parties)
    return parties


def party_import_run(*, job_id: int) -> PartyImportJob:
    """Task: create the parties in batches (each with its audit events), then screen each against the active lists."""
    job = PartyImportJob.objects.select_related("owner", "org_unit").get(pk=job_id)
    if job.status not in (PartyImportJob.Status.PENDING, PartyImportJob.Status.RUNNING):
        return job
    PartyImportJob.objects.filter(pk=job.pk).update(status=PartyImportJob.Status.RUNNING)
    try:
        for start in range(
            job.created_count, len(job.rows), PARTY_IMPORT_BATCH
        ):  # resumes after a crash
            _party_import_create_batch(job, job.rows[start : start + PARTY_IMPORT_BATCH])
        eng = engine.current_index()
        screened = job.screened
        hits = job.hit_count
        for party in (
            job.parties.filter(screenings__isnull=True)
            .select_related("owner", "org_unit")
            .order_by("pk")
            .iterator()
        ):
            screening = party_screen(acting_user=job.owner, party=party, eng=eng)
            screened += 1
            hits += screening.hit_count
            if screened % 20 == 0:
                PartyImportJob.objects.filter(pk=job.pk).update(
                    screened=screened, hit_count=hits, updated_at=timezone.now()
                )
        PartyImportJob.objects.filter(pk=job.pk).update(
            screened=screened,
            hit_count=hits,
            status=PartyImportJob.Status.DONE,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("party import %s failed", job.pk)
        PartyImportJob.objects.filter(pk=job.pk).update(
            status=PartyImportJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    job.refresh_from_db()
    return job


# --- screening -----------------------------------------------------------------------------


def _queries(names: Iterable[str], kind: str, country: str, birth_date: str) -> list[Query]:
    kind_value = EntityKind(kind) if kind in {k.value for k in EntityKind} else EntityKind.UNKNOWN
    return [
        Query(name=n, kind=kind_value, country=country, birth_date=birth_date) for n in names if n
    ]


def _best_hits(
    eng: engine.EngineIndex, queries: list[Query], *, threshold: float, top: int
) -> list[Any]:
    """Search every name of a party; keep each entry once, with its best score."""
    best: dict[tuple[str, str], Any] = {}
    for hits in eng.index.search_many(queries, top=top, threshold=threshold):
        for hit in hits:
            key = (hit.entry.source, hit.entry.entry_id)
            if key not in best or hit.score > best[key].score:
                best[key] = hit
    return sorted(best.values(), key=lambda h: (-h.score, h.entry.source, h.entry.entry_id))[:top]


def _prior_state(
    party: Party, source: str, identity: str, fingerprint: str, exclude_screening: int
) -> tuple[str, bool]:
    """(status, is_alert) for a hit of a saved party, from its history.

    * cleared as false positive for this exact entry version -> suppressed;
    * never hit before on (source, identity) -> new: open, alert;
    * a hit on it still open -> known (it is in the queue already);
    * last decision was about a different entry version (the entry changed) -> open, alert;
    * otherwise -> known (decided, entry unchanged).
    """
    if Clearance.objects.filter(
        party=party, source=source, identity=identity, fingerprint=fingerprint
    ).exists():
        return Hit.Status.SUPPRESSED, False
    previous = Hit.objects.filter(screening__party=party, source=source, identity=identity).exclude(
        screening_id=exclude_screening
    )
    if not previous.exists():
        return Hit.Status.OPEN, True
    if previous.filter(status__in=Hit.OPEN_STATUSES).exists():
        return Hit.Status.KNOWN, False
    last_decided = (
        previous.filter(dispositions__isnull=False).order_by("-dispositions__decided_at").first()
    )
    if last_decided is not None and last_decided.fingerprint != fingerprint:
        return Hit.Status.OPEN, True
    if last_decided is None:
        return Hit.Status.OPEN, True
    return Hit.Status.KNOWN, False


def screening_run(
    *,
    acting_user: Any,
    kind: str,
    name: str,
    query_kind: str = EntityKind.UNKNOWN,
    country: str = "",
    birth_date: str = "",
    other_names: Iterable[str] = (),
    party: Party | None = None,
    batch: BatchJob | None = None,
    batch_row_id: str = "",
    owner: Any = None,
    threshold: float = DEFAULT_REVIEW_THRESHOLD,
    top: int = DEFAULT_TOP,
    eng: engine.EngineIndex | None = None,
    wait: bool = True,
    stale: bool = False,
) -> Screening:
    """Screen one name (with its other names) against the active snapshots and store the result.

    The index is obtained (possibly built) and searched *before* the write transaction opens,
    so that a slow first build never holds the database's write lock. With ``wait=False``
    (pages and the API) a missing index of the newest snapshots is not built here: the previous
    index is used and the screening is marked ``lists_updating`` (its ``snapshot_ids`` say which).
    """
    name = clean_name(name)
    if not name:
        raise ValidationError(_("The name must not be empty."))
    country = clean_name(country).upper()[:2]
    birth_date = clean_name(birth_date)[:10]
    names = list(dict.fromkeys([name, *(n for n in (clean_name(n) for n in other_names) if n)]))
    if eng is None and not wait:
        web = engine.index_for_web()
        eng, stale = web.engine, web.stale
    eng = eng or engine.current_index()
    started = timezone.now()
    hits = (
        _best_hits(
            eng, _queries(names, str(query_kind), country, birth_date), threshold=threshold, top=top
        )
        if eng.snapshot_ids
        else []
    )
    with transaction.atomic():
        return _screening_store(
            acting_user=acting_user,
            kind=kind,
            name=name,
            names=names,
            query_kind=str(query_kind),
            country=country,
            birth_date=birth_date,
            party=party,
            batch=batch,
            batch_row_id=batch_row_id,
            owner=owner or (party.owner if party is not None else acting_user),
            threshold=threshold,
            eng=eng,
            hits=hits,
            started=started,
            stale=stale,
        )


def _screening_store(
    *,
    acting_user: Any,
    kind: str,
    name: str,
    names: list[str],
    query_kind: str,
    country: str,
    birth_date: str,
    party: Party | None,
    batch: BatchJob | None,
    batch_row_id: str,
    owner: Any,
    threshold: float,
    eng: engine.EngineIndex,
    hits: list[Any],
    started: Any,
    stale: bool = False,
) -> Screening:
    snapshots = list(ListSnapshot.objects.filter(pk__in=eng.snapshot_ids).select_related("source"))
    screening = Screening.objects.create(
        kind=kind,
        party=party,
        batch=batch,
        batch_row_id=batch_row_id[:200],
        query={
            "name": name,
            "other_names": names[1:],
            "type": query_kind,
            "country": country,
            "birth_date": birth_date,
        },
        query_name=name[:500],
        snapshot_ids=list(eng.snapshot_ids),
        snapshot_versions=[s.version_label for s in snapshots],
        threshold=threshold,
        algorithm=ALGORITHM,
        algorithm_version=VERSION,
        started_at=started,
        lists_updating=stale,
        requested_by=acting_user if getattr(acting_user, "pk", None) else None,
        owner=owner,
        org_unit=party.org_unit if party is not None else getattr(owner, "org_unit", None),
    )
    rows = []
    alerts = 0
    for rank, hit in enumerate(hits, start=1):
        ref = eng.refs.get((hit.entry.source, hit.entry.entry_id))
        identity = ref.identity if ref else entry_identity(hit.entry)
        fingerprint = ref.fingerprint if ref else entry_fingerprint(hit.entry)
        status, is_alert = Hit.Status.OPEN, False
        if party is not None:
            status, is_alert = _prior_state(
                party, hit.entry.source, identity, fingerprint, screening.pk
            )
            is_alert = is_alert and kind == Screening.Kind.RESCREEN
        alerts += int(is_alert)
        rows.append(
            Hit(
                screening=screening,
                source=hit.entry.source,
                entry_id=hit.entry.entry_id,
                identity=identity[:1000],
                snapshot_entry_id=ref.pk if ref else None,
                fingerprint=fingerprint,
                matched_name=hit.explanation.list_name[:1000],
                primary_name=hit.entry.primary_name[:1000],
                score=round(hit.score, 4),
                rank=rank,
                explanation=hit.explanation.as_dict(),
                is_alert=is_alert,
                status=status,
            )
        )
    Hit.objects.bulk_create(rows)
    screening.hit_count = len(rows)
    screening.alert_count = alerts
    screening.finished_at = timezone.now()
    screening.save(update_fields=["hit_count", "alert_count", "finished_at"])
    return screening


def party_screen(
    *,
    acting_user: Any,
    party: Party | None = None,
    name: str = "",
    query_kind: str = EntityKind.UNKNOWN,
    country: str = "",
    birth_date: str = "",
    kind: str = "",
    eng: engine.EngineIndex | None = None,
    wait: bool = True,
    stale: bool = False,
) -> Screening:
    """Screen a saved party (all its names) or, without ``party``, one ad hoc name.

    ``wait=False`` for requests: see :func:`screening_run`.
    """
    if party is not None:
        return screening_run(
            acting_user=acting_user,
            kind=kind or Screening.Kind.PARTY,
            name=party.name,
            other_names=[n for n in party.all_names() if n != party.name],
            query_kind=party.kind,
            country=party.country,
            birth_date=party.birth_date,
            party=party,
            eng=eng,
            wait=wait,
            stale=stale,
        )
    return screening_run(
        acting_user=acting_user,
        kind=Screening.Kind.AD_HOC,
        name=name,
        query_kind=query_kind,
        country=country,
        birth_date=birth_date,
        eng=eng,
        wait=wait,
        stale=stale,
    )


@transaction.atomic
def party_create_from_screening(
    *, acting_user: Any, screening: Screening, relationship: str, notes: str = ""
) -> Party:
    """Save the party searched ad hoc; the ad hoc result becomes its first screening."""
    query = screening.query
    party = party_create(
        acting_user=acting_user,
        name=query["name"],
        kind=query.get("type") or EntityKind.UNKNOWN,
        other_names="\n".join(query.get("other_names", [])),
        country=query.get("country", ""),
        birth_date=query.get("birth_date", ""),
        relationship=relationship,
        notes=notes,
        owner=screening.owner,
    )
    if screening.party_id is None:
        Screening.objects.filter(pk=screening.pk).update(party=party)
    return party


def parties_rescreen(*, acting_user: Any = None, snapshot_id: int | None = None) -> dict[str, int]:
    """Re-screen every active saved party against the active snapshots; alerts for new/changed hits only."""
    eng = engine.current_index()
    counts = {"parties": 0, "hits": 0, "alerts": 0}
    for party in (
        Party.objects.filter(is_active=True).select_related("owner", "org_unit").iterator()
    ):
        screening = party_screen(
            acting_user=acting_user, party=party, kind=Screening.Kind.RESCREEN, eng=eng
        )
        counts["parties"] += 1
        counts["hits"] += screening.hit_count
        counts["alerts"] += screening.alert_count
    logger.info("re-screened %(parties)d parties: %(hits)d hits, %(alerts)d alerts", counts)
    if counts["alerts"]:
        _notify_reviewers(alerts=counts["alerts"], parties=counts["parties"])
    return counts


def _notify_reviewers(*, alerts: int, parties: int) -> None:
    """Tell the export control office that a list change raised alerts (names stay in the app)."""
    from django.conf import settings as conf

    from anpo.accounts.roles import Role
    from anpo.accounts.selectors import users_with_role
    from anpo.core.tasks import send_email_task

    recipients = sorted(
        {
            u.email
            for role in (Role.OFFICER, Role.CHIEF_OFFICER)
            for u in users_with_role(role=role)
            if u.email
        }
    )
    if not recipients:
        return
    subject = _("[anpo] %(n)s new screening alert(s) after a list update") % {"n": alerts}
    body = _(
        "A restricted-party list was updated and the saved parties were re-screened (%(parties)s parties).\n"
        "%(n)s hit(s) are new or concern a changed list entry and await review:\n%(url)s\n"
    ) % {"parties": parties, "n": alerts, "url": f"{conf.SITE_URL}/screening/queue/?alerts=on"}
    send_email_task.enqueue(subject=str(subject), body=str(body), to=recipients)


# --- dispositions --------------------------------------------------------------------------


@transaction.atomic
def hit_dispose(
    *,
    acting_user: Any,
    hit: Hit,
    decision: str,
    reason: str = "",
    attachment: UploadedFile | None = None,
) -> Disposition:
    """Record a reviewer's decision on an open hit (officers and the chief officer only).

    A false positive needs a reason and is remembered for the party (suppressing the
    same hit until the list entry changes).
    """
    if not user_can(acting_user, Capability.DISPOSE_HIT):
        raise PermissionDenied
    hit = (
        Hit.objects.select_for_update(of=("self",))
        .select_related("screening__party")
        .get(pk=hit.pk)
    )
    if not hit.is_open:
        raise ValidationError(_("This hit has already been decided."))
    if decision not in Disposition.Decision.values:
        raise ValidationError(_("Unknown decision."))
    reason = reason.strip()
    if decision == Disposition.Decision.FALSE_POSITIVE and not reason:
        raise ValidationError(_("Give the reason why this is not the listed party."))
    max_bytes = min(MAX_ATTACHMENT_BYTES, settings.ANPO_MAX_UPLOAD_BYTES)
    if attachment is not None and attachment.size > max_bytes:
        raise ValidationError(
            _("The attachment is larger than %(max)s MB.") % {"max": max_bytes // (1024 * 1024)}
        )
    before = {"status": hit.status}
    disposition = Disposition(hit=hit, decision=decision, reason=reason, decided_by=acting_user)
    if attachment is not None:
        disposition.attachment.save(
            _safe_filename(attachment.name or "attachment"), attachment, save=False
        )
    disposition.save()
    hit.status = {
        Disposition.Decision.TRUE_MATCH: Hit.Status.TRUE_MATCH,
        Disposition.Decision.FALSE_POSITIVE: Hit.Status.FALSE_POSITIVE,
        Disposition.Decision.ESCALATE: Hit.Status.ESCALATED,
    }[Disposition.Decision(decision)]
    hit.save(update_fields=["status"])
    party = hit.screening.party
    if decision == Disposition.Decision.FALSE_POSITIVE and party is not None:
        Clearance.objects.get_or_create(
            party=party,
            source=hit.source,
            identity=hit.identity,
            fingerprint=hit.fingerprint,
            defaults={"entry_id": hit.entry_id, "disposition": disposition},
        )
    audit_event_create(
        actor=acting_user,
        action="screening.hit.dispose",
        obj=hit,
        object_repr=f"{hit.screening.query_name} → {hit.source}:{hit.entry_id}",
        before=before,
        after={
            "status": hit.status,
            "decision": decision,
            "reason": reason,
            "attachment": disposition.attachment.name or "",
            "score": hit.score,
            "source": hit.source,
            "entry_id": hit.entry_id,
            "fingerprint": hit.fingerprint,
            "party": party.pk if party else None,
        },
    )
    return disposition


# --- batch screening -----------------------------------------------------------------------


@transaction.atomic
def batch_create(*, acting_user: Any, content: bytes, filename: str) -> BatchJob:
    """Validate an uploaded CSV/XLSX of names and enqueue its screening."""
    if len(content) > settings.ANPO_MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("The file is larger than %(max)s bytes.") % {"max": settings.ANPO_MAX_UPLOAD_BYTES}
        )
    try:
        rows = read_queries(content, filename, max_rows=MAX_BATCH_ROWS)
    except QueryFileError as exc:
        raise ValidationError(str(exc)) from exc
    return batch_create_from_rows(acting_user=acting_user, rows=rows, label=filename)


@transaction.atomic
def batch_create_from_rows(*, acting_user: Any, rows: list[QueryRow], label: str) -> BatchJob:
    """A batch of already validated names (the upload page and the API): stored, then screened in the background."""
    if getattr(acting_user, "is_read_only", False):
        raise PermissionDenied
    if not 1 <= len(rows) <= MAX_BATCH_ROWS:
        raise ValidationError(_("Give between 1 and %(max)s names.") % {"max": MAX_BATCH_ROWS})
    ids = [r.id for r in rows]
    if len(set(ids)) != len(ids):
        raise ValidationError(_("Every name needs its own id."))
    batch = BatchJob.objects.create(
        owner=acting_user,
        org_unit=getattr(acting_user, "org_unit", None),
        file_name=_safe_filename(label),
        rows=[r.as_dict() for r in rows],
        total=len(rows),
    )
    audit_event_create(
        actor=acting_user,
        action="screening.batch.create",
        obj=batch,
        after={"file": batch.file_name, "rows": batch.total},
    )
    from anpo.screening.tasks import batch_run_task

    batch_id = batch.pk
    transaction.on_commit(lambda: batch_run_task.enqueue(batch_id=batch_id))
    return batch


def screening_batch_run(*, batch_id: int) -> BatchJob:
    """Screen every row of a batch, saving progress as it goes (the page polls it)."""
    batch = BatchJob.objects.select_related("owner").get(pk=batch_id)
    if batch.status == BatchJob.Status.DONE:
        return batch
    BatchJob.objects.filter(pk=batch.pk).update(status=BatchJob.Status.RUNNING)
    try:
        eng = engine.current_index()
        done_ids = set(batch.screenings.values_list("batch_row_id", flat=True))
        processed = len(done_ids)
        hits = sum(batch.screenings.values_list("hit_count", flat=True))
        for raw in batch.rows:
            row = QueryRow(
                id=raw["id"],
                name=raw["name"],
                kind=EntityKind(raw.get("type") or "unknown"),
                country=raw.get("country", ""),
                birth_date=raw.get("birth_date", ""),
            )
            if row.id in done_ids:
                continue
            screening = screening_run(
                acting_user=batch.owner,
                kind=Screening.Kind.BATCH,
                name=row.name,
                query_kind=row.kind,
                country=row.country,
                birth_date=row.birth_date,
                batch=batch,
                batch_row_id=row.id,
                owner=batch.owner,
                eng=eng,
            )
            processed += 1
            hits += screening.hit_count
            if processed % 20 == 0:
                BatchJob.objects.filter(pk=batch.pk).update(processed=processed, hit_count=hits)
        BatchJob.objects.filter(pk=batch.pk).update(
            processed=processed,
            hit_count=hits,
            status=BatchJob.Status.DONE,
            finished_at=timezone.now(),
        )
    except Exception as exc:
        logger.exception("batch %s failed", batch.pk)
        BatchJob.objects.filter(pk=batch.pk).update(
            status=BatchJob.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    batch.refresh_from_db()
    return batch
