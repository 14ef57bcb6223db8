"""The legal tables: dated, sourced, and read by date."""

from __future__ import annotations

import datetime as dt
import json
from importlib import resources

import pytest

from anpo.rules.dated import Table
from anpo.rules.jp.tables import CountryRow, all_tables, load_tables, tables

D = dt.date


def members(table: Table[CountryRow], on: dt.date) -> set[str]:
    return {row.country for row in table.in_force(on)}


def test_every_table_and_row_names_a_known_source() -> None:
    t = load_tables()
    sources = {s.id for s in t.sources}
    for table in all_tables(t):
        assert table.source in sources, table.id
        for row in table.rows:
            assert getattr(row, "source", None) in sources, (table.id, row)


def test_every_source_says_where_it_was_rekeyed_from() -> None:
    for source in tables().sources:
        assert source.rekeyed_from.strip() != "", source.id


def test_group_a_has_27_members_in_the_2026_text() -> None:
    assert len(members(tables().group_a, D(2026, 6, 5))) == 27


def test_korea_leaves_group_a_on_2019_08_28() -> None:
    group_a = tables().group_a
    assert "KR" in members(group_a, D(2019, 8, 27))
    assert "KR" not in members(group_a, D(2019, 8, 28))


def test_korea_returns_to_group_a_on_2023_07_21() -> None:
    group_a = tables().group_a
    assert "KR" not in members(group_a, D(2023, 7, 20))
    assert "KR" in members(group_a, D(2023, 7, 21))


def test_group_a_has_26_members_while_korea_is_out() -> None:
    assert len(members(tables().group_a, D(2021, 1, 1))) == 26


def test_group_a_version_names_the_last_change_before_the_date() -> None:
    group_a = tables().group_a
    assert group_a.version(D(2019, 1, 1)) == "base"
    assert group_a.version(D(2020, 1, 1)) == "2019-08-28"
    assert group_a.version(D(2025, 1, 1)) == "2023-07-21"


def test_un_arms_embargo_table_has_the_ten_current_entries() -> None:
    assert members(tables().un_arms_embargo, D(2026, 6, 5)) == {
        "AF", "CF", "CD", "IQ", "LB", "LY", "KP", "SO", "SS", "SD"
    }  # fmt: skip


def test_un_arms_embargo_table_had_twelve_entries_on_2014_09_15() -> None:
    on_2014 = members(tables().un_arms_embargo, D(2014, 9, 15))
    assert len(on_2014) == 12
    assert {"CI", "ER", "LR", "CF"} <= on_2014
    assert "SS" not in on_2014


def test_central_african_republic_is_added_on_2014_09_15() -> None:
    assert "CF" not in members(tables().un_arms_embargo, D(2014, 9, 14))


def test_the_uncertain_3_2_rows_carry_a_window() -> None:
    rows = {r.country: r for r in tables().un_arms_embargo.rows}
    for country in ("CI", "ER", "LR", "SS"):
        assert rows[country].uncertain is not None
    assert rows["AF"].uncertain is None


def test_appendix_4_is_iran_iraq_north_korea() -> None:
    assert members(tables().concern, D(2026, 1, 1)) == {"IR", "IQ", "KP"}


def test_16_1_list_starts_on_2025_10_09() -> None:
    scope = tables().catch_all_scope
    assert {r.scope for r in scope.in_force(D(2025, 10, 8))} == {"16"}
    assert {r.scope for r in scope.in_force(D(2025, 10, 9))} == {"16(1)", "16(2)"}


def test_8807_carries_its_parts_of_rule() -> None:
    rows = tables().catch_all_scope.in_force(D(2026, 1, 1))
    headings = {h.hs: h for r in rows for h in r.headings}
    assert headings["8807"].only_parts_of == ("880260", "8806")
    assert headings["8542"].except_ == ("854290",)


def test_small_value_rows_switch_from_4_go_to_5_go() -> None:
    rows = tables().small_value
    assert rows.in_force(D(2025, 10, 8))[0].citation == "eto_4_1_4_pre_2025"
    assert rows.in_force(D(2025, 10, 9))[0].citation == "eto_4_1_5"


def test_small_value_ceilings_are_data() -> None:
    row = tables().small_value.in_force(D(2026, 1, 1))[0]
    assert row.ceiling_jpy == 1_000_000
    assert row.low_ceiling_jpy == 50_000
    assert "14" not in row.items
    assert "15" in row.items


def test_retention_is_seven_years_for_items_1_to_4() -> None:
    rows = tables().retention.rows
    seven = next(r for r in rows if r.years == 7)
    assert set(seven.items) == {"1", "2", "3", "3の2", "4"}


def test_data_digest_is_stable_across_loads() -> None:
    assert load_tables().data_digest == load_tables().data_digest


@pytest.mark.parametrize("table", [t.id for t in all_tables(tables())])
def test_every_table_has_at_least_one_row(table: str) -> None:
    by_id = {t.id: t for t in all_tables(tables())}
    assert len(by_id[table].rows) > 0


def test_every_row_of_every_data_file_has_dates_a_source_and_a_note() -> None:
    missing = []
    for name in (
        "destinations.json",
        "goods.json",
        "catch_all.json",
        "small_value.json",
        "technology.json",
    ):
        doc = json.loads(resources.files("anpo.rules.jp").joinpath("data", name).read_text("utf-8"))
        tables = (
            doc["tables"]
            if "tables" in doc
            else list(v for v in doc.values() if isinstance(v, dict))
        )
        for table in tables:
            for i, row in enumerate(table["rows"]):
                for key in ("effective_from", "effective_to", "source", "note"):
                    if key not in row:
                        missing.append(f"{name}:{table['id']}[{i}].{key}")
    assert missing == []
