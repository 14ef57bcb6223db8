"""The small-value exception (輸出令4条1項5号; 4号 before 2025-10-09)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import contract, determine, question_codes

CLEAN = {"kind": "organization", "country": "CN", "on_meti_eul": False}
NO_CONCERN = {"concerns": ["none"]}


def shipment(
    value: int, *, item: str = "7の項(1)", contract_value: int | None = None, **extra: Any
) -> dict[str, Any]:
    facts = {
        "item": {
            "list_item": item,
            "value_jpy": value,
            "contract_value_jpy": contract_value if contract_value is not None else value,
        },
        "recipient": CLEAN,
        "end_use": NO_CONCERN,
        "informed_by_meti": False,
    }
    facts.update(extra)
    return contract(**facts)


def test_it_applies_up_to_and_including_one_million_yen() -> None:
    out = shipment(1_000_000)
    assert out["licence_required"] is False
    assert out["exemption_applied"] == "small_value"
    assert out["grounds"] == ["none"]
    assert "輸出令4条1項5号" in out["citations"]


def test_it_does_not_apply_above_one_million_yen() -> None:
    out = shipment(1_000_001)
    assert out["licence_required"] is True
    assert out["exemption_applied"] == "none"


def test_it_is_judged_on_the_contract_value_not_the_shipment() -> None:
    out = shipment(400_000, contract_value=1_200_000)
    assert out["licence_required"] is True


def test_a_shipment_without_the_contract_value_does_not_establish_it() -> None:
    det = determine(
        item={"list_item": "7の項(1)", "value_jpy": 300_000},
        recipient=CLEAN,
        end_use=NO_CONCERN,
        informed_by_meti=False,
        exemption_claimed="small_value",
    )
    assert det.licence_required is True
    assert det.exemptions[0].reason == "contract_value_unknown"
    assert "contract_value_unknown" in question_codes(det)


@pytest.mark.parametrize(("value", "required"), [(50_000, False), (50_001, True)])
def test_item_15_has_the_fifty_thousand_yen_ceiling(value: int, required: bool) -> None:
    assert shipment(value, item="15の項(2)")["licence_required"] is required


@pytest.mark.parametrize(("designated", "required"), [(True, True), (False, False)])
def test_a_notice_designated_3_3_item_has_the_lower_ceiling(
    designated: bool, required: bool
) -> None:
    out = contract(
        item={
            "list_item": "7の項(2)",
            "value_jpy": 60_000,
            "contract_value_jpy": 60_000,
            "designated_by_meti_notice": designated,
        },
        recipient=CLEAN,
        end_use=NO_CONCERN,
        informed_by_meti=False,
    )
    assert out["licence_required"] is required


def test_an_unknown_notice_designation_uses_the_lower_ceiling_with_a_question() -> None:
    det = determine(
        item={"list_item": "7の項(2)", "value_jpy": 60_000, "contract_value_jpy": 60_000},
        recipient=CLEAN,
        end_use=NO_CONCERN,
        informed_by_meti=False,
    )
    assert det.licence_required is True
    assert "appendix_3_3_notice_unknown" in question_codes(det)


def test_a_3_3_item_not_in_the_listed_sub_items_keeps_the_normal_ceiling() -> None:
    assert shipment(60_000, item="7の項(1)")["licence_required"] is False


@pytest.mark.parametrize("item", ["1の項(1)", "2の項(12)", "3の項(1)", "4の項(1)", "14の項(1)"])
def test_it_is_not_available_for_items_1_to_4_and_14(item: str) -> None:
    out = shipment(10_000, item=item, exemption_claimed="small_value")
    assert out["licence_required"] is True
    assert out["exemption_applied"] == "none"


def test_a_claim_that_does_not_hold_is_reported_with_its_reason() -> None:
    det = determine(
        item={"list_item": "14の項(1)", "value_jpy": 10_000, "contract_value_jpy": 10_000},
        exemption_claimed="small_value",
    )
    decision = det.exemptions[0]
    assert decision.code == "small_value"
    assert decision.applied is False
    assert decision.claimed is True
    assert decision.reason == "item_not_eligible"


@pytest.mark.parametrize("country", ["IR", "IQ", "KP"])
def test_it_is_not_available_to_appendix_4_destinations(country: str) -> None:
    det = determine(
        destination_country=country,
        item={"list_item": "7の項(1)", "value_jpy": 10_000, "contract_value_jpy": 10_000},
        exemption_claimed="small_value",
    )
    assert det.licence_required is True
    assert det.exemptions[0].reason == "destination_appendix_4"


def test_to_group_a_an_objective_concern_does_not_remove_it() -> None:
    out = shipment(500_000, destination_country="US", end_use={"concerns": ["wmd"]})
    assert out["exemption_applied"] == "small_value"


def test_to_group_a_an_inform_removes_it_after_the_reform() -> None:
    out = shipment(
        500_000, destination_country="US", informed_by_meti=True, inform_concern="conventional"
    )
    assert out["licence_required"] is True


def test_to_group_a_an_inform_did_not_remove_it_before_the_reform() -> None:
    out = shipment(
        500_000,
        date="2025-03-01",
        destination_country="US",
        informed_by_meti=True,
        inform_concern="wmd",
    )
    assert out["exemption_applied"] == "small_value"


def test_to_a_general_destination_a_wmd_concern_removes_it() -> None:
    det = determine(
        item={"list_item": "7の項(1)", "value_jpy": 500_000, "contract_value_jpy": 500_000},
        recipient=CLEAN,
        end_use={"concerns": ["wmd"]},
        informed_by_meti=False,
        exemption_claimed="small_value",
    )
    assert det.licence_required is True
    assert det.exemptions[0].reason == "removed_by_condition"


def test_to_a_general_destination_a_conventional_concern_does_not_remove_it() -> None:
    assert (
        shipment(500_000, end_use={"concerns": ["conventional"]})["exemption_applied"]
        == "small_value"
    )


def test_to_a_general_destination_a_conventional_inform_removes_it() -> None:
    assert (
        shipment(500_000, informed_by_meti=True, inform_concern="conventional")["licence_required"]
        is True
    )


def test_to_a_un_embargo_destination_a_conventional_concern_removes_it() -> None:
    out = shipment(500_000, destination_country="LY", end_use={"concerns": ["conventional"]})
    assert out["licence_required"] is True


def test_to_a_un_embargo_destination_a_military_end_user_removes_it() -> None:
    out = shipment(
        500_000,
        destination_country="LY",
        recipient={**CLEAN, "country": "LY", "military_end_user": True},
    )
    assert out["licence_required"] is True


def test_before_the_reform_a_general_destination_with_a_wmd_concern_is_an_open_question() -> None:
    det = determine(
        date="2025-03-01",
        item={"list_item": "7の項(1)", "value_jpy": 500_000, "contract_value_jpy": 500_000},
        recipient=CLEAN,
        end_use={"concerns": ["wmd"]},
        informed_by_meti=False,
    )
    assert det.exemption_applied == "small_value"
    assert "small_value_before_reform" in question_codes(det)


def test_before_the_reform_4_go_is_cited() -> None:
    out = shipment(500_000, date="2025-03-01")
    assert "輸出令4条1項4号（2025年10月9日前）" in out["citations"]


def test_small_value_claimed_for_technology_is_not_applied() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="CN",
        item={"list_item": "外為令別表7の項(1)", "value_jpy": 1_000},
        recipient=CLEAN,
        exemption_claimed="small_value",
    )
    assert det.licence_required is True
    assert [(e.code, e.reason) for e in det.exemptions] == [("small_value", "goods_only")]


def test_goods_under_the_ceiling_with_listed_technology_still_need_a_licence() -> None:
    out = contract(
        transaction="goods_and_technology",
        item={"list_item": "7の項(1)", "value_jpy": 100_000, "contract_value_jpy": 100_000},
        recipient=CLEAN,
        end_use=NO_CONCERN,
        informed_by_meti=False,
    )
    assert out["licence_required"] is True
    assert out["grounds"] == ["list_control", "non_resident_recipient"]
    assert out["exemption_applied"] == "none"
