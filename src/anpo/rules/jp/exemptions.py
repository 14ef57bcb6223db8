"""Exemptions: the small-value exception for goods, and the technology exemptions of
貿易外省令9条2項. Each decision says whether it holds, why (a reason code) and on which facts.
"""

from __future__ import annotations

from dataclasses import dataclass

from anpo.rules.jp import catch_all
from anpo.rules.jp.codes import ExemptionReason, Question
from anpo.rules.jp.items import ItemRef
from anpo.rules.jp.trace import Trace
from anpo.rules.types import (
    Citation,
    ExemptionCode,
    ExemptionDecision,
    Facts,
    FactUsed,
)

TECHNOLOGY_EXEMPTIONS = (
    ExemptionCode.PUBLIC_DOMAIN,
    ExemptionCode.BASIC_RESEARCH,
    ExemptionCode.PATENT_FILING,
    ExemptionCode.MINIMUM_FOR_USE,
)


@dataclass(frozen=True, slots=True)
class _Outcome:
    holds: bool
    reason: ExemptionReason
    facts: tuple[FactUsed, ...] = ()
    missing: str = ""  # the facts that would establish it, when not given


def _flag(name: str, value: bool | None) -> tuple[FactUsed, ...]:
    return () if value is None else (FactUsed(f"exemption_facts.{name}", str(value).lower()),)


def _public_domain(facts: Facts) -> _Outcome:
    ef = facts.exemption_facts
    used = (
        _flag("already_public", ef.already_public)
        + _flag("provided_to_make_public", ef.provided_to_make_public)
        + _flag("under_confidentiality", ef.under_confidentiality)
    )
    if ef.provided_to_make_public:
        # Provided *to make it public* (a manuscript sent to a journal, a talk submitted):
        # confidentiality during review does not defeat it on the engine's reading; the
        # caller raises an open question when both are true.
        return _Outcome(True, ExemptionReason.HOLDS_TO_MAKE_PUBLIC, used)
    if ef.under_confidentiality:
        return _Outcome(False, ExemptionReason.UNDER_CONFIDENTIALITY, used)
    if ef.already_public:
        return _Outcome(True, ExemptionReason.HOLDS_ALREADY_PUBLIC, used)
    if ef.already_public is None and ef.provided_to_make_public is None:
        return _Outcome(
            False,
            ExemptionReason.FACTS_MISSING,
            used,
            "exemption_facts.already_public, exemption_facts.provided_to_make_public",
        )
    return _Outcome(False, ExemptionReason.NOT_PUBLIC, used)


def _basic_research(facts: Facts) -> _Outcome:
    aim = facts.exemption_facts.research_aim
    used = () if aim is None else (FactUsed("exemption_facts.research_aim", aim),)
    if aim == "basic":
        return _Outcome(True, ExemptionReason.HOLDS_BASIC_RESEARCH, used)
    if aim == "specific_product":
        return _Outcome(False, ExemptionReason.AIM_SPECIFIC_PRODUCT, used)
    return _Outcome(False, ExemptionReason.FACTS_MISSING, used, "exemption_facts.research_aim")


def _patent_filing(facts: Facts) -> _Outcome:
    value = facts.exemption_facts.only_minimum_for_patent_filing
    used = _flag("only_minimum_for_patent_filing", value)
    if value:
        return _Outcome(True, ExemptionReason.HOLDS_PATENT_MINIMUM, used)
    if value is False:
        return _Outcome(False, ExemptionReason.NOT_MINIMUM_FOR_PATENT, used)
    return _Outcome(
        False, ExemptionReason.FACTS_MISSING, used, "exemption_facts.only_minimum_for_patent_filing"
    )


def _minimum_for_use(facts: Facts) -> _Outcome:
    value = facts.exemption_facts.minimum_for_use_of_lawfully_exported_goods
    used = _flag("minimum_for_use_of_lawfully_exported_goods", value)
    if value:
        return _Outcome(True, ExemptionReason.HOLDS_MINIMUM_FOR_USE, used)
    if value is False:
        return _Outcome(False, ExemptionReason.NOT_MINIMUM_FOR_USE, used)
    return _Outcome(
        False,
        ExemptionReason.FACTS_MISSING,
        used,
        "exemption_facts.minimum_for_use_of_lawfully_exported_goods",
    )


_TECHNOLOGY_RULES = {
    ExemptionCode.PUBLIC_DOMAIN: _public_domain,
    ExemptionCode.BASIC_RESEARCH: _basic_research,
    ExemptionCode.PATENT_FILING: _patent_filing,
    ExemptionCode.MINIMUM_FOR_USE: _minimum_for_use,
}


def _exemption_citations(trace: Trace, code: ExemptionCode) -> tuple[Citation, ...]:
    trace.use(trace.tables.exemptions)
    for row in trace.tables.exemptions.in_force(trace.on):
        if row.exemption == code.value:
            return (trace.cite(row.citation),)
    return ()


def technology(trace: Trace, facts: Facts, *, part: str) -> ExemptionDecision | None:
    """Decide the technology exemptions for a part that needs a licence.

    Returns the decision that removes the requirement (or ``None``); every decision worth
    showing (the claimed one, and any that holds) is recorded in the trace.
    """
    claimed = facts.exemption_claimed
    applied: ExemptionDecision | None = None
    order = sorted(TECHNOLOGY_EXEMPTIONS, key=lambda c: c.value != claimed)  # claimed first
    for code in order:
        outcome = _TECHNOLOGY_RULES[code](facts)
        is_claimed = code.value == claimed
        if not outcome.holds and not is_claimed:
            continue
        if outcome.holds and applied is None:
            decision = ExemptionDecision(
                code.value,
                True,
                outcome.reason.value,
                is_claimed,
                outcome.facts,
                _exemption_citations(trace, code),
                part,
            )
            applied = decision
            if code is ExemptionCode.PUBLIC_DOMAIN:
                confidential = facts.exemption_facts.under_confidentiality
                if confidential is None:
                    trace.ask(Question.PUBLIC_DOMAIN_CONFIDENTIALITY_UNKNOWN, part=part)
                elif confidential:
                    trace.ask(Question.PUBLIC_DOMAIN_MAKE_PUBLIC_CONFIDENTIAL, part=part)
        elif outcome.holds:
            decision = ExemptionDecision(
                code.value,
                False,
                ExemptionReason.OTHER_EXEMPTION_APPLIED.value,
                is_claimed,
                outcome.facts,
                _exemption_citations(trace, code),
                part,
            )
        else:
            decision = ExemptionDecision(
                code.value,
                False,
                outcome.reason.value,
                is_claimed,
                outcome.facts,
                _exemption_citations(trace, code),
                part,
            )
            if outcome.reason is ExemptionReason.FACTS_MISSING:
                trace.ask(
                    Question.EXEMPTION_FACTS_MISSING,
                    part=part,
                    exemption=code.value,
                    missing=outcome.missing,
                )
        trace.exemptions.append(decision)
    return applied


def claimed_but_undecided(
    trace: Trace, facts: Facts, *, goods: bool, technology: bool, parts_with_grounds: set[str]
) -> None:
    """Record why a claimed exemption was not decided by any part (once, after both parts)."""
    claimed = facts.exemption_claimed
    if claimed in (None, "none") or any(e.code == claimed for e in trace.exemptions):
        return
    if claimed == ExemptionCode.SMALL_VALUE.value:
        if not goods:
            reason = ExemptionReason.GOODS_ONLY
        elif "goods" in parts_with_grounds:
            reason = ExemptionReason.ITEM_NOT_ELIGIBLE  # catch-all goods: 5-13 and 15 only
        else:
            reason = ExemptionReason.NOT_NEEDED
    elif not technology:
        reason = ExemptionReason.TECHNOLOGY_ONLY
    else:
        reason = ExemptionReason.NOT_NEEDED
    citations: tuple[Citation, ...]
    if claimed == ExemptionCode.SMALL_VALUE.value:
        rows = trace.tables.small_value.in_force(trace.on)
        citations = (trace.cite(rows[0].citation),) if rows else ()
    else:
        citations = _exemption_citations(trace, ExemptionCode(claimed))
    trace.exemptions.append(
        ExemptionDecision(
            claimed,
            False,
            reason.value,
            True,
            (FactUsed("exemption_claimed", claimed),),
            citations,
            "",
        )
    )


def _group(trace: Trace, destination: str) -> tuple[str, bool]:
    """The small-value destination group and whether the destination is in 別表第4."""
    on = trace.on
    tables = trace.tables
    concern = any(r.country == destination for r in tables.concern.in_force(on))
    if any(r.country == destination for r in tables.group_a.in_force(on)):
        return "group_a", concern
    if any(r.country == destination for r in tables.un_arms_embargo.in_force(on)):
        return "un_arms_embargo", concern
    return "general", concern


def _low_ceiling(
    trace: Trace, facts: Facts, ref: ItemRef, part: str, value: float, ceiling: int, low: int
) -> tuple[int, tuple[FactUsed, ...]]:
    """The ceiling for this item: the 別表第3の3 ceiling when the goods are in that table."""
    tables = trace.tables
    trace.use(tables.appendix_3_3)
    for row in tables.appendix_3_3.in_force(trace.on):
        if row.item != ref.item:
            continue
        if row.subitems is not None and ref.sub is not None and ref.sub not in row.subitems:
            continue
        decisive = low < value <= ceiling
        if row.subitems is not None and ref.sub is None:
            if decisive:
                trace.ask(
                    Question.APPENDIX_3_3_SUBITEM_UNKNOWN,
                    part=part,
                    item=ref.label(),
                    low_ceiling=f"{low:,}",
                )
            return low, ()
        if not row.needs_notice:
            return low, ()
        designated = facts.item.designated_by_meti_notice
        if designated is None:
            if decisive:
                trace.ask(
                    Question.APPENDIX_3_3_NOTICE_UNKNOWN,
                    part=part,
                    item=ref.label(),
                    low_ceiling=f"{low:,}",
                    ceiling=f"{ceiling:,}",
                )
            return low, ()
        used = (FactUsed("item.designated_by_meti_notice", str(designated).lower()),)
        return (low if designated else ceiling), used
    return ceiling, ()


def small_value(trace: Trace, facts: Facts, ref: ItemRef, *, part: str) -> ExemptionDecision | None:
    """The small-value exception (輸出令4条1項5号, 4号 before 2025-10-09) for listed goods.

    Returns the decision when it removes the requirement. A decision that does not hold is
    recorded only when the exception was claimed (or when the facts leave it open).
    """
    tables = trace.tables
    trace.use(tables.small_value)
    rows = tables.small_value.in_force(trace.on)
    claimed = facts.exemption_claimed == ExemptionCode.SMALL_VALUE.value
    if not rows:
        return None
    row = rows[0]
    citations = (trace.cite(row.citation),)

    def record(
        holds: bool, reason: ExemptionReason, used: tuple[FactUsed, ...]
    ) -> ExemptionDecision:
        decision = ExemptionDecision(
            ExemptionCode.SMALL_VALUE.value, holds, reason.value, claimed, used, citations, part
        )
        if holds or claimed:
            trace.exemptions.append(decision)
        return decision

    item_fact = (FactUsed("item.list_item", ref.raw),)
    if ref.item not in row.items:
        record(False, ExemptionReason.ITEM_NOT_ELIGIBLE, item_fact)
        return None
    group, concern = _group(trace, facts.destination_country)
    dest_fact = (FactUsed("destination_country", facts.destination_country),)
    if concern and "eto_appendix_4" in row.not_available_to:
        trace.use(tables.concern)
        record(False, ExemptionReason.DESTINATION_APPENDIX_4, dest_fact)
        return None
    value, contract = facts.item.value_jpy, facts.item.contract_value_jpy
    if value is None and contract is None:
        if claimed:
            trace.ask(Question.VALUE_UNKNOWN, part=part, ceiling=f"{row.ceiling_jpy:,}")
        record(False, ExemptionReason.VALUE_UNKNOWN, item_fact)
        return None
    used: list[FactUsed] = [*item_fact]
    if contract is None:
        # 総価額 is the contract's total: one shipment's value cannot establish the exception.
        assert value is not None
        used.append(FactUsed("item.value_jpy", f"{value}"))
        if value <= row.ceiling_jpy:
            trace.ask(Question.CONTRACT_VALUE_UNKNOWN, part=part, value=f"{value:,}")
        record(False, ExemptionReason.CONTRACT_VALUE_UNKNOWN, tuple(used))
        return None
    total: float = max(contract, value or 0)
    used.append(FactUsed("item.contract_value_jpy", f"{contract}"))
    if value is not None:
        used.append(FactUsed("item.value_jpy", f"{value}"))
    ceiling, ceiling_facts = _low_ceiling(
        trace, facts, ref, part, total, row.ceiling_jpy, row.low_ceiling_jpy
    )
    used += ceiling_facts
    used.append(FactUsed("ceiling_jpy", f"{ceiling}"))
    if total > ceiling:
        record(False, ExemptionReason.OVER_CEILING, tuple(used))
        return None
    # What removes the exception depends on the destination (5号 かっこ書).
    removing = row.removing_conditions(group)
    if group == "un_arms_embargo" and facts.destination_country in row.un_arms_embargo_except:
        removing = row.removing_conditions("general")
    met, unknown = catch_all.met_conditions(
        trace,
        facts,
        removing,
        scope=None,
        group=group,
        part=part,
        ask_unknown=False,
        small_value=True,
    )
    if met:
        used += [FactUsed("removed_by", c.requirement.value) for c in met]
        for condition in met:
            used += condition.facts
        record(False, ExemptionReason.REMOVED_BY_CONDITION, tuple(dict.fromkeys(used)))
        return None
    if group in row.uncertain_removed_by:
        shown = catch_all.met_conditions(
            trace,
            facts,
            ("wmd_use", "wmd_end_user", "wmd_inform", "cw_use", "cw_end_user", "cw_inform"),
            scope=None,
            group=group,
            part=part,
            ask_unknown=False,
        )[0]
        if shown:
            trace.ask(
                Question.SMALL_VALUE_BEFORE_REFORM,
                part=part,
                conditions=", ".join(c.requirement.value for c in shown),
            )
    for condition in unknown:
        question = (
            Question.EUL_STATUS_UNKNOWN
            if condition.requirement in catch_all.END_USER_REQUIREMENTS
            else Question.END_USE_UNKNOWN
        )
        trace.ask(question, part=part, requirement=condition.requirement.value)
    return record(True, ExemptionReason.HOLDS_WITHIN_CEILING, tuple(used))
