"""Read one transaction's facts from the JSON object of the CLI contract.

Unknown keys are ignored; an absent optional key (or ``null`` where the contract gives
``null`` no meaning) is "not known". A wrong type, a bad date or an unknown value raises
``FactsError`` with a code, parameters and an English message, never a bare exception, so the
CLI can write a per-line error and the Django side can translate it.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from typing import Final

from anpo.rules.types import (
    EndUseFacts,
    ExemptionFacts,
    Facts,
    ForeignContract,
    ItemFacts,
    PersonFacts,
    RecipientFacts,
    TransactionType,
    VisitorFacts,
)

MAX_TEXT: Final[int] = 2_000  # longest free-text value kept (names, descriptions)
MAX_LIST: Final[int] = 200  # longest list accepted (contracts, concerns, codes)
_ISO2 = re.compile(r"^[A-Za-z]{2}$")
_HS = re.compile(r"^[0-9]{2}(?:[0-9.\s-]*[0-9])?$")

# Every input key of the contract, by its dotted path (determinations name the facts they used
# by these paths; the Django side labels each one).
INPUT_FACT_NAMES: Final[tuple[str, ...]] = (
    "id",
    "date",
    "transaction",
    "destination_country",
    "item.list_item",
    "item.hs_code",
    "item.value_jpy",
    "item.contract_value_jpy",
    "item.description",
    "item.designated_by_meti_notice",
    "item.part_of_hs",
    "recipient",
    "recipient.kind",
    "recipient.name",
    "recipient.country",
    "recipient.on_meti_eul",
    "recipient.eul_codes",
    "recipient.military_end_user",
    "recipient.person",
    "recipient.person.nationality",
    "recipient.person.resident_in_japan_since",
    "recipient.person.employed_in_japan_by",
    "recipient.person.employed_in_japan_since",
    "recipient.person.abroad_since",
    "recipient.person.abroad_for_employment",
    "recipient.person.official_status",
    "recipient.person.contracts_with_foreign_entity",
    "recipient.person.japanese_entity_directions_prevail",
    "recipient.person.foreign_government_funding_share_of_income",
    "recipient.person.acts_under_foreign_government_instruction",
    "recipient.visitors",
    "recipient.visitors.count",
    "recipient.visitors.nationality",
    "recipient.visitors.employed_in_japan_by",
    "end_use.concerns",
    "end_use.clearly_not_of_concern_per_meti_guideline",
    "informed_by_meti",
    "inform_concern",
    "exemption_claimed",
    "exemption_facts.already_public",
    "exemption_facts.provided_to_make_public",
    "exemption_facts.under_confidentiality",
    "exemption_facts.research_aim",
    "exemption_facts.only_minimum_for_patent_filing",
    "exemption_facts.minimum_for_use_of_lawfully_exported_goods",
    "provision_intended",
    "server_location",
)

ERROR_MESSAGES: Final[dict[str, str]] = {
    "not_an_object": "a transaction must be a JSON object, not {type}",
    "missing_key": "the key '{key}' is required",
    "bad_type": "'{key}' must be {expected}, not {got}",
    "bad_value": "'{key}' has the value '{value}'; expected one of: {expected}",
    "bad_date": "'{key}' is not an ISO date (YYYY-MM-DD): '{value}'",
    "bad_country": "'{key}' is not an ISO 3166 alpha-2 country code: '{value}'",
    "bad_number": "'{key}' must be a finite number of at least 0: '{value}'",
    "bad_share": "'{key}' must be a share between 0 and 1: '{value}'",
    "bad_hs_code": "'{key}' is not an HS code (digits, optionally with dots): '{value}'",
    "bad_list_item": "'{key}' is not a list item such as '7の項(1)' or '外為令別表7の項(1)': '{value}'",
    "too_long": "'{key}' is longer than {limit}",
    "invalid_json": "the line is not valid JSON ({detail})",
    "line_too_long": "the line is longer than {limit} bytes",
    "not_utf8": "the line is not UTF-8 text",
    "goods_to_japan": "goods are exported, so 'destination_country' cannot be JP",
    "too_deep": "the line nests objects or lists too deeply",
    "hand_carry_to_japan": "a hand-carry takes things abroad, so 'destination_country' cannot be JP",
}


class FactsError(ValueError):
    """Bad input for one transaction: ``code`` + ``params``; ``str()`` is the English message."""

    def __init__(self, code: str, **params: str) -> None:
        self.code = code
        self.params = params
        super().__init__(ERROR_MESSAGES[code].format(**params))


def _type_name(value: object) -> str:
    if value is None:
        return "null"
    return {bool: "a boolean", int: "a number", float: "a number", str: "a string"}.get(
        type(value), "a list" if isinstance(value, list) else "an object"
    )


def _text(data: Mapping[str, object], key: str, path: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str | int) or isinstance(value, bool):
        raise FactsError("bad_type", key=path, expected="a string", got=_type_name(value))
    text = str(value).strip()
    if len(text) > MAX_TEXT:
        raise FactsError("too_long", key=path, limit=f"{MAX_TEXT} characters")
    return text


def _opt_str(data: Mapping[str, object], key: str, path: str) -> str | None:
    text = _text(data, key, path)
    return text or None


def _bool(data: Mapping[str, object], key: str, path: str) -> bool | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, bool):
        raise FactsError("bad_type", key=path, expected="true or false", got=_type_name(value))
    return value


def _choice(
    data: Mapping[str, object], key: str, path: str, choices: tuple[str, ...]
) -> str | None:
    text = _opt_str(data, key, path)
    if text is None:
        return None
    if text not in choices:
        raise FactsError("bad_value", key=path, value=text[:80], expected=", ".join(choices))
    return text


def _date(data: Mapping[str, object], key: str, path: str) -> dt.date | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise FactsError("bad_type", key=path, expected="an ISO date string", got=_type_name(value))
    text = value.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        raise FactsError("bad_date", key=path, value=text[:40])
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise FactsError("bad_date", key=path, value=text[:40]) from None


def _country(data: Mapping[str, object], key: str, path: str) -> str | None:
    text = _opt_str(data, key, path)
    if text is None:
        return None
    if not _ISO2.match(text):
        raise FactsError("bad_country", key=path, value=text[:40])
    return text.upper()


def _countries(data: Mapping[str, object], key: str, path: str) -> tuple[str, ...] | None:
    """One ISO-2 code or a list of them (dual nationals)."""
    value = data.get(key)
    if value is None:
        return None
    values = value if isinstance(value, list) else [value]
    if len(values) > MAX_LIST:
        raise FactsError("too_long", key=path, limit=f"{MAX_LIST} entries")
    codes: list[str] = []
    for entry in values:
        code = _country({"v": entry}, "v", path)
        if code is not None:
            codes.append(code)
    return tuple(dict.fromkeys(codes))


def _number(data: Mapping[str, object], key: str, path: str) -> int | float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FactsError("bad_type", key=path, expected="a number", got=_type_name(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            raise FactsError("bad_number", key=path, value=str(value))
        if value.is_integer():
            value = int(value)
    if value < 0:
        raise FactsError("bad_number", key=path, value=str(value))
    return value


def _object(data: Mapping[str, object], key: str, path: str) -> Mapping[str, object] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, dict):
        raise FactsError("bad_type", key=path, expected="an object", got=_type_name(value))
    return value


def _list(data: Mapping[str, object], key: str, path: str) -> list[object] | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, list):
        raise FactsError("bad_type", key=path, expected="a list", got=_type_name(value))
    if len(value) > MAX_LIST:
        raise FactsError("too_long", key=path, limit=f"{MAX_LIST} entries")
    return value


def _codes(
    data: Mapping[str, object], key: str, path: str, choices: tuple[str, ...]
) -> tuple[str, ...] | None:
    """A list of codes (a single string is accepted as a list of one)."""
    value = data.get(key)
    if value is None:
        return None
    values = _list({"v": value if isinstance(value, list) else [value]}, "v", path) or []
    out: list[str] = []
    for entry in values:
        code = _choice({"v": entry}, "v", path, choices)
        if code is not None:
            out.append(code)
    return tuple(dict.fromkeys(out))


_HS_CLEAN = re.compile(r"[.\s-]")


def normalise_hs(text: str) -> str:
    return _HS_CLEAN.sub("", text)


def _hs(data: Mapping[str, object], key: str, path: str) -> str | None:
    text = _opt_str(data, key, path)
    if text is None:
        return None
    digits = normalise_hs(text)
    if not _HS.match(text) or not 2 <= len(digits) <= 12:
        raise FactsError("bad_hs_code", key=path, value=text[:40])
    return digits


def _item(data: Mapping[str, object] | None) -> ItemFacts:
    if data is None:
        return ItemFacts()
    known = "list_item" in data
    list_item = _opt_str(data, "list_item", "item.list_item")
    return ItemFacts(
        list_item=list_item,
        list_item_known=known,
        hs_code=_hs(data, "hs_code", "item.hs_code"),
        value_jpy=_number(data, "value_jpy", "item.value_jpy"),
        contract_value_jpy=_number(data, "contract_value_jpy", "item.contract_value_jpy"),
        description=_text(data, "description", "item.description"),
        designated_by_meti_notice=_bool(
            data, "designated_by_meti_notice", "item.designated_by_meti_notice"
        ),
        part_of_hs=_hs(data, "part_of_hs", "item.part_of_hs"),
    )


def _contract(entry: object, index: int) -> ForeignContract:
    path = f"recipient.person.contracts_with_foreign_entity[{index}]"
    if not isinstance(entry, dict):
        raise FactsError("bad_type", key=path, expected="an object", got=_type_name(entry))
    return ForeignContract(
        counterparty=_text(entry, "counterparty", f"{path}.counterparty"),
        counterparty_type=_choice(
            entry,
            "counterparty_type",
            f"{path}.counterparty_type",
            ("foreign_legal_entity", "foreign_government_body"),
        ),
        type=_text(entry, "type", f"{path}.type"),
        follows_directions=_bool(entry, "follows_directions", f"{path}.follows_directions"),
        duty_of_care=_bool(entry, "duty_of_care", f"{path}.duty_of_care"),
    )


def _person(data: Mapping[str, object] | None) -> PersonFacts | None:
    if data is None:
        return None
    p = "recipient.person."
    contracts_raw = _list(
        data, "contracts_with_foreign_entity", p + "contracts_with_foreign_entity"
    )
    share = _number(
        data,
        "foreign_government_funding_share_of_income",
        p + "foreign_government_funding_share_of_income",
    )
    if share is not None and share > 1:
        raise FactsError(
            "bad_share", key=p + "foreign_government_funding_share_of_income", value=str(share)
        )
    employer = _text(data, "employed_in_japan_by", p + "employed_in_japan_by")
    return PersonFacts(
        nationality=_countries(data, "nationality", p + "nationality"),
        resident_in_japan_since=_date(
            data, "resident_in_japan_since", p + "resident_in_japan_since"
        ),
        employed_in_japan=(bool(employer) if "employed_in_japan_by" in data else None),
        employed_in_japan_by=employer,
        employed_in_japan_since=_date(
            data, "employed_in_japan_since", p + "employed_in_japan_since"
        ),
        abroad_since=_date(data, "abroad_since", p + "abroad_since"),
        abroad_for_employment=_bool(data, "abroad_for_employment", p + "abroad_for_employment"),
        official_status=_choice(
            data, "official_status", p + "official_status", ("diplomat", "foreign_military")
        ),
        official_status_known="official_status" in data,
        contracts_with_foreign_entity=(
            None
            if contracts_raw is None
            else tuple(_contract(entry, i) for i, entry in enumerate(contracts_raw))
        ),
        japanese_entity_directions_prevail=_bool(
            data, "japanese_entity_directions_prevail", p + "japanese_entity_directions_prevail"
        ),
        foreign_government_funding_share_of_income=(None if share is None else float(share)),
        acts_under_foreign_government_instruction=_bool(
            data,
            "acts_under_foreign_government_instruction",
            p + "acts_under_foreign_government_instruction",
        ),
    )


def _visitors(data: Mapping[str, object] | None) -> VisitorFacts | None:
    if data is None:
        return None
    p = "recipient.visitors."
    count = _number(data, "count", p + "count")
    employer = _text(data, "employed_in_japan_by", p + "employed_in_japan_by")
    return VisitorFacts(
        count=None if count is None else int(count),
        nationality=_countries(data, "nationality", p + "nationality"),
        employed_in_japan=(bool(employer) if "employed_in_japan_by" in data else None),
        employed_in_japan_by=employer,
    )


EUL_CODES: Final[tuple[str, ...]] = ("B", "C", "M", "N", "CW")


def _recipient(data: Mapping[str, object] | None) -> RecipientFacts | None:
    if data is None:
        return None
    codes = _codes(data, "eul_codes", "recipient.eul_codes", EUL_CODES)
    return RecipientFacts(
        kind=_choice(data, "kind", "recipient.kind", ("person", "organization")),
        name=_text(data, "name", "recipient.name"),
        country=_country(data, "country", "recipient.country"),
        on_meti_eul=_bool(data, "on_meti_eul", "recipient.on_meti_eul"),
        eul_codes=codes,
        military_end_user=_bool(data, "military_end_user", "recipient.military_end_user"),
        person=_person(_object(data, "person", "recipient.person")),
        visitors=_visitors(_object(data, "visitors", "recipient.visitors")),
    )


def _end_use(data: Mapping[str, object] | None) -> EndUseFacts:
    if data is None:
        return EndUseFacts()
    return EndUseFacts(
        concerns=_codes(data, "concerns", "end_use.concerns", ("wmd", "conventional", "none")),
        clearly_not_of_concern=_bool(
            data,
            "clearly_not_of_concern_per_meti_guideline",
            "end_use.clearly_not_of_concern_per_meti_guideline",
        ),
    )


def _exemption_facts(data: Mapping[str, object] | None) -> ExemptionFacts:
    if data is None:
        return ExemptionFacts()
    p = "exemption_facts."
    return ExemptionFacts(
        already_public=_bool(data, "already_public", p + "already_public"),
        provided_to_make_public=_bool(
            data, "provided_to_make_public", p + "provided_to_make_public"
        ),
        under_confidentiality=_bool(data, "under_confidentiality", p + "under_confidentiality"),
        research_aim=_choice(
            data, "research_aim", p + "research_aim", ("basic", "specific_product")
        ),
        only_minimum_for_patent_filing=_bool(
            data, "only_minimum_for_patent_filing", p + "only_minimum_for_patent_filing"
        ),
        minimum_for_use_of_lawfully_exported_goods=_bool(
            data,
            "minimum_for_use_of_lawfully_exported_goods",
            p + "minimum_for_use_of_lawfully_exported_goods",
        ),
    )


EXEMPTIONS: Final[tuple[str, ...]] = (
    "public_domain",
    "basic_research",
    "patent_filing",
    "minimum_for_use",
    "small_value",
    "none",
)
GOODS_TRANSACTIONS: Final[frozenset[TransactionType]] = frozenset(
    {
        TransactionType.GOODS_EXPORT,
        TransactionType.SAMPLE_SHIPMENT,
        TransactionType.GOODS_AND_TECHNOLOGY,
    }
)


def parse_facts(data: object) -> Facts:
    """Build ``Facts`` from one decoded JSON value (raises ``FactsError`` on bad input)."""
    if not isinstance(data, dict):
        raise FactsError("not_an_object", type=_type_name(data))
    ident = _text(data, "id", "id")
    if not ident:
        raise FactsError("missing_key", key="id")
    for key in ("date", "transaction", "destination_country"):
        if data.get(key) in (None, ""):
            raise FactsError("missing_key", key=key)
    date = _date(data, "date", "date")
    assert date is not None  # checked above
    transaction_text = _choice(
        data, "transaction", "transaction", tuple(t.value for t in TransactionType)
    )
    assert transaction_text is not None
    transaction = TransactionType(transaction_text)
    destination = _country(data, "destination_country", "destination_country")
    assert destination is not None
    if transaction in GOODS_TRANSACTIONS and destination == "JP":
        raise FactsError("goods_to_japan")
    if transaction is TransactionType.HAND_CARRY and destination == "JP":
        raise FactsError("hand_carry_to_japan")
    return Facts(
        id=ident,
        date=date,
        transaction=transaction,
        destination_country=destination,
        item=_item(_object(data, "item", "item")),
        recipient=_recipient(_object(data, "recipient", "recipient")),
        end_use=_end_use(_object(data, "end_use", "end_use")),
        informed_by_meti=_bool(data, "informed_by_meti", "informed_by_meti"),
        inform_concern=_choice(data, "inform_concern", "inform_concern", ("wmd", "conventional")),
        exemption_claimed=_choice(data, "exemption_claimed", "exemption_claimed", EXEMPTIONS),
        exemption_facts=_exemption_facts(_object(data, "exemption_facts", "exemption_facts")),
        provision_intended=_bool(data, "provision_intended", "provision_intended"),
        server_location=_country(data, "server_location", "server_location"),
    )
