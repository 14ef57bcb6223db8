"""Normalisation for search: NFKC, kanji numerals, units, mixed kana spellings, spans."""

from __future__ import annotations

import pytest

from anpo.classification.catalogue.numerals import kanji_to_decimal, kanji_to_int, number_label
from anpo.classification.catalogue.text import normalise, quantities, tokenize


@pytest.mark.parametrize(
    ("law", "expected"),
    [
        ("〇・〇〇一一ミリメートル", "0.0011 mm"),
        ("五、〇〇〇グレイ", "5000 Gy"),
        ("四〇ギガヘルツ", "40 GHz"),
        ("一〇ナノメートル", "10 nm"),
        ("五〇メートル毎秒", "50 m/s"),
        ("一、二五〇メガサンプリング毎秒", "1250 MS/s"),
        ("５０ＧＨｚ", "50 GHz"),
        ("五軸", "5 軸"),
    ],
)
def test_it_writes_the_laws_numbers_and_units_as_researchers_do(law: str, expected: str) -> None:
    assert normalise(law).text.strip() == expected


def test_it_reads_fractions_as_ratios() -> None:
    assert "1/5000" in normalise("比率が五、〇〇〇分の一を超えるもの").text


def test_it_leaves_numerals_that_are_part_of_words() -> None:
    assert normalise("三酸化二ガリウム").text == "三酸化二ガリウム"
    assert normalise("一般に用いる一次セル").text == "一般に用いる一次セル"


def test_kanji_numerals_in_both_writings() -> None:
    assert kanji_to_int("二十一") == 21
    assert kanji_to_int("一五") == 15
    assert kanji_to_int("百") == 100
    assert str(kanji_to_decimal("〇・〇〇一一")) == "0.0011"
    assert number_label("十の二") == "10_2"
    assert number_label("（三十五の二）") == "35_2"
    assert number_label("ロ") == "ro"


def test_quantities_keep_the_span_of_the_original_text() -> None:
    text = "周波数が四〇ギガヘルツを超えるもの"
    (quantity,) = quantities(normalise(text))
    assert quantity.value == 40
    assert quantity.unit == "GHz"
    assert quantity.base_value == 40e9
    assert text[quantity.start : quantity.end] == "四〇ギガヘルツ"


def test_units_and_their_synonyms_give_the_same_terms() -> None:
    law = {t.term for t in tokenize("周波数が四〇ギガヘルツを超えるもの")}
    researcher = {t.term for t in tokenize("max frequency 40 gigahertz")}
    assert "ghz" in law
    assert "ghz" in researcher
    assert "dim:hz" in law & researcher


def test_mixed_kana_spellings_of_the_law_meet_the_usual_ones() -> None:
    assert {t.term for t in tokenize("ふっ素化合物")} == {t.term for t in tokenize("フッ素化合物")}
    assert {t.term for t in tokenize("超伝導材料")} == {t.term for t in tokenize("超電導材料")}


def test_loanwords_with_and_without_the_long_vowel_mark_match() -> None:
    assert "センサ" in {t.term for t in tokenize("センサー")}
    assert "センサ" in {t.term for t in tokenize("センサ")}


def test_compound_nouns_mark_their_head() -> None:
    tokens = [t for t in tokenize("光ファイバジャイロ") if t.kind == "ja"]
    heads = {t.term: t.head for t in tokens}
    assert heads["ジャイロ"] is True
    assert heads["光"] is False


def test_token_spans_point_into_the_original_text() -> None:
    text = "ＩＳＯ二三〇で定める位置決め精度"
    for token in tokenize(text):
        assert 0 <= token.start < token.end <= len(text)
    assert any(text[t.start : t.end] == "精度" for t in tokenize(text))


def test_english_words_are_stemmed_and_spelling_variants_folded() -> None:
    terms = {t.term for t in tokenize("Signal analysers and carbon fibres")}
    assert "analyzer" in terms
    assert "fiber" in terms
