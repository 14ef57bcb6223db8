"""Search, the 号 crosswalk, citations and suggestions on the fixture catalogue."""

from __future__ import annotations

from pathlib import Path

import pytest

from anpo.classification.catalogue import sources
from anpo.classification.catalogue.crosswalk import (
    align,
    default_overrides,
    parse_overrides,
    similarity,
)
from anpo.classification.catalogue.links import derive_links, technology_references
from anpo.classification.catalogue.model import Instrument, LinkBasis, ParsedInstrument
from anpo.classification.catalogue.references import cited_provisions
from anpo.classification.catalogue.search import (
    BM25Index,
    Document,
    Field,
    analyse_query,
    decompose_katakana,
    highlight_spans,
)
from anpo.classification.catalogue.suggest import Suggester, SuggestInput


@pytest.fixture(scope="module")
def catalogue() -> dict[Instrument, ParsedInstrument]:
    from anpo.classification.catalogue.parsers import jp_order

    fixtures = Path(__file__).resolve().parents[1] / "fixtures"
    found, _errors = sources.load_directory(fixtures)
    latest = {p.info.instrument: p for p in found}
    # the 2026-02-14 rows (the markdown of 2026-06-05 drops 2の項(12)2)
    latest[Instrument.EXPORT_ORDER] = jp_order.parse_appendix_json(
        fixtures / "jp-law" / "export-order-appendix1.json"
    )
    return latest


@pytest.fixture(scope="module")
def suggester(catalogue: dict[Instrument, ParsedInstrument]) -> Suggester:
    order = catalogue[Instrument.EXPORT_ORDER]
    ordinance = catalogue[Instrument.GOODS_ORDINANCE]
    forex = catalogue[Instrument.FOREX_ORDER]
    derived = derive_links(
        export_order=order.entries,
        ordinance=ordinance.entries,
        ordinance_links=ordinance.links,
        forex=forex.entries,
    )
    links = [*ordinance.links, *(link for group in derived.values() for link in group)]
    return Suggester.build(
        export_order=order.entries, ordinance=ordinance.entries, forex=forex.entries, links=links
    )


def test_the_crosswalk_links_each_ordinance_gou_to_the_order_item_it_specifies(
    catalogue: dict[Instrument, ParsedInstrument],
) -> None:
    ordinance = catalogue[Instrument.GOODS_ORDINANCE]
    order = catalogue[Instrument.EXPORT_ORDER].entries
    links = {
        (link.source, link.target)
        for link in align(ordinance.entries, order, ordinance.links, overrides=default_overrides())
    }
    assert ("1-1-14", "2の項(12)1") in links
    assert ("1-1-17", "2の項(12)2") in links
    assert ("2_2-2-5_2", "3の2の項(2)5の2") in links
    assert ("6-1-12", "7の項(13)") in links


def test_derived_crosswalk_links_are_guidance_with_a_score(
    catalogue: dict[Instrument, ParsedInstrument],
) -> None:
    ordinance = catalogue[Instrument.GOODS_ORDINANCE]
    links = align(
        ordinance.entries, catalogue[Instrument.EXPORT_ORDER].entries, ordinance.links, overrides=()
    )
    assert links
    assert all(link.basis == LinkBasis.ALIGNMENT for link in links)
    assert all(link.is_guidance for link in links)
    assert all(0 < link.score <= 1 for link in links)


def test_the_reviewed_override_table_replaces_the_alignment(
    catalogue: dict[Instrument, ParsedInstrument],
) -> None:
    ordinance = catalogue[Instrument.GOODS_ORDINANCE]
    overrides = parse_overrides("# comment\n6-1-12\t7の項(1)\ttest override\n")
    links = align(
        ordinance.entries,
        catalogue[Instrument.EXPORT_ORDER].entries,
        ordinance.links,
        overrides=overrides,
    )
    by_source = {link.source: link for link in links}
    assert by_source["6-1-12"].target == "7の項(1)"
    assert by_source["6-1-12"].basis == LinkBasis.OVERRIDE


def test_similarity_prefers_the_same_subject() -> None:
    assert similarity(
        "スペクトラムアナライザー", "スペクトラムアナライザー又は部分品"
    ) > similarity("スペクトラムアナライザー", "信号発生器")


def test_technology_provisions_cite_the_goods_they_are_for(
    catalogue: dict[Instrument, ParsedInstrument],
) -> None:
    links = {
        (link.source, link.target)
        for link in technology_references(catalogue[Instrument.GOODS_ORDINANCE].entries)
    }
    assert ("19-1-1", "6-1-1") in links
    assert ("19-1-1", "6-1-12-i") in links
    assert ("19-2", "6-1-12") in links


def test_citations_resolve_ranges_and_same_article() -> None:
    known = {
        "6-1-1",
        "6-1-2",
        "6-1-3",
        "6-1-17-i",
        "6-1-17-ro",
        "6-1-17-ha",
        "6-1-17-ho",
        "2-2",
        "2-3",
    }
    assert cited_provisions("第六条第一号から第三号まで", own_article="19", known=known) == [
        "6-1-1",
        "6-1-2",
        "6-1-3",
    ]
    assert cited_provisions("第六条第十七号イ、ロ又はホ", own_article="19", known=known) == [
        "6-1-17-i",
        "6-1-17-ro",
        "6-1-17-ho",
    ]
    assert cited_provisions(
        "第二条第二項又は第三項に該当する貨物", own_article="15_2", known=known
    ) == ["2-2"]


def test_bm25_ranks_the_document_with_the_rarer_term_first() -> None:
    index = BM25Index(
        [
            Document(0, (Field(("集積", "回路"), 1.0),)),
            Document(1, (Field(("集積", "装置"), 1.0),)),
            Document(2, (Field(("装置",), 1.0),)),
        ]
    )
    scores = index.search({"回路": 1.0, "集積": 1.0})
    assert max(scores, key=lambda d: scores[d].score) == 0
    assert set(scores[0].matched) == {"回路", "集積"}


def test_english_queries_are_translated_by_the_glossary() -> None:
    query = analyse_query("spectrum analyzer")
    assert "スペクトラムアナライザ" in query.weights


def test_unknown_katakana_compounds_are_split_into_known_words() -> None:
    assert decompose_katakana("ファイバジャイロ", {"ファイバ", "ジャイロ"}) == [
        "ファイバ",
        "ジャイロ",
    ]
    assert decompose_katakana("ジャイロ", {"ジャイロ"}) == []


def test_highlight_spans_mark_matched_words_in_the_law_text() -> None:
    text = "周波数が四〇ギガヘルツを超えるもの"
    spans = highlight_spans(text, {"周波数", "ghz"})
    assert [text[s:e] for s, e in spans] == ["周波数", "四〇ギガヘルツ"]


def test_suggestions_follow_the_contract(suggester: Suggester) -> None:
    results = suggester.suggest(
        SuggestInput("1", "スペクトラムアナライザー", "goods", {"最大周波数": "50 GHz"}), top=3
    )
    top = results[0].as_contract()
    assert top["entry"] == "7の項(13)"
    assert top["ordinance"] == "6-1-12-i"
    assert 0 < results[0].score < 1
    assert "四〇ギガヘルツ" in results[0].matched
    assert len(results) <= 3


def test_parameters_that_meet_a_threshold_raise_the_entry(suggester: Suggester) -> None:
    results = suggester.suggest(
        SuggestInput("1", "spectrum analyzer", "goods", {"frequency": "50 GHz"})
    )
    assert results[0].key == "7の項(13)"
    assert any(m.meets and m.same_name for m in results[0].parameters)


def test_branches_are_written_like_the_order(suggester: Suggester) -> None:
    results = suggester.suggest(SuggestInput("2", "5軸制御の工作機械（フライス削り）", "goods"))
    assert results[0].entry == "2の項(12)1"


def test_technology_suggestions_use_the_forex_order_label(suggester: Suggester) -> None:
    results = suggester.suggest(
        SuggestInput("3", "スペクトラムアナライザーの設計技術", "technology")
    )
    assert results[0].entry.startswith("外為令別表7の項(")
    assert all(r.entry.startswith("外為令別表") for r in results)


def test_a_conversion_defect_does_not_hide_an_entry(suggester: Suggester) -> None:
    results = suggester.suggest(SuggestInput("4", "砒素の水素化物（アルシン）", "goods"))
    assert results[0].key == "7の項(21)"


def test_nothing_in_common_gives_no_suggestion(suggester: Suggester) -> None:
    assert suggester.suggest(SuggestInput("5", "zzzz qqqq", "goods")) == []
