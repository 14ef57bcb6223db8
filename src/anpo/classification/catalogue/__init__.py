"""anpo's control-list catalogue: parsers, text normalisation, search and suggestions.

A pure, typed library (no Django; a test enforces it). It reads the Japanese control
lists (輸出令別表第一, 貨物等省令, 外為令別表), the US CCL and the EU Annex I structure from
the shared files or the official sources (e-Gov law API v2, eCFR) into
:class:`~anpo.classification.catalogue.model.ParsedInstrument` records - entries with
keys stable across versions and content hashes - and derives the links between them.

Public API::

    from anpo.classification.catalogue import sources, Suggester, SuggestInput

    catalogue = sources.load_directory(Path("../shared/data/control-lists"))
    suggester = catalogue.suggester()
    suggester.suggest(SuggestInput("1", "5軸のマシニングセンタ", "goods", {"位置決め精度": "3 µm"}))

* ``text`` normalises (NFKC, kanji numerals, units, mixed kana spellings) and tokenises
  (MeCab/UniDic via fugashi for Japanese, a light stemmer for English);
* ``params`` extracts parameters and thresholds and compares them;
* ``search`` ranks (BM25 over weighted fields) and highlights;
* ``suggest`` proposes 輸出令/外為令 entries for a description (never a decision);
* ``diff`` compares two versions of an instrument;
* ``crosswalk``, ``references``, ``links``, ``analogues`` hold the links between lists.
"""

from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Entry,
    EntryKind,
    Instrument,
    Link,
    LinkBasis,
    LinkKind,
    ParsedInstrument,
    VersionInfo,
)
from anpo.classification.catalogue.suggest import Suggester, SuggestInput, Suggestion

__all__ = [
    "CatalogueParseError",
    "Entry",
    "EntryKind",
    "Instrument",
    "Link",
    "LinkBasis",
    "LinkKind",
    "ParsedInstrument",
    "SuggestInput",
    "Suggester",
    "Suggestion",
    "VersionInfo",
]
