"""外国為替令 別表 (technology, 355CO0000000260) as far as the 貨物等省令 names it.

The offline files do not contain the 外為令 itself. Its 項 and 号 are known from the
ordinance's technology articles (第十五条-第二十八条: 「外為令別表の七の項（一）の経済産業省令で
定める技術は…」), so this instrument is derived from them: one entry per 項 and 号 with no
text of its own (flag ``text_not_in_source``; the specification is the ordinance's). The
e-Gov importer (``parse_egov_order(..., instrument=FOREX_ORDER)``) reads the real table.
"""

from __future__ import annotations

from typing import Final

from anpo.classification.catalogue.model import (
    Entry,
    EntryKind,
    Instrument,
    Link,
    LinkBasis,
    LinkKind,
    ParsedInstrument,
    VersionInfo,
    display_label,
    export_order_key,
)
from anpo.classification.catalogue.parsers.jp_order import FOREX_EGOV_URL, FOREX_LAW_ID, FOREX_TITLE


def _kou_sort(kou: str) -> tuple[int, int]:
    head, _sep, tail = kou.partition("の")
    return (int(head), int(tail) if tail else 0)


def forex_from_ordinance(ordinance: ParsedInstrument) -> ParsedInstrument:
    """The 外為令別表 items the ordinance's technology paragraphs specify."""
    targets = sorted(
        {
            link.target
            for link in ordinance.links
            if link.target_instrument == Instrument.FOREX_ORDER and link.kind == LinkKind.SPECIFIES
        },
        key=lambda key: (_kou_sort(key.split("の項")[0]), key),
    )
    entries: list[Entry] = []
    seen: set[str] = set()
    position = 0
    for key in targets:
        kou = key.split("の項")[0]
        kou_key = export_order_key(kou)
        if kou_key not in seen:
            seen.add(kou_key)
            position += 1
            entries.append(
                Entry(
                    key=kou_key,
                    kind=EntryKind.KOU,
                    label=display_label(kou_key),
                    text="",
                    number=kou,
                    position=position,
                    flags=("text_not_in_source",),
                )
            )
        if key != kou_key and key not in seen:
            seen.add(key)
            position += 1
            entries.append(
                Entry(
                    key=key,
                    kind=EntryKind.GOU,
                    label=display_label(key),
                    text="",
                    parent=kou_key,
                    number=key.split("(")[-1].rstrip(")"),
                    position=position,
                    depth=1,
                    flags=("text_not_in_source",),
                )
            )
    info = VersionInfo(
        instrument=Instrument.FOREX_ORDER,
        title=FOREX_TITLE,
        law_id=FOREX_LAW_ID,
        revision_label="",
        legal_text_date=ordinance.info.legal_text_date,
        effective_from=ordinance.info.effective_from,
        source=f"derived from {ordinance.info.source}",
        source_url=FOREX_EGOV_URL,
        sha256=ordinance.info.sha256,
        format="derived-from-ordinance",
        notes=("derived",),
    )
    counts = {
        "kou": sum(1 for e in entries if e.kind == EntryKind.KOU),
        "gou": sum(1 for e in entries if e.kind == EntryKind.GOU),
    }
    return ParsedInstrument(info, tuple(entries), (), (), counts)


ITEM_NUMBER_NOTE: Final = (
    "外為令別表 n の項 covers technology for the goods of 輸出令別表第一 n の項"
)


def forex_goods_links(forex_entries: tuple[Entry, ...] | list[Entry]) -> list[Link]:
    """Each 外為令 項 is for the goods of the 輸出令 項 with the same number."""
    return [
        Link(
            e.key,
            Instrument.EXPORT_ORDER,
            e.key,
            LinkKind.IS_FOR,
            LinkBasis.ITEM_NUMBER,
            1.0,
            ITEM_NUMBER_NOTE,
        )
        for e in forex_entries
        if e.kind == EntryKind.KOU
    ]
