"""Parsers of the control-list files, on small fixtures in the official formats."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from anpo.classification.catalogue import sources
from anpo.classification.catalogue.model import (
    CatalogueParseError,
    EntryKind,
    Instrument,
    LinkBasis,
    ParsedInstrument,
    export_order_key,
)
from anpo.classification.catalogue.parsers import ccl, egov, eu_structure, jp_order, jp_ordinance
from anpo.classification.catalogue.parsers.jp_forex import forex_from_ordinance


def _ordinance(fixtures: Path) -> ParsedInstrument:
    return jp_ordinance.parse_ordinance_json(
        fixtures / "jp-law" / "goods-ordinance-403M50000400049.json",
        index_path=fixtures / "jp-law" / "goods-ordinance-index.json",
    )


def test_appendix_rows_become_items_with_keys_of_the_suggestion_contract(fixtures: Path) -> None:
    parsed = jp_order.parse_appendix_json(fixtures / "jp-law" / "export-order-appendix1.json")
    keys = parsed.by_key()
    assert keys["2の項(12)1"].kind == EntryKind.BRANCH
    assert keys["2の項(12)1"].parent == "2の項(12)"
    assert keys["3の2の項(2)5の2"].label == "3の2の項（2）5の2"
    assert keys["9の項(4)"].deleted is True
    assert keys["16の項(2)"].attribute("region") == "全地域（別表第三に掲げる地域を除く。）"
    assert parsed.info.revision_label == "令和七年政令第三百七十六号"
    assert str(parsed.info.legal_text_date) == "2026-02-14"


def test_items_without_their_own_row_are_added_with_the_region_of_their_rows(
    fixtures: Path,
) -> None:
    keys = jp_order.parse_appendix_json(
        fixtures / "jp-law" / "export-order-appendix1.json"
    ).by_key()
    assert keys["16の項"].kind == EntryKind.KOU
    assert "no_own_text" in keys["16の項"].flags
    assert keys["16の項"].attribute("region") == "全地域（別表第三に掲げる地域を除く。）"
    assert keys["3の2の項(2)"].parent == "3の2の項"


def test_inline_ruby_readings_of_the_rows_are_removed_for_display(fixtures: Path) -> None:
    keys = jp_order.parse_appendix_json(
        fixtures / "jp-law" / "export-order-appendix1.json"
    ).by_key()
    assert keys["7の項(21)"].text == "燐、砒素又はアンチモンの水素化物"
    assert "ruby_reading_removed" in keys["7の項(21)"].flags


def test_the_order_markdown_is_split_at_its_item_markers(fixtures: Path) -> None:
    parsed = jp_order.parse_order_markdown(
        fixtures / "jp-law" / "export-trade-control-order-324CO0000000378.md"
    )
    keys = parsed.by_key()
    assert keys["7の項(13の2)"].text == "量子計算機用の極低温増幅器"
    assert keys["3の2の項(2)1"].text == "物理的封じ込めに用いられる装置"
    assert keys["16の項"].attribute("region") == "全地域"
    assert parsed.info.revision_label == "令和八年政令第百九十四号"
    assert "ruby_artefact" in keys["7の項(21)"].flags
    assert keys["7の項(21)"].text == "、素又はアンチモンの水素化物"
    assert "砒素" in keys["7の項(21)"].search_hints


def test_the_ordinance_tree_json_and_its_markdown_give_the_same_entries(fixtures: Path) -> None:
    index = fixtures / "jp-law" / "goods-ordinance-index.json"
    from_json = jp_ordinance.parse_ordinance_json(
        fixtures / "jp-law" / "goods-ordinance-403M50000400049.json", index_path=index
    )
    from_md = jp_ordinance.parse_ordinance_markdown(
        fixtures / "jp-law" / "goods-ordinance-403M50000400049.md", index_path=index
    )
    assert from_json.by_key() == from_md.by_key()
    assert from_json.links == from_md.links


def test_ordinance_entries_carry_citation_labels_headings_and_flags(fixtures: Path) -> None:
    parsed = _ordinance(fixtures)
    keys = parsed.by_key()
    assert keys["6-1-12-i"].label == "第六条第十二号イ"
    assert keys["2_2-2-5_2"].label == "第二条の二第二項第五号の二"
    assert keys["6-1-12"].heading == "スペクトラムアナライザー"
    assert "ruby_artefact" in keys["6-1-21"].flags
    assert "砒素" in keys["6-1-21"].search_hints
    assert "炭疽菌" in keys["2_2-1-2"].search_hints


def test_each_paragraph_specifies_what_its_opening_sentence_names(fixtures: Path) -> None:
    links = {(link.source, link.target) for link in _ordinance(fixtures).links}
    assert ("6-1", "7の項") in links
    assert ("2_2-2", "3の2の項(2)") in links
    assert ("19-1", "7の項(1)") in links


def test_a_paragraph_that_lost_its_opening_takes_the_item_from_the_index(fixtures: Path) -> None:
    parsed = _ordinance(fixtures)
    links = {link.source: link for link in parsed.links}
    assert links["13-2"].target == "14の項(11)"
    assert any("13-2" in w for w in parsed.warnings)


def test_the_forex_order_items_are_the_ones_the_technology_articles_name(fixtures: Path) -> None:
    forex = forex_from_ordinance(_ordinance(fixtures))
    assert [e.key for e in forex.entries] == ["7の項", "7の項(1)", "7の項(2)"]
    assert all("text_not_in_source" in e.flags for e in forex.entries)


def test_ccl_reasons_are_normalised_and_notes_kept(fixtures: Path) -> None:
    parsed = ccl.parse_ccl_json(fixtures / "us-ccl" / "ccl-eccns.json")
    keys = parsed.by_key()
    assert keys["3A002"].attribute("reasons") == "NS MT NP AT"
    assert keys["0A501"].attribute("reasons") == "NS RS FC UN AT FP"
    assert keys["3A002.c.1"].parent == "3A002.c"
    assert "does not control analyzers" in keys["3A002.c.1"].attribute("notes")
    assert any("repeated" in w for w in parsed.warnings)


def test_the_eu_structure_is_marked_as_a_stand_in(fixtures: Path) -> None:
    parsed = eu_structure.parse_eu_structure_json(
        fixtures / "eu-structure" / "dual-use-list-no2022.json"
    )
    keys = parsed.by_key()
    assert parsed.info.instrument == Instrument.EU_STRUCTURE
    assert "stand_in" in parsed.info.notes
    assert keys["3A002.c.3"].parent == "3A002.c"
    assert keys["1C351"].attribute("regime") == "Australia Group (AG)"
    assert "fixed bandwidth" in keys["3A002.c"].attribute("notes")


def test_egov_xml_and_the_api_answer_read_the_same_law(fixtures: Path) -> None:
    xml = sources.parse_file(Instrument.GOODS_ORDINANCE, fixtures / "egov" / "ordinance.xml")
    api = sources.parse_file(
        Instrument.GOODS_ORDINANCE, fixtures / "egov" / "law_data-403M50000400049.json"
    )
    assert xml.by_key() == api.by_key()
    assert api.info.revision_label == "令和七年経済産業省令第七十二号"
    assert str(api.info.effective_from) == "2026-02-14"
    assert api.by_key()["6-1-21"].text.startswith("燐、砒素又は")  # ruby keeps the kanji
    assert api.by_key()["6-1-22+23"].deleted is True


def test_egov_table_of_the_order_is_read_like_the_markdown(fixtures: Path) -> None:
    parsed = sources.parse_file(Instrument.EXPORT_ORDER, fixtures / "egov" / "order.xml")
    keys = parsed.by_key()
    assert keys["7の項(21)"].text == "燐、砒素又はアンチモンの水素化物"
    assert keys["3の2の項(2)5の2"].text == "噴霧乾燥器"
    assert keys["7の項"].attribute("region") == "全地域"


def test_the_egov_json_tree_form_is_read_too(fixtures: Path) -> None:
    def tree(element: object) -> dict[str, object]:
        import xml.etree.ElementTree as ET

        assert isinstance(element, ET.Element)
        children: list[object] = [element.text] if element.text else []
        for child in element:
            children.append(tree(child))
            if child.tail:
                children.append(child.tail)
        return {"tag": element.tag, "attr": dict(element.attrib), "children": children}

    import xml.etree.ElementTree as ET

    root = ET.parse(fixtures / "egov" / "ordinance.xml").getroot()
    answer = {
        "law_info": {"law_id": "403M50000400049"},
        "revision_info": {},
        "law_full_text": tree(root),
    }
    parsed = egov.parse_egov_ordinance(
        json.dumps(answer, ensure_ascii=False).encode(), source="tree.json"
    )
    assert parsed.by_key()["6-1-12-i"].text == "周波数が四〇ギガヘルツを超えるもの"


def test_ecfr_xml_gives_eccns_with_reasons_and_items(fixtures: Path) -> None:
    parsed = sources.parse_file(Instrument.US_CCL, fixtures / "egov" / "ecfr-part774.xml")
    keys = parsed.by_key()
    assert keys["3A002"].attribute("reasons") == "NS MT NP AT"
    assert keys["3A002.c.3"].text == "“Signal analyzers” having a frequency exceeding 90 GHz;"
    assert "does not control" in keys["3A002.c.1"].attribute("notes")
    assert keys["3B001.a"].parent == "3B001"


def test_load_directory_returns_the_versions_in_import_order(fixtures: Path) -> None:
    found, errors = sources.load_directory(fixtures)
    assert errors == []
    assert [p.info.instrument for p in found] == [
        Instrument.EXPORT_ORDER,
        Instrument.EXPORT_ORDER,
        Instrument.GOODS_ORDINANCE,
        Instrument.FOREX_ORDER,
        Instrument.US_CCL,
        Instrument.EU_STRUCTURE,
    ]
    assert str(found[0].info.legal_text_date) < str(found[1].info.legal_text_date)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("export-order-appendix1.json", b"{not json", "not valid JSON"),
        ("export-order-appendix1.json", b'{"rows": [{"kou": "7"}]}', "row 1 lacks"),
        ("export-order-appendix1.json", b'{"meta": {"law_id": "999"}, "rows": []}', "not the"),
        (
            "export-order-appendix1.json",
            b'{"rows": [{"kou": "x", "gou": null, "branch": null, "text": "a"}]}',
            "not an item number",
        ),
        ("export-order-appendix1.json", "\ufffe".encode("utf-16"), "not UTF-8"),
    ],
)
def test_bad_files_get_a_clear_error(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogueParseError, match=message):
        sources.parse_file(Instrument.EXPORT_ORDER, path)


def test_hostile_xml_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "law.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Law><LawBody>&b;</LawBody></Law>',
        encoding="utf-8",
    )
    with pytest.raises(CatalogueParseError):
        sources.parse_file(Instrument.GOODS_ORDINANCE, path)


def test_a_file_of_another_instrument_is_refused(fixtures: Path) -> None:
    with pytest.raises(CatalogueParseError):
        sources.parse_file(Instrument.US_CCL, fixtures / "jp-law" / "export-order-appendix1.json")


def test_huge_downloads_are_refused() -> None:
    with pytest.raises(CatalogueParseError, match="larger than"):
        sources.parse_bytes(Instrument.US_CCL, b" " * (64 * 1024 * 1024 + 1), source="big.xml")


def test_instrument_names_and_aliases() -> None:
    assert sources.resolve_instrument("輸出令") == Instrument.EXPORT_ORDER
    assert sources.resolve_instrument("goods-ordinance") == Instrument.GOODS_ORDINANCE
    with pytest.raises(CatalogueParseError, match="unknown instrument"):
        sources.resolve_instrument("nonsense")


def test_official_urls_point_at_egov_and_ecfr() -> None:
    assert sources.official_url(Instrument.GOODS_ORDINANCE) == (
        "https://laws.e-gov.go.jp/api/2/law_data/403M50000400049?law_full_text_format=xml"
    )
    assert sources.official_url(Instrument.FOREX_ORDER).endswith(
        "/law_data/355CO0000000260?law_full_text_format=xml"
    )
    import datetime as dt

    assert sources.official_url(Instrument.US_CCL, date=dt.date(2026, 7, 23)) == (
        "https://www.ecfr.gov/api/versioner/v1/full/2026-07-23/title-15.xml?part=774"
    )


def test_keys_use_ascii_parentheses() -> None:
    assert export_order_key("2", "41", "3") == "2の項(41)3"
    assert export_order_key("3の2", "2", "5の2") == "3の2の項(2)5の2"


def test_link_basis_of_stated_links_is_not_guidance(fixtures: Path) -> None:
    assert all(link.basis == LinkBasis.PARAGRAPH for link in _ordinance(fixtures).links)
    assert not any(link.is_guidance for link in _ordinance(fixtures).links)
