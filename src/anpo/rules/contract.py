"""A determination as JSON: the CLI contract's output object, and a full explanation form."""

from __future__ import annotations

from typing import Final

from anpo.rules.types import (
    Citation,
    Determination,
    ExemptionDecision,
    FactUsed,
    Finding,
    Ground,
    RulePackInfo,
)

CONTRACT_KEYS: Final[tuple[str, ...]] = (
    "id",
    "licence_required",
    "grounds",
    "exemption_applied",
    "recipient_status",
    "group_a",
    "un_arms_embargo",
    "catch_all_scope",
    "specific_categories",
    "open_questions",
    "citations",
    "rule_pack",
)
NO_GROUND: Final[str] = "none"


def _rule_pack(info: RulePackInfo) -> dict[str, object]:
    return {
        "name": info.name,
        "version": info.version,
        "data_digest": info.data_digest,
        "law_as_of": info.law_as_of,
        "tables": {t.table: t.version for t in info.tables},
    }


def to_contract(det: Determination) -> dict[str, object]:
    """The output line of ``anpo assess --input ... --output ...`` (keys in contract order)."""
    grounds = list(det.ground_codes) or [NO_GROUND]
    return {
        "id": det.id,
        "licence_required": det.licence_required,
        "grounds": grounds,
        "exemption_applied": det.exemption_applied,
        "recipient_status": None if det.recipient_status is None else det.recipient_status.value,
        "group_a": det.group_a,
        "un_arms_embargo": det.un_arms_embargo,
        "catch_all_scope": det.catch_all_scope,
        "specific_categories": list(det.specific_categories),
        "open_questions": [{"code": q.code, "text": q.text} for q in det.open_questions],
        "citations": [c.text for c in det.citations],
        "rule_pack": _rule_pack(det.rule_pack),
    }


def _facts(facts: tuple[FactUsed, ...]) -> list[dict[str, str]]:
    return [{"name": f.name, "value": f.value} for f in facts]


def _citations(citations: tuple[Citation, ...]) -> list[dict[str, str]]:
    return [{"code": c.code, "ref": c.ref, "detail": c.detail} for c in citations]


def _ground(g: Ground) -> dict[str, object]:
    return {
        "code": g.code,
        "part": g.part,
        "facts": _facts(g.facts),
        "citations": _citations(g.citations),
    }


def _exemption(e: ExemptionDecision) -> dict[str, object]:
    return {
        "code": e.code,
        "applied": e.applied,
        "claimed": e.claimed,
        "reason": e.reason,
        "part": e.part,
        "facts": _facts(e.facts),
        "citations": _citations(e.citations),
    }


def _finding(f: Finding) -> dict[str, object]:
    return {
        "code": f.code,
        "part": f.part,
        "facts": _facts(f.facts),
        "citations": _citations(f.citations),
    }


def to_dict(det: Determination) -> dict[str, object]:
    """Everything in the determination, JSON-ready (stored with a review; ``--explain``)."""
    data = to_contract(det)
    data.update(
        {
            "date": det.date.isoformat(),
            "transaction": det.transaction.value,
            "grounds_detail": [_ground(g) for g in det.grounds],
            "exemptions": [_exemption(e) for e in det.exemptions],
            "recipient_status_reason": det.recipient_status_reason,
            "country_of_concern": det.country_of_concern,
            "item_control": {
                "status": det.item_control.status.value,
                "item": det.item_control.item,
                "sub_item": det.item_control.sub_item,
                "as_technology": det.item_control.as_technology,
                "heading": det.item_control.heading,
            },
            "destination_groups": list(det.destination_groups),
            "party_list_hits": [{"list": h.list, "codes": h.codes} for h in det.party_list_hits],
            "findings": [_finding(f) for f in det.findings],
            "open_questions": [
                {"code": q.code, "text": q.text, "params": dict(q.params)}
                for q in det.open_questions
            ],
            "citations_detail": _citations(det.citations),
            "retention_years": det.retention_years,
        }
    )
    return data
