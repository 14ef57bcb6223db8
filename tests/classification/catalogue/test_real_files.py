"""The shared control-list files (skipped when ../shared is absent): counts and links."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from anpo.classification.catalogue import sources
from anpo.classification.catalogue.links import derive_links
from anpo.classification.catalogue.model import EntryKind, Instrument, LinkKind, ParsedInstrument

pytestmark = pytest.mark.shared_data


@pytest.fixture(scope="module")
def loaded(shared_control_lists: Path) -> dict[str, ParsedInstrument]:
    found, errors = sources.load_directory(shared_control_lists)
    assert errors == []
    by_source = {p.info.source: p for p in found}
    return by_source


def _one(
    loaded: dict[str, ParsedInstrument], instrument: Instrument, fmt: str = ""
) -> ParsedInstrument:
    return next(
        p
        for p in loaded.values()
        if p.info.instrument == instrument and (not fmt or p.info.format == fmt)
    )


def test_every_row_of_appended_table_1_is_an_entry(
    loaded: dict[str, ParsedInstrument], shared_control_lists: Path
) -> None:
    import json

    rows = json.loads(
        (shared_control_lists / "jp-law" / "export-order-appendix1.json").read_text(
            encoding="utf-8"
        )
    )["rows"]
    parsed = _one(loaded, Instrument.EXPORT_ORDER, "appendix1-rows-json")
    keys = parsed.by_key()
    labels = {re.sub(r"（(.+?)）", r"(\1)", r["label"]) for r in rows}
    assert len(rows) == 330
    assert labels <= set(keys)
    counts = Counter(e.kind for e in parsed.entries)
    assert counts[EntryKind.KOU] == 17
    assert counts[EntryKind.GOU] == 248
    assert counts[EntryKind.BRANCH] == 70


def test_the_markdown_of_2026_06_05_has_the_same_items(loaded: dict[str, ParsedInstrument]) -> None:
    rows = _one(loaded, Instrument.EXPORT_ORDER, "appendix1-rows-json").by_key()
    markdown = _one(loaded, Instrument.EXPORT_ORDER, "order-markdown").by_key()
    assert set(rows) == set(markdown)
    differing = [k for k in rows if rows[k].text != markdown[k].text]
    # only the four rows whose ruby kanji the markdown lost (SOURCES.md)
    assert sorted(differing) == ["10の項(10)", "10の項(9)", "7の項(20)", "7の項(21)"]
    assert all("ruby_artefact" in markdown[k].flags for k in differing)


def test_every_ordinance_paragraph_is_present_and_specifies_an_item(
    loaded: dict[str, ParsedInstrument],
) -> None:
    ordinance = _one(loaded, Instrument.GOODS_ORDINANCE)
    counts = Counter(e.kind for e in ordinance.entries)
    assert counts[EntryKind.PARAGRAPH] == 84
    assert counts[EntryKind.ITEM] == 3136
    paragraphs = {e.key for e in ordinance.entries if e.kind == EntryKind.PARAGRAPH}
    linked = {link.source for link in ordinance.links if link.kind == LinkKind.SPECIFIES}
    assert paragraphs - linked == set()
    assert (
        sum(1 for link in ordinance.links if link.target_instrument == Instrument.FOREX_ORDER) == 58
    )


def test_the_tree_json_matches_its_markdown(shared_control_lists: Path) -> None:
    from anpo.classification.catalogue.parsers import jp_ordinance

    jp = shared_control_lists / "jp-law"
    from_json = jp_ordinance.parse_ordinance_json(jp / "goods-ordinance-403M50000400049.json")
    from_md = jp_ordinance.parse_ordinance_markdown(jp / "goods-ordinance-403M50000400049.md")
    assert from_json.by_key() == from_md.by_key()


def test_paragraph_references_agree_with_the_tree_jsons_refers_to(
    shared_control_lists: Path,
) -> None:
    import json

    from anpo.classification.catalogue.lawdoc import opening_reference

    doc = json.loads(
        (shared_control_lists / "jp-law" / "goods-ordinance-403M50000400049.json").read_text(
            encoding="utf-8"
        )
    )
    for article in doc["articles"]:
        for paragraph in article["paragraphs"]:
            reference = opening_reference(paragraph["text"])
            expected = paragraph["refers_to"]
            if expected is None:
                assert reference is None
                continue
            assert reference is not None
            assert reference.kou == expected["item_id"].replace("_", "の")
            assert (reference.gou or None) == (
                expected["sub_id"].replace("_", "の") if expected["sub_id"] else None
            )


def test_every_goods_gou_of_the_ordinance_reaches_an_order_entry(
    loaded: dict[str, ParsedInstrument],
) -> None:
    order = _one(loaded, Instrument.EXPORT_ORDER, "appendix1-rows-json")
    ordinance = _one(loaded, Instrument.GOODS_ORDINANCE)
    forex = _one(loaded, Instrument.FOREX_ORDER)
    derived = derive_links(
        export_order=order.entries,
        ordinance=ordinance.entries,
        ordinance_links=ordinance.links,
        forex=forex.entries,
    )
    item_links = {
        link.source
        for link in derived[Instrument.GOODS_ORDINANCE]
        if link.kind == LinkKind.SPECIFIES
    }
    order_keys = set(order.by_key())
    assert all(
        link.target in order_keys
        for link in derived[Instrument.GOODS_ORDINANCE]
        if link.kind == LinkKind.SPECIFIES
    )
    gou = [
        e
        for e in ordinance.entries
        if e.kind == EntryKind.ITEM
        and e.depth == 2
        and not e.deleted
        and float(e.key.split("-")[0].replace("_", ".")) < 15
    ]
    # 号 of paragraphs that specify a whole 項 with 号 below it get a 号-level link
    whole_kou = {
        link.source
        for link in ordinance.links
        if link.kind == LinkKind.SPECIFIES and "(" not in link.target
    }
    covered = [e for e in gou if e.parent in whole_kou and e.key in item_links]
    candidates = [
        e for e in gou if e.parent in whole_kou and not e.parent.startswith("7-")
    ]  # 8の項 has no 号
    assert len(covered) / len(candidates) > 0.95
    # technology 項 are for the goods 項 of the same number
    assert {link.target for link in derived[Instrument.FOREX_ORDER]} == {
        e.key for e in forex.entries if e.kind == EntryKind.KOU
    }


def test_instrument_counts(loaded: dict[str, ParsedInstrument]) -> None:
    assert _one(loaded, Instrument.FOREX_ORDER).counts == {"kou": 16, "gou": 56}
    assert _one(loaded, Instrument.US_CCL).counts["eccns"] == 633
    assert _one(loaded, Instrument.EU_STRUCTURE).counts["entries"] == 366
    assert _one(loaded, Instrument.GOODS_ORDINANCE).counts["ruby_artefacts"] == 31
