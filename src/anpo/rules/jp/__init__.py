"""The Japan rule pack: 外為法 / 輸出令 / 外為令 as dated data tables plus pure functions.

::

    from anpo.rules import assess, parse_facts
    from anpo.rules.jp import PACK

    determination = assess(parse_facts(json_object), pack=PACK)

``PACK`` loads ``data/*.json`` on first use. ``codes`` lists every code a determination
can contain (the Django side labels each one).
"""

from __future__ import annotations

from functools import cached_property

from anpo.rules.facts import ERROR_MESSAGES, EUL_CODES, INPUT_FACT_NAMES
from anpo.rules.jp import engine
from anpo.rules.jp.codes import (
    DERIVED_FACT_NAMES,
    QUESTION_TEXTS,
    ExemptionReason,
    Finding,
    Question,
    Requirement,
    ResidencyReason,
)
from anpo.rules.jp.tables import JapanTables, PackDataError, all_tables, tables
from anpo.rules.types import (
    Determination,
    ExemptionCode,
    Facts,
    GroundCode,
    ItemControlStatus,
    RecipientStatus,
    TransactionType,
)


class JapanPack:
    """The rule pack object ``anpo.rules.assess`` expects."""

    name = "jp"

    @cached_property
    def tables(self) -> JapanTables:
        return tables()

    @property
    def version(self) -> str:
        return self.tables.version

    def assess(self, facts: Facts) -> Determination:
        return engine.assess(facts, self.tables)

    def codes(self) -> dict[str, tuple[str, ...]]:
        """Every code a determination of this pack may contain, by kind."""
        return {
            "ground": tuple(g.value for g in GroundCode),
            "exemption": tuple(e.value for e in ExemptionCode),
            "recipient_status": tuple(r.value for r in RecipientStatus),
            "transaction": tuple(t.value for t in TransactionType),
            "item_control_status": tuple(s.value for s in ItemControlStatus),
            "fact": INPUT_FACT_NAMES + DERIVED_FACT_NAMES,
            "error": tuple(ERROR_MESSAGES),
            "eul_code": EUL_CODES,
            "scope": ("16", "16(1)", "16(2)", "out_of_scope"),
            "part": ("goods", "technology"),
            "finding": tuple(f.value for f in Finding),
            "exemption_reason": tuple(r.value for r in ExemptionReason),
            "residency_reason": tuple(r.value for r in ResidencyReason),
            "question": tuple(q.value for q in Question),
            "requirement": tuple(r.value for r in Requirement),
            "citation": tuple(c.code for c in self.tables.citations),
            "table": tuple(t.id for t in all_tables(self.tables)),
        }


PACK = JapanPack()

__all__ = ["PACK", "QUESTION_TEXTS", "JapanPack", "PackDataError"]
