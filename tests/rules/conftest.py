"""Helpers for the rule-engine tests: build facts from a few keys, assess with the Japan pack."""

from __future__ import annotations

import copy
from typing import Any

from anpo.rules import Determination, assess, parse_facts, to_contract
from anpo.rules.jp import PACK

BASE: dict[str, Any] = {
    "id": "t",
    "date": "2026-01-15",
    "transaction": "goods_export",
    "destination_country": "CN",
    "item": {"list_item": None, "hs_code": "8458.11"},
}


def facts(**extra: Any) -> dict[str, Any]:
    """BASE with the top-level keys of ``extra`` replaced (``None`` values are kept as null)."""
    out = copy.deepcopy(BASE)
    out.update(copy.deepcopy(extra))
    return out


def determine(**extra: Any) -> Determination:
    return assess(parse_facts(facts(**extra)), pack=PACK)


def contract(**extra: Any) -> dict[str, Any]:
    return to_contract(determine(**extra))


def question_codes(det: Determination) -> list[str]:
    return [q.code for q in det.open_questions]
