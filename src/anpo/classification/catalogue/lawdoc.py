"""A Japanese statute's article tree, whatever file it came from, and its catalogue entries.

The 貨物等省令 arrives as e-Gov XML (the API), as the markdown conversion, or as the tree
JSON made from it; the three parsers produce the same :class:`LawArticle` tree and
:func:`ordinance_entries` turns it into catalogue entries with ids like the tree JSON
(``6-1-1-ro``: article 6, paragraph 1, 号 1, sub-item ロ), labels in citation style
(第六条第一号ロ) and the links each paragraph's opening sentence states (「輸出令別表第一の
七の項の経済産業省令で定める仕様のものは」 -> specifies 輸出令別表第一 7の項).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from anpo.classification.catalogue.model import (
    Entry,
    EntryKind,
    Instrument,
    Link,
    LinkBasis,
    LinkKind,
    export_order_key,
)
from anpo.classification.catalogue.numerals import (
    IROHA_ID,
    id_to_display,
    kanji_to_int,
    kou_id,
    number_label,
)


@dataclass
class LawItem:
    label: str  # 一 / 十の二 / イ / （一） / １ / 十二及び十三
    text: str
    children: list[LawItem] = field(default_factory=list)
    ruby_artefact: bool = False
    deleted: bool = False


@dataclass
class LawParagraph:
    number: int
    text: str
    items: list[LawItem] = field(default_factory=list)
    ruby_artefact: bool = False


@dataclass
class LawArticle:
    number: str  # 第二条の二
    caption: str
    paragraphs: list[LawParagraph] = field(default_factory=list)


@dataclass
class LawAppendix:
    name: str  # 別表第二
    caption: str
    raw: str


@dataclass(frozen=True, slots=True)
class ItemReference:
    """What a paragraph's opening sentence says it specifies."""

    kind: str  # "goods" (輸出令別表第一) or "technology" (外為令別表)
    kou: str  # "7", "3の2"
    gou: str | None  # "1", "5の2" or None for the whole 項


_OPENING_RE: Final = re.compile(
    r"(?P<list>輸出令別表第一|輸出貿易管理令[^別]{0,20}別表第一|外為令別表|外国為替令[^別]{0,20}別表)の"
    r"(?P<kou>[〇一二三四五六七八九十]+(?:の[一二三四五六七八九十]+)?)の項"
    r"(?:（(?P<gou>[一二三四五六七八九十]+(?:の[一二三四五六七八九十]+)?)）)?"
    r"(?:の中欄)?の経済産業省令で定める"
)


def opening_reference(text: str) -> ItemReference | None:
    """The 輸出令/外為令 item a paragraph specifies, read from its opening sentence."""
    match = _OPENING_RE.search(text[:160])
    if not match:
        return None
    kind = "technology" if "外" in match.group("list") else "goods"
    kou = kou_id(match.group("kou"))
    if kou is None:
        return None
    gou = match.group("gou")
    return ItemReference(kind, kou, number_label(gou).replace("_", "の") if gou else None)


def article_id(number: str) -> str:
    """``第二条の二`` -> ``2_2``; ``第十四条`` -> ``14``."""
    match = re.fullmatch(r"第(.+?)条(?:の(.+))?", unicodedata.normalize("NFKC", number).strip())
    if not match:
        return number_label(number)
    head = kanji_to_int(match.group(1))
    if head is None:
        return number_label(number)
    if match.group(2):
        tail = kanji_to_int(match.group(2))
        return f"{head}_{tail}"
    return str(head)


def item_id(label: str) -> str:
    """``十の二`` -> ``10_2``; ``イ`` -> ``i``; ``（三）`` -> ``3``; ``十二及び十三`` -> ``12+13``; ``七から十まで`` -> ``7~10``."""
    text = unicodedata.normalize("NFKC", label).strip()
    if "及び" in text:
        return "+".join(item_id(part) for part in text.split("及び"))
    range_match = re.fullmatch(r"(.+?)から(.+?)まで", text)
    if range_match:
        return f"{item_id(range_match.group(1))}~{item_id(range_match.group(2))}"
    return number_label(text)


def _gou_citation(label: str) -> str:
    """The citation form of a 号 label: ``十の二`` -> ``第十号の二``."""
    if "及び" in label:
        return "及び".join(_gou_citation(part) for part in label.split("及び"))
    range_match = re.fullmatch(r"(.+?)から(.+?)まで", label)
    if range_match:
        return f"{_gou_citation(range_match.group(1))}から{_gou_citation(range_match.group(2))}まで"
    head, sep, tail = label.partition("の")
    return f"第{head}号" + (f"の{tail}" if sep else "")


def _kanji_number(value: int) -> str:
    digits = "〇一二三四五六七八九"
    if value < 10:
        return digits[value]
    if value < 20:
        return "十" + (digits[value % 10] if value % 10 else "")
    if value < 100:
        return digits[value // 10] + "十" + (digits[value % 10] if value % 10 else "")
    return str(value)


def paragraph_citation(number: int) -> str:
    return f"第{_kanji_number(number)}項"


# Texts whose sub-items the markdown conversion dropped (SOURCES.md) and formulas it lost.
_EXPECTS_CHILDREN_RE: Final = re.compile(
    r"次の(?:いずれか|各号|イ|（一）|１)[^。]{0,30}(?:該当する|掲げる)もの[^。]{0,20}$"
)
_FORMULA_RE: Final = re.compile(r"次に掲げる式|次の式")


def _flags(text: str, *, has_children: bool, ruby: bool, deleted: bool) -> tuple[str, ...]:
    flags: list[str] = []
    if ruby:
        flags.append("ruby_artefact")
    if _FORMULA_RE.search(text):
        flags.append("formula_missing")
    if not has_children and not deleted and _EXPECTS_CHILDREN_RE.search(text.rstrip("。")):
        flags.append("subitems_missing")
    return tuple(flags)


def is_deleted(text: str) -> bool:
    return text.strip() in ("削除", "削除。")


def ordinance_entries(
    articles: Sequence[LawArticle],
    appendices: Sequence[LawAppendix] = (),
    *,
    repairs: Iterable[tuple[str, str]] = (),
    paragraph_overrides: dict[str, ItemReference] | None = None,
) -> tuple[list[Entry], list[Link], list[str]]:
    """Entries and 'specifies' links of the ordinance; ``repairs`` adds search hints.

    ``paragraph_overrides`` supplies the reference of a paragraph whose opening sentence
    lacks it (e.g. from the hand-made index), keyed by paragraph key (``13-8``).
    """
    entries: list[Entry] = []
    links: list[Link] = []
    warnings: list[str] = []
    repair_list = list(repairs)
    position = 0

    def hints(text: str, flagged: bool) -> tuple[str, ...]:
        if not flagged:
            return ()
        return tuple(word for artefact, word in repair_list if artefact in text)

    def add_items(items: Sequence[LawItem], parent_key: str, parent_label: str, depth: int) -> None:
        nonlocal position
        seen: set[str] = set()
        for item in items:
            own = item_id(item.label)
            key = f"{parent_key}-{own}"
            if key in seen:
                warnings.append(f"duplicate provision id {key}")
                key = f"{key}~{position}"
            seen.add(key)
            if depth == 0:
                label = parent_label + _gou_citation(item.label)
            else:
                label = parent_label + item.label
            deleted = item.deleted or is_deleted(item.text)
            position += 1
            entries.append(
                Entry(
                    key=key,
                    kind=EntryKind.ITEM,
                    label=label,
                    text=item.text,
                    parent=parent_key,
                    number=own,
                    position=position,
                    depth=depth + 2,
                    deleted=deleted,
                    flags=_flags(
                        item.text,
                        has_children=bool(item.children),
                        ruby=item.ruby_artefact,
                        deleted=deleted,
                    ),
                    search_hints=hints(item.text, item.ruby_artefact),
                )
            )
            add_items(item.children, key, label, depth + 1)

    for article in articles:
        a_id = article_id(article.number)
        position += 1
        entries.append(
            Entry(
                key=a_id,
                kind=EntryKind.ARTICLE,
                label=article.number,
                text=article.caption,
                number=a_id,
                position=position,
                depth=0,
            )
        )
        single = len(article.paragraphs) == 1
        for paragraph in article.paragraphs:
            p_key = f"{a_id}-{paragraph.number}"
            # items are cited without 第一項 when the article has one paragraph (第六条第一号)
            p_label = article.number + ("" if single else paragraph_citation(paragraph.number))
            own_label = article.number + paragraph_citation(paragraph.number)
            position += 1
            reference = opening_reference(paragraph.text)
            if reference is None and paragraph_overrides and p_key in paragraph_overrides:
                reference = paragraph_overrides[p_key]
                warnings.append(
                    f"{p_key}: the opening sentence names no item; the index says {reference.kou}の項"
                    + (f"({reference.gou})" if reference.gou else "")
                )
            attributes: tuple[tuple[str, str], ...] = ()
            if reference is not None:
                attributes = (("specifies_kind", reference.kind),)
            entries.append(
                Entry(
                    key=p_key,
                    kind=EntryKind.PARAGRAPH,
                    label=own_label,
                    text=paragraph.text,
                    parent=a_id,
                    number=str(paragraph.number),
                    position=position,
                    depth=1,
                    flags=_flags(
                        paragraph.text,
                        has_children=bool(paragraph.items),
                        ruby=paragraph.ruby_artefact,
                        deleted=False,
                    ),
                    attributes=attributes,
                    search_hints=hints(paragraph.text, paragraph.ruby_artefact),
                )
            )
            if reference is not None:
                target_instrument = (
                    Instrument.EXPORT_ORDER if reference.kind == "goods" else Instrument.FOREX_ORDER
                )
                links.append(
                    Link(
                        source=p_key,
                        target_instrument=target_instrument,
                        target=export_order_key(reference.kou, reference.gou),
                        kind=LinkKind.SPECIFIES,
                        basis=LinkBasis.PARAGRAPH,
                    )
                )
            elif not is_deleted(paragraph.text):
                warnings.append(f"{p_key}: no 輸出令/外為令 item found in the opening sentence")
            add_items(paragraph.items, p_key, p_label, 0)
    for appendix in appendices:
        match = re.match(r"別表第(.+)", appendix.name)
        number = kanji_to_int(match.group(1)) if match else None
        key = f"appx{number}" if number is not None else appendix.name
        position += 1
        entries.append(
            Entry(
                key=key,
                kind=EntryKind.ARTICLE,
                label=appendix.name,
                text=appendix.raw or appendix.caption,
                number=key,
                position=position,
                depth=0,
                deleted=is_deleted(appendix.caption) and not appendix.raw,
                attributes=(("caption", appendix.caption),) if appendix.caption else (),
                flags=("table",) if "|" in appendix.raw else (),
            )
        )
    return entries, links, warnings


def walk_items(items: Iterable[LawItem]) -> Iterator[LawItem]:
    for item in items:
        yield item
        yield from walk_items(item.children)


def iroha_ok(label: str) -> bool:
    return label in IROHA_ID


def display_gou(gou_id: str) -> str:
    return id_to_display(gou_id)


def parse_law_table_rows(markdown_table: str) -> list[list[str]]:
    """Cells of a markdown table (``| a | b |`` lines; the ``---`` rule is skipped)."""
    rows: list[list[str]] = []
    for line in markdown_table.splitlines():
        line = line.strip()
        if not line.startswith("|"):
            continue
        cells = [c for c in line.strip("|").split("|")]
        if all(set(c.strip()) <= {"-", ":"} for c in cells):
            continue
        rows.append([c.strip(" ") for c in cells])
    return rows
