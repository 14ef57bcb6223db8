"""What every list parser returns (``ParsedList``), its one error type, shared plumbing.

Contract for parsers: take file path(s), return a :class:`ParsedList`, or raise
:class:`ListParseError` whose message says which file, where (row/record) and what
was wrong. A file that parses but yields no entry is an error too.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import hashlib
import io
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from anpo.matching.types import EntityKind, ListEntry, ListName, NameKind

from .text import MAX_NAME_CHARS, clean_line, is_empty_marker

# Hard limits against hostile or broken input (far above any real list file).
MAX_FILE_BYTES = 512 * 1024 * 1024  # uncompressed
MAX_XLSX_UNCOMPRESSED = 400 * 1024 * 1024
csv.field_size_limit(16 * 1024 * 1024)


class ListParseError(ValueError):
    """A list file is missing, broken, truncated, of the wrong format, or empty."""

    def __init__(self, message: str, *, path: Path | str | None = None, where: str = "") -> None:
        self.path = Path(path) if path is not None else None
        self.where = where
        self.reason = message
        prefix = self.path.name if self.path is not None else ""
        if where:
            prefix = f"{prefix} ({where})" if prefix else where
        super().__init__(f"{prefix}: {message}" if prefix else message)


class ListSanityError(ListParseError):
    """A list parsed, but its size is implausible (empty, or far smaller than before)."""


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One file a list was read from, with its SHA-256 (for the snapshot record)."""

    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class ParsedList:
    """The result of parsing one source list.

    ``entries`` have unique ``entry_id``s. ``published`` is the publication date found
    in the file (or its name) when there is one. ``rows_read`` counts the source
    records read (rows, XML records, JSON lines) before merging/skipping.
    """

    source: str
    entries: tuple[ListEntry, ...]
    files: tuple[SourceFile, ...]
    format: str
    published: dt.date | None = None
    rows_read: int = 0
    skipped: int = 0  # delisted placeholders, blank rows, records without a name
    warnings: tuple[str, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        """SHA-256 of the single input file, or of the sorted ``name:sha256`` lines."""
        if len(self.files) == 1:
            return self.files[0].sha256
        lines = "".join(f"{f.name}:{f.sha256}\n" for f in sorted(self.files, key=lambda f: f.name))
        return hashlib.sha256(lines.encode()).hexdigest()

    @property
    def name_count(self) -> int:
        return sum(len(e.names) for e in self.entries)

    def counts(self) -> dict[str, int]:
        """Entry/name totals and entries per kind, e.g. for the snapshot record and logs."""
        out = {"entries": len(self.entries), "names": self.name_count, "rows_read": self.rows_read}
        for kind in EntityKind:
            out[f"kind_{kind.value}"] = sum(1 for e in self.entries if e.kind is kind)
        for name_kind in NameKind:
            out[f"names_{name_kind.value}"] = sum(
                1 for e in self.entries for n in e.names if n.kind is name_kind
            )
        return out

    def check_sanity(
        self, *, previous_count: int | None = None, min_ratio: float = 0.8, min_entries: int = 1
    ) -> None:
        """Raise :class:`ListSanityError` if the list looks truncated.

        ``previous_count`` is the entry count of the last accepted snapshot of the same
        source; a new count below ``min_ratio`` of it is refused (lists shrink slowly).
        """
        where = self.files[0].name if self.files else self.source
        if len(self.entries) < min_entries:
            raise ListSanityError(
                f"parsed {len(self.entries)} entries, expected at least {min_entries}", path=where
            )
        if previous_count and len(self.entries) < previous_count * min_ratio:
            raise ListSanityError(
                f"parsed {len(self.entries)} entries, fewer than {min_ratio:.0%} of the previous "
                f"snapshot's {previous_count}; refusing a possibly truncated list",
                path=where,
            )


# --- reading files ---------------------------------------------------------------------


def file_info(path: Path) -> SourceFile:
    digest = hashlib.sha256()
    size = 0
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return SourceFile(name=path.name, sha256=digest.hexdigest(), size=size)


def read_bytes(path: Path) -> bytes:
    """File content, gunzipped when it is gzip (by magic number), with size limits."""
    path = Path(path)
    if not path.is_file():
        raise ListParseError("file not found", path=path)
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as gz:
                raw = gz.read(MAX_FILE_BYTES + 1)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise ListParseError(f"broken or truncated gzip data ({exc})", path=path) from exc
    if len(raw) > MAX_FILE_BYTES:
        raise ListParseError(f"file larger than {MAX_FILE_BYTES} bytes", path=path)
    if not raw.strip(b" \t\r\n\x1a\x00"):
        raise ListParseError("file is empty", path=path)
    return raw


def decode(raw: bytes, path: Path, encodings: Sequence[str] = ("utf-8-sig",)) -> str:
    """Decode with the first encoding that works; a clear error otherwise."""
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ListParseError(f"text is not valid {' or '.join(encodings)}", path=path)


def check_xlsx(path: Path) -> None:
    """Refuse files that are not XLSX zips, or that would inflate absurdly (zip bombs)."""
    if not path.is_file():
        raise ListParseError("file not found", path=path)
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            total = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, OSError, EOFError) as exc:
        raise ListParseError(
            f"not an .xlsx workbook (broken or truncated zip: {exc})", path=path
        ) from exc
    if "xl/workbook.xml" not in names:
        raise ListParseError("not an .xlsx workbook (no xl/workbook.xml)", path=path)
    if total > MAX_XLSX_UNCOMPRESSED:
        raise ListParseError(f"workbook inflates to {total} bytes; refusing", path=path)


# --- building entries ------------------------------------------------------------------


class EntryCollector:
    """Accumulates entries for one source: cleans names, merges duplicate ids, warns."""

    def __init__(self, source: str, path: Path) -> None:
        self.source = source
        self.path = path
        self.entries: dict[str, ListEntry] = {}
        self.warnings: list[str] = []
        self.rows_read = 0
        self.skipped = 0

    def warn(self, where: str, message: str) -> None:
        if len(self.warnings) < 1000:
            self.warnings.append(f"{self.path.name} ({where}): {message}")

    def add(
        self,
        *,
        where: str,
        entry_id: str,
        kind: EntityKind,
        names: Iterable[ListName],
        countries: Iterable[str] = (),
        birth_dates: Iterable[str] = (),
        programs: Iterable[str] = (),
        remarks: str = "",
        extra: dict[str, str] | None = None,
    ) -> ListEntry | None:
        """Build and keep one entry; returns ``None`` (and counts a skip) if it has no name."""
        entry_id = clean_line(entry_id, max_chars=200)
        if not entry_id:
            raise ListParseError("record without an identifier", path=self.path, where=where)
        clean_names = self._names(names, where)
        if not clean_names:
            self.skipped += 1
            self.warn(where, f"record {entry_id} has no name; skipped")
            return None
        entry = ListEntry(
            source=self.source,
            entry_id=entry_id,
            kind=kind,
            names=clean_names,
            countries=_unique(c for c in countries if c),
            birth_dates=_unique(d for d in birth_dates if d),
            programs=_unique(p for p in (clean_line(p, max_chars=300) for p in programs) if p),
            remarks=remarks,
            extra={k: v for k, v in (extra or {}).items() if v},
        )
        previous = self.entries.get(entry_id)
        if previous is not None:
            entry = _merge(previous, entry)
        self.entries[entry_id] = entry
        return entry

    def _names(self, names: Iterable[ListName], where: str) -> tuple[ListName, ...]:
        out: list[ListName] = []
        seen: set[str] = set()
        for name in names:
            value = clean_line(name.value)
            if is_empty_marker(value):
                continue
            if len(value) > MAX_NAME_CHARS:
                self.warn(where, f"name longer than {MAX_NAME_CHARS} characters truncated")
                value = value[:MAX_NAME_CHARS].rstrip()
            key = value.casefold()
            if key in seen:
                continue
            seen.add(key)
            out.append(replace(name, value=value) if value != name.value else name)
        if out and not any(n.kind is NameKind.PRIMARY for n in out):
            out[0] = replace(out[0], kind=NameKind.PRIMARY)
        return tuple(out)

    def result(
        self,
        *,
        files: Sequence[Path],
        format: str,
        published: dt.date | None,
        meta: dict[str, str] | None = None,
    ) -> ParsedList:
        if not self.entries:
            raise ListSanityError(
                f"parsed 0 entries from {self.rows_read} records; wrong or empty file?",
                path=self.path,
            )
        return ParsedList(
            source=self.source,
            entries=tuple(self.entries.values()),
            files=tuple(file_info(Path(f)) for f in files),
            format=format,
            published=published,
            rows_read=self.rows_read,
            skipped=self.skipped,
            warnings=tuple(self.warnings),
            meta=meta or {},
        )


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))


def _merge(a: ListEntry, b: ListEntry) -> ListEntry:
    """One entity published in several records (CSL sub-lists, DPL addresses)."""
    seen = {n.value.casefold() for n in a.names}
    extra_names = []
    for n in b.names:
        if n.value.casefold() not in seen:
            seen.add(n.value.casefold())
            extra_names.append(
                n if n.kind is not NameKind.PRIMARY else replace(n, kind=NameKind.ALIAS)
            )
    remarks = (
        a.remarks
        if (not b.remarks or b.remarks in a.remarks)
        else f"{a.remarks}\n{b.remarks}".strip()
    )
    kind = a.kind if a.kind is not EntityKind.UNKNOWN else b.kind
    return replace(
        a,
        kind=kind,
        names=a.names + tuple(extra_names),
        countries=_unique((*a.countries, *b.countries)),
        birth_dates=_unique((*a.birth_dates, *b.birth_dates)),
        programs=_unique((*a.programs, *b.programs)),
        remarks=remarks,
        extra={**b.extra, **a.extra},
    )


def name(value: str, kind: NameKind = NameKind.PRIMARY, lang: str = "") -> ListName:
    """Shorthand used by the parsers."""
    return ListName(value=value, kind=kind, lang=lang)
