"""Which lists we know: parser, labels, official download location, file patterns.

A lists directory has one folder per source, named by the source key (the layout
of ``shared/data/lists``)::

    lists/meti-eul/20250929_4.xlsx
    lists/un-sc/consolidated.xml
    lists/ofac-sdn/sdn.csv, alt.csv, add.csv, sdn_comments.csv
    ...

:func:`load_lists_dir` loads every known folder present; :func:`load_source` loads
one folder, picking the preferred file (e.g. the official METI XLSX over a
third-party JSON conversion; the newest by the date in the file name).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from .base import ListParseError, ParsedList
from .bis_dpl import parse_dpl_tsv
from .eu_fsf import parse_eu_jsonl, parse_eu_xml
from .internal import parse_internal
from .meti_eul import parse_meti_eul_html, parse_meti_eul_json, parse_meti_eul_xlsx
from .mof import parse_mof_xlsx
from .ofac import parse_ofac_dir
from .opensanctions import parse_ftm
from .text import date_from_filename
from .uk_sanctions import parse_uk_jsonl, parse_uk_xml
from .un_sc import parse_un_xml
from .us_csl import parse_csl_csv

FileParser = Callable[[Path], ParsedList]


@dataclass(frozen=True)
class SourceSpec:
    """One restricted-party list the platform can import.

    ``formats`` are tried in order: the first ``(glob patterns, parser)`` pair that
    matches a file in the folder wins (official formats first). ``folder_parser``
    replaces that for multi-file sets (OFAC). ``urls`` are the official publisher's
    download or index pages; ``update_hint`` says how to find the current file when
    the URL changes with each revision.
    """

    key: str
    label_en: str
    label_ja: str
    publisher: str
    urls: tuple[str, ...]
    update_hint: str
    formats: tuple[tuple[tuple[str, ...], FileParser], ...] = ()
    folder_parser: Callable[[Path], ParsedList] | None = None
    licence: str = ""
    patterns: tuple[str, ...] = ()  # for folder parsers: the files of the set

    @property
    def label(self) -> str:
        """``"METI End User List (外国ユーザーリスト)"``."""
        return f"{self.label_en} ({self.label_ja})"

    @property
    def file_patterns(self) -> tuple[str, ...]:
        return self.patterns or tuple(p for patterns, _ in self.formats for p in patterns)


def _ofac(source: str) -> Callable[[Path], ParsedList]:
    def load(folder: Path) -> ParsedList:
        return parse_ofac_dir(folder, source=source)

    return load


def _all_internal(folder: Path) -> ParsedList:
    files = sorted(p for pattern in ("*.csv", "*.tsv", "*.xlsx") for p in folder.glob(pattern))
    if not files:
        raise ListParseError("no internal watch-list file (*.csv, *.tsv, *.xlsx)", path=folder)
    parsed = [parse_internal(f) for f in files]
    if len(parsed) == 1:
        return parsed[0]
    seen: dict[str, str] = {}
    for result in parsed:
        for entry in result.entries:
            if entry.entry_id in seen:
                raise ListParseError(
                    f"id {entry.entry_id!r} appears in both {seen[entry.entry_id]} and {result.files[0].name}",
                    path=folder,
                )
            seen[entry.entry_id] = result.files[0].name
    first = parsed[0]
    return ParsedList(
        source=first.source,
        entries=tuple(e for r in parsed for e in r.entries),
        files=tuple(f for r in parsed for f in r.files),
        format=first.format,
        published=max((r.published for r in parsed if r.published), default=None),
        rows_read=sum(r.rows_read for r in parsed),
        skipped=sum(r.skipped for r in parsed),
        warnings=tuple(w for r in parsed for w in r.warnings),
    )


SOURCES: dict[str, SourceSpec] = {
    spec.key: spec
    for spec in (
        SourceSpec(
            key="meti-eul",
            label_en="METI End User List",
            label_ja="外国ユーザーリスト",
            publisher="経済産業省 (METI)",
            urls=(
                "https://www.meti.go.jp/policy/anpo/law05.html",
                "https://www.meti.go.jp/policy/anpo/law00.html",
            ),
            update_hint=(
                "No stable file URL: each revision is a METI press release "
                "(https://www.meti.go.jp/press/YYYY/MM/<id>/<id>.html) with an Excel file named like "
                "20250929_4.xlsx. Poll the キャッチオール規制 / 外国ユーザーリスト section of the pages "
                "above, follow the newest 外国ユーザーリスト link and download its .xlsx."
            ),
            formats=(
                (("*.xlsx",), parse_meti_eul_xlsx),
                (("*.json",), parse_meti_eul_json),
                (("*.html", "*.htm"), parse_meti_eul_html),
            ),
            licence="Government of Japan Standard Terms of Use 2.0 (CC BY 4.0 compatible); 出典: 経済産業省",
        ),
        SourceSpec(
            key="jp-mof-asset-freeze",
            label_en="MOF asset-freeze list (Foreign Exchange Act)",
            label_ja="外為法に基づく資産凍結等の措置の対象者",
            publisher="財務省 (Ministry of Finance)",
            urls=(
                "https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/economic_sanctions/list.html",
            ),
            update_hint=(
                "The Excel file is renamed at every update (shisantouketsuYYYYMMDD.xlsx). Open the "
                "経済制裁措置及び対象者リスト page above and download the linked 資産凍結等の措置の対象者 "
                ".xlsx; the date in its name is the revision date."
            ),
            formats=((("*.xlsx",), parse_mof_xlsx),),
            licence="Government of Japan Standard Terms of Use 2.0; 出典: 財務省",
        ),
        SourceSpec(
            key="un-sc",
            label_en="UN Security Council Consolidated List",
            label_ja="国連安保理統合制裁リスト",
            publisher="United Nations Security Council",
            urls=("https://scsanctions.un.org/resources/xml/en/consolidated.xml",),
            update_hint="Stable URL; dateGenerated in the file is the publication time.",
            formats=((("*.xml", "*.xml.gz"), parse_un_xml),),
        ),
        SourceSpec(
            key="us-csl",
            label_en="US Consolidated Screening List",
            label_ja="米国統合スクリーニングリスト",
            publisher="US International Trade Administration (trade.gov)",
            urls=(
                "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.csv",
                "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.tsv",
            ),
            update_hint="Stable URLs, rebuilt about hourly; no publication date inside the file.",
            formats=((("*.csv.gz", "*.csv", "*.tsv", "*.tsv.gz"), parse_csl_csv),),
            licence="US Government work (public domain in the US)",
        ),
        SourceSpec(
            key="ofac-sdn",
            label_en="OFAC Specially Designated Nationals (SDN) List",
            label_ja="米国財務省OFAC SDNリスト",
            publisher="US Treasury, Office of Foreign Assets Control",
            urls=tuple(
                f"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/{name}"
                for name in ("SDN.CSV", "ALT.CSV", "ADD.CSV", "SDN_COMMENTS.CSV")
            ),
            update_hint="Stable URLs (legacy CSV set); download all four files into the folder.",
            folder_parser=_ofac("ofac-sdn"),
            patterns=("sdn.csv", "alt.csv", "add.csv", "sdn_comments.csv"),
            licence="US Government work (public domain in the US)",
        ),
        SourceSpec(
            key="ofac-non-sdn",
            label_en="OFAC Consolidated (non-SDN) Sanctions List",
            label_ja="米国財務省OFAC 非SDN統合リスト",
            publisher="US Treasury, Office of Foreign Assets Control",
            urls=tuple(
                f"https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/{name}"
                for name in ("CONS_PRIM.CSV", "CONS_ALT.CSV", "CONS_ADD.CSV", "CONS_COMMENTS.CSV")
            ),
            update_hint="Stable URLs (legacy CSV set); download all four files into the folder.",
            folder_parser=_ofac("ofac-non-sdn"),
            patterns=("cons_prim.csv", "cons_alt.csv", "cons_add.csv", "cons_comments.csv"),
            licence="US Government work (public domain in the US)",
        ),
        SourceSpec(
            key="bis-dpl",
            label_en="BIS Denied Persons List",
            label_ja="米国商務省BIS 取引禁止顧客リスト (DPL)",
            publisher="US Department of Commerce, Bureau of Industry and Security",
            urls=("https://www.bis.doc.gov/dpl/dpl.txt",),
            update_hint=(
                "If the BIS text file is retired, use the DPL rows of the US CSL (source 'us-csl')."
            ),
            formats=((("dpl.txt", "*.txt", "*.tsv"), parse_dpl_tsv),),
            licence="US Government work (public domain in the US)",
        ),
        SourceSpec(
            key="eu-fsf",
            label_en="EU Consolidated Financial Sanctions List",
            label_ja="EU金融制裁統合リスト",
            publisher="European Commission (FISMA / FSF)",
            urls=(
                "https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/content?token=dG9rZW4tMjAxNw",
            ),
            update_hint=(
                "The public token in the URL is published on the FSF page "
                "(https://webgate.ec.europa.eu/fsd/fsf); the XML's generationDate is the publication time."
            ),
            formats=(
                (("*.xml", "*.xml.gz"), parse_eu_xml),
                (("*.jsonl", "*.jsonl.gz"), parse_eu_jsonl),
            ),
            licence="Commission Decision 2011/833/EU (reuse with acknowledgement)",
        ),
        SourceSpec(
            key="uk-sanctions-list",
            label_en="UK Sanctions List",
            label_ja="英国制裁リスト",
            publisher="UK Foreign, Commonwealth & Development Office",
            urls=("https://www.gov.uk/government/publications/the-uk-sanctions-list",),
            update_hint=(
                "Open the gov.uk page above and follow its 'UK_Sanctions_List.xml' link (the file "
                "location is published there)."
            ),
            formats=(
                (("*.xml", "*.xml.gz"), parse_uk_xml),
                (("*.jsonl", "*.jsonl.gz"), parse_uk_jsonl),
            ),
            licence="Open Government Licence v3.0",
        ),
        SourceSpec(
            key="opensanctions",
            label_en="OpenSanctions (FollowTheMoney entities)",
            label_ja="OpenSanctions (FtM形式)",
            publisher="OpenSanctions",
            urls=("https://data.opensanctions.org/datasets/latest/default/entities.ftm.json",),
            update_hint="Any dataset's entities.ftm.json (JSON-Lines) from data.opensanctions.org.",
            formats=((("*.ftm.json", "*.json", "*.jsonl", "*.json.gz", "*.jsonl.gz"), parse_ftm),),
            licence="CC BY-NC 4.0 (non-commercial; commercial use needs an OpenSanctions licence)",
        ),
        SourceSpec(
            key="internal",
            label_en="Internal watch list",
            label_ja="内部ウォッチリスト",
            publisher="this institution",
            urls=(),
            update_hint="Maintained locally; see anpo.screening.parsers.internal for the columns.",
            folder_parser=_all_internal,
            formats=((("*.csv", "*.tsv", "*.xlsx"), parse_internal),),
        ),
    )
}


def _newest(files: Iterable[Path]) -> Path:
    """The file with the latest date in its name (then the last name in sort order)."""
    return max(files, key=lambda f: (date_from_filename(f.name) or dt.date.min, f.name))


def pick_file(spec: SourceSpec, folder: Path) -> tuple[Path, FileParser]:
    """The preferred file in ``folder`` for ``spec`` and the parser to read it."""
    for patterns, parser in spec.formats:
        matches = {p for pattern in patterns for p in folder.glob(pattern) if p.is_file()}
        if matches:
            return _newest(matches), parser
    raise ListParseError(f"no file matching {', '.join(spec.file_patterns)}", path=folder)


def load_source(key: str, folder: Path) -> ParsedList:
    """Parse the list ``key`` from its folder (see :data:`SOURCES`)."""
    spec = SOURCES.get(key)
    if spec is None:
        raise KeyError(f"unknown list source {key!r}; known: {', '.join(SOURCES)}")
    folder = Path(folder)
    if not folder.is_dir():
        raise ListParseError("folder not found", path=folder)
    if spec.folder_parser is not None:
        return spec.folder_parser(folder)
    path, parser = pick_file(spec, folder)
    return parser(path)


def load_lists_dir(
    path: Path,
    *,
    sources: Iterable[str] | None = None,
    errors: dict[str, ListParseError] | None = None,
) -> dict[str, ParsedList]:
    """Load every known source folder found under ``path``.

    Folders named after unknown sources are ignored. When ``errors`` is given, a
    source that fails is recorded there and the others still load; otherwise the
    first :class:`ListParseError` propagates.
    """
    root = Path(path)
    if not root.is_dir():
        raise ListParseError("lists directory not found", path=root)
    wanted = list(sources) if sources is not None else list(SOURCES)
    out: dict[str, ParsedList] = {}
    for key in wanted:
        folder = root / key
        if not folder.is_dir():
            continue
        try:
            out[key] = load_source(key, folder)
        except ListParseError as exc:
            if errors is None:
                raise
            errors[key] = exc
    return out
