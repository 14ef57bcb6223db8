"""Links derived across instruments: the 号 crosswalk and technology -> goods.

``derive_links`` takes the 輸出令, the 貨物等省令 and the 外為令 entries of the versions
being used and returns every link the catalogue stores besides the ones the ordinance's
paragraphs state themselves (``ParsedInstrument.links``).
"""

from __future__ import annotations

from collections.abc import Sequence

from anpo.classification.catalogue.crosswalk import Override, align, default_overrides
from anpo.classification.catalogue.model import (
    Entry,
    EntryKind,
    Instrument,
    Link,
    LinkBasis,
    LinkKind,
)
from anpo.classification.catalogue.parsers.jp_forex import forex_goods_links
from anpo.classification.catalogue.references import cited_provisions

TECHNOLOGY_FIRST_ARTICLE = 15  # 第十五条 onwards define technology (外為令別表)


def _article_number(key: str) -> float:
    head = key.split("-", 1)[0]
    try:
        return float(head.replace("_", "."))
    except ValueError:
        return -1.0


def technology_references(ordinance: Sequence[Entry]) -> list[Link]:
    """Technology provisions -> the goods provisions they cite (IS_FOR, basis reference)."""
    known = {e.key for e in ordinance}
    links: list[Link] = []
    for entry in ordinance:
        if entry.kind not in (EntryKind.PARAGRAPH, EntryKind.ITEM):
            continue
        if _article_number(entry.key) < TECHNOLOGY_FIRST_ARTICLE:
            continue
        own_article = entry.key.split("-", 1)[0]
        for target in cited_provisions(entry.text, own_article=own_article, known=known):
            if 0 <= _article_number(target) < TECHNOLOGY_FIRST_ARTICLE:
                links.append(
                    Link(
                        entry.key,
                        Instrument.GOODS_ORDINANCE,
                        target,
                        LinkKind.IS_FOR,
                        LinkBasis.REFERENCE,
                    )
                )
    return links


def derive_links(
    *,
    export_order: Sequence[Entry],
    ordinance: Sequence[Entry],
    ordinance_links: Sequence[Link],
    forex: Sequence[Entry],
    overrides: Sequence[Override] | None = None,
) -> dict[Instrument, list[Link]]:
    """Derived links grouped by the instrument that carries them."""
    goods_crosswalk = align(
        ordinance,
        export_order,
        ordinance_links,
        overrides=default_overrides() if overrides is None else overrides,
    )
    return {
        Instrument.GOODS_ORDINANCE: goods_crosswalk + technology_references(ordinance),
        Instrument.FOREX_ORDER: forex_goods_links(list(forex)),
    }
