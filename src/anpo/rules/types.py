"""Shared concepts of every rule pack: the facts of a transaction and the determination.

Plain, immutable dataclasses. A pack (``anpo.rules.jp``; EU and US packs may follow) reads
``Facts`` and returns a ``Determination`` whose every part is a code with parameters, so the
Django side can render it in Japanese or English (``anpo.assessment.labels``) and a stored
determination can be replayed with the pack and table versions it names.

Three-valued facts: ``None`` always means "not known" (the key was absent from the input).
A known "no" is ``False`` (or an empty tuple).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class TransactionType(StrEnum):
    """What happens: goods leave, technology is provided, or both."""

    GOODS_EXPORT = "goods_export"
    TECHNOLOGY_PROVISION = "technology_provision"
    GOODS_AND_TECHNOLOGY = "goods_and_technology"
    HAND_CARRY = "hand_carry"  # a laptop, notes or samples carried abroad by their owner
    SAMPLE_SHIPMENT = "sample_shipment"
    VISITOR_ACCESS = "visitor_access"  # visitors see or hear technology (tours, lab visits)
    CLOUD_SHARING = "cloud_sharing"  # technology stored on or shared through a server


class GroundCode(StrEnum):
    """Why a licence is required (the contract's ``grounds``)."""

    LIST_CONTROL = "list_control"
    WMD_CATCH_ALL_INFORM = "wmd_catch_all_inform"
    WMD_CATCH_ALL_USE = "wmd_catch_all_use"
    WMD_CATCH_ALL_END_USER = "wmd_catch_all_end_user"
    CW_CATCH_ALL_INFORM = "cw_catch_all_inform"
    CW_CATCH_ALL_USE = "cw_catch_all_use"
    CW_CATCH_ALL_END_USER = "cw_catch_all_end_user"
    DEEMED_EXPORT_SPECIFIC_CATEGORY = "deemed_export_specific_category"
    NON_RESIDENT_RECIPIENT = "non_resident_recipient"


GROUND_ORDER: tuple[GroundCode, ...] = tuple(GroundCode)


class ExemptionCode(StrEnum):
    """Exemptions a transaction may rest on (the contract's ``exemption_applied``)."""

    PUBLIC_DOMAIN = "public_domain"
    BASIC_RESEARCH = "basic_research"
    PATENT_FILING = "patent_filing"
    MINIMUM_FOR_USE = "minimum_for_use"
    SMALL_VALUE = "small_value"


class ItemControlStatus(StrEnum):
    """Where an item stands against a pack's control lists."""

    LISTED = "listed"  # on the control list (JP: items 1-15)
    CATCH_ALL = "catch_all"  # not listed, within the catch-all's scope (JP: 16の項)
    OUT_OF_SCOPE = "out_of_scope"  # outside both
    UNCLASSIFIED = "unclassified"  # the facts do not say


class RecipientStatus(StrEnum):
    """Residency of the person or body that receives technology."""

    RESIDENT = "resident"
    NON_RESIDENT = "non_resident"
    RESIDENT_DEEMED_NON_RESIDENT = "resident_deemed_non_resident"


@dataclass(frozen=True, slots=True)
class ItemFacts:
    """What is exported or provided.

    ``list_item`` is the classification as written (``"7の項(1)"``, ``"外為令別表7の項(1)"``)
    or ``None``; ``list_item_known`` is ``False`` when the input did not say (``None`` with
    ``list_item_known=True`` is a 非該当 classification for items 1-15).
    """

    list_item: str | None = None
    list_item_known: bool = False
    hs_code: str | None = None
    value_jpy: int | float | None = None
    contract_value_jpy: int | float | None = None
    description: str = ""
    designated_by_meti_notice: bool | None = None  # 別表第3の3: does a METI 告示 designate it?
    part_of_hs: str | None = None  # HS 8807 parts: HS code of the goods they are parts of


@dataclass(frozen=True, slots=True)
class ForeignContract:
    """A contract of a person with a foreign legal entity or foreign government body."""

    counterparty: str = ""
    counterparty_type: str | None = None  # foreign_legal_entity / foreign_government_body
    type: str = ""  # employment, mandate, service, ...
    follows_directions: bool | None = None
    duty_of_care: bool | None = None


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """Raw facts about a natural person; each pack derives residency and categories itself."""

    nationality: tuple[str, ...] | None = None  # ISO-2 codes; several for dual nationals
    resident_in_japan_since: dt.date | None = None  # date of entry for the current stay
    employed_in_japan: bool | None = None  # None: not known; False: known not employed
    employed_in_japan_by: str = ""
    employed_in_japan_since: dt.date | None = None
    abroad_since: dt.date | None = None
    abroad_for_employment: bool | None = None
    official_status: str | None = None  # diplomat / foreign_military
    official_status_known: bool = False
    contracts_with_foreign_entity: tuple[ForeignContract, ...] | None = None
    japanese_entity_directions_prevail: bool | None = None
    foreign_government_funding_share_of_income: float | None = None
    acts_under_foreign_government_instruction: bool | None = None


@dataclass(frozen=True, slots=True)
class VisitorFacts:
    """A group of visitors (tour, lab visit)."""

    count: int | None = None
    nationality: tuple[str, ...] | None = None
    employed_in_japan: bool | None = None
    employed_in_japan_by: str = ""


@dataclass(frozen=True, slots=True)
class RecipientFacts:
    kind: str | None = None  # person / organization
    name: str = ""
    country: str | None = None
    on_meti_eul: bool | None = None
    eul_codes: tuple[str, ...] | None = None
    military_end_user: bool | None = None
    person: PersonFacts | None = None
    visitors: VisitorFacts | None = None


@dataclass(frozen=True, slots=True)
class EndUseFacts:
    concerns: tuple[str, ...] | None = None  # wmd / conventional / none
    clearly_not_of_concern: bool | None = None  # outcome of the 明らかガイドライン check


@dataclass(frozen=True, slots=True)
class ExemptionFacts:
    already_public: bool | None = None
    provided_to_make_public: bool | None = None
    under_confidentiality: bool | None = None
    research_aim: str | None = None  # basic / specific_product
    only_minimum_for_patent_filing: bool | None = None
    minimum_for_use_of_lawfully_exported_goods: bool | None = None


@dataclass(frozen=True, slots=True)
class Facts:
    """One transaction's facts as the CLI contract and the review workflow state them."""

    id: str
    date: dt.date
    transaction: TransactionType
    destination_country: str
    item: ItemFacts = field(default_factory=ItemFacts)
    recipient: RecipientFacts | None = None
    end_use: EndUseFacts = field(default_factory=EndUseFacts)
    informed_by_meti: bool | None = None
    inform_concern: str | None = None  # wmd / conventional
    exemption_claimed: str | None = None
    exemption_facts: ExemptionFacts = field(default_factory=ExemptionFacts)
    provision_intended: bool | None = None
    server_location: str | None = None


# --- The determination -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Citation:
    """A legal basis: a stable code, the short reference officers write, and a detail."""

    code: str
    ref: str  # e.g. "外為法48条1項" (from the pack's citation table)
    detail: str = ""  # e.g. "7の項(1)" for a row of a table

    @property
    def text(self) -> str:
        return f"{self.ref} {self.detail}" if self.detail else self.ref


@dataclass(frozen=True, slots=True)
class FactUsed:
    """A fact a decision rested on, by its input name (``recipient.on_meti_eul``)."""

    name: str
    value: str


@dataclass(frozen=True, slots=True)
class Ground:
    """A reason why a licence is required."""

    code: str
    facts: tuple[FactUsed, ...]
    citations: tuple[Citation, ...]
    part: str = ""  # goods / technology


@dataclass(frozen=True, slots=True)
class ExemptionDecision:
    """Whether an exemption removes a requirement, and why (``reason`` is a code)."""

    code: str
    applied: bool
    reason: str
    claimed: bool
    facts: tuple[FactUsed, ...]
    citations: tuple[Citation, ...]
    part: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """A step of the reasoning that is neither a ground nor an exemption (why *no* licence)."""

    code: str
    facts: tuple[FactUsed, ...]
    citations: tuple[Citation, ...]
    part: str = ""


@dataclass(frozen=True, slots=True)
class OpenQuestion:
    """A point a reviewer must look at: the answer turns on an unsettled rule or a missing fact.

    ``text`` is the English sentence (for the CLI); the Django side renders ``code`` with
    ``params`` in the reader's language.
    """

    code: str
    params: tuple[tuple[str, str], ...]
    text: str

    def param(self, key: str) -> str:
        return dict(self.params).get(key, "")


@dataclass(frozen=True, slots=True)
class TableVersion:
    """One legal table as the engine read it: the version (change date) in force on the date."""

    table: str
    version: str  # the effective date of the last change on or before the date, or "base"


@dataclass(frozen=True, slots=True)
class RulePackInfo:
    name: str
    version: str
    data_digest: str  # sha256 of the pack's data files: a changed table changes the digest
    law_as_of: str  # the newest legal text the tables were checked against
    tables: tuple[TableVersion, ...]


@dataclass(frozen=True, slots=True)
class PartyListHit:
    """A party-list entry the recipient is on, with the list's concern codes."""

    list: str  # e.g. "meti_eul"
    codes: tuple[str, ...] | None  # None: listed, concern codes not known


@dataclass(frozen=True, slots=True)
class ItemControl:
    """The item as the pack classified it."""

    status: ItemControlStatus
    item: str | None  # the pack's item number ("7", "3の2", "16")
    sub_item: str | None
    as_technology: bool
    heading: str = ""


@dataclass(frozen=True, slots=True)
class Determination:
    """The answer for one transaction, with its reasons as data."""

    id: str
    date: dt.date
    transaction: TransactionType
    licence_required: bool
    grounds: tuple[Ground, ...]
    exemptions: tuple[ExemptionDecision, ...]
    exemption_applied: str  # "none" or the code of the exemption that removed a requirement
    recipient_status: RecipientStatus | None
    recipient_status_reason: str | None
    group_a: bool
    un_arms_embargo: bool
    country_of_concern: bool  # 別表第4
    catch_all_scope: str | None
    specific_categories: tuple[int, ...]
    item_control: ItemControl
    destination_groups: tuple[str, ...]  # the pack's tables the destination is in on the date
    party_list_hits: tuple[PartyListHit, ...]
    findings: tuple[Finding, ...]
    open_questions: tuple[OpenQuestion, ...]
    citations: tuple[Citation, ...]
    retention_years: int
    rule_pack: RulePackInfo

    @property
    def ground_codes(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(g.code for g in self.grounds))
