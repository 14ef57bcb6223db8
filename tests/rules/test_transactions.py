"""Hand-carry, cloud sharing, visitors and samples."""

from __future__ import annotations

import pytest

from anpo.rules import FactsError, parse_facts
from tests.rules.conftest import contract, determine, facts, question_codes

TECH = {"list_item": "外為令別表8の項"}


def test_a_hand_carried_laptop_nobody_else_receives_needs_no_licence() -> None:
    det = determine(
        transaction="hand_carry", destination_country="CN", item=TECH, provision_intended=False
    )
    assert det.licence_required is False
    assert det.recipient_status is None
    assert "no_provision" in [f.code for f in det.findings]


def test_hand_carried_technology_provided_abroad_needs_a_licence() -> None:
    out = contract(
        transaction="hand_carry",
        destination_country="CN",
        item=TECH,
        provision_intended=True,
        recipient={"kind": "organization", "country": "CN"},
    )
    assert out["grounds"] == ["list_control", "non_resident_recipient"]


def test_unknown_provision_intent_is_read_as_provided_with_a_question() -> None:
    det = determine(transaction="hand_carry", destination_country="US", item=TECH)
    assert det.licence_required is True
    assert "provision_intent_unknown" in question_codes(det)


def test_a_hand_carried_listed_device_is_a_goods_export() -> None:
    det = determine(
        transaction="hand_carry",
        destination_country="US",
        item={"list_item": "8の項", "value_jpy": 3_000_000, "contract_value_jpy": 3_000_000},
    )
    assert [g.part for g in det.grounds] == ["goods"]
    assert "hand_carry_goods_exceptions" in question_codes(det)


def test_a_file_on_a_foreign_cloud_server_nobody_else_reads_needs_no_licence() -> None:
    out = contract(
        transaction="cloud_sharing",
        destination_country="JP",
        item=TECH,
        provision_intended=False,
        server_location="US",
    )
    assert out["licence_required"] is False
    assert out["recipient_status"] is None


def test_sharing_through_the_cloud_with_a_foreign_partner_needs_a_licence() -> None:
    out = contract(
        transaction="cloud_sharing",
        destination_country="KR",
        item=TECH,
        provision_intended=True,
        server_location="JP",
        recipient={"kind": "organization", "country": "KR"},
    )
    assert out["grounds"] == ["list_control", "non_resident_recipient"]
    assert out["group_a"] is True


def test_a_sample_shipment_is_a_goods_export() -> None:
    out = contract(
        transaction="sample_shipment",
        destination_country="TW",
        item={"list_item": "3の2の項(1)", "value_jpy": 1_000, "contract_value_jpy": 1_000},
    )
    assert out["grounds"] == ["list_control"]
    assert out["exemption_applied"] == "none"


def test_goods_cannot_be_exported_to_japan() -> None:
    with pytest.raises(FactsError, match="cannot be JP"):
        parse_facts(facts(destination_country="JP"))


def test_a_hand_carry_cannot_go_to_japan() -> None:
    with pytest.raises(FactsError, match="hand-carry"):
        parse_facts(facts(transaction="hand_carry", destination_country="JP"))
