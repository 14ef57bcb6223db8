"""Technology exemptions (貿易外省令9条2項): each holding and failing, claimed or not."""

from __future__ import annotations

from typing import Any

import pytest

from anpo.rules import Determination
from tests.rules.conftest import contract, determine, question_codes

TECH_ABROAD = {
    "transaction": "technology_provision",
    "destination_country": "CN",
    "item": {"list_item": "外為令別表6の項(2)"},
    "recipient": {"kind": "organization", "country": "CN"},
}


def claimed(exemption: str, **exemption_facts: Any) -> Determination:
    return determine(**TECH_ABROAD, exemption_claimed=exemption, exemption_facts=exemption_facts)


@pytest.mark.parametrize(
    ("exemption", "facts", "citation"),
    [
        (
            "public_domain",
            {"already_public": True, "under_confidentiality": False},
            "貿易外省令9条2項9号",
        ),
        (
            "public_domain",
            {"provided_to_make_public": True, "under_confidentiality": False},
            "貿易外省令9条2項9号",
        ),
        ("basic_research", {"research_aim": "basic"}, "貿易外省令9条2項10号"),
        ("patent_filing", {"only_minimum_for_patent_filing": True}, "貿易外省令9条2項11号"),
        (
            "minimum_for_use",
            {"minimum_for_use_of_lawfully_exported_goods": True},
            "貿易外省令9条2項",
        ),
    ],
)
def test_an_exemption_that_holds_removes_the_requirement(
    exemption: str, facts: dict, citation: str
) -> None:
    out = contract(**TECH_ABROAD, exemption_claimed=exemption, exemption_facts=facts)
    assert out["licence_required"] is False
    assert out["exemption_applied"] == exemption
    assert out["grounds"] == ["none"]
    assert citation in out["citations"]


@pytest.mark.parametrize(
    ("exemption", "facts", "reason"),
    [
        (
            "public_domain",
            {"already_public": True, "under_confidentiality": True},
            "under_confidentiality",
        ),
        (
            "public_domain",
            {"already_public": False, "provided_to_make_public": False},
            "not_public",
        ),
        ("basic_research", {"research_aim": "specific_product"}, "aim_specific_product"),
        ("patent_filing", {"only_minimum_for_patent_filing": False}, "not_minimum_for_patent"),
        (
            "minimum_for_use",
            {"minimum_for_use_of_lawfully_exported_goods": False},
            "not_minimum_for_use",
        ),
    ],
)
def test_a_claimed_exemption_that_fails_is_reported_as_not_applied(
    exemption: str, facts: dict, reason: str
) -> None:
    det = claimed(exemption, **facts)
    assert det.licence_required is True
    assert det.exemption_applied == "none"
    decision = next(e for e in det.exemptions if e.code == exemption)
    assert decision.applied is False
    assert decision.claimed is True
    assert decision.reason == reason


def test_a_claim_without_its_facts_is_not_applied_and_asks_for_them() -> None:
    det = claimed("basic_research")
    assert det.licence_required is True
    assert det.exemptions[0].reason == "facts_missing"
    assert "exemption_facts_missing" in question_codes(det)


def test_an_unclaimed_exemption_whose_facts_hold_still_applies() -> None:
    det = determine(
        **TECH_ABROAD, exemption_facts={"already_public": True, "under_confidentiality": False}
    )
    assert det.exemption_applied == "public_domain"
    assert det.exemptions[0].claimed is False


def test_when_the_claim_fails_another_exemption_that_holds_applies() -> None:
    det = claimed(
        "basic_research",
        research_aim="specific_product",
        already_public=True,
        under_confidentiality=False,
    )
    assert det.exemption_applied == "public_domain"
    assert [(e.code, e.applied) for e in det.exemptions] == [
        ("basic_research", False),
        ("public_domain", True),
    ]


def test_public_domain_without_the_confidentiality_fact_asks_about_it() -> None:
    det = claimed("public_domain", already_public=True)
    assert det.exemption_applied == "public_domain"
    assert "public_domain_confidentiality_unknown" in question_codes(det)


def test_a_technology_exemption_claimed_for_goods_is_not_applied() -> None:
    det = determine(
        item={"list_item": "6の項(2)", "value_jpy": 5_000_000, "contract_value_jpy": 5_000_000},
        exemption_claimed="public_domain",
    )
    assert det.licence_required is True
    assert [(e.code, e.reason) for e in det.exemptions] == [("public_domain", "technology_only")]


def test_a_claim_where_nothing_needs_a_licence_is_reported_as_not_needed() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="JP",
        item={"list_item": None, "hs_code": "8458.11"},
        recipient={"kind": "organization", "country": "JP"},
        exemption_claimed="basic_research",
        exemption_facts={"research_aim": "basic"},
    )
    assert det.licence_required is False
    assert det.exemption_applied == "none"
    assert [(e.code, e.reason) for e in det.exemptions] == [("basic_research", "not_needed")]


def test_an_exemption_lifts_catch_all_technology_too() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="CN",
        item={"list_item": None, "hs_code": "8458.11"},
        recipient={"kind": "organization", "country": "CN", "on_meti_eul": False},
        end_use={"concerns": ["wmd"]},
        exemption_claimed="public_domain",
        exemption_facts={"provided_to_make_public": True, "under_confidentiality": False},
    )
    assert det.licence_required is False
    assert "ground_lifted" in [f.code for f in det.findings]


def test_a_manuscript_sent_for_publication_under_review_confidentiality_is_public_domain() -> None:
    det = claimed("public_domain", provided_to_make_public=True, under_confidentiality=True)
    assert det.exemption_applied == "public_domain"
    assert "public_domain_make_public_confidential" in question_codes(det)


def test_a_claim_for_goods_and_technology_is_decided_once() -> None:
    det = determine(
        transaction="goods_and_technology",
        destination_country="CN",
        item={"list_item": "6の項(2)", "value_jpy": 5_000_000, "contract_value_jpy": 5_000_000},
        recipient={"kind": "organization", "country": "CN"},
        exemption_claimed="public_domain",
        exemption_facts={"already_public": True, "under_confidentiality": False},
    )
    assert [(e.code, e.applied, e.part) for e in det.exemptions] == [
        ("public_domain", True, "technology")
    ]
    assert det.ground_codes == ("list_control",)
    assert det.exemption_applied == "none"


def test_small_value_claimed_for_catch_all_goods_is_not_eligible() -> None:
    det = determine(
        item={
            "list_item": None,
            "hs_code": "8458.11",
            "value_jpy": 1_000,
            "contract_value_jpy": 1_000,
        },
        recipient={"kind": "organization", "country": "CN", "on_meti_eul": False},
        end_use={"concerns": ["wmd"]},
        exemption_claimed="small_value",
    )
    assert det.licence_required is True
    assert [(e.code, e.reason) for e in det.exemptions] == [("small_value", "item_not_eligible")]
