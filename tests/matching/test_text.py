"""Normalisation, transliteration and phonetic keys."""

from __future__ import annotations

from anpo.matching.text import (
    Role,
    TokenScript,
    analyse_name,
    clean,
    fold_cjk,
    kana_to_hepburn,
    loose_key,
    translit_cyrillic,
    translit_greek,
    translit_hangul,
)


def forms(name: str, **kw: object) -> dict[str, list[tuple[str, Role]]]:
    return {f.label: [(t.text, t.role) for t in f.tokens] for f in analyse_name(name, **kw)}  # type: ignore[arg-type]


def test_it_folds_full_width_and_casefolds() -> None:
    assert clean("ＡＢＣ　Straße") == "abc strasse"
    assert clean("ｶﾀｶﾅ") == "カタカナ"


def test_it_drops_dots_and_apostrophes_inside_words() -> None:
    assert forms("U.S.A. O'Brien")["latin"] == [("usa", Role.NAME), ("obrien", Role.NAME)]


def test_it_keeps_legal_forms_as_low_weight_tokens() -> None:
    got = forms("Aurora Optics Co., Ltd.")["latin"]
    assert got == [
        ("aurora", Role.NAME),
        ("optics", Role.NAME),
        ("co", Role.LEGAL),
        ("ltd", Role.LEGAL),
    ]
    assert forms("Limited Liability Company Vostok")["latin"] == [
        ("llc", Role.LEGAL),
        ("vostok", Role.NAME),
    ]
    assert forms("ООО Ромашка")["translit:cyrillic"] == [
        ("ooo", Role.LEGAL),
        ("romashka", Role.NAME),
    ]


def test_it_separates_cjk_legal_forms() -> None:
    got = forms("東海光学研究所株式会社")["original:cjk"]
    assert got == [("东海光学研究所", Role.NAME), ("kk", Role.LEGAL)]
    assert forms("中国航天科技集团有限公司")["original:cjk"][1:] == [
        ("group", Role.LEGAL),
        ("ltd", Role.LEGAL),
    ]


def test_it_removes_honorifics_but_not_the_whole_name() -> None:
    assert forms("Dr. Jan Novak")["latin"] == [("jan", Role.NAME), ("novak", Role.NAME)]
    assert forms("山田太郎様")["original:cjk"] == [("山田太郎", Role.NAME)]
    assert forms("Mr")["latin"] == [("mr", Role.NAME)]  # nothing else left: keep it


def test_it_does_not_strip_kana_that_look_like_honorifics() -> None:
    assert forms("ハッサン")["hepburn"] == [("hassan", Role.NAME)]


def test_it_transliterates_cyrillic_greek_hangul_by_rules() -> None:
    assert translit_cyrillic("щукин") == "shchukin"
    assert translit_greek("τσίπρας") == "tsipras"
    assert translit_hangul("김정은") == "kimjongun"
    assert forms("김정은")["translit:hangul"] == [
        ("kim", Role.NAME),
        ("jong", Role.NAME),
        ("un", Role.NAME),
    ]


def test_it_transliterates_arabic_keeping_consonants() -> None:
    f = analyse_name("محمد حسن")[0]
    assert f.label == "translit:arabic"
    assert [t.text for t in f.tokens] == ["mhmd", "hsn"]
    assert all(t.script is TokenScript.ABJAD for t in f.tokens)


def test_it_romanises_katakana_in_hepburn() -> None:
    assert kana_to_hepburn("ウラジーミル") == "urajimiru"
    assert kana_to_hepburn("ハッサン") == "hassan"
    assert kana_to_hepburn("ヴィクトル") == "vikutoru"
    assert kana_to_hepburn("マッチ") == "matchi"


def test_it_folds_han_variants_and_kana_spellings() -> None:
    assert fold_cjk("學國會") == fold_cjk("学国会") == "学国会"
    assert fold_cjk("ヴィクトル") == fold_cjk("ビクトル")
    assert fold_cjk("ウラジーミル") == fold_cjk("ウラジミル")


def test_it_adds_pinyin_and_japanese_reading_keys_for_kanji() -> None:
    got = forms("习近平", query=True)
    assert got["pinyin"] == [("xi", Role.NAME), ("jinping", Role.NAME)]
    assert forms("山田太郎", query=True)["kanji-reading"] == [
        ("yamada", Role.NAME),
        ("tarou", Role.NAME),
    ]
    assert "kanji-reading" not in forms("习近平")  # list kanji: pinyin only unless lang="ja"


def test_loose_keys_align_katakana_renderings_with_latin_spellings() -> None:
    assert loose_key("puchin") == loose_key("putin")
    assert loose_key("muhanmado") == loose_key("muhammad")
    assert loose_key("petorofu") == loose_key("petrov")
    assert loose_key("rusuran") == loose_key("ruslan")
    assert loose_key("smith") != loose_key("schmidt")
