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

from anpo.rules.jp import engine
from anpo.rules.jp.codes import (
    QUESTION_TEXTS,
    ExemptionReason,
    Finding,
    Question,
    Requirement,
    ResidencyReason,
)
from anpo.rules.jp.tables import JapanTables, PackDataError, all_tables, tables
from anpo.rules.types import Determination, Facts


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
