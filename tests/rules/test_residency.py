"""Residency (MoF circular 6-1-5) and 特定類型 (役務通達1(3)サ, from 2022-05-01)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from anpo.rules.jp.persons import naive_anniversary, period_elapsed_from
from tests.rules.conftest import contract, determine, question_codes

TECH = {"list_item": "外為令別表3の2の項(1)"}
NO_CATEGORY = {
    "contracts_with_foreign_entity": [],
    "foreign_government_funding_share_of_income": 0.0,
    "acts_under_foreign_government_instruction": False,
}


def in_japan(
    person: dict[str, Any], *, date: str = "2026-01-15", kind: str = "person", **extra: Any
) -> dict[str, Any]:
    return contract(
        date=date,
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={"kind": kind, "person": person, **extra},
    )


# --- period counting -----------------------------------------------------------------


def test_six_months_pass_the_day_after_the_anniversary() -> None:
    assert period_elapsed_from(dt.date(2025, 1, 15), 6) == dt.date(2025, 7, 16)


def test_a_period_ending_in_a_short_month_ends_with_that_month() -> None:
    assert period_elapsed_from(dt.date(2025, 8, 30), 6) == dt.date(2026, 3, 1)
    assert period_elapsed_from(dt.date(2025, 8, 31), 6) == dt.date(2026, 3, 1)
    assert naive_anniversary(dt.date(2025, 8, 31), 6) == dt.date(2026, 2, 28)


# --- foreign nationals -----------------------------------------------------------------


def test_a_foreign_student_is_a_non_resident_within_six_months_of_entry() -> None:
    out = in_japan({"nationality": "VN", "resident_in_japan_since": "2025-10-01", **NO_CATEGORY})
    assert out["recipient_status"] == "non_resident"
    assert out["licence_required"] is True


def test_a_foreign_student_is_a_resident_after_six_months() -> None:
    out = in_japan({"nationality": "VN", "resident_in_japan_since": "2025-06-01", **NO_CATEGORY})
    assert out["recipient_status"] == "resident"
    assert out["licence_required"] is False


def test_on_the_six_month_anniversary_the_student_is_still_a_non_resident_with_a_question() -> None:
    det = determine(
        date="2026-01-15",
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={
            "kind": "person",
            "person": {"nationality": "VN", "resident_in_japan_since": "2025-07-15", **NO_CATEGORY},
        },
    )
    assert det.recipient_status is not None
    assert det.recipient_status.value == "non_resident"
    assert "residency_period_boundary" in question_codes(det)


def test_the_day_after_the_anniversary_the_student_is_a_resident() -> None:
    out = in_japan(
        {"nationality": "VN", "resident_in_japan_since": "2025-07-15", **NO_CATEGORY},
        date="2026-01-16",
    )
    assert out["recipient_status"] == "resident"
    assert out["open_questions"] == []


def test_a_foreign_national_employed_in_japan_is_a_resident_from_the_start() -> None:
    out = in_japan(
        {
            "nationality": "US",
            "resident_in_japan_since": "2026-01-05",
            "employed_in_japan_by": "みなと科学大学",
            "employed_in_japan_since": "2026-01-06",
            **NO_CATEGORY,
        }
    )
    assert out["recipient_status"] == "resident"


def test_employment_that_has_not_started_does_not_make_a_resident() -> None:
    out = in_japan(
        {
            "nationality": "US",
            "resident_in_japan_since": "2026-01-05",
            "employed_in_japan_by": "みなと科学大学",
            "employed_in_japan_since": "2026-04-01",
            **NO_CATEGORY,
        }
    )
    assert out["recipient_status"] == "non_resident"


@pytest.mark.parametrize("status", ["diplomat", "foreign_military"])
def test_diplomats_and_foreign_forces_are_non_residents(status: str) -> None:
    out = in_japan(
        {
            "nationality": "US",
            "resident_in_japan_since": "2020-01-01",
            "employed_in_japan_by": "US Embassy",
            "official_status": status,
        }
    )
    assert out["recipient_status"] == "non_resident"


def test_a_foreign_national_without_stay_facts_is_an_open_question() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={"kind": "person", "person": {"nationality": "FR"}},
    )
    assert det.recipient_status is not None
    assert det.recipient_status.value == "non_resident"
    assert "residency_unknown" in question_codes(det)


# --- Japanese nationals ----------------------------------------------------------------


def test_a_japanese_national_who_left_to_work_abroad_is_a_non_resident() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="US",
        item=TECH,
        recipient={
            "kind": "person",
            "country": "US",
            "person": {
                "nationality": "JP",
                "abroad_since": "2025-12-01",
                "abroad_for_employment": True,
            },
        },
    )
    assert out["recipient_status"] == "non_resident"
    assert out["grounds"] == ["list_control", "non_resident_recipient"]


def test_a_japanese_national_abroad_for_two_years_is_a_non_resident() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="DE",
        item=TECH,
        recipient={
            "kind": "person",
            "person": {
                "nationality": "JP",
                "abroad_since": "2023-09-01",
                "abroad_for_employment": False,
            },
        },
    )
    assert out["recipient_status"] == "non_resident"


def test_a_japanese_national_abroad_for_a_year_of_study_is_still_a_resident() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="DE",
        item=TECH,
        recipient={
            "kind": "person",
            "person": {
                "nationality": "JP",
                "abroad_since": "2025-04-01",
                "abroad_for_employment": False,
            },
        },
    )
    assert out["recipient_status"] == "resident"
    assert out["grounds"] == ["list_control"]


# --- organisations and visitors ------------------------------------------------------------


def test_a_japanese_branch_of_a_foreign_firm_is_a_resident() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={"kind": "organization", "name": "Acme Japan K.K.", "country": "JP"},
    )
    assert out["recipient_status"] == "resident"
    assert out["licence_required"] is False
    assert out["specific_categories"] == []


def test_visitors_from_abroad_are_non_residents() -> None:
    out = contract(
        transaction="visitor_access",
        destination_country="JP",
        item=TECH,
        recipient={
            "kind": "person",
            "visitors": {"count": 5, "nationality": "CN", "employed_in_japan_by": None},
        },
    )
    assert out["recipient_status"] == "non_resident"
    assert out["grounds"] == ["list_control", "non_resident_recipient"]


def test_visitors_without_entry_dates_are_read_as_non_residents_with_a_question() -> None:
    det = determine(
        transaction="visitor_access",
        destination_country="JP",
        item=TECH,
        recipient={
            "kind": "organization",
            "country": "JP",
            "visitors": {"count": 8, "nationality": "BR", "employed_in_japan_by": None},
        },
    )
    assert det.ground_codes == ("list_control", "non_resident_recipient")
    assert "visitors_stay_unknown" in question_codes(det)


def test_visitors_employed_in_japan_are_residents() -> None:
    out = contract(
        transaction="visitor_access",
        destination_country="JP",
        item=TECH,
        recipient={
            "kind": "person",
            "visitors": {
                "count": 3,
                "nationality": "US",
                "employed_in_japan_by": "Acme Japan K.K.",
            },
        },
    )
    assert out["recipient_status"] == "resident"


# --- 特定類型 ---------------------------------------------------------------------------


def resident(**person: Any) -> dict[str, Any]:
    return {"nationality": "JP", **NO_CATEGORY, **person}


def test_category_1_control_by_contract_makes_a_deemed_export() -> None:
    contracts = [
        {
            "counterparty": "Foreign Univ.",
            "counterparty_type": "foreign_legal_entity",
            "type": "employment",
            "follows_directions": True,
            "duty_of_care": False,
        }
    ]
    out = in_japan(resident(contracts_with_foreign_entity=contracts))
    assert out["recipient_status"] == "resident_deemed_non_resident"
    assert out["specific_categories"] == [1]
    assert out["grounds"] == ["list_control", "deemed_export_specific_category"]
    assert "役務通達1(3)サ" in out["citations"]


def test_category_1_exception_i_keeps_the_resident_a_resident() -> None:
    contracts = [
        {
            "counterparty": "Foreign Univ.",
            "counterparty_type": "foreign_legal_entity",
            "type": "mandate",
            "follows_directions": True,
            "duty_of_care": True,
        }
    ]
    out = in_japan(
        resident(
            contracts_with_foreign_entity=contracts,
            japanese_entity_directions_prevail=True,
            employed_in_japan_by="みなと科学大学",
        )
    )
    assert out["recipient_status"] == "resident"
    assert out["specific_categories"] == []
    assert out["licence_required"] is False


def test_exception_i_without_a_japanese_contract_is_not_applied() -> None:
    contracts = [
        {
            "counterparty": "Foreign Univ.",
            "counterparty_type": "foreign_legal_entity",
            "follows_directions": True,
            "duty_of_care": True,
        }
    ]
    det = determine(
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={
            "kind": "person",
            "person": resident(
                contracts_with_foreign_entity=contracts,
                japanese_entity_directions_prevail=True,
                employed_in_japan_by=None,
            ),
        },
    )
    assert det.specific_categories == (1,)
    assert det.ground_codes == ("list_control", "deemed_export_specific_category")
    assert "specific_category_exception_i_contract_unknown" in question_codes(det)


def test_a_resident_in_a_category_abroad_carries_list_control_only() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="US",
        item=TECH,
        recipient={
            "kind": "person",
            "country": "US",
            "person": resident(foreign_government_funding_share_of_income=0.4),
        },
    )
    assert out["grounds"] == ["list_control"]
    assert out["recipient_status"] == "resident_deemed_non_resident"


def test_unlisted_technology_reports_the_category_but_is_not_deemed_exported() -> None:
    out = contract(
        transaction="technology_provision",
        destination_country="JP",
        item={"list_item": None},
        recipient={
            "kind": "person",
            "person": resident(foreign_government_funding_share_of_income=0.5),
        },
    )
    assert out["licence_required"] is False
    assert out["recipient_status"] == "resident_deemed_non_resident"
    assert out["specific_categories"] == [2]


def test_a_contract_without_directions_or_duty_of_care_is_not_category_1() -> None:
    contracts = [
        {
            "counterparty": "Foreign Co.",
            "counterparty_type": "foreign_legal_entity",
            "type": "service",
            "follows_directions": False,
            "duty_of_care": False,
        }
    ]
    assert in_japan(resident(contracts_with_foreign_entity=contracts))["specific_categories"] == []


@pytest.mark.parametrize(("share", "categories"), [(0.25, [2]), (0.2499, []), (0.6, [2])])
def test_category_2_starts_at_25_percent_of_income(share: float, categories: list[int]) -> None:
    out = in_japan(resident(foreign_government_funding_share_of_income=share))
    assert out["specific_categories"] == categories


def test_category_3_acting_under_foreign_government_instruction() -> None:
    out = in_japan(resident(acts_under_foreign_government_instruction=True))
    assert out["specific_categories"] == [3]
    assert out["licence_required"] is True


def test_all_three_categories_are_listed() -> None:
    contracts = [
        {
            "counterparty": "Ministry",
            "counterparty_type": "foreign_government_body",
            "follows_directions": True,
        }
    ]
    out = in_japan(
        resident(
            contracts_with_foreign_entity=contracts,
            foreign_government_funding_share_of_income=0.5,
            acts_under_foreign_government_instruction=True,
        )
    )
    assert out["specific_categories"] == [1, 2, 3]


def test_categories_do_not_apply_before_2022_05_01() -> None:
    out = in_japan(resident(acts_under_foreign_government_instruction=True), date="2022-04-30")
    assert out["recipient_status"] == "resident"
    assert out["specific_categories"] == []
    assert out["licence_required"] is False


def test_categories_apply_from_2022_05_01() -> None:
    out = in_japan(resident(acts_under_foreign_government_instruction=True), date="2022-05-01")
    assert out["recipient_status"] == "resident_deemed_non_resident"


def test_missing_category_facts_are_an_open_question() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={"kind": "person", "person": {"nationality": "JP"}},
    )
    assert det.licence_required is False
    assert "specific_category_facts_missing" in question_codes(det)


def test_a_contract_with_unknown_terms_is_read_as_category_1_with_a_question() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="JP",
        item=TECH,
        recipient={
            "kind": "person",
            "person": resident(
                contracts_with_foreign_entity=[
                    {"counterparty": "X Inc.", "counterparty_type": "foreign_legal_entity"}
                ]
            ),
        },
    )
    assert det.specific_categories == (1,)
    assert "specific_category_contract_terms_unknown" in question_codes(det)
