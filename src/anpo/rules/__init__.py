"""anpo's rule engine: does a transaction need an export-control licence, and why?

A pure, typed library (no Django; a test enforces it), built like ``anpo.matching``: the
engine returns codes with parameters and citations, the Django side (``anpo.assessment``)
turns them into Japanese or English. Rule packs hold the law of one jurisdiction as dated
data tables; ``anpo.rules.jp`` is the Japanese pack (外為法・輸出令・外為令).

::

    from anpo.rules import assess, parse_facts, to_contract
    from anpo.rules.jp import PACK

    facts = parse_facts(json_object)          # FactsError on bad input
    determination = assess(facts, pack=PACK)   # FactsError on pack-specific bad input
    to_contract(determination)                 # the JSON object of `anpo assess --output`

* ``types`` — facts, determination, grounds, exemptions, open questions, citations.
* ``facts`` — reading the CLI contract's JSON into ``Facts``.
* ``contract`` — the determination as the CLI contract's JSON object (and a full form).
* ``dated`` — effective dates and table versions.
"""

from __future__ import annotations

from typing import Protocol

from anpo.rules.contract import to_contract, to_dict
from anpo.rules.facts import FactsError, parse_facts
from anpo.rules.types import (
    Determination,
    ExemptionCode,
    Facts,
    GroundCode,
    RecipientStatus,
    TransactionType,
)


class RulePack(Protocol):
    """What a jurisdiction's pack provides."""

    @property
    def name(self) -> str: ...

    @property
    def version(self) -> str: ...

    def assess(self, facts: Facts) -> Determination: ...

    def codes(self) -> dict[str, tuple[str, ...]]: ...


def assess(facts: Facts, *, pack: RulePack) -> Determination:
    """The pack's determination for the facts (pure and deterministic)."""
    return pack.assess(facts)


__all__ = [
    "Determination",
    "ExemptionCode",
    "Facts",
    "FactsError",
    "GroundCode",
    "RecipientStatus",
    "RulePack",
    "TransactionType",
    "assess",
    "parse_facts",
    "to_contract",
    "to_dict",
]
