"""Search behaviour: alignment, adjustments, explanations, determinism, batch, pickling."""

from __future__ import annotations

import pickle

import pytest
from conftest import ENTRIES

from anpo.matching import (
    ALGORITHM,
    DEFAULT_REVIEW_THRESHOLD,
    VERSION,
    EntityKind,
    FactorCode,
    ListEntry,
    ListName,
    MatchIndex,
    Method,
    Query,
    build_index,
)


def top(index: MatchIndex, name: str, **kw: object) -> tuple[str, float]:
    hits = index.search(Query(name=name, **kw), top=1, threshold=0.0)  # type: ignore[arg-type]
    assert hits, name
    return hits[0].entry.entry_id, hits[0].score


def score_of(index: MatchIndex, entry_id: str, query: Query) -> float:
    for h in index.search(query, top=50, threshold=0.0):
        if h.entry.entry_id == entry_id:
            return h.score
    return 0.0


def test_it_matches_last_comma_first(index: MatchIndex) -> None:
    assert top(index, "Putin, Vladimir Vladimirovich") == ("putin", 1.0)


def test_it_ignores_token_order(index: MatchIndex) -> None:
    assert top(index, "Vladimirovich Putin Vladimir") == ("putin", 1.0)


def test_it_tolerates_a_typo_but_scores_it_lower(index: MatchIndex) -> None:
    eid, score = top(index, "Vladimir Vladimirovich Puttin")
    assert eid == "putin" and DEFAULT_REVIEW_THRESHOLD <= score < 1.0


def test_it_penalises_dropped_tokens_by_their_weight(index: MatchIndex) -> None:
    full = score_of(index, "putin", Query(name="Vladimir Vladimirovich Putin"))
    no_patronymic = score_of(index, "putin", Query(name="Vladimir Putin"))
    surname_only = score_of(index, "putin", Query(name="Putin"))
    assert full > no_patronymic >= DEFAULT_REVIEW_THRESHOLD > surname_only > 0


def test_it_matches_merged_and_split_tokens(index: MatchIndex) -> None:
    hits = index.search(Query(name="Abubakr al Baghdadi"))
    assert hits[0].entry.entry_id == "baghdadi"
    assert any(m.method is Method.MERGED for m in hits[0].explanation.token_matches)


def test_it_matches_katakana_queries_against_latin_names(index: MatchIndex) -> None:
    hits = index.search(Query(name="ウラジーミル・プーチン"))
    assert hits and hits[0].entry.entry_id == "putin"
    assert hits[0].explanation.query_form == "hepburn"
    assert hits[0].explanation.list_form == "latin"


def test_it_matches_kanji_in_original_script_with_variant_folding(index: MatchIndex) -> None:
    hits = index.search(Query(name="極光精密光學有限公司"))
    assert hits[0].entry.entry_id == "aurora"
    assert hits[0].explanation.query_form == "original:cjk"


def test_it_matches_arabic_script_against_latin_by_consonants() -> None:
    idx = build_index(
        [ListEntry("s", "q", EntityKind.PERSON, (ListName("Muhammad Hassan Qureshi"),))]
    )
    hits = idx.search(Query(name="محمد حسن قریشی"))
    assert hits and hits[0].explanation.query_form == "translit:arabic"


def test_it_does_not_match_on_a_legal_form_alone(index: MatchIndex) -> None:
    assert all(
        h.entry.entry_id != "numbered"
        for h in index.search(Query(name="Belletech Corp."), threshold=0.0)
    )


def test_it_flags_number_mismatches(index: MatchIndex) -> None:
    hits = index.search(Query(name="11421 Corp."), threshold=0.0)
    assert not any(h.score >= DEFAULT_REVIEW_THRESHOLD for h in hits)


def test_entity_kind_mismatch_lowers_the_score(index: MatchIndex) -> None:
    base = score_of(index, "smith-person", Query(name="Logan Smith"))
    as_org = score_of(
        index, "smith-person", Query(name="Logan Smith", kind=EntityKind.ORGANIZATION)
    )
    as_person = score_of(index, "smith-person", Query(name="Logan Smith", kind=EntityKind.PERSON))
    assert as_org < base == as_person


def test_country_and_birth_date_adjust_but_never_replace_the_name_score(index: MatchIndex) -> None:
    name_only = score_of(index, "novak", Query(name="Jan Novak Svoboda"))
    same = score_of(
        index, "novak", Query(name="Jan Novak Svoboda", country="CZ", birth_date="1970-05-01")
    )
    other = score_of(
        index, "novak", Query(name="Jan Novak Svoboda", country="FR", birth_date="1988")
    )
    assert other < name_only < same <= name_only + 0.1
    assert name_only - other <= 0.2
    # a perfect country + date match cannot lift an unrelated name into review
    unrelated = Query(name="Pierre Dubois", country="CZ", birth_date="1970-05-01")
    assert all(h.entry.entry_id != "novak" for h in index.search(unrelated))


def test_weak_aliases_score_lower_than_strong_names(index: MatchIndex) -> None:
    hits = index.search(Query(name="J. Novak"), threshold=0.0)
    novak = next(h for h in hits if h.entry.entry_id == "novak")
    codes = [f.code for f in novak.explanation.factors]
    assert FactorCode.WEAK_ALIAS in codes or novak.explanation.list_name == "Jan NOVAK"
    assert novak.score < 1.0


def test_the_explanation_says_what_matched_and_why(index: MatchIndex) -> None:
    hit = index.search(
        Query(name="Vladimir Putin", kind=EntityKind.PERSON, country="RU", birth_date="1952")
    )[0]
    ex = hit.explanation
    assert (ex.algorithm, ex.version) == (ALGORITHM, VERSION)
    assert ex.list_name == "PUTIN, Vladimir Vladimirovich"
    assert ex.query_form == "latin" and ex.list_form == "latin"
    assert {(m.query, m.listed, m.method) for m in ex.token_matches} == {
        (("vladimir",), ("vladimir",), Method.EXACT),
        (("putin",), ("putin",), Method.EXACT),
    }
    assert ex.unmatched_list == ("vladimirovich",)
    codes = {f.code for f in ex.factors}
    assert {
        FactorCode.MISSING_LIST_TOKEN,
        FactorCode.COUNTRY_MATCH,
        FactorCode.BIRTH_DATE_MATCH,
    } <= codes
    assert ex.score == hit.score
    d = ex.as_dict()
    assert d["list_name"] == ex.list_name and d["factors"] and d["token_matches"]
    assert "putin~putin" in ex.summary()


def test_it_is_deterministic_and_breaks_ties_on_source_and_entry_id() -> None:
    twins = [
        ListEntry(src, eid, EntityKind.PERSON, (ListName("Kenta Aoyama"),))
        for src, eid in [("z-list", "1"), ("a-list", "9"), ("a-list", "10")]
    ]
    a = build_index(twins).search(Query(name="Kenta Aoyama"))
    b = build_index(list(reversed(twins))).search(Query(name="Kenta Aoyama"))
    assert [(h.entry.source, h.entry.entry_id) for h in a] == [
        ("a-list", "10"),
        ("a-list", "9"),
        ("z-list", "1"),
    ]
    assert [(h.entry.source, h.entry.entry_id, h.score) for h in a] == [
        (h.entry.source, h.entry.entry_id, h.score) for h in b
    ]


def test_threshold_and_top_limit_the_results(index: MatchIndex) -> None:
    assert len(index.search(Query(name="Smith"), top=1, threshold=0.0)) == 1
    assert index.search(Query(name="Smith"), threshold=0.99) == []


def test_search_many_equals_search_and_dedupes(index: MatchIndex) -> None:
    queries = [
        Query(name=n) for n in ("Vladimir Putin", "Kim Jong Un", "Vladimir Putin", "Jan Novak")
    ] * 3
    expected = [index.search(q) for q in queries]
    assert index.search_many(queries) == expected
    assert index.search_many(queries, workers=2) == expected


def test_the_index_survives_pickling(index: MatchIndex) -> None:
    clone = pickle.loads(pickle.dumps(index))
    q = Query(name="ウラジーミル・プーチン")
    assert clone.search(q) == index.search(q)


def test_empty_and_punctuation_only_queries_return_nothing(index: MatchIndex) -> None:
    assert index.search(Query(name="")) == []
    assert index.search(Query(name=" ,.- ")) == []


@pytest.mark.parametrize("entry", ENTRIES, ids=[e.entry_id for e in ENTRIES])
def test_every_primary_name_finds_its_own_entry_first(index: MatchIndex, entry: ListEntry) -> None:
    hits = index.search(Query(name=entry.primary_name), threshold=0.0)
    assert hits[0].score == 1.0
    assert entry.entry_id in [h.entry.entry_id for h in hits if h.score == 1.0]


def _one_entry_index(*names: str) -> MatchIndex:
    return build_index(
        [ListEntry("s", str(i), EntityKind.UNKNOWN, (ListName(n),)) for i, n in enumerate(names)]
    )


def test_one_han_character_is_a_different_name() -> None:
    idx = _one_entry_index("南京航空航天大学", "哈爾浜工程大学")
    assert idx.search(Query(name="北京航空航天大学")) == []
    assert idx.search(Query(name="哈尔滨工业大学")) == []
    # the same names with variant characters folded still match
    assert idx.search(Query(name="哈尔滨工程大学"))[0].score == 1.0


def test_approximate_matches_on_every_token_stay_below_review() -> None:
    idx = _one_entry_index("KARIM, Aras Habib", "Bassel BILAL", "GAO Qiang")
    for name in ("Arash Karimi", "Nasser, Bilal", "Guo, Qiang"):
        assert idx.search(Query(name=name)) == [], name
    hit = idx.search(Query(name="Aras Karim"), threshold=0.0)[0]
    assert hit.score == 1.0 or hit.explanation.list_name == "KARIM, Aras Habib"
    typo = idx.search(Query(name="Arras Karim"))[0]
    assert typo.score >= DEFAULT_REVIEW_THRESHOLD
    assert FactorCode.SEVERAL_FUZZY_TOKENS not in {f.code for f in typo.explanation.factors}


def test_a_trailing_acronym_in_brackets_is_optional() -> None:
    idx = _one_entry_index(
        "Sharif University of Technology (SHFT)", "Harbin Institute of Technology (HIT)"
    )
    for query, eid in (
        ("Sharif University of Technology", "0"),
        ("Harbin Institute of Technology", "1"),
        ("Sharif University of Technology (SHFT)", "0"),
    ):
        hits = idx.search(Query(name=query))
        assert hits and hits[0].entry.entry_id == eid and hits[0].score == 1.0, query
    hit = idx.search(Query(name="Harbin Institute of Technology"))[0]
    assert hit.explanation.list_name == "Harbin Institute of Technology (HIT)"


def test_korean_names_in_han_match_their_romanised_form() -> None:
    idx = build_index(
        [
            ListEntry("s", "kju", EntityKind.PERSON, (ListName("KIM Jong Un"),)),
            ListEntry("s", "ppj", EntityKind.PERSON, (ListName("PAK Pong Ju"),)),
            ListEntry("s", "rpc", EntityKind.PERSON, (ListName("RI Pyong Chol"),)),
        ]
    )
    for query, eid in (("金正恩", "kju"), ("朴奉珠", "ppj"), ("李炳哲", "rpc")):
        hits = idx.search(Query(name=query))
        assert hits and hits[0].entry.entry_id == eid, query
        assert hits[0].explanation.query_form == "korean"
    assert idx.search(Query(name="王正恩")) == []  # not a Korean surname: no reading
