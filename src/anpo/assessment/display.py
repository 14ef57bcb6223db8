"""A determination prepared for display: every code turned into words in the active language.

Used by the template partial ``assessment/_determination.html`` and by ``anpo assess FILE``;
the transaction-review and people apps pass a stored or fresh ``Determination`` through
``present()`` and include the partial.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from anpo.assessment.labels import label, question_text
from anpo.rules.types import Citation, Determination, FactUsed

CATEGORY_SYMBOLS = {1: "①", 2: "②", 3: "③"}


@dataclass(frozen=True)
class FactView:
    name: str
    label: str
    value: str


@dataclass(frozen=True)
class CitationView:
    code: str
    ref: str
    label: str


@dataclass(frozen=True)
class ReasonView:
    code: str
    label: str
    part: str
    facts: tuple[FactView, ...]
    citations: tuple[CitationView, ...]
    detail: str = ""  # exemptions: why it holds or not
    applied: bool | None = None
    claimed: bool = False


@dataclass(frozen=True)
class QuestionView:
    code: str
    text: str


@dataclass(frozen=True)
class TableVersionView:
    table: str
    label: str
    version: str


@dataclass(frozen=True)
class DeterminationView:
    id: str
    date: str
    transaction: str
    licence_required: bool
    verdict: str
    grounds: tuple[ReasonView, ...]
    exemptions: tuple[ReasonView, ...]
    findings: tuple[ReasonView, ...]
    exemption_applied: str
    recipient_status: str
    recipient_status_reason: str
    group_a: bool
    un_arms_embargo: bool
    country_of_concern: bool
    catch_all_scope: str
    specific_categories: str
    item_control: str
    open_questions: tuple[QuestionView, ...]
    citations: tuple[CitationView, ...]
    retention_years: int
    rule_pack: str
    tables: tuple[TableVersionView, ...]


def _fact_value(fact: FactUsed) -> str:
    if fact.name in ("ground",):
        return label("ground", fact.value)
    if fact.name == "exemption":
        return label("exemption", fact.value)
    if fact.name in ("requirement", "removed_by"):
        return label("requirement", fact.value)
    if fact.name == "category":
        return (
            CATEGORY_SYMBOLS.get(int(fact.value), fact.value)
            if fact.value.isdigit()
            else fact.value
        )
    if fact.name == "item.list_item" and fact.value == "null":
        return _("not listed (非該当)")
    if fact.value == "true":
        return pgettext("fact value", "yes")
    if fact.value == "false":
        return pgettext("fact value", "no")
    return fact.value


def _facts(facts: tuple[FactUsed, ...]) -> tuple[FactView, ...]:
    return tuple(FactView(f.name, label("fact", f.name), _fact_value(f)) for f in facts)


def _citations(citations: tuple[Citation, ...]) -> tuple[CitationView, ...]:
    return tuple(
        CitationView(
            c.code, c.text, label("citation", c.code) + (f" {c.detail}" if c.detail else "")
        )
        for c in citations
    )


def present(det: Determination) -> DeterminationView:
    """Labels for everything in ``det`` (call it with the reader's language active)."""
    grounds = tuple(
        ReasonView(
            g.code,
            label("ground", g.code),
            label("part", g.part),
            _facts(g.facts),
            _citations(g.citations),
        )
        for g in det.grounds
    )
    exemptions = tuple(
        ReasonView(
            e.code,
            label("exemption", e.code),
            label("part", e.part),
            _facts(e.facts),
            _citations(e.citations),
            detail=label("exemption_reason", e.reason),
            applied=e.applied,
            claimed=e.claimed,
        )
        for e in det.exemptions
    )
    findings = tuple(
        ReasonView(
            f.code,
            label("finding", f.code),
            label("part", f.part),
            _facts(f.facts),
            _citations(f.citations),
        )
        for f in det.findings
    )
    info = det.rule_pack
    return DeterminationView(
        id=det.id,
        date=det.date.isoformat(),
        transaction=label("transaction", det.transaction.value),
        licence_required=det.licence_required,
        verdict=_("A licence is required") if det.licence_required else _("No licence is required"),
        grounds=grounds,
        exemptions=exemptions,
        findings=findings,
        exemption_applied=label("exemption", det.exemption_applied),
        recipient_status=label(
            "recipient_status", det.recipient_status.value if det.recipient_status else None
        ),
        recipient_status_reason=label("residency_reason", det.recipient_status_reason),
        group_a=det.group_a,
        un_arms_embargo=det.un_arms_embargo,
        country_of_concern=det.country_of_concern,
        catch_all_scope=label("scope", det.catch_all_scope),
        specific_categories="".join(
            CATEGORY_SYMBOLS.get(c, str(c)) for c in det.specific_categories
        ),
        item_control=label("item_control_status", det.item_control.status.value)
        + (
            f" — {det.item_control.item}の項"
            if det.item_control.item and det.item_control.item != "16"
            else ""
        ),
        open_questions=tuple(
            QuestionView(q.code, question_text(q.code, q.params)) for q in det.open_questions
        ),
        citations=_citations(det.citations),
        retention_years=det.retention_years,
        rule_pack=f"{info.name} {info.version} ({info.data_digest[:19]}…)",
        tables=tuple(
            TableVersionView(t.table, label("table", t.table), t.version) for t in info.tables
        ),
    )
