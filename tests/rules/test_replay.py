"""Replay: the same facts with the same pack give the same determination, naming its versions."""

from __future__ import annotations

from anpo.rules import assess, parse_facts, to_dict
from anpo.rules.jp import PACK
from anpo.rules.jp.tables import load_tables
from tests.rules.conftest import facts

FACTS = facts(
    transaction="goods_and_technology",
    destination_country="KR",
    item={"list_item": "7の項(1)", "value_jpy": 100_000, "contract_value_jpy": 100_000},
    recipient={"kind": "organization", "country": "KR", "on_meti_eul": False},
    end_use={"concerns": ["none"]},
    informed_by_meti=False,
)


def test_the_same_facts_give_the_same_determination() -> None:
    first = to_dict(assess(parse_facts(FACTS), pack=PACK))
    second = to_dict(assess(parse_facts(FACTS), pack=PACK))
    assert first == second


def test_the_result_names_the_pack_and_every_table_version_it_read() -> None:
    det = assess(parse_facts(FACTS), pack=PACK)
    versions = {t.table: t.version for t in det.rule_pack.tables}
    assert det.rule_pack.name == "jp"
    assert det.rule_pack.version == PACK.version
    assert det.rule_pack.data_digest == load_tables().data_digest
    assert versions["eto_appendix_3"] == "2023-07-21"
    assert versions["small_value"] == "2025-10-09"


def test_table_versions_follow_the_transaction_date() -> None:
    old = assess(parse_facts({**FACTS, "date": "2021-01-04"}), pack=PACK)
    versions = {t.table: t.version for t in old.rule_pack.tables}
    assert versions["eto_appendix_3"] == "2019-08-28"
    assert versions["small_value"] == "base"
    assert old.group_a is False
