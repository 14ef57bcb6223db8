"""List control (輸出令別表第1 / 外為令別表 1-15): every destination, Group A included."""

from __future__ import annotations

from tests.rules.conftest import contract, determine

LISTED_GOODS = {"list_item": "7の項(1)", "value_jpy": 5_000_000, "contract_value_jpy": 5_000_000}


def test_it_requires_a_licence_for_listed_goods_to_group_a() -> None:
    out = contract(destination_country="US", item=LISTED_GOODS)
    assert out["licence_required"] is True
    assert out["grounds"] == ["list_control"]
    assert out["group_a"] is True
    assert out["catch_all_scope"] is None


def test_it_cites_the_act_the_order_and_the_item() -> None:
    out = contract(destination_country="US", item=LISTED_GOODS)
    assert "外為法48条1項" in out["citations"]
    assert "輸出令別表第1 7の項(1)" in out["citations"]


def test_listed_goods_never_carry_catch_all_grounds() -> None:
    out = contract(
        item=LISTED_GOODS,
        end_use={"concerns": ["wmd", "conventional"]},
        informed_by_meti=True,
        inform_concern="wmd",
        recipient={
            "kind": "organization",
            "country": "CN",
            "on_meti_eul": True,
            "eul_codes": ["N", "CW"],
        },
    )
    assert out["grounds"] == ["list_control"]


def test_it_accepts_full_width_and_kanji_forms_of_an_item() -> None:
    out = contract(item={**LISTED_GOODS, "list_item": "３の２の項（２）"})
    assert out["grounds"] == ["list_control"]


def test_listed_technology_provided_abroad_to_a_resident_is_list_control_only() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="DE",
        item={"list_item": "外為令別表9の項(7)"},
        recipient={"kind": "person", "country": "DE", "person": {"nationality": "JP"}},
    )
    assert out["licence_required"] is True
    assert out["grounds"] == ["list_control"]
    assert out["recipient_status"] == "resident"


def test_listed_technology_in_japan_to_a_new_foreign_student_is_a_deemed_export() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="JP",
        item={"list_item": "外為令別表9の項(7)"},
        recipient={
            "kind": "person",
            "country": "JP",
            "person": {
                "nationality": "CN",
                "resident_in_japan_since": "2025-11-01",
                "employed_in_japan_by": None,
            },
        },
    )
    assert out["grounds"] == ["list_control", "non_resident_recipient"]
    assert out["recipient_status"] == "non_resident"
    assert out["group_a"] is False


def test_listed_technology_in_japan_to_a_resident_needs_no_licence() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="JP",
        item={"list_item": "外為令別表9の項(7)"},
        recipient={
            "kind": "person",
            "person": {
                "nationality": "JP",
                "contracts_with_foreign_entity": [],
                "foreign_government_funding_share_of_income": 0,
                "acts_under_foreign_government_instruction": False,
            },
        },
    )
    assert det.licence_required is False
    assert [f.code for f in det.findings if f.part == "technology"] == ["resident_in_japan"]
    assert det.open_questions == ()


def test_listed_technology_abroad_to_a_non_resident_adds_the_recipient_ground() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="CN",
        item={"list_item": "外為令別表9の項(7)"},
        recipient={"kind": "organization", "country": "CN"},
    )
    assert out["grounds"] == ["list_control", "non_resident_recipient"]


def test_goods_classified_with_a_technology_number_are_read_as_the_goods_item() -> None:
    out = contract(item={**LISTED_GOODS, "list_item": "外為令別表7の項(1)"})
    assert out["grounds"] == ["list_control"]
    assert "輸出令別表第1 7の項(1)" in out["citations"]


def test_goods_and_technology_needs_a_licence_for_each_part() -> None:
    det = determine(
        transaction="goods_and_technology",
        item=LISTED_GOODS,
        recipient={"kind": "organization", "country": "CN"},
    )
    assert sorted({g.part for g in det.grounds}) == ["goods", "technology"]
    assert det.ground_codes == ("list_control", "non_resident_recipient")


def test_an_unclassified_item_is_an_open_question() -> None:
    det = determine(item={"hs_code": "8458.11"})
    assert "classification_missing" in [q.code for q in det.open_questions]
    assert det.item_control.status.value == "unclassified"


def test_retention_is_seven_years_for_item_2_and_five_for_item_7() -> None:
    assert determine(item={"list_item": "2の項(12)"}).retention_years == 7
    assert determine(item=LISTED_GOODS).retention_years == 5
    assert determine().retention_years == 5
