"""The catch-all (補完的輸出規制, 16の項): which requirements apply, and which are met.

The tier matrix (destination group x scope x date -> requirements) and the 明らかガイドライン
are data (``data/catch_all.json``); this module only reads the facts against them.
"""

from __future__ import annotations

from dataclasses import dataclass

from anpo.rules.jp.codes import REQUIREMENT_GROUNDS, Finding, Question, Requirement
from anpo.rules.jp.items import OUT_OF_SCOPE, scope_label
from anpo.rules.jp.trace import Trace
from anpo.rules.types import Facts, FactUsed

WMD_EUL_CODES = frozenset({"B", "C", "M", "N"})
CONVENTIONAL_EUL_CODES = frozenset({"CW"})
END_USER_REQUIREMENTS = frozenset({Requirement.WMD_END_USER, Requirement.CW_END_USER})


@dataclass(frozen=True, slots=True)
class Condition:
    """Whether one catch-all requirement is met on the facts (``None``: not known)."""

    requirement: Requirement
    present: bool | None
    facts: tuple[FactUsed, ...]


def _concern(facts: Facts, concern: str, requirement: Requirement) -> Condition:
    concerns = facts.end_use.concerns
    if concerns is None:
        return Condition(requirement, None, ())
    used = (FactUsed("end_use.concerns", ",".join(concerns) or "[]"),)
    return Condition(requirement, concern in concerns, used)


def _end_user(facts: Facts, requirement: Requirement) -> Condition:
    recipient = facts.recipient
    codes_wanted = (
        WMD_EUL_CODES if requirement is Requirement.WMD_END_USER else CONVENTIONAL_EUL_CODES
    )
    if recipient is None:
        return Condition(requirement, None, ())
    used: list[FactUsed] = []
    present: bool | None = None
    if recipient.on_meti_eul is not None:
        used.append(FactUsed("recipient.on_meti_eul", str(recipient.on_meti_eul).lower()))
        if recipient.on_meti_eul:
            codes = recipient.eul_codes
            if codes is None:
                present = True
            else:
                used.append(FactUsed("recipient.eul_codes", ",".join(codes) or "[]"))
                present = bool(codes_wanted & set(codes))
        else:
            present = False
    if requirement is Requirement.CW_END_USER and not present:
        military = recipient.military_end_user
        official = recipient.person.official_status if recipient.person else None
        if military:
            used.append(FactUsed("recipient.military_end_user", "true"))
            present = True
        elif official == "foreign_military":
            used.append(FactUsed("recipient.person.official_status", official))
            present = True
    return Condition(requirement, present, tuple(used))


def _inform(facts: Facts, requirement: Requirement) -> Condition:
    if not facts.informed_by_meti:
        not_informed: tuple[FactUsed, ...] = (
            (FactUsed("informed_by_meti", "false"),) if facts.informed_by_meti is False else ()
        )
        return Condition(requirement, False, not_informed)
    concern = facts.inform_concern or "wmd"  # unknown concern: read as the stricter WMD inform
    used = (
        FactUsed("informed_by_meti", "true"),
        FactUsed("inform_concern", facts.inform_concern or "?"),
    )
    wanted = "wmd" if requirement is Requirement.WMD_INFORM else "conventional"
    return Condition(requirement, concern == wanted, used)


def conditions(facts: Facts) -> dict[Requirement, Condition]:
    """Every catch-all requirement read against the facts, before any tier or guideline."""
    return {
        Requirement.WMD_USE: _concern(facts, "wmd", Requirement.WMD_USE),
        Requirement.WMD_END_USER: _end_user(facts, Requirement.WMD_END_USER),
        Requirement.WMD_INFORM: _inform(facts, Requirement.WMD_INFORM),
        Requirement.CW_USE: _concern(facts, "conventional", Requirement.CW_USE),
        Requirement.CW_END_USER: _end_user(facts, Requirement.CW_END_USER),
        Requirement.CW_INFORM: _inform(facts, Requirement.CW_INFORM),
    }


def ask_about_conditions(trace: Trace, facts: Facts, part: str) -> None:
    """Questions about the facts themselves (once per assessment)."""
    recipient = facts.recipient
    if recipient is not None and recipient.on_meti_eul and recipient.eul_codes is None:
        trace.ask(Question.EUL_CODES_UNKNOWN, part=part)
    if facts.informed_by_meti and facts.inform_concern is None:
        trace.ask(Question.INFORM_CONCERN_UNKNOWN, part=part)


def _lifted_by_clear_guideline(
    trace: Trace,
    facts: Facts,
    requirement: Requirement,
    *,
    scope: str | None,
    group: str,
    part: str,
    small_value: bool = False,
) -> bool:
    """Does the 明らか check lift this end-user requirement? Raises the questions it needs."""
    rows = trace.tables.clear_guideline.in_force(trace.on)
    trace.use(trace.tables.clear_guideline)
    if facts.end_use.clearly_not_of_concern is None:
        trace.ask(Question.CLEAR_GUIDELINE_NOT_RECORDED, part=part, requirement=requirement.value)
        return False
    if not facts.end_use.clearly_not_of_concern or not rows:
        return False
    row = rows[0]
    if requirement.value not in row.lifts:
        return False
    for blocked in row.not_available:
        if blocked.scope == scope and blocked.destination == group:
            if blocked.uncertain:
                trace.ask(
                    Question.CLEAR_GUIDELINE_NOT_AVAILABLE,
                    part=part,
                    scope=scope_label(scope),
                    requirement=requirement.value,
                )
            return False
    if small_value:
        trace.ask(Question.CLEAR_GUIDELINE_SMALL_VALUE, part=part, requirement=requirement.value)
    if requirement.value in row.uncertain_lifts:
        trace.ask(
            Question.CLEAR_GUIDELINE_CONVENTIONAL_END_USER,
            part=part,
            requirement=requirement.value,
        )
    trace.find(
        Finding.CLEAR_GUIDELINE_LIFTED,
        part=part,
        facts=(FactUsed("end_use.clearly_not_of_concern_per_meti_guideline", "true"),),
        citations=(trace.cite("clear_guideline"),),
    )
    return True


def met_conditions(
    trace: Trace,
    facts: Facts,
    requirements: tuple[str, ...],
    *,
    scope: str | None,
    group: str,
    part: str,
    ask_unknown: bool = True,
    small_value: bool = False,
) -> tuple[list[Condition], list[Condition]]:
    """The requirements among ``requirements`` that are met (after the 明らか check), and the
    ones whose facts are not known."""
    met: list[Condition] = []
    unknown: list[Condition] = []
    for code, condition in conditions(facts).items():
        if code.value not in requirements:
            continue
        if condition.present is None:
            unknown.append(condition)
            continue
        if not condition.present:
            continue
        if code in END_USER_REQUIREMENTS and _lifted_by_clear_guideline(
            trace, facts, code, scope=scope, group=group, part=part, small_value=small_value
        ):
            continue
        met.append(condition)
    if ask_unknown:
        for condition in unknown:
            question = (
                Question.EUL_STATUS_UNKNOWN
                if condition.requirement in END_USER_REQUIREMENTS
                else Question.END_USE_UNKNOWN
            )
            trace.ask(
                question,
                part=part,
                moot_if_part_licensed=True,
                requirement=condition.requirement.value,
            )
    return met, unknown


def evaluate(
    trace: Trace,
    facts: Facts,
    *,
    part: str,
    scope: str,
    group: str,
    technology: bool,
) -> None:
    """Add the catch-all grounds (or the findings why none arises) for one part."""
    tables = trace.tables
    trace.use(tables.catch_all_scope)
    citation_16 = "feo_appendix_16" if technology else "eto_appendix_1_16"
    if scope == OUT_OF_SCOPE:
        trace.find(Finding.CATCH_ALL_OUT_OF_SCOPE, part=part, citations=(trace.cite(citation_16),))
        return
    trace.use(tables.tiers)
    rows = [
        r for r in tables.tiers.in_force(trace.on) if r.destination == group and r.scope == scope
    ]
    if not rows:  # a scope that is not in force on the date (e.g. 16(1) before the split)
        rows = [r for r in tables.tiers.in_force(trace.on) if r.destination == group]
    tier = rows[0]
    ask_about_conditions(trace, facts, part)
    citation_codes = tier.technology_citations if technology else tier.citations
    requirement_citations = dict(tables.requirement_citations)
    if not tier.requirements:
        trace.find(
            Finding.GROUP_A_OUTSIDE_CATCH_ALL,
            part=part,
            citations=trace.cites(*citation_codes),
        )
        informed = (
            conditions(facts)[Requirement.WMD_INFORM].present
            or conditions(facts)[Requirement.CW_INFORM].present
        )
        if technology and informed:
            trace.ask(Question.TECHNOLOGY_GROUP_A_INFORM, part=part)
        return
    met, _unknown = met_conditions(
        trace, facts, tier.requirements, scope=scope, group=group, part=part
    )
    for condition in met:
        codes = (
            *citation_codes,
            *requirement_citations.get(condition.requirement.value, ()),
            *(("goods_ordinance_14_2",) if scope == "16(1)" else ()),
        )
        trace.ground(
            REQUIREMENT_GROUNDS[condition.requirement].value,
            part=part,
            facts=condition.facts,
            citations=trace.cites(*codes),
        )
    if met and technology and tier.technology_uncertain:
        trace.ask(Question.TECHNOLOGY_GROUP_A_INFORM, part=part)
    # Conditions the facts show but the tier does not count (e.g. a conventional use
    # concern for 16の項(2) goods to a general destination: inform only).
    for code, condition in conditions(facts).items():
        if condition.present and code.value not in tier.requirements:
            trace.find(
                Finding.REQUIREMENT_NOT_APPLICABLE,
                part=part,
                facts=(FactUsed("requirement", code.value), *condition.facts),
                citations=trace.cites(*citation_codes),
            )
    if not met:
        finding = (
            Finding.GROUP_A_NO_INFORM if group == "group_a" else Finding.NO_CATCH_ALL_CONDITION
        )
        trace.find(finding, part=part, citations=trace.cites(*citation_codes))
