"""Records of the catalogue: instruments' versions, their entries (a tree) and links.

Plain frozen dataclasses shared by the parsers, the search index, the suggester and the
Django side. An entry's ``key`` is stable across versions of its instrument (輸出令:
``2の項(41)3``; 貨物等省令: the tree id ``6-1-1-ro``; CCL/EU: ``3A001.a.1``), so that a
classification can pin the versions it used and a new version's diff names exactly the
entries that changed (``content_hash``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from enum import StrEnum


class Instrument(StrEnum):
    """The control lists anpo knows (the keys used in the database and the CLI)."""

    EXPORT_ORDER = "jp-export-order"  # 輸出貿易管理令 別表第一 (goods)
    FOREX_ORDER = "jp-forex-order"  # 外国為替令 別表 (technology)
    GOODS_ORDINANCE = "jp-goods-ordinance"  # 貨物等省令 (specifications of both)
    US_CCL = "us-ccl"  # Commerce Control List, 15 CFR 774 Supp. 1
    EU_STRUCTURE = "eu-annex1-structure"  # stand-in with the EU Annex I code structure


class EntryKind(StrEnum):
    KOU = "kou"  # 項 of 輸出令別表第一 / 外為令別表
    GOU = "gou"  # 号 （一）
    BRANCH = "branch"  # 枝番 １
    ARTICLE = "article"  # 条 of the ordinance
    PARAGRAPH = "paragraph"  # 項 of an article
    ITEM = "item"  # 号 / イ / （一） / １ / 一 of the ordinance
    ECCN = "eccn"  # CCL entry or EU control entry
    SUBPARAGRAPH = "subparagraph"  # a., a.1., a.1.a. of an ECCN / EU entry


class LinkKind(StrEnum):
    SPECIFIES = "specifies"  # ordinance provision -> the 輸出令/外為令 item it specifies
    IS_FOR = "is_for"  # technology item -> the goods item it is for
    REFERS_TO = "refers_to"  # provision text names another provision (第六条第二号ハ)


class LinkBasis(StrEnum):
    PARAGRAPH = "paragraph"  # the paragraph's own opening sentence names the item
    ALIGNMENT = "alignment"  # derived by matching the texts (guidance, with a score)
    REFERENCE = "reference"  # the text cites the provision
    ITEM_NUMBER = "item_number"  # 外為令別表 n の項 is for 輸出令別表第一 n の項 (same number)
    OVERRIDE = "override"  # anpo's reviewed crosswalk table


@dataclass(frozen=True, slots=True)
class Entry:
    """One provision / control entry of one version of an instrument."""

    key: str
    kind: EntryKind
    label: str  # display label as officers write it: 7の項（1）, 第六条第一項第一号ロ, 3A001.a.1
    text: str  # the text as published (display form)
    parent: str | None = None
    number: str = ""  # own number id: "1", "10_2", "ro", "a"
    heading: str = ""  # a short heading (index paraphrase / CCL heading), not law text
    position: int = 0  # document order
    depth: int = 0
    deleted: bool = False
    flags: tuple[str, ...] = ()  # ruby_artefact, formula_missing, text_unavailable ...
    attributes: tuple[tuple[str, str], ...] = ()  # region, reasons for control ...
    search_hints: tuple[str, ...] = ()  # extra search words for known conversion defects

    def attribute(self, name: str, default: str = "") -> str:
        for key, value in self.attributes:
            if key == name:
                return value
        return default

    @property
    def content_hash(self) -> str:
        """SHA-256 of what the law says here (text, deletion, legal attributes)."""
        payload = json.dumps(
            {
                "kind": self.kind.value,
                "label": self.label,
                "text": self.text,
                "deleted": self.deleted,
                "attributes": sorted(self.attributes),
            },
            ensure_ascii=False,
            sort_keys=True,
        )
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Link:
    source: str  # key of the entry in the instrument that carries the link
    target_instrument: Instrument
    target: str  # key of the entry in the target instrument
    kind: LinkKind
    basis: LinkBasis
    score: float = 1.0  # 1.0 for links the text states; the alignment score otherwise
    note: str = ""

    @property
    def is_guidance(self) -> bool:
        return self.basis in (LinkBasis.ALIGNMENT,)


@dataclass(frozen=True, slots=True)
class VersionInfo:
    instrument: Instrument
    title: str
    law_id: str = ""
    revision_label: str = ""  # 令和七年経済産業省令第七十二号
    legal_text_date: dt.date | None = None  # the date the text is as of
    effective_from: dt.date | None = None
    source: str = ""  # file names or URL
    source_url: str = ""  # where officers read it (e-Gov / eCFR)
    sha256: str = ""  # of the source file(s)
    format: str = ""  # parser name
    notes: tuple[str, ...] = ()  # caveats shown with the version (stand-in, known defects)


@dataclass(frozen=True, slots=True)
class ParsedInstrument:
    info: VersionInfo
    entries: tuple[Entry, ...]
    links: tuple[Link, ...] = ()
    warnings: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict, compare=False)

    def by_key(self) -> dict[str, Entry]:
        return {e.key: e for e in self.entries}


class CatalogueParseError(ValueError):
    """A file is not in the expected format; the message says what is wrong and where."""

    def __init__(self, message: str, *, source: str = "") -> None:
        super().__init__(f"{source}: {message}" if source else message)
        self.source = source


def export_order_key(kou: str, gou: str | None = None, branch: str | None = None) -> str:
    """``7``/``1``/None -> ``7の項(1)``; ``2``/``41``/``3`` -> ``2の項(41)3`` (ASCII parentheses)."""
    key = f"{kou}の項"
    if gou:
        key += f"({gou})"
        if branch:
            key += branch
    return key


def display_label(key: str) -> str:
    """The label as the law prints it: full-width parentheses (``7の項（1）``)."""
    return key.replace("(", "（").replace(")", "）")
