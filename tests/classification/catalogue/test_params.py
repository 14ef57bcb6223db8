"""Parameters a researcher gives and thresholds the law sets."""

from __future__ import annotations

from anpo.classification.catalogue.params import (
    compare,
    extract_parameters,
    extract_thresholds,
    match_parameters,
    threshold_as_dict,
    threshold_from_dict,
)


def test_it_reads_a_threshold_with_its_name_and_comparison() -> None:
    (threshold,) = extract_thresholds("周波数が四〇ギガヘルツを超えるもの")
    assert threshold.name == "周波数"
    assert threshold.op == ">"
    assert threshold.quantity.base_value == 40e9
    assert threshold.surface == "四〇ギガヘルツ"


def test_it_reads_ranges_as_two_thresholds() -> None:
    low, high = extract_thresholds("三一・八ギガヘルツ超五七ギガヘルツ以下であって")
    assert (low.op, low.quantity.value) == (">", 31.8)
    assert (high.op, high.quantity.value) == ("<=", 57.0)


def test_it_reads_axis_counts_written_without_a_unit() -> None:
    thresholds = extract_thresholds("輪郭制御をすることができる軸数が五以上のもの")
    axis = [t for t in thresholds if t.dimension == "axis"]
    assert axis[0].op == ">="
    assert axis[0].quantity.value == 5


def test_it_reads_parameters_from_the_description_and_the_mapping() -> None:
    params = extract_parameters(
        "5-axis milling machine, positioning accuracy 0.8 µm", {"最大周波数": "40 GHz"}
    )
    by_unit = {p.quantity.unit: p for p in params}
    assert by_unit["GHz"].name == "最大周波数"
    assert by_unit["axis"].quantity.value == 5
    assert by_unit["µm"].name == "positioning accuracy"
    assert "精度" in by_unit["µm"].name_terms


def test_a_parameter_meets_a_threshold_of_the_same_quantity() -> None:
    params = extract_parameters("", {"最大周波数": "50 GHz"})
    thresholds = extract_thresholds("周波数が四〇ギガヘルツを超えるもの")
    (match,) = match_parameters(params, thresholds)
    assert match.meets is True
    assert match.same_name is True


def test_a_parameter_below_the_threshold_does_not_meet_it() -> None:
    params = extract_parameters("", {"frequency": "26.5 GHz"})
    thresholds = extract_thresholds("周波数が四〇ギガヘルツを超えるもの")
    (match,) = match_parameters(params, thresholds)
    assert match.meets is False


def test_quantities_of_different_dimensions_are_not_compared() -> None:
    params = extract_parameters("", {"wavelength": "800 nm"})
    assert match_parameters(params, extract_thresholds("出力が一〇ワットを超えるもの")) == []


def test_comparisons() -> None:
    assert compare(5, ">=", 5)
    assert not compare(5, ">", 5)
    assert compare(0.8e-6, "<=", 1.1e-6)
    assert not compare(2.0, "<", 1.0)


def test_thresholds_survive_a_round_trip_through_json() -> None:
    (threshold,) = extract_thresholds("周波数が四〇ギガヘルツを超えるもの")
    assert threshold_from_dict(threshold_as_dict(threshold)) == threshold
