"""Where each instrument comes from: the shared folder layout, files, URLs.

``load_directory`` reads a folder laid out like ``../shared/data/control-lists/``::

    jp-law/export-order-appendix1.json                   輸出令別表第一 (rows, 2026-02-14)
    jp-law/export-trade-control-order-324CO0000000378.md 輸出令 (markdown, 2026-06-05)
    jp-law/goods-ordinance-403M50000400049.json (+ goods-ordinance-index.json, or the .md)
    us-ccl/ccl-eccns.json
    eu-structure/dual-use-list-no2022.json

and returns the versions in import order (older first within an instrument), plus the
外為令別表 derived from the ordinance. ``parse_file`` / ``parse_bytes`` read one file or a
download of one instrument, recognising the format by name and content; ``official_url``
names the production source (e-Gov law API v2, eCFR versioner API).
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Final

from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Instrument,
    ParsedInstrument,
)
from anpo.classification.catalogue.parsers import (
    ccl,
    egov,
    eu_structure,
    jp_forex,
    jp_order,
    jp_ordinance,
)
from anpo.classification.catalogue.parsers.common import MAX_SOURCE_BYTES


@dataclass(frozen=True, slots=True)
class InstrumentSpec:
    instrument: Instrument
    regime: str  # "jp" | "us" | "eu"
    name_ja: str
    name_en: str
    law_id: str
    aliases: tuple[str, ...]
    stand_in: bool = False


SPECS: Final = {
    Instrument.EXPORT_ORDER: InstrumentSpec(
        Instrument.EXPORT_ORDER,
        "jp",
        "輸出貿易管理令 別表第一",
        "Export Trade Control Order, Appended Table 1 (goods)",
        jp_order.LAW_ID,
        ("export-order", "輸出令", "appendix1", "order"),
    ),
    Instrument.FOREX_ORDER: InstrumentSpec(
        Instrument.FOREX_ORDER,
        "jp",
        "外国為替令 別表",
        "Foreign Exchange Order, Appended Table (technology)",
        jp_order.FOREX_LAW_ID,
        ("forex-order", "外為令", "technology"),
    ),
    Instrument.GOODS_ORDINANCE: InstrumentSpec(
        Instrument.GOODS_ORDINANCE,
        "jp",
        "貨物等省令",
        "Ministerial Ordinance on goods and technology (specifications)",
        jp_ordinance.LAW_ID,
        ("goods-ordinance", "貨物等省令", "ordinance"),
    ),
    Instrument.US_CCL: InstrumentSpec(
        Instrument.US_CCL,
        "us",
        "米国 商務省規制品目リスト (CCL)",
        "US Commerce Control List (CCL)",
        "15 CFR 774 Supp. 1",
        ("ccl", "us-ccl", "ear"),
    ),
    Instrument.EU_STRUCTURE: InstrumentSpec(
        Instrument.EU_STRUCTURE,
        "eu",
        "EU附属書I構造（代替データ）",
        "EU Annex I structure (stand-in)",
        "Regulation (EU) 2021/821 Annex I",
        ("eu", "eu-structure", "eu-annex1", "annex1"),
        stand_in=True,
    ),
}
IMPORT_ORDER: Final = (
    Instrument.EXPORT_ORDER,
    Instrument.GOODS_ORDINANCE,
    Instrument.FOREX_ORDER,
    Instrument.US_CCL,
    Instrument.EU_STRUCTURE,
)


def resolve_instrument(name: str) -> Instrument:
    """``export-order`` / ``輸出令`` / ``jp-export-order`` -> the instrument."""
    wanted = name.strip().lower()
    for spec in SPECS.values():
        if wanted == spec.instrument.value or wanted in spec.aliases:
            return spec.instrument
    choices = ", ".join(s.aliases[0] for s in SPECS.values())
    raise CatalogueParseError(f"unknown instrument '{name}' (one of {choices})")


def _first(folder: Path, *patterns: str) -> Path | None:
    for pattern in patterns:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
    return None


def load_directory(root: Path) -> tuple[list[ParsedInstrument], list[str]]:
    """Every instrument found under ``root`` (layout above), in import order."""
    if not root.is_dir():
        raise CatalogueParseError(f"not a directory: {root}")
    found: list[ParsedInstrument] = []
    errors: list[str] = []
    jp = root / "jp-law"

    def attempt(label: str, load: Callable[[], ParsedInstrument]) -> ParsedInstrument | None:
        try:
            return load()
        except CatalogueParseError as exc:
            errors.append(f"{label}: {exc}")
            return None

    orders: list[ParsedInstrument] = []
    rows = _first(jp, "export-order-appendix1.json")
    if rows is not None:
        parsed = attempt(rows.name, lambda: jp_order.parse_appendix_json(rows))
        if parsed is not None:
            orders.append(parsed)
    markdown = _first(jp, "export-trade-control-order-*.md")
    if markdown is not None:
        parsed = attempt(markdown.name, lambda: jp_order.parse_order_markdown(markdown))
        if parsed is not None:
            orders.append(parsed)
    orders.sort(key=lambda p: p.info.legal_text_date or dt.date.min)
    found.extend(orders)
    index = _first(jp, "goods-ordinance-index.json")
    tree = _first(jp, "goods-ordinance-*[0-9].json")
    ordinance: ParsedInstrument | None = None
    if tree is not None:
        ordinance = attempt(
            tree.name, lambda: jp_ordinance.parse_ordinance_json(tree, index_path=index)
        )
    else:
        ordinance_md = _first(jp, "goods-ordinance-*.md")
        if ordinance_md is not None:
            ordinance = attempt(
                ordinance_md.name,
                lambda: jp_ordinance.parse_ordinance_markdown(ordinance_md, index_path=index),
            )
    if ordinance is not None:
        found.append(ordinance)
        found.append(jp_forex.forex_from_ordinance(ordinance))
    ccl_file = _first(root / "us-ccl", "ccl-eccns.json", "*.xml")
    if ccl_file is not None:
        parsed = attempt(ccl_file.name, lambda: parse_file(Instrument.US_CCL, ccl_file))
        if parsed is not None:
            found.append(parsed)
    eu_file = _first(root / "eu-structure", "dual-use-list-*.json")
    if eu_file is not None:
        parsed = attempt(eu_file.name, lambda: eu_structure.parse_eu_structure_json(eu_file))
        if parsed is not None:
            found.append(parsed)
    if not found and not errors:
        errors.append(
            f"{root}: no control-list files in the expected layout (jp-law/, us-ccl/, eu-structure/)"
        )
    return found, errors


def _looks_like_egov(data: bytes) -> bool:
    head = data[:4000].lstrip()
    return (head.startswith(b"{") and b"law_full_text" in data[:2_000_000]) or (
        head.startswith(b"<")
        and (b"<Law " in head or b"<Law>" in head or b"LawBody" in data[:200_000])
    )


def parse_bytes(
    instrument: Instrument, data: bytes, *, source: str, legal_text_date: str = ""
) -> ParsedInstrument:
    """One instrument from downloaded bytes (e-Gov API / XML, eCFR XML, or the shared formats)."""
    if len(data) > MAX_SOURCE_BYTES:
        raise CatalogueParseError(
            f"larger than {MAX_SOURCE_BYTES // (1024 * 1024)} MB", source=source
        )
    if not data.strip():
        raise CatalogueParseError("the file is empty", source=source)
    if instrument in (Instrument.EXPORT_ORDER, Instrument.FOREX_ORDER) and _looks_like_egov(data):
        return egov.parse_egov_order(data, source=source, instrument=instrument)
    if instrument == Instrument.GOODS_ORDINANCE and _looks_like_egov(data):
        return egov.parse_egov_ordinance(data, source=source)
    if instrument == Instrument.US_CCL and data.lstrip().startswith(b"<"):
        return ccl.parse_ecfr_xml(data, source=source, legal_text_date=legal_text_date)
    # the shared formats: write to a temporary name-less path is not needed - parse in memory
    import tempfile

    suffix = Path(urllib.parse.urlparse(source).path).suffix or ".json"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(urllib.parse.urlparse(source).path).name or f"download{suffix}")
        path.write_bytes(data)
        parsed = parse_file(instrument, path)
    return replace(parsed, info=replace(parsed.info, source=source))


def parse_file(instrument: Instrument, path: Path) -> ParsedInstrument:
    """One instrument from a file (or, for the ordinance, a folder with its index)."""
    if path.is_dir():
        if instrument == Instrument.GOODS_ORDINANCE:
            index = _first(path, "goods-ordinance-index.json")
            tree = _first(path, "goods-ordinance-*[0-9].json")
            if tree is not None:
                return jp_ordinance.parse_ordinance_json(tree, index_path=index)
            md = _first(path, "goods-ordinance-*.md")
            if md is not None:
                return jp_ordinance.parse_ordinance_markdown(md, index_path=index)
        raise CatalogueParseError("give a file, not a folder", source=str(path))
    if not path.is_file():
        raise CatalogueParseError("file not found", source=str(path))
    head = path.read_bytes()[:200_000]
    if instrument in (
        Instrument.EXPORT_ORDER,
        Instrument.FOREX_ORDER,
        Instrument.GOODS_ORDINANCE,
    ) and _looks_like_egov(head):
        return parse_bytes(instrument, path.read_bytes(), source=path.name)
    suffix = path.suffix.lower()
    if instrument == Instrument.EXPORT_ORDER:
        if suffix == ".md":
            return jp_order.parse_order_markdown(path)
        if suffix == ".json":
            return jp_order.parse_appendix_json(path)
    elif instrument == Instrument.GOODS_ORDINANCE:
        index = path.parent / "goods-ordinance-index.json"
        index_path = index if index.is_file() and index != path else None
        if suffix == ".md":
            return jp_ordinance.parse_ordinance_markdown(path, index_path=index_path)
        if suffix == ".json":
            return jp_ordinance.parse_ordinance_json(path, index_path=index_path)
    elif instrument == Instrument.FOREX_ORDER:
        if suffix in (".json", ".md"):
            ordinance = parse_file(Instrument.GOODS_ORDINANCE, path)
            return jp_forex.forex_from_ordinance(ordinance)
    elif instrument == Instrument.US_CCL:
        if suffix == ".json":
            return ccl.parse_ccl_json(path)
        if suffix == ".xml":
            return ccl.parse_ecfr_xml(path.read_bytes(), source=path.name)
    elif instrument == Instrument.EU_STRUCTURE and suffix == ".json":
        return eu_structure.parse_eu_structure_json(path)
    raise CatalogueParseError(
        f"no parser for '{suffix or path.name}' files of {instrument.value}", source=path.name
    )


def official_url(
    instrument: Instrument,
    *,
    egov_base: str = egov.API_BASE,
    ecfr_template: str = ccl.ECFR_API,
    date: dt.date | None = None,
) -> str:
    """The production source of an instrument (e-Gov law API v2 / eCFR versioner)."""
    if instrument in egov.LAW_IDS:
        return egov.law_data_url(egov.LAW_IDS[instrument], base=egov_base)
    if instrument == Instrument.US_CCL:
        # eCFR's point-in-time text trails the calendar by a day or two
        default = dt.datetime.now(tz=dt.UTC).date() - dt.timedelta(days=3)
        return ecfr_template.format(date=(date or default).isoformat())
    raise CatalogueParseError(
        f"{instrument.value} has no official API source anpo can read (use a file)"
    )


def fetch(url: str, *, timeout: float = 60.0, max_bytes: int = MAX_SOURCE_BYTES) -> bytes:
    """Download ``url`` (http/https only, size-limited)."""
    parsed = urllib.parse.urlparse(url)
    if parsed.scheme not in ("http", "https"):
        raise CatalogueParseError(
            f"only http(s) URLs can be imported, not '{parsed.scheme}'", source=url
        )
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": "anpo-catalogue/1",
            "Accept": "application/json, application/xml, text/xml, */*",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(1 << 20):
                size += len(chunk)
                if size > max_bytes:
                    raise CatalogueParseError(
                        f"the download is larger than {max_bytes // (1024 * 1024)} MB", source=url
                    )
                chunks.append(chunk)
    except OSError as exc:
        raise CatalogueParseError(f"download failed: {exc}", source=url) from exc
    return b"".join(chunks)


def describe(parsed: ParsedInstrument) -> dict[str, object]:
    """A JSON-able summary of a parsed instrument (for logs and the CLI)."""
    info = parsed.info
    return {
        "instrument": info.instrument.value,
        "revision": info.revision_label,
        "legal_text_date": info.legal_text_date.isoformat() if info.legal_text_date else None,
        "entries": len(parsed.entries),
        "counts": parsed.counts,
        "warnings": len(parsed.warnings),
        "source": info.source,
        "sha256": info.sha256,
    }


def dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)
