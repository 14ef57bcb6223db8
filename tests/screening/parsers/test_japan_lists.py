"""METI End User List and MOF asset-freeze list, on hand-made files with invented names."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from anpo.matching.types import EntityKind, NameKind
from anpo.screening.parsers import (
    ListParseError,
    parse_meti_eul,
    parse_meti_eul_html,
    parse_meti_eul_json,
    parse_meti_eul_xlsx,
    parse_mof_xlsx,
)
from anpo.screening.parsers.text import split_name_variants

from .xlsx_builder import Formula, Furigana, build_xlsx

EUL_HEADER = [
    "No.",
    "国名、地域名\nCountry or Region",
    "企業名､組織名\nCompany or Organization",
    "別名\nAlso Known As",
    Furigana("懸念区分\nType of WMD", [(0, 2, "ケネン"), (2, 4, "クブン")]),
    "通常兵器\nConventional Weapons",
]
LONG_ALIAS = "Very Long Invented Alias " * 30


@pytest.fixture
def eul_xlsx(tmp_path: Path) -> Path:
    rows = [
        EUL_HEADER,
        [
            Formula("ROW()-1", 1),
            "北朝鮮\nNorth Korea",
            "Invented Gull Trading Corporation\n（架空鴎貿易会社）",
            "・Gull Trading\n・Korea Invented Gull Company\n(朝鮮架空鴎会社)\n・Gull Export",
            "生物、化学、ミサイル、核\nＢ,Ｃ,Ｍ,Ｎ",
            "通常兵器\nCW",
        ],
        [
            Formula("ROW()-1"),  # formula without cached value: number from the row
            "中国\nPeople's Republic of China",
            "Invented Aero Academy（IAA）（架空航空学院）",
            "・Invented Aero\nInstitute\n・架空航空研究所",
            "ミサイルM",
            None,
        ],
        [
            Formula("ROW()-1", 3),
            "ロシア\nRussian Federation",
            Furigana(
                "Invented Cooperation Council\n(民族架空協力会)",
                [(30, 32, "ミンゾク"), (32, 34, "カクウ")],
            ),
            f"・=cmd|' /C calc'!A0\n・Zero\u200bWidth Invented\n・{LONG_ALIAS}",
            "核\nN ",
            None,
        ],
        [None, None, None, None, None, None],
    ]
    return build_xlsx(tmp_path / "20310115_4.xlsx", {"ユーザーリスト": rows})


def _names(entry, kind: NameKind | None = None) -> list[str]:
    return [n.value for n in entry.names if kind is None or n.kind is kind]


def test_meti_xlsx_reads_every_row_with_ids_from_the_no_column(eul_xlsx: Path) -> None:
    parsed = parse_meti_eul_xlsx(eul_xlsx)
    assert [e.entry_id for e in parsed.entries] == ["1", "2", "3"]
    assert parsed.published == dt.date(2031, 1, 15)
    assert parsed.format == "meti-eul-xlsx"
    assert all(e.kind is EntityKind.ORGANIZATION for e in parsed.entries)


def test_meti_xlsx_splits_kanji_forms_into_original_script_names(eul_xlsx: Path) -> None:
    first, second, third = parse_meti_eul_xlsx(eul_xlsx).entries
    assert first.primary_name == "Invented Gull Trading Corporation"
    assert ("架空鴎貿易会社", "ko") in [
        (n.value, n.lang) for n in first.names if n.kind is NameKind.ORIGINAL_SCRIPT
    ]
    assert "朝鮮架空鴎会社" in _names(first, NameKind.ORIGINAL_SCRIPT)
    assert _names(first, NameKind.ALIAS) == [
        "Gull Trading",
        "Korea Invented Gull Company",
        "Gull Export",
    ]
    assert first.countries == ("KP",)
    # inline (kanji) after an acronym; wrapped alias line; kanji-only alias in China -> zh
    assert second.primary_name == "Invented Aero Academy(IAA)"
    assert [(n.value, n.lang) for n in second.names if n.kind is NameKind.ORIGINAL_SCRIPT] == [
        ("架空航空学院", "zh"),
        ("架空航空研究所", "zh"),
    ]
    assert "Invented Aero Institute" in _names(second, NameKind.ALIAS)
    assert third.countries == ("RU",)


def test_meti_xlsx_never_returns_furigana_readings(eul_xlsx: Path) -> None:
    parsed = parse_meti_eul_xlsx(eul_xlsx)
    everything = " ".join(n.value for e in parsed.entries for n in e.names)
    assert "ミンゾク" not in everything and "カクウ" not in everything
    assert "民族架空協力会" in _names(parsed.entries[2], NameKind.ORIGINAL_SCRIPT)


def test_meti_xlsx_programs_hold_wmd_codes_and_cw(eul_xlsx: Path) -> None:
    first, second, third = parse_meti_eul_xlsx(eul_xlsx).entries
    assert first.programs == ("B", "C", "M", "N", "CW")  # full-width Ｂ,Ｃ,Ｍ,Ｎ
    assert second.programs == ("M",)  # "ミサイルM" without a line break
    assert third.programs == ("N",)


def test_meti_xlsx_handles_hostile_cells(eul_xlsx: Path) -> None:
    parsed = parse_meti_eul_xlsx(eul_xlsx)
    aliases = _names(parsed.entries[2], NameKind.ALIAS)
    assert "=cmd|' /C calc'!A0" in aliases  # formula-looking text stays literal text
    assert "ZeroWidth Invented" in aliases  # invisible characters removed
    assert 450 < max(len(a) for a in aliases) <= 500
    assert any("truncated" in w for w in parsed.warnings)


def test_meti_xlsx_without_header_is_refused(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "x.xlsx", {"Sheet1": [["a", "b"], ["c", "d"]]})
    with pytest.raises(ListParseError, match="header row not found"):
        parse_meti_eul_xlsx(path)


def test_meti_normalised_json_repairs_names_merged_into_the_address(fixtures: Path) -> None:
    parsed = parse_meti_eul_json(fixtures / "meti_eul_normalized.json")
    first, second = parsed.entries
    assert parsed.published == dt.date(2031, 1, 15)  # from the press-release URL
    assert first.entry_id == "1" and first.primary_name == "Korea Silver Heron Trading Co."
    assert "朝鮮銀鷺貿易会社" in _names(first, NameKind.ORIGINAL_SCRIPT)
    assert "銀鷺海運" in _names(first, NameKind.ORIGINAL_SCRIPT)
    assert first.programs == ("B", "C", "M", "N", "CW")
    assert second.primary_name == "Qinglan Invented Institute"
    assert second.countries == ("CN",)
    assert "青岚虚构研究所" in _names(second, NameKind.ORIGINAL_SCRIPT)
    assert "Qinglan Institute Second Branch" in _names(second, NameKind.ALIAS)


def test_meti_html_table_joins_wrapped_pdf_lines(fixtures: Path, tmp_path: Path) -> None:
    path = shutil.copy(fixtures / "meti_eul.html", tmp_path / "eul_2030-12-01.html")
    parsed = parse_meti_eul_html(Path(path))
    first, second = parsed.entries
    assert first.primary_name == "Pinewood Invented Machinery Joint Venture Company"
    assert "Pinewood Invented Machinery Joint Venture Corporation" in _names(first, NameKind.ALIAS)
    assert "松林機械合営会社" in _names(first, NameKind.ORIGINAL_SCRIPT)
    assert first.programs == ("M", "N")
    assert second.primary_name == "Darvish & Sons Invented Industries"
    assert second.countries == ("IR",)
    assert parsed.published == dt.date(2030, 12, 1)


def test_meti_dispatches_on_suffix(fixtures: Path) -> None:
    assert parse_meti_eul(fixtures / "meti_eul_normalized.json").format == "meti-eul-json"
    with pytest.raises(ListParseError, match="unsupported"):
        parse_meti_eul(fixtures / "dpl.txt")


# --- MOF ---------------------------------------------------------------------------------

MOF_HEADER = [
    "告示日付",
    "告示番号",
    "日本語表記",
    "英語表記",
    "別名",
    "確定に十分でない別名",
    "旧称",
    "生年月日",
    "国籍",
    "その他の情報",
]


@pytest.fixture
def mof_xlsx(tmp_path: Path) -> Path:
    blank = [None] * len(MOF_HEADER)
    sheets = {
        "一覧": [[None, "このファイルは架空のテスト用です"], [1, "架空関係者等"]],
        "2.架空関係者等": [
            ["架空関係者等\n（テスト）", None, None, "（注）架空の注記"],
            blank,
            MOF_HEADER,
            ["2030.1.5削除", "1", *[None] * 8],
            [
                "2030.2.1\n2031.3.4改訂",
                "2(*15)",
                "ゾルバン・キレ",
                "ZORBAN QUILLET\n(original script: زوربان كيليه)",
                "(a)ゾルバン・キレット（Zorban Quillette）(b)キツネ（The Fox）",
                "ゾルちゃん\nZorchan",
                None,
                24000,
                "アフガニスタン",
                "架空の情報",
            ],
            [None, None, None, None, None, None, None, None, None, "続きの情報"],
            [
                "2030.2.1",
                3,
                "架空商会",
                "KAKU TRADING HOUSE",
                "アルファ商会、ベータ商会\n（Alpha House, Beta House）",
                "不明",
                "（旧称）オメガ商会\nOmega House",
                "不明",
                "不明",
                None,
            ],
            blank,
        ],
        "8.【解除】架空国": [["架空国の関係者"], ["【2015年12月18日告示廃止】"]],
        "29.架空連邦(個人)": [
            ["架空連邦の個人"],
            [
                "告示日付",
                "告示番号",
                "日本語表記",
                "英語表記",
                "別名",
                "肩書等",
                "生年月日",
                "出生地",
            ],
            ["2031.3.5", "1", "イワン・カクウ", "Ivan KAKU", None, "大臣", 19274, "モスクワ"],
            [
                "2031.3.5",
                "2",
                "ピョートル・カクウ",
                "Pyotr KAKU",
                "ペーチャ\nPetya",
                None,
                "1960年5月3日",
                None,
            ],
        ],
    }
    return build_xlsx(tmp_path / "shisantouketsu20310305.xlsx", sheets)


def test_mof_skips_delisted_rows_and_uses_regime_and_notice_numbers(mof_xlsx: Path) -> None:
    parsed = parse_mof_xlsx(mof_xlsx)
    assert [e.entry_id for e in parsed.entries] == ["2-2", "2-3", "29-1", "29-2"]
    assert parsed.skipped >= 1
    assert parsed.published == dt.date(2031, 3, 5)
    assert parsed.meta["latest_notice_date"] == "2031-03-05"
    assert parsed.entries[0].extra["cross_reference"] == "*15"
    assert parsed.entries[0].programs == ("架空関係者等",)


def test_mof_names_in_japanese_and_english(mof_xlsx: Path) -> None:
    zorban = parse_mof_xlsx(mof_xlsx).entries[0]
    names = [(n.value, n.kind, n.lang) for n in zorban.names]
    assert names[0] == ("ZORBAN QUILLET", NameKind.PRIMARY, "")
    assert ("زوربان كيليه", NameKind.ORIGINAL_SCRIPT, "") in names
    assert ("ゾルバン・キレ", NameKind.ORIGINAL_SCRIPT, "ja") in names
    assert ("Zorban Quillette", NameKind.ALIAS, "") in names
    assert ("The Fox", NameKind.ALIAS, "") in names
    assert ("キツネ", NameKind.ORIGINAL_SCRIPT, "ja") in names
    assert ("Zorchan", NameKind.WEAK_ALIAS, "") in names
    assert ("ゾルちゃん", NameKind.WEAK_ALIAS, "ja") in names


def test_mof_birth_dates_nationality_and_continuation_rows(mof_xlsx: Path) -> None:
    zorban, kaku, ivan, pyotr = parse_mof_xlsx(mof_xlsx).entries
    assert zorban.birth_dates == ("1965-09-15",)  # Excel serial 24000
    assert zorban.countries == ("AF",)
    assert zorban.kind is EntityKind.PERSON
    assert zorban.remarks == "架空の情報\n続きの情報"
    assert ivan.birth_dates == ("1952-10-07",)
    assert pyotr.birth_dates == ("1960-05-03",)
    assert ivan.kind is EntityKind.PERSON  # sheet title says 個人
    assert kaku.kind is EntityKind.UNKNOWN and kaku.birth_dates == ()
    assert "Petya" in _names(pyotr, NameKind.ALIAS)


def test_mof_splits_comma_lists_and_marks_former_names(mof_xlsx: Path) -> None:
    kaku = parse_mof_xlsx(mof_xlsx).entries[1]
    assert [v for v in _names(kaku, NameKind.ALIAS)] == ["Alpha House", "Beta House"]
    assert {"アルファ商会", "ベータ商会"} <= set(_names(kaku, NameKind.ORIGINAL_SCRIPT))
    assert {"Omega House", "オメガ商会"} <= set(_names(kaku, NameKind.FORMER))
    assert "不明" not in _names(kaku)


def test_mof_workbook_without_regime_sheet_is_refused(tmp_path: Path) -> None:
    path = build_xlsx(tmp_path / "shisantouketsu20310101.xlsx", {"一覧": [["目次"]]})
    with pytest.raises(ListParseError, match="no regime sheet"):
        parse_mof_xlsx(path)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            "Yevgeniy(Yevhen/ Evgeny) MIKHAYLOV(MYKHAYLOV)",
            ["Yevgeniy MIKHAYLOV", "Yevhen MYKHAYLOV", "Evgeny MYKHAYLOV"],
        ),
        (
            "Mohamed Aouani, born 5 Feb. 1970 in Tunis, Tunisia(formerly listed as)",
            ["Mohamed Aouani"],
        ),
        ("Sayf-Al Adl (DOB: 11 Apr. 1963. POB: Egypt, Nationality: Egypt.)", ["Sayf-Al Adl"]),
        ("Mohammad Ishaq Akhund born in 1963", ["Mohammad Ishaq Akhund"]),
        ("Alexei(Aleksei, Oleksiy) SELIVANOV", ["Alexei SELIVANOV", "Aleksei SELIVANOV"]),
        ("ミキータ(ニキータ)・サモイレンコ", ["ミキータ・サモイレンコ", "ニキータ・サモイレンコ"]),
        ("ラセド・ベン・ヘニ(1969年2月5日リビア国トリポリにて出生)", ["ラセド・ベン・ヘニ"]),
        (
            "アブ・バカール・バアシール、1938年8月17日にJombangにて出生",
            ["アブ・バカール・バアシール"],
        ),
        ("アブドゥル・ハク(M. アンワル・カーンの息子、旅券番号:OA462456)", ["アブドゥル・ハク"]),
        # not variants: an acronym, a translation, a plain name
        ("AFGHAN SUPPORT COMMITTEE(ASC)", ["AFGHAN SUPPORT COMMITTEE(ASC)"]),
        ("Rashid Al-Maghribi(The Moroccan)", ["Rashid Al-Maghribi(The Moroccan)"]),
        ("Ivan KAKU", ["Ivan KAKU"]),
    ],
)
def test_names_drop_notes_and_expand_bracketed_variants(value: str, expected: list[str]) -> None:
    got = split_name_variants(value)
    assert got[: len(expected)] == expected
    assert len(got) <= 6


def test_mof_bundled_spelling_variants_become_aliases(tmp_path: Path) -> None:
    header = ["告示日付", "告示番号", "日本語表記", "英語表記", "別名", "生年月日"]
    path = build_xlsx(
        tmp_path / "shisantouketsu20310305.xlsx",
        {
            "29.架空連邦(個人)": [
                header,
                [
                    "2031.3.5",
                    "7",
                    "エフゲニー・ミハイロフ",
                    "Yevgeniy(Yevhen/ Evgeny) MIKHAYLOV(MYKHAYLOV)",
                    "Zhenya Mikhaylov, born 1970 in Moscow",
                    "1970年1月2日",
                ],
            ]
        },
    )
    entry = parse_mof_xlsx(path).entries[0]
    names = [(n.value, n.kind) for n in entry.names]
    assert names[0] == ("Yevgeniy MIKHAYLOV", NameKind.PRIMARY)
    assert ("Yevhen MYKHAYLOV", NameKind.ALIAS) in names
    assert ("Evgeny MIKHAYLOV", NameKind.ALIAS) in names
    assert ("Zhenya Mikhaylov", NameKind.ALIAS) in names
    assert not any("(" in v or "born" in v for v, _k in names)
