"""Residency (居住性) and the specific categories (特定類型) of a technology recipient."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from anpo.rules.jp.codes import Question, ResidencyReason
from anpo.rules.jp.tables import JapanTables, ResidencyRow, SpecificCategoryRow
from anpo.rules.types import FactUsed, PersonFacts, RecipientFacts, RecipientStatus


def _add_months(day: dt.date, months: int) -> dt.date | None:
    """The corresponding day ``months`` later, or ``None`` when that month has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    if day.day > calendar.monthrange(year, month)[1]:
        return None
    return dt.date(year, month, day.day)


def period_elapsed_from(start: dt.date, months: int) -> dt.date:
    """The first day on which ``months`` months counted from ``start`` have passed.

    民法140条: the day of ``start`` is not counted, so the period runs from the next day;
    143条: it ends at the end of the day before the corresponding day ``months`` later, or
    at the end of that month when it has no corresponding day. The result is the day after.
    """
    first = start + dt.timedelta(days=1)
    corresponding = _add_months(first, months)
    if corresponding is not None:
        return corresponding
    month_index = first.month - 1 + months
    year, month = first.year + month_index // 12, month_index % 12 + 1
    last = dt.date(year, month, calendar.monthrange(year, month)[1])
    return last + dt.timedelta(days=1)


def naive_anniversary(start: dt.date, months: int) -> dt.date:
    """``start`` plus ``months`` by the calendar (clamped to the month's end)."""
    corresponding = _add_months(start, months)
    if corresponding is not None:
        return corresponding
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, calendar.monthrange(year, month)[1])


@dataclass(frozen=True, slots=True)
class PendingQuestion:
    code: Question
    params: tuple[tuple[str, str], ...]


@dataclass(frozen=True, slots=True)
class Residency:
    status: RecipientStatus | None  # None: there is no recipient
    reason: ResidencyReason | None
    facts: tuple[FactUsed, ...]
    questions: tuple[PendingQuestion, ...] = ()
    natural_person: bool = False


def _fact(name: str, value: object) -> FactUsed:
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, tuple):
        text = ",".join(str(v) for v in value)
    else:
        text = str(value)
    return FactUsed(name, text)


def _elapsed_check(
    start: dt.date, months: int, on: dt.date, reading_if_not: RecipientStatus
) -> tuple[bool, PendingQuestion | None]:
    passed_from = period_elapsed_from(start, months)
    elapsed = on >= passed_from
    question = None
    if not elapsed and on >= naive_anniversary(start, months):
        question = PendingQuestion(
            Question.RESIDENCY_PERIOD_BOUNDARY,
            (
                ("date", on.isoformat()),
                ("months", str(months)),
                ("start", start.isoformat()),
                ("reading", reading_if_not.value),
            ),
        )
    return elapsed, question


def _person_residency(person: PersonFacts, rule: ResidencyRow, on: dt.date) -> Residency:
    p = "recipient.person."
    used: list[FactUsed] = []
    if person.official_status in rule.non_resident_official_statuses:
        return Residency(
            RecipientStatus.NON_RESIDENT,
            ResidencyReason.OFFICIAL_STATUS,
            (_fact(p + "official_status", person.official_status),),
            natural_person=True,
        )
    nationality = person.nationality
    if nationality is None:
        # Without a nationality, the foreign-national rules still decide when the person is
        # employed in Japan or has an entry date; otherwise the facts are not enough.
        if person.employed_in_japan:
            return _foreign_residency(person, rule, on)
        if person.resident_in_japan_since is not None:
            return _foreign_residency(person, rule, on)
        return Residency(
            RecipientStatus.NON_RESIDENT,
            ResidencyReason.UNKNOWN,
            (),
            (PendingQuestion(Question.RESIDENCY_UNKNOWN, (("missing", "nationality"),)),),
            natural_person=True,
        )
    used.append(_fact(p + "nationality", nationality))
    if rule.japanese_nationality in nationality:
        if person.abroad_since is not None and person.abroad_since <= on:
            used.append(_fact(p + "abroad_since", person.abroad_since.isoformat()))
            if person.abroad_for_employment:
                used.append(_fact(p + "abroad_for_employment", True))
                return Residency(
                    RecipientStatus.NON_RESIDENT,
                    ResidencyReason.JAPANESE_ABROAD_FOR_EMPLOYMENT,
                    tuple(used),
                    natural_person=True,
                )
            months = rule.japanese_abroad_non_resident_after_months
            elapsed, question = _elapsed_check(
                person.abroad_since, months, on, RecipientStatus.RESIDENT
            )
            questions = (question,) if question else ()
            if elapsed:
                return Residency(
                    RecipientStatus.NON_RESIDENT,
                    ResidencyReason.JAPANESE_ABROAD_TWO_YEARS,
                    tuple(used),
                    questions,
                    natural_person=True,
                )
            intent = PendingQuestion(Question.JAPANESE_ABROAD_INTENT_UNKNOWN, ())
            return Residency(
                RecipientStatus.RESIDENT,
                ResidencyReason.JAPANESE_ABROAD_SHORT,
                tuple(used),
                (*questions, intent),
                natural_person=True,
            )
        return Residency(
            RecipientStatus.RESIDENT,
            ResidencyReason.JAPANESE_IN_JAPAN,
            tuple(used),
            natural_person=True,
        )
    residency = _foreign_residency(person, rule, on)
    return Residency(
        residency.status,
        residency.reason,
        tuple(used) + residency.facts,
        residency.questions,
        natural_person=True,
    )


def _foreign_residency(person: PersonFacts, rule: ResidencyRow, on: dt.date) -> Residency:
    p = "recipient.person."
    if person.employed_in_japan and (
        person.employed_in_japan_since is None or person.employed_in_japan_since <= on
    ):
        employment = [_fact(p + "employed_in_japan_by", person.employed_in_japan_by)]
        if person.employed_in_japan_since is not None:
            employment.append(
                _fact(p + "employed_in_japan_since", person.employed_in_japan_since.isoformat())
            )
        return Residency(
            RecipientStatus.RESIDENT,
            ResidencyReason.FOREIGN_EMPLOYED_IN_JAPAN,
            tuple(employment),
            natural_person=True,
        )
    if person.resident_in_japan_since is not None and person.resident_in_japan_since <= on:
        months = rule.foreign_national_resident_after_months
        elapsed, question = _elapsed_check(
            person.resident_in_japan_since, months, on, RecipientStatus.NON_RESIDENT
        )
        used = (_fact(p + "resident_in_japan_since", person.resident_in_japan_since.isoformat()),)
        questions = (question,) if question else ()
        if elapsed:
            return Residency(
                RecipientStatus.RESIDENT,
                ResidencyReason.FOREIGN_SIX_MONTHS_ELAPSED,
                used,
                questions,
                natural_person=True,
            )
        return Residency(
            RecipientStatus.NON_RESIDENT,
            ResidencyReason.FOREIGN_WITHIN_SIX_MONTHS,
            used,
            questions,
            natural_person=True,
        )
    missing = []
    if person.employed_in_japan is None:
        missing.append("employed_in_japan_by")
    if person.resident_in_japan_since is None:
        missing.append("resident_in_japan_since")
    return Residency(
        RecipientStatus.NON_RESIDENT,
        ResidencyReason.FOREIGN_NOT_IN_JAPAN,
        (),
        (PendingQuestion(Question.RESIDENCY_UNKNOWN, (("missing", ", ".join(missing)),)),)
        if missing and person.employed_in_japan is None
        else (),
        natural_person=True,
    )


def recipient_residency(
    recipient: RecipientFacts | None, tables: JapanTables, on: dt.date
) -> Residency:
    """Resident or non-resident, per the MoF circular, as the facts allow."""
    rules = tables.residency.in_force(on)
    if recipient is None:
        return Residency(None, None, ())
    rule = rules[0]
    if recipient.person is None and recipient.visitors is None and recipient.kind != "person":
        if recipient.country is None:
            return Residency(
                RecipientStatus.NON_RESIDENT,
                ResidencyReason.UNKNOWN,
                (),
                (PendingQuestion(Question.RESIDENCY_UNKNOWN, (("missing", "recipient.country"),)),),
            )
        used = (_fact("recipient.country", recipient.country),)
        if recipient.country == rule.japanese_nationality:
            return Residency(RecipientStatus.RESIDENT, ResidencyReason.ORGANIZATION_IN_JAPAN, used)
        return Residency(RecipientStatus.NON_RESIDENT, ResidencyReason.ORGANIZATION_ABROAD, used)
    if recipient.person is not None:
        residency = _person_residency(recipient.person, rule, on)
        if (
            residency.reason is ResidencyReason.FOREIGN_NOT_IN_JAPAN
            and recipient.country is not None
            and recipient.country != rule.japanese_nationality
        ):
            # A foreign national who lives abroad (no stay in Japan on record): nothing missing.
            return Residency(
                residency.status,
                residency.reason,
                (*residency.facts, _fact("recipient.country", recipient.country)),
                natural_person=True,
            )
        return residency
    visitors = recipient.visitors
    if visitors is not None:
        if visitors.employed_in_japan:
            return Residency(
                RecipientStatus.RESIDENT,
                ResidencyReason.VISITORS_EMPLOYED_IN_JAPAN,
                (_fact("recipient.visitors.employed_in_japan_by", visitors.employed_in_japan_by),),
                natural_person=True,
            )
        if visitors.nationality and set(visitors.nationality) == {rule.japanese_nationality}:
            return Residency(
                RecipientStatus.RESIDENT,
                ResidencyReason.JAPANESE_IN_JAPAN,
                (_fact("recipient.visitors.nationality", visitors.nationality),),
                natural_person=True,
            )
        visitor_facts: tuple[FactUsed, ...] = (
            (_fact("recipient.visitors.nationality", visitors.nationality),)
            if visitors.nationality
            else ()
        )
        return Residency(
            RecipientStatus.NON_RESIDENT,
            ResidencyReason.VISITORS_FROM_ABROAD,
            visitor_facts,
            (PendingQuestion(Question.VISITORS_STAY_UNKNOWN, ()),),
            natural_person=True,
        )
    # A person without person facts: only the country is known.
    return Residency(
        RecipientStatus.NON_RESIDENT,
        ResidencyReason.UNKNOWN,
        (),
        (PendingQuestion(Question.RESIDENCY_UNKNOWN, (("missing", "recipient.person"),)),),
        natural_person=True,
    )


@dataclass(frozen=True, slots=True)
class Categories:
    categories: tuple[int, ...]
    facts: tuple[FactUsed, ...]
    questions: tuple[PendingQuestion, ...]
    exception_i_applied: bool
    in_force: bool


def specific_categories(person: PersonFacts | None, tables: JapanTables, on: dt.date) -> Categories:
    """Which of 特定類型 ①②③ the person falls under on the date (empty before 2022-05-01)."""
    rows: tuple[SpecificCategoryRow, ...] = tables.specific_categories.in_force(on)
    if not rows:
        return Categories((), (), (), False, False)
    if person is None:
        return Categories(
            (),
            (),
            (PendingQuestion(Question.SPECIFIC_CATEGORY_FACTS_MISSING, (("missing", "①, ②, ③"),)),),
            False,
            True,
        )
    rule = rows[0]
    p = "recipient.person."
    found: list[int] = []
    used: list[FactUsed] = []
    questions: list[PendingQuestion] = []
    missing: list[str] = []
    exception_i = False

    contracts = person.contracts_with_foreign_entity
    if contracts is None:
        missing.append("①")
    else:
        relevant = [
            c for c in contracts if c.counterparty_type in rule.category_1_counterparty_types
        ]
        controlled = [c for c in relevant if c.follows_directions or c.duty_of_care]
        unclear = [
            c
            for c in relevant
            if not (c.follows_directions or c.duty_of_care)
            and (c.follows_directions is None or c.duty_of_care is None)
        ]
        for contract in unclear:
            questions.append(
                PendingQuestion(
                    Question.SPECIFIC_CATEGORY_CONTRACT_TERMS_UNKNOWN,
                    (("counterparty", contract.counterparty or contract.counterparty_type or ""),),
                )
            )
        if controlled or unclear:
            used.append(
                _fact(
                    p + "contracts_with_foreign_entity",
                    tuple(
                        c.counterparty or c.counterparty_type or "?" for c in controlled + unclear
                    ),
                )
            )
            prevail = person.japanese_entity_directions_prevail
            if rule.category_1_exception_i and prevail and person.employed_in_japan:
                exception_i = True
                used.append(_fact(p + "japanese_entity_directions_prevail", True))
                used.append(_fact(p + "employed_in_japan_by", person.employed_in_japan_by))
            else:
                if rule.category_1_exception_i and prevail:
                    # イ needs a contract with a Japanese entity as well; none is shown.
                    questions.append(
                        PendingQuestion(Question.SPECIFIC_CATEGORY_EXCEPTION_I_CONTRACT_UNKNOWN, ())
                    )
                found.append(1)
                if any(c.counterparty_type == "foreign_legal_entity" for c in controlled + unclear):
                    questions.append(PendingQuestion(Question.SPECIFIC_CATEGORY_EXCEPTION_RO, ()))

    share = person.foreign_government_funding_share_of_income
    if share is None:
        missing.append("②")
    else:
        threshold = rule.category_2_min_share_of_income
        meets = share >= threshold if rule.category_2_inclusive else share > threshold
        if meets:
            found.append(2)
            used.append(_fact(p + "foreign_government_funding_share_of_income", share))

    if person.acts_under_foreign_government_instruction is None:
        missing.append("③")
    elif person.acts_under_foreign_government_instruction:
        found.append(3)
        used.append(_fact(p + "acts_under_foreign_government_instruction", True))

    if missing:
        questions.append(
            PendingQuestion(
                Question.SPECIFIC_CATEGORY_FACTS_MISSING, (("missing", ", ".join(missing)),)
            )
        )
    return Categories(tuple(found), tuple(used), tuple(questions), exception_i, True)
