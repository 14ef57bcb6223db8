"""Parameters: values a researcher gives ("最大周波数 40 GHz", "5-axis", "positioning
accuracy 0.8 µm") and thresholds the law sets ("周波数が四〇ギガヘルツを超える").

``extract_thresholds`` reads a provision's text into :class:`Threshold` records (the
quantity's name, the comparison and the value in base units); ``extract_parameters``
reads a description and/or a ``{name: value}`` mapping into :class:`Parameter` records.
``compare`` says whether a parameter meets a threshold. Everything is data: a match is
reported as :class:`ParameterMatch` with both sides' words and spans.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from anpo.classification.catalogue.glossary import Glossary, default_glossary
from anpo.classification.catalogue.text import (
    Normalised,
    Quantity,
    normalise,
    quantities,
    tokenize,
)


@dataclass(frozen=True, slots=True)
class Threshold:
    """``name`` ``op`` ``value`` as the provision states it (e.g. 周波数 > 40 GHz)."""

    name: str  # the quantity's words before the number ("出力周波数"), "" when none
    name_terms: tuple[str, ...]
    op: str  # ">", ">=", "<", "<=", "=" (no comparison word)
    quantity: Quantity
    surface: str = ""  # the value as the provision writes it (四〇ギガヘルツ)

    @property
    def dimension(self) -> str:
        return self.quantity.dimension


@dataclass(frozen=True, slots=True)
class Parameter:
    """A value a researcher gave, with the words naming it."""

    name: str
    name_terms: tuple[str, ...]
    quantity: Quantity
    source: str  # "parameters" (the structured mapping) or "description"


@dataclass(frozen=True, slots=True)
class ParameterMatch:
    parameter: Parameter
    threshold: Threshold
    meets: bool  # the parameter's value satisfies the threshold
    same_name: bool  # the names share a word (周波数 ~ frequency)

    def as_dict(self) -> dict[str, object]:
        return {
            "parameter": self.parameter.name,
            "value": f"{_fmt(self.parameter.quantity.value)} {self.parameter.quantity.unit}".strip(),
            "threshold": self.threshold.name,
            "op": self.threshold.op,
            "limit": f"{_fmt(self.threshold.quantity.value)} {self.threshold.quantity.unit}".strip(),
            "meets": self.meets,
            "same_name": self.same_name,
        }


def _fmt(value: float) -> str:
    return f"{value:g}"


_OPS_AFTER: Final = (
    ("以上", ">="),
    ("以下", "<="),
    ("未満", "<"),
    ("を超え", ">"),
    ("を超過", ">"),
    ("超", ">"),
    ("より大きい", ">"),
    ("より小さい", "<"),
    ("or more", ">="),
    ("or higher", ">="),
    ("or less", "<="),
    ("or lower", "<="),
)
# The words naming a quantity end at these (the law: 「周波数が」「出力は」).
_NAME_END_RE: Final = re.compile(
    r"(?P<name>[^\s、。，,（）()「」:：;；]{1,24}?)\s*(?:が|は|の値が|:|：|=)\s*$"
)
_CLAUSE_BREAK_RE: Final = re.compile(
    r"[、。，,（）()「」;；]|であって|であつて|のうち|かつ|又は|若しくは"
)


def _op_after(norm: Normalised, end_index: int) -> str:
    tail = norm.text[end_index : end_index + 12].lstrip()
    for word, op in _OPS_AFTER:
        if tail.startswith(word):
            return op
    return "="


def _norm_index(norm: Normalised, original_index: int, *, end: bool = False) -> int:
    """The index in the normalised text of an original position (first or last char)."""
    positions = [i for i, o in enumerate(norm.offsets) if o == original_index]
    if not positions:
        return len(norm.text) if end else 0
    return positions[-1] + 1 if end else positions[0]


def _name_before(norm: Normalised, start_index: int) -> str:
    head = norm.text[max(0, start_index - 40) : start_index]
    # cut at the last clause break
    parts = _CLAUSE_BREAK_RE.split(head)
    head = parts[-1] if parts else head
    match = _NAME_END_RE.search(head)
    if match:
        return match.group("name").strip()
    english = re.search(r"([A-Za-z][A-Za-z \-']{2,40})\s*(?:of|:|=)?\s*$", head)
    if english:
        return english.group(1).strip()
    return ""


def _terms(text: str, glossary: Glossary) -> tuple[str, ...]:
    tokens = tokenize(text)
    terms = [t.term for t in tokens if t.kind in ("ja", "en", "compound")]
    for expansion in glossary.expand_english(tokens):
        terms.extend(expansion.terms)
    return tuple(dict.fromkeys(terms))


def extract_thresholds(text: str, *, glossary: Glossary | None = None) -> list[Threshold]:
    """The quantities a provision compares against, with their names and comparisons."""
    glossary = glossary or default_glossary()
    norm = normalise(text)
    found: list[Threshold] = []
    for quantity in quantities(norm):
        start = _norm_index(norm, quantity.start)
        end = _norm_index(norm, quantity.end - 1, end=True)
        # the normalised quantity reads "40 GHz " - the comparison follows the unit
        op = _op_after(norm, end)
        name = _name_before(norm, start)
        found.append(
            Threshold(
                name,
                _terms(name, glossary) if name else (),
                op,
                quantity,
                text[quantity.start : quantity.end],
            )
        )
    # 軸数が五以上 (a count without a unit: the name says what is counted)
    for match in re.finditer(r"軸数が(?:同時に)?(\d+)\s*(以上|を超え|超)", norm.text):
        o_start, o_end = norm.span(match.start(), match.end())
        value = float(match.group(1))
        op = ">=" if match.group(2) == "以上" else ">"
        found.append(
            Threshold(
                "軸数",
                ("軸", "数", "軸数"),
                op,
                Quantity(value, "axis", "axis", value, o_start, o_end),
                text[o_start:o_end],
            )
        )
    return found


def extract_parameters(
    description: str = "",
    parameters: Mapping[str, object] | None = None,
    *,
    glossary: Glossary | None = None,
) -> list[Parameter]:
    """Values with units from a description and from a ``{name: "40 GHz"}`` mapping."""
    glossary = glossary or default_glossary()
    found: list[Parameter] = []
    for name, raw_value in (parameters or {}).items():
        value_text = str(raw_value)
        norm = normalise(value_text)
        for quantity in quantities(norm):
            found.append(Parameter(str(name), _terms(str(name), glossary), quantity, "parameters"))
        if not quantities(norm):
            # "5軸" written in the name ("制御軸数": "5") or a bare number
            bare = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*", norm.text)
            if bare and (
                "軸" in str(name) or "axis" in str(name).lower() or "axes" in str(name).lower()
            ):
                value = float(bare.group(1))
                found.append(
                    Parameter(
                        str(name),
                        _terms(str(name), glossary),
                        Quantity(value, "axis", "axis", value, 0, len(value_text)),
                        "parameters",
                    )
                )
    if description:
        norm = normalise(description)
        for quantity in quantities(norm):
            start = _norm_index(norm, quantity.start)
            name = _name_before(norm, start)
            found.append(
                Parameter(name, _terms(name, glossary) if name else (), quantity, "description")
            )
    return found


def compare(value: float, op: str, limit: float, *, tolerance: float = 1e-9) -> bool:
    """Does ``value`` satisfy ``op limit``? (``=`` means "about the same", within 1 %)."""
    if op == ">":
        return value > limit * (1 + tolerance)
    if op == ">=":
        return value >= limit * (1 - tolerance)
    if op == "<":
        return value < limit * (1 - tolerance)
    if op == "<=":
        return value <= limit * (1 + tolerance)
    return abs(value - limit) <= abs(limit) * 0.01


def match_parameters(params: list[Parameter], thresholds: list[Threshold]) -> list[ParameterMatch]:
    """Every (parameter, threshold) pair of the same dimension, with whether it is met."""
    matches: list[ParameterMatch] = []
    for param in params:
        for threshold in thresholds:
            if param.quantity.dimension != threshold.dimension or not threshold.dimension:
                continue
            meets = compare(param.quantity.base_value, threshold.op, threshold.quantity.base_value)
            same_name = bool(set(param.name_terms) & set(threshold.name_terms))
            matches.append(ParameterMatch(param, threshold, meets, same_name))
    return matches


def parameters_from_mapping(parameters: Mapping[str, object] | None) -> list[Parameter]:
    return extract_parameters("", parameters)


def threshold_as_dict(threshold: Threshold) -> dict[str, object]:
    """A JSON-able form of a threshold (the database stores them with the entry)."""
    q = threshold.quantity
    return {
        "name": threshold.name,
        "name_terms": list(threshold.name_terms),
        "op": threshold.op,
        "value": q.value,
        "unit": q.unit,
        "dimension": q.dimension,
        "base": q.base_value,
        "start": q.start,
        "end": q.end,
        "surface": threshold.surface,
    }


def threshold_from_dict(data: Mapping[str, object]) -> Threshold:
    def number(name: str) -> float:
        value = data.get(name, 0)
        return float(value) if isinstance(value, int | float | str) else 0.0

    def integer(name: str) -> int:
        value = data.get(name, 0)
        return int(value) if isinstance(value, int | float | str) else 0

    terms = data.get("name_terms")
    return Threshold(
        name=str(data.get("name", "")),
        name_terms=tuple(str(t) for t in terms) if isinstance(terms, list) else (),
        op=str(data.get("op", "=")),
        quantity=Quantity(
            number("value"),
            str(data.get("unit", "")),
            str(data.get("dimension", "")),
            number("base"),
            integer("start"),
            integer("end"),
        ),
        surface=str(data.get("surface", "")),
    )
