"""The Japan pack's decision: list control, catch-all, residency, 特定類型, exemptions.

``assess(facts, tables)`` is pure: the same facts and the same tables give the same
``Determination`` (no clock, no randomness, no I/O after the tables are loaded).

A transaction has up to two *parts*: goods (外為法48条) and technology (外為法25条). Each
part collects its grounds; an exemption removes the grounds of its part. The determination
needs a licence when any ground remains.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from anpo.rules.facts import FactsError
from anpo.rules.jp import catch_all, exemptions
from anpo.rules.jp.codes import REQUIREMENT_GROUNDS, Finding, Question, ResidencyReason
from anpo.rules.jp.items import (
    CATCH_ALL_ITEM,
    OUT_OF_SCOPE,
    ItemRef,
    ScopeResult,
    catch_all_scope,
    parse_item,
)
from anpo.rules.jp.persons import Categories, Residency, recipient_residency, specific_categories
from anpo.rules.jp.tables import JapanTables, all_tables
from anpo.rules.jp.trace import Trace
from anpo.rules.types import (
    GROUND_ORDER,
    Citation,
    Determination,
    ExemptionDecision,
    Facts,
    FactUsed,
    Ground,
    GroundCode,
    ItemControl,
    ItemControlStatus,
    PartyListHit,
    RecipientStatus,
    RulePackInfo,
    TableVersion,
    TransactionType,
)

CATCH_ALL_GROUNDS = frozenset(g.value for g in REQUIREMENT_GROUNDS.values())
GOODS = "goods"
TECHNOLOGY = "technology"
JAPAN = "JP"


@dataclass(frozen=True, slots=True)
class Destination:
    group_a: bool
    un_arms_embargo: bool
    concern: bool

    @property
    def group(self) -> str:
        if self.group_a:
            return "group_a"
        return "un_arms_embargo" if self.un_arms_embargo else "general"


def _destination(trace: Trace, country: str, *, record: bool) -> Destination:
    """Which destination tables the country is in on the date (with the [U] windows)."""
    tables, on = trace.tables, trace.on
    for table in (tables.group_a, tables.un_arms_embargo, tables.concern):
        trace.use(table)
    group_a = any(r.country == country for r in tables.group_a.in_force(on))
    un = any(r.country == country for r in tables.un_arms_embargo.in_force(on))
    concern = any(r.country == country for r in tables.concern.in_force(on))
    if record:
        for row in tables.un_arms_embargo.rows:
            if row.country == country and row.uncertain is not None and row.uncertain.in_force(on):
                trace.ask(
                    Question.UN_ARMS_EMBARGO_MEMBERSHIP_UNCERTAIN,
                    country=country,
                    date=on.isoformat(),
                    reading="listed" if un else "not_listed",
                )
        fact = (FactUsed("destination_country", country),)
        if group_a:
            trace.find(
                Finding.DESTINATION_GROUP_A, facts=fact, citations=(trace.cite("eto_appendix_3"),)
            )
        if un:
            trace.find(
                Finding.DESTINATION_UN_ARMS_EMBARGO,
                facts=fact,
                citations=(trace.cite("eto_appendix_3_2"),),
            )
        if concern:
            trace.find(
                Finding.DESTINATION_CONCERN, facts=fact, citations=(trace.cite("eto_appendix_4"),)
            )
    return Destination(group_a, un, concern)


def _parts(facts: Facts, ref: ItemRef | None) -> tuple[bool, bool]:
    """(goods part?, technology part?) for the transaction type."""
    kind = facts.transaction
    if kind in (TransactionType.GOODS_EXPORT, TransactionType.SAMPLE_SHIPMENT):
        return True, False
    if kind is TransactionType.GOODS_AND_TECHNOLOGY:
        return True, True
    if kind is TransactionType.HAND_CARRY:
        # Carried abroad: technology (a laptop's files, notes) unless the facts describe goods:
        # a listed item written as goods, or an unlisted item with a value (goods sold and
        # delivered by hand).
        if ref is not None and ref.technology_form:
            return False, True
        if ref is not None and ref.listed:
            return True, False
        has_value = facts.item.value_jpy is not None or facts.item.contract_value_jpy is not None
        return (True, False) if has_value else (False, True)
    return False, True


def _item_facts(ref: ItemRef | None, facts: Facts) -> tuple[FactUsed, ...]:
    if ref is not None:
        return (FactUsed("item.list_item", ref.raw),)
    if facts.item.list_item_known:
        return (FactUsed("item.list_item", "null"),)
    return ()


def _list_citations(trace: Trace, ref: ItemRef, *, technology: bool) -> tuple[Citation, ...]:
    if technology:
        return (
            trace.cite("fefta_25_1"),
            trace.cite("feo_17_1"),
            trace.cite("feo_appendix", ref.label()),
        )
    return (
        trace.cite("fefta_48_1"),
        trace.cite("eto_1_1"),
        trace.cite("eto_appendix_1", ref.label()),
    )


def _scope(trace: Trace, facts: Facts, ref: ItemRef | None) -> ScopeResult:
    stated = ref.sub if ref is not None and ref.item == CATCH_ALL_ITEM else None
    return catch_all_scope(
        facts.item.hs_code, facts.item.part_of_hs, trace.tables, trace.on, stated_sub=stated
    )


def _any_condition(facts: Facts) -> bool:
    return any(c.present for c in catch_all.conditions(facts).values())


def _catch_all_part(
    trace: Trace,
    facts: Facts,
    *,
    part: str,
    scope: ScopeResult,
    destination: Destination,
    technology: bool,
) -> None:
    if scope.question is not None and (_any_condition(facts) or destination.group_a):
        trace.ask(scope.question, part=part, params=dict(scope.params))
    catch_all.evaluate(
        trace,
        facts,
        part=part,
        scope=scope.scope,
        group=destination.group,
        technology=technology,
    )


def _goods_part(
    trace: Trace, facts: Facts, ref: ItemRef | None, scope: ScopeResult, dest: Destination
) -> ExemptionDecision | None:
    if facts.transaction is TransactionType.HAND_CARRY:
        trace.ask(Question.HAND_CARRY_GOODS_EXCEPTIONS, part=GOODS)
    if ref is not None and ref.listed:
        trace.use(trace.tables.list_items)
        trace.ground(
            GroundCode.LIST_CONTROL.value,
            part=GOODS,
            facts=(
                *_item_facts(ref, facts),
                FactUsed("destination_country", facts.destination_country),
            ),
            citations=_list_citations(trace, ref, technology=False),
        )
        return exemptions.small_value(trace, facts, ref, part=GOODS)
    _catch_all_part(trace, facts, part=GOODS, scope=scope, destination=dest, technology=False)
    return None


def _catch_all_destination(
    trace: Trace, facts: Facts, residency: Residency
) -> tuple[Destination, str | None]:
    """The destination whose catch-all tier applies to technology provided in Japan."""
    recipient = facts.recipient
    country: str | None = None
    if recipient is not None:
        if recipient.country and recipient.country != JAPAN:
            country = recipient.country
        else:
            nationalities: tuple[str, ...] = ()
            if recipient.person is not None and recipient.person.nationality:
                nationalities = recipient.person.nationality
            elif recipient.visitors is not None and recipient.visitors.nationality:
                nationalities = recipient.visitors.nationality
            foreign = [n for n in nationalities if n != JAPAN]
            country = foreign[0] if foreign else None
    if country is None:
        return Destination(False, False, False), None
    return _destination(trace, country, record=False), country


def _ask_own_use_destination(trace: Trace, facts: Facts) -> None:
    """Own-use carriage or storage to a 別表第3の2 / 別表第4 country: a reviewer should look."""
    for country in dict.fromkeys(
        c for c in (facts.destination_country, facts.server_location) if c
    ):
        dest = _destination(trace, country, record=False)
        if dest.concern or dest.un_arms_embargo:
            table = "別表第4" if dest.concern else "別表第3の2"
            trace.ask(
                Question.OWN_USE_SENSITIVE_DESTINATION,
                part=TECHNOLOGY,
                country=country,
                table=table,
            )


def _technology_part(
    trace: Trace,
    facts: Facts,
    ref: ItemRef | None,
    scope: ScopeResult,
    dest: Destination,
    residency: Residency,
    categories: Categories,
) -> tuple[ExemptionDecision | None, RecipientStatus | None]:
    kind = facts.transaction
    if kind in (TransactionType.HAND_CARRY, TransactionType.CLOUD_SHARING):
        used = (FactUsed("transaction", kind.value),)
        if facts.provision_intended is False:
            extra = (
                (FactUsed("server_location", facts.server_location),)
                if facts.server_location
                else ()
            )
            trace.find(
                Finding.NO_PROVISION,
                part=TECHNOLOGY,
                facts=(*used, FactUsed("provision_intended", "false"), *extra),
                citations=(trace.cite("fefta_25_1"), trace.cite("fefta_25_3")),
            )
            _ask_own_use_destination(trace, facts)
            return None, None
        if facts.provision_intended is None:
            trace.ask(Question.PROVISION_INTENT_UNKNOWN, part=TECHNOLOGY, transaction=kind.value)
        if (
            kind is TransactionType.CLOUD_SHARING
            and facts.destination_country == JAPAN
            and facts.server_location not in (None, JAPAN)
        ):
            trace.ask(
                Question.CLOUD_SERVER_ABROAD,
                part=TECHNOLOGY,
                server=facts.server_location or "",
                country=facts.destination_country,
            )

    abroad = facts.destination_country != JAPAN
    listed = ref is not None and ref.listed
    status = residency.status
    if status is RecipientStatus.RESIDENT and categories.categories:
        status = RecipientStatus.RESIDENT_DEEMED_NON_RESIDENT
    for question in residency.questions:
        if question.code is Question.JAPANESE_ABROAD_INTENT_UNKNOWN and abroad:
            continue  # abroad, any provision of controlled technology is caught anyway
        trace.ask(question.code, part=TECHNOLOGY, params=dict(question.params))
    status_for_rule: RecipientStatus | None = status
    if facts.recipient is None and not abroad:
        trace.ask(Question.RESIDENCY_UNKNOWN, part=TECHNOLOGY, missing="recipient")
        status_for_rule = RecipientStatus.NON_RESIDENT
    elif status is RecipientStatus.RESIDENT_DEEMED_NON_RESIDENT and (abroad or not listed):
        # 役務通達1(3)サ deems the provision of *listed* technology in Japan to such a resident
        # a provision to a non-resident. Abroad every provision of listed technology needs a
        # licence anyway (list_control only), and unlisted technology is not deemed.
        status_for_rule = RecipientStatus.RESIDENT
    trace.use(trace.tables.residency)

    triggered = abroad or status_for_rule in (
        RecipientStatus.NON_RESIDENT,
        RecipientStatus.RESIDENT_DEEMED_NON_RESIDENT,
    )
    if abroad:
        trace.find(
            Finding.PROVIDED_ABROAD,
            part=TECHNOLOGY,
            facts=(FactUsed("destination_country", facts.destination_country),),
            citations=(trace.cite("fefta_25_1"),),
        )
    if listed and residency.natural_person and residency.status is RecipientStatus.RESIDENT:
        for question in categories.questions:
            trace.ask(
                question.code,
                part=TECHNOLOGY,
                moot_if_part_licensed=question.code is Question.SPECIFIC_CATEGORY_FACTS_MISSING,
                params=dict(question.params),
            )
        if categories.exception_i_applied:
            trace.find(
                Finding.SPECIFIC_CATEGORY_EXCEPTION_I,
                part=TECHNOLOGY,
                facts=categories.facts,
                citations=(trace.cite("service_circular_1_3_sa"),),
            )
        if not categories.in_force and not abroad:
            trace.find(
                Finding.SPECIFIC_CATEGORIES_NOT_IN_FORCE,
                part=TECHNOLOGY,
                citations=(trace.cite("service_circular_1_3_sa"),),
            )
    if not triggered:
        trace.find(
            Finding.RESIDENT_IN_JAPAN,
            part=TECHNOLOGY,
            facts=residency.facts,
            citations=(trace.cite("fefta_25_1"), trace.cite("mof_circular_6_1_5")),
        )
        return None, status

    if listed:
        assert ref is not None
        trace.use(trace.tables.list_items)
        trace.ground(
            GroundCode.LIST_CONTROL.value,
            part=TECHNOLOGY,
            facts=(
                *_item_facts(ref, facts),
                FactUsed("destination_country", facts.destination_country),
            ),
            citations=_list_citations(trace, ref, technology=True),
        )
        if status_for_rule is RecipientStatus.RESIDENT_DEEMED_NON_RESIDENT:
            trace.use(trace.tables.specific_categories)
            trace.ground(
                GroundCode.DEEMED_EXPORT_SPECIFIC_CATEGORY.value,
                part=TECHNOLOGY,
                facts=(
                    *categories.facts,
                    *(FactUsed("category", str(c)) for c in categories.categories),
                ),
                citations=(trace.cite("fefta_25_1"), trace.cite("service_circular_1_3_sa")),
            )
    else:
        if abroad:
            catch_dest = dest
        else:
            catch_dest, country = _catch_all_destination(trace, facts, residency)
            if _any_condition(facts) and triggered:
                if country is None:
                    trace.ask(Question.CATCH_ALL_DESTINATION_UNKNOWN, part=TECHNOLOGY)
                else:
                    trace.ask(
                        Question.CATCH_ALL_DESTINATION_IN_JAPAN, part=TECHNOLOGY, country=country
                    )
        _catch_all_part(
            trace, facts, part=TECHNOLOGY, scope=scope, destination=catch_dest, technology=True
        )
    if (
        trace.part_licensed(TECHNOLOGY)
        and status_for_rule is RecipientStatus.NON_RESIDENT
        and facts.recipient is not None
    ):
        # The contract adds this ground whenever the technology's recipient is a non-resident
        # and the provision needs a licence (list control or catch-all).
        trace.ground(
            GroundCode.NON_RESIDENT_RECIPIENT.value,
            part=TECHNOLOGY,
            facts=residency.facts,
            citations=(trace.cite("fefta_25_1"), trace.cite("mof_circular_6_1_5")),
        )
    applied = None
    if trace.part_licensed(TECHNOLOGY):
        applied = exemptions.technology(trace, facts, part=TECHNOLOGY)
    return applied, status


def _lift(trace: Trace, decision: ExemptionDecision) -> None:
    """Remove the grounds of the exempted part; keep them as findings for the record."""
    kept: list[Ground] = []
    lifted: list[Ground] = []
    for ground in trace.grounds:
        (lifted if ground.part == decision.part else kept).append(ground)
    trace.grounds[:] = kept
    catch_all_grounds = [g.code for g in lifted if g.code in CATCH_ALL_GROUNDS]
    if decision.part == TECHNOLOGY and catch_all_grounds:
        trace.ask(
            Question.EXEMPTION_FOR_CATCH_ALL_TECHNOLOGY,
            exemption=decision.code,
            grounds=", ".join(catch_all_grounds),
        )
    for ground in lifted:
        trace.find(
            Finding.GROUND_LIFTED,
            part=ground.part,
            facts=(FactUsed("ground", ground.code), FactUsed("exemption", decision.code)),
            citations=(*ground.citations, *decision.citations),
        )


def _retention_years(trace: Trace, ref: ItemRef | None) -> int:
    trace.use(trace.tables.retention)
    rows = trace.tables.retention.in_force(trace.on)
    item = ref.item if ref is not None and ref.listed else CATCH_ALL_ITEM
    for row in rows:
        if item in row.items:
            return row.years
    for row in rows:
        if "*" in row.items:
            return row.years
    raise LookupError("no retention rule in force")  # the data always has a default row


def _party_list_hits(facts: Facts) -> tuple[PartyListHit, ...]:
    recipient = facts.recipient
    if recipient is not None and recipient.on_meti_eul:
        return (PartyListHit("meti_eul", recipient.eul_codes),)
    return ()


def _citations(trace: Trace) -> tuple[Citation, ...]:
    seen: dict[tuple[str, str], Citation] = {}
    for group in (
        [c for g in trace.grounds for c in g.citations],
        [c for e in trace.exemptions if e.applied or e.claimed for c in e.citations],
        [c for f in trace.findings for c in f.citations],
    ):
        for citation in group:
            seen.setdefault((citation.code, citation.detail), citation)
    return tuple(seen.values())


def _rule_pack(trace: Trace) -> RulePackInfo:
    tables = trace.tables
    used = trace.used_tables
    versions = tuple(
        TableVersion(table.id, table.version(trace.on))
        for table in all_tables(tables)
        if table.id in used
    )
    return RulePackInfo(
        name=tables.name,
        version=tables.version,
        data_digest=tables.data_digest,
        law_as_of=tables.law_as_of,
        tables=versions,
    )


def assess(facts: Facts, tables: JapanTables) -> Determination:
    """Decide whether the transaction needs a licence, why, and what is left open."""
    on: dt.date = facts.date
    trace = Trace(tables, on)

    ref: ItemRef | None = None
    if facts.item.list_item is not None:
        ref = parse_item(facts.item.list_item, tables, on)
    elif not facts.item.list_item_known:
        trace.ask(Question.CLASSIFICATION_MISSING)
    goods, technology = _parts(facts, ref)
    if ref is not None and ref.technology_form and goods and not technology:
        # Goods classified with a technology number: read it as the goods item of that number.
        ref = ItemRef(ref.item, ref.sub, False, ref.raw)

    dest = _destination(trace, facts.destination_country, record=True)
    scope = _scope(trace, facts, ref)
    if ref is None or not ref.listed:
        trace.use(tables.catch_all_scope)
        trace.find(
            Finding.NOT_LISTED,
            facts=_item_facts(ref, facts) or (FactUsed("item.list_item", "?"),),
            citations=(trace.cite("eto_appendix_1"),),
        )

    residency = Residency(None, None, ())
    categories = Categories((), (), (), False, False)
    if technology and facts.recipient is not None:
        residency = recipient_residency(facts.recipient, tables, on)
        if residency.natural_person:
            trace.use(tables.specific_categories)
            categories = specific_categories(
                facts.recipient.person if facts.recipient else None, tables, on
            )

    applied: list[ExemptionDecision] = []
    status: RecipientStatus | None = None
    if goods:
        decision = _goods_part(trace, facts, ref, scope, dest)
        if decision is not None:
            applied.append(decision)
    if technology:
        decision, status = _technology_part(trace, facts, ref, scope, dest, residency, categories)
        if decision is not None:
            applied.append(decision)
    exemptions.claimed_but_undecided(
        trace,
        facts,
        goods=goods,
        technology=technology,
        parts_with_grounds={g.part for g in trace.grounds},
    )
    for decision in applied:
        _lift(trace, decision)

    grounds = sorted(
        trace.grounds,
        key=lambda g: (GROUND_ORDER.index(GroundCode(g.code)), g.part),
    )
    status_reason: str | None = None
    if status is not None:
        status_reason = (
            ResidencyReason.DEEMED_SPECIFIC_CATEGORY.value
            if status is RecipientStatus.RESIDENT_DEEMED_NON_RESIDENT
            else (residency.reason.value if residency.reason else None)
        )
    listed = ref is not None and ref.listed
    if listed:
        control_status = ItemControlStatus.LISTED
    elif ref is None and not facts.item.list_item_known:
        control_status = ItemControlStatus.UNCLASSIFIED
    elif scope.scope == OUT_OF_SCOPE:
        control_status = ItemControlStatus.OUT_OF_SCOPE
    else:
        control_status = ItemControlStatus.CATCH_ALL
    heading = ""
    if listed and ref is not None:
        heading = next((r.heading_ja for r in tables.list_items.rows if r.item == ref.item), "")
    groups = tuple(
        name
        for name, member in (
            ("eto_appendix_3", dest.group_a),
            ("eto_appendix_3_2", dest.un_arms_embargo),
            ("eto_appendix_4", dest.concern),
        )
        if member
    )
    return Determination(
        id=facts.id,
        date=on,
        transaction=facts.transaction,
        licence_required=bool(grounds),
        grounds=tuple(grounds),
        exemptions=tuple(trace.exemptions),
        # The contract names the exemption that removes *the* requirement: when a licence is
        # still needed (another part, another ground) no exemption did.
        exemption_applied=applied[0].code if applied and not grounds else "none",
        recipient_status=status,
        recipient_status_reason=status_reason,
        group_a=dest.group_a,
        un_arms_embargo=dest.un_arms_embargo,
        country_of_concern=dest.concern,
        catch_all_scope=None if listed else scope.scope,
        specific_categories=categories.categories if technology else (),
        item_control=ItemControl(
            status=control_status,
            item=ref.item if ref is not None else None,
            sub_item=ref.sub if ref is not None else None,
            as_technology=technology and not goods,
            heading=heading,
        ),
        destination_groups=groups,
        party_list_hits=_party_list_hits(facts),
        findings=tuple(trace.findings),
        open_questions=trace.open_questions(),
        citations=_citations(trace),
        retention_years=_retention_years(trace, ref),
        rule_pack=_rule_pack(trace),
    )


__all__ = ["FactsError", "assess"]
