"""The catch-all (16の項) by destination tier, before and after 2025-10-09."""

from __future__ import annotations

from typing import Any

import pytest

from tests.rules.conftest import contract, determine, question_codes

AFTER = "2026-01-15"
BEFORE = "2025-06-01"
ITEM_16_1 = {"list_item": None, "hs_code": "8458.11"}  # lathe: 16の項(1)
ITEM_16_2 = {"list_item": None, "hs_code": "8471.30"}  # laptop: 16の項(2)
CLEAN = {"kind": "organization", "country": "CN", "on_meti_eul": False}
NO_CONCERN = {"concerns": ["none"]}


def catch_all(**extra: Any) -> dict[str, Any]:
    base = {"recipient": CLEAN, "end_use": NO_CONCERN, "informed_by_meti": False}
    return contract(**{**base, **extra})


def test_scope_is_16_before_the_split_and_16_1_or_16_2_after() -> None:
    assert catch_all(date=BEFORE, item=ITEM_16_1)["catch_all_scope"] == "16"
    assert catch_all(date=AFTER, item=ITEM_16_1)["catch_all_scope"] == "16(1)"
    assert catch_all(date=AFTER, item=ITEM_16_2)["catch_all_scope"] == "16(2)"


def test_goods_outside_the_hs_chapters_are_out_of_scope() -> None:
    out = catch_all(item={"list_item": None, "hs_code": "0101.21"}, end_use={"concerns": ["wmd"]})
    assert out["catch_all_scope"] == "out_of_scope"
    assert out["licence_required"] is False


def test_it_needs_no_licence_without_any_condition() -> None:
    out = catch_all(item=ITEM_16_1)
    assert out["licence_required"] is False
    assert out["grounds"] == ["none"]
    assert out["open_questions"] == []


@pytest.mark.parametrize("date", [BEFORE, AFTER])
def test_a_wmd_use_concern_requires_a_licence_to_a_general_destination(date: str) -> None:
    out = catch_all(date=date, item=ITEM_16_2, end_use={"concerns": ["wmd"]})
    assert out["grounds"] == ["wmd_catch_all_use"]


@pytest.mark.parametrize("date", [BEFORE, AFTER])
def test_a_wmd_inform_requires_a_licence_to_a_general_destination(date: str) -> None:
    out = catch_all(date=date, item=ITEM_16_2, informed_by_meti=True, inform_concern="wmd")
    assert out["grounds"] == ["wmd_catch_all_inform"]


def test_a_wmd_end_user_on_the_eul_requires_a_licence() -> None:
    recipient = {**CLEAN, "on_meti_eul": True, "eul_codes": ["M", "N"]}
    out = catch_all(item=ITEM_16_2, recipient=recipient)
    assert out["grounds"] == ["wmd_catch_all_end_user"]


def test_the_clear_guideline_lifts_the_wmd_end_user_requirement() -> None:
    recipient = {**CLEAN, "on_meti_eul": True, "eul_codes": ["M"]}
    det = determine(
        item=ITEM_16_2,
        recipient=recipient,
        end_use={"concerns": ["none"], "clearly_not_of_concern_per_meti_guideline": True},
        informed_by_meti=False,
    )
    assert det.licence_required is False
    assert "clear_guideline_lifted" in [f.code for f in det.findings]


def test_the_clear_guideline_never_lifts_a_use_concern() -> None:
    out = catch_all(
        item=ITEM_16_2,
        end_use={"concerns": ["wmd"], "clearly_not_of_concern_per_meti_guideline": True},
    )
    assert out["grounds"] == ["wmd_catch_all_use"]


def test_an_eul_hit_without_the_clear_check_is_an_open_question() -> None:
    recipient = {**CLEAN, "on_meti_eul": True, "eul_codes": ["B"]}
    det = determine(item=ITEM_16_2, recipient=recipient, end_use={"concerns": ["none"]})
    assert det.ground_codes == ("wmd_catch_all_end_user",)
    assert "clear_guideline_not_recorded" in question_codes(det)


def test_conventional_use_for_16_2_to_a_general_destination_is_inform_only() -> None:
    det = determine(
        item=ITEM_16_2,
        recipient=CLEAN,
        end_use={"concerns": ["conventional"]},
        informed_by_meti=False,
    )
    assert det.licence_required is False
    assert "requirement_not_applicable" in [f.code for f in det.findings]


def test_conventional_use_for_16_1_to_a_general_destination_requires_a_licence() -> None:
    out = catch_all(item=ITEM_16_1, end_use={"concerns": ["conventional"]})
    assert out["grounds"] == ["cw_catch_all_use"]
    assert "貨物等省令14条の2" in out["citations"]


def test_conventional_use_for_16_2_to_a_un_embargo_destination_requires_a_licence() -> None:
    out = catch_all(
        item=ITEM_16_2,
        destination_country="AF",
        recipient={**CLEAN, "country": "AF"},
        end_use={"concerns": ["conventional"]},
    )
    assert out["un_arms_embargo"] is True
    assert out["grounds"] == ["cw_catch_all_use"]


def test_before_the_reform_conventional_use_counted_only_for_un_embargo_destinations() -> None:
    general = catch_all(date=BEFORE, item=ITEM_16_1, end_use={"concerns": ["conventional"]})
    embargo = catch_all(
        date=BEFORE,
        item=ITEM_16_1,
        destination_country="SO",
        end_use={"concerns": ["conventional"]},
    )
    assert general["licence_required"] is False
    assert embargo["grounds"] == ["cw_catch_all_use"]


def test_a_conventional_eul_listing_counts_for_16_1_after_the_reform() -> None:
    recipient = {**CLEAN, "on_meti_eul": True, "eul_codes": ["CW"]}
    assert catch_all(item=ITEM_16_1, recipient=recipient)["grounds"] == ["cw_catch_all_end_user"]
    assert catch_all(item=ITEM_16_2, recipient=recipient)["licence_required"] is False


def test_a_military_end_user_meets_the_conventional_end_user_requirement() -> None:
    recipient = {**CLEAN, "military_end_user": True}
    assert catch_all(item=ITEM_16_1, recipient=recipient)["grounds"] == ["cw_catch_all_end_user"]


def test_the_clear_guideline_lifting_the_conventional_end_user_is_an_open_question() -> None:
    recipient = {**CLEAN, "on_meti_eul": True, "eul_codes": ["CW"]}
    det = determine(
        item=ITEM_16_1,
        recipient=recipient,
        end_use={"concerns": ["none"], "clearly_not_of_concern_per_meti_guideline": True},
        informed_by_meti=False,
    )
    assert det.licence_required is False
    assert "clear_guideline_conventional_end_user" in question_codes(det)


def test_the_clear_guideline_is_not_available_for_16_1_to_un_embargo_destinations() -> None:
    recipient = {**CLEAN, "country": "LB", "on_meti_eul": True, "eul_codes": ["M"]}
    det = determine(
        item=ITEM_16_1,
        destination_country="LB",
        recipient=recipient,
        end_use={"concerns": ["none"], "clearly_not_of_concern_per_meti_guideline": True},
        informed_by_meti=False,
    )
    assert det.ground_codes == ("wmd_catch_all_end_user",)
    assert "clear_guideline_not_available" in question_codes(det)


def test_group_a_was_outside_the_catch_all_before_the_reform_even_after_an_inform() -> None:
    det = determine(
        date=BEFORE,
        destination_country="US",
        item=ITEM_16_1,
        informed_by_meti=True,
        inform_concern="wmd",
    )
    assert det.licence_required is False
    assert "group_a_outside_catch_all" in [f.code for f in det.findings]


@pytest.mark.parametrize(
    ("concern", "ground"),
    [("wmd", "wmd_catch_all_inform"), ("conventional", "cw_catch_all_inform")],
)
def test_group_a_after_an_inform_needs_a_licence_from_2025_10_09(concern: str, ground: str) -> None:
    out = contract(
        destination_country="GB", item=ITEM_16_2, informed_by_meti=True, inform_concern=concern
    )
    assert out["grounds"] == [ground]
    assert "外為法48条2項" in out["citations"]
    assert "輸出令1条3項" in out["citations"]


def test_group_a_objective_concerns_do_not_count() -> None:
    det = determine(
        destination_country="DE",
        item=ITEM_16_1,
        end_use={"concerns": ["wmd"]},
        recipient={
            "kind": "organization",
            "country": "DE",
            "on_meti_eul": True,
            "eul_codes": ["N"],
        },
        informed_by_meti=False,
    )
    assert det.licence_required is False
    assert "group_a_no_inform" in [f.code for f in det.findings]


def test_korea_is_a_general_destination_between_its_removal_and_return() -> None:
    during = catch_all(
        date="2021-03-01", destination_country="KR", item=ITEM_16_2, end_use={"concerns": ["wmd"]}
    )
    after = catch_all(
        date="2024-03-01", destination_country="KR", item=ITEM_16_2, end_use={"concerns": ["wmd"]}
    )
    assert during["group_a"] is False
    assert during["grounds"] == ["wmd_catch_all_use"]
    assert after["group_a"] is True
    assert after["licence_required"] is False


def test_8807_parts_depend_on_what_they_are_parts_of() -> None:
    uav = catch_all(
        item={"list_item": None, "hs_code": "8807.30", "part_of_hs": "8806"},
        end_use={"concerns": ["conventional"]},
    )
    plane = catch_all(
        item={"list_item": None, "hs_code": "8807.30", "part_of_hs": "8802.40"},
        end_use={"concerns": ["conventional"]},
    )
    assert uav["catch_all_scope"] == "16(1)"
    assert uav["grounds"] == ["cw_catch_all_use"]
    assert plane["catch_all_scope"] == "16(2)"
    assert plane["licence_required"] is False


def test_an_8807_part_of_unknown_goods_is_read_as_16_1_with_a_question() -> None:
    det = determine(
        item={"list_item": None, "hs_code": "8807.30"},
        recipient=CLEAN,
        end_use={"concerns": ["conventional"]},
        informed_by_meti=False,
    )
    assert det.catch_all_scope == "16(1)"
    assert "hs_8807_part_of_unknown" in question_codes(det)


def test_8542_90_is_16_2_but_other_ics_are_16_1() -> None:
    assert catch_all(item={"list_item": None, "hs_code": "8542.90"})["catch_all_scope"] == "16(2)"
    assert catch_all(item={"list_item": None, "hs_code": "8542.31"})["catch_all_scope"] == "16(1)"


def test_an_inform_of_unknown_concern_is_read_as_wmd_with_a_question() -> None:
    det = determine(item=ITEM_16_2, recipient=CLEAN, end_use=NO_CONCERN, informed_by_meti=True)
    assert det.ground_codes == ("wmd_catch_all_inform",)
    assert "inform_concern_unknown" in question_codes(det)


def test_unknown_end_use_and_eul_status_are_open_questions_when_nothing_else_requires_a_licence() -> (
    None
):
    det = determine(item=ITEM_16_1)
    assert det.licence_required is False
    assert "end_use_unknown" in question_codes(det)
    assert "eul_status_unknown" in question_codes(det)


def test_unknown_facts_are_not_asked_when_a_licence_is_required_anyway() -> None:
    det = determine(item=ITEM_16_1, informed_by_meti=True, inform_concern="wmd")
    assert det.licence_required is True
    assert "end_use_unknown" not in question_codes(det)


def test_a_missing_hs_code_is_read_as_in_scope_when_a_condition_holds() -> None:
    det = determine(
        item={"list_item": None},
        recipient=CLEAN,
        end_use={"concerns": ["wmd"]},
        informed_by_meti=False,
    )
    assert det.ground_codes == ("wmd_catch_all_use",)
    assert "hs_code_missing" in question_codes(det)


def test_catch_all_technology_to_a_non_resident_in_japan_uses_their_country() -> None:
    recipient = {
        "kind": "person",
        "country": "JP",
        "on_meti_eul": False,
        "person": {"nationality": "IR", "resident_in_japan_since": "2025-12-01"},
    }
    out = contract(
        transaction="technology_provision",
        destination_country="JP",
        item={"list_item": None, "hs_code": "8458.11"},
        recipient=recipient,
        end_use={"concerns": ["wmd"]},
    )
    assert out["grounds"] == ["wmd_catch_all_use", "non_resident_recipient"]
    assert out["recipient_status"] == "non_resident"


def test_catch_all_technology_to_a_resident_in_japan_needs_no_licence() -> None:
    recipient = {"kind": "person", "person": {"nationality": "JP"}}
    out = contract(
        transaction="technology_provision",
        destination_country="JP",
        item={"list_item": None, "hs_code": "8458.11"},
        recipient=recipient,
        end_use={"concerns": ["wmd"]},
    )
    assert out["licence_required"] is False


def test_catch_all_technology_to_group_a_after_an_inform_is_an_open_question() -> None:
    det = determine(
        transaction="technology_provision",
        destination_country="FR",
        item={"list_item": None, "hs_code": "8458.11"},
        recipient={"kind": "organization", "country": "FR"},
        informed_by_meti=True,
        inform_concern="conventional",
    )
    assert det.ground_codes == ("cw_catch_all_inform", "non_resident_recipient")
    assert "technology_group_a_inform" in question_codes(det)


def test_a_3_2_entry_in_its_uncertain_window_is_read_conservatively_with_a_question() -> None:
    det = determine(
        date="2015-06-01",
        destination_country="CI",
        item=ITEM_16_2,
        recipient={**CLEAN, "country": "CI"},
        end_use={"concerns": ["conventional"]},
        informed_by_meti=False,
    )
    assert det.un_arms_embargo is True
    assert det.ground_codes == ("cw_catch_all_use",)
    assert "un_arms_embargo_membership_uncertain" in question_codes(det)


def test_a_3_2_entry_outside_its_window_raises_no_question() -> None:
    det = determine(date="2026-07-01", destination_country="CI", item=ITEM_16_2)
    assert det.un_arms_embargo is False
    assert "un_arms_embargo_membership_uncertain" not in question_codes(det)
