"""The engine's working notes for one assessment (internal; the result is a ``Determination``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from anpo.rules.dated import DatedTable
from anpo.rules.jp.codes import Question, question_text
from anpo.rules.jp.tables import JapanTables
from anpo.rules.types import (
    Citation,
    ExemptionDecision,
    FactUsed,
    Finding,
    Ground,
    OpenQuestion,
)


@dataclass(slots=True)
class _Asked:
    question: OpenQuestion
    part: str
    moot_if_part_licensed: bool  # drop it when this part needs a licence on another ground


@dataclass(slots=True)
class Trace:
    """Collects grounds, exemption decisions, findings, questions and the tables read."""

    tables: JapanTables
    on: dt.date
    grounds: list[Ground] = field(default_factory=list)
    exemptions: list[ExemptionDecision] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    asked: list[_Asked] = field(default_factory=list)
    used_tables: dict[str, DatedTable] = field(default_factory=dict)

    def use(self, table: DatedTable) -> None:
        self.used_tables.setdefault(table.id, table)

    def cite(self, code: str, detail: str = "") -> Citation:
        return Citation(code=code, ref=self.tables.citation(code).ref, detail=detail)

    def cites(self, *codes: str) -> tuple[Citation, ...]:
        return tuple(self.cite(code) for code in dict.fromkeys(codes))

    def ground(
        self,
        code: str,
        *,
        part: str,
        facts: tuple[FactUsed, ...],
        citations: tuple[Citation, ...],
    ) -> None:
        if not any(g.code == code and g.part == part for g in self.grounds):
            self.grounds.append(Ground(code, facts, citations, part))

    def find(
        self,
        code: str,
        *,
        part: str = "",
        facts: tuple[FactUsed, ...] = (),
        citations: tuple[Citation, ...] = (),
    ) -> None:
        finding = Finding(code, facts, citations, part)
        if finding not in self.findings:
            self.findings.append(finding)

    def ask(
        self,
        code: Question,
        *,
        part: str = "",
        moot_if_part_licensed: bool = False,
        params: Mapping[str, str] | None = None,
        **more: str,
    ) -> None:
        values = {**(params or {}), **more}
        ordered = tuple(sorted(values.items()))
        question = OpenQuestion(code.value, ordered, question_text(code, values))
        if not any(a.question == question for a in self.asked):
            self.asked.append(_Asked(question, part, moot_if_part_licensed))

    def part_licensed(self, part: str) -> bool:
        return any(g.part == part for g in self.grounds)

    def open_questions(self) -> tuple[OpenQuestion, ...]:
        kept = [
            a.question
            for a in self.asked
            if not (a.moot_if_part_licensed and self.part_licensed(a.part))
        ]
        return tuple(dict.fromkeys(kept))
