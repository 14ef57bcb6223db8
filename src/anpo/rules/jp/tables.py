"""The Japan pack's legal tables, read from ``data/*.json`` shipped inside the package.

Every table and row carries its effective dates and a source id (``data/sources.json``);
citations are codes defined in ``data/citations.json``. Loading validates the files
strictly (``PackDataError`` names the file and key), so a broken table fails the tests, not
an assessment. Nothing here reads ``/work/shared``: the facts were re-keyed from it (see each
source's ``rekeyed_from``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Final

from anpo.rules.dated import DatedTable, Table, Validity

DATA_FILES: Final[tuple[str, ...]] = (
    "pack.json",
    "sources.json",
    "citations.json",
    "destinations.json",
    "goods.json",
    "catch_all.json",
    "small_value.json",
    "technology.json",
)
DESTINATION_GROUPS: Final[tuple[str, ...]] = ("group_a", "un_arms_embargo", "general")
SCOPES: Final[tuple[str, ...]] = ("16", "16(1)", "16(2)")
REQUIREMENTS: Final[tuple[str, ...]] = (
    "wmd_use",
    "wmd_end_user",
    "wmd_inform",
    "cw_use",
    "cw_end_user",
    "cw_inform",
)


class PackDataError(ValueError):
    """A data file of the pack is malformed (a defect of the package, not of the input)."""


class _Obj:
    """Typed access to one JSON object with the path for error messages."""

    def __init__(self, data: object, path: str) -> None:
        if not isinstance(data, dict):
            raise PackDataError(f"{path}: expected an object")
        self.data: dict[str, object] = data
        self.path = path

    def _get(self, key: str) -> object:
        if key not in self.data:
            raise PackDataError(f"{self.path}: missing key '{key}'")
        return self.data[key]

    def text(self, key: str, default: str | None = None) -> str:
        if default is not None and key not in self.data:
            return default
        value = self._get(key)
        if not isinstance(value, str):
            raise PackDataError(f"{self.path}.{key}: expected a string")
        return value

    def texts(self, key: str, default: tuple[str, ...] | None = None) -> tuple[str, ...]:
        if default is not None and key not in self.data:
            return default
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise PackDataError(f"{self.path}.{key}: expected a list of strings")
        return tuple(v for v in value if isinstance(v, str))

    def opt_texts(self, key: str) -> tuple[str, ...] | None:
        return None if self.data.get(key) is None else self.texts(key)

    def integer(self, key: str) -> int:
        value = self._get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise PackDataError(f"{self.path}.{key}: expected an integer")
        return value

    def number(self, key: str) -> float:
        value = self._get(key)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise PackDataError(f"{self.path}.{key}: expected a number")
        return float(value)

    def flag(self, key: str, default: bool | None = None) -> bool:
        if default is not None and key not in self.data:
            return default
        value = self._get(key)
        if not isinstance(value, bool):
            raise PackDataError(f"{self.path}.{key}: expected true or false")
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise PackDataError(f"{self.path}.{key}: expected an ISO date")
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise PackDataError(f"{self.path}.{key}: bad date {value!r}") from None

    def validity(self) -> Validity:
        valid = Validity(self.date("effective_from"), self.date("effective_to"))
        if (
            valid.effective_from is not None
            and valid.effective_to is not None
            and valid.effective_to < valid.effective_from
        ):
            raise PackDataError(f"{self.path}: effective_to before effective_from")
        return valid

    def obj(self, key: str) -> _Obj:
        return _Obj(self._get(key), f"{self.path}.{key}")

    def objs(self, key: str) -> tuple[_Obj, ...]:
        value = self._get(key)
        if not isinstance(value, list):
            raise PackDataError(f"{self.path}.{key}: expected a list")
        return tuple(_Obj(v, f"{self.path}.{key}[{i}]") for i, v in enumerate(value))


# --- Row types ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    law_id: str
    revision: str
    as_of: str
    url: str
    rekeyed_from: str


@dataclass(frozen=True, slots=True)
class CitationDef:
    code: str
    ref: str
    source: str
    note: str


@dataclass(frozen=True, slots=True)
class CountryRow:
    country: str
    valid: Validity
    source: str
    note: str
    name_ja: str
    uncertain: Validity | None  # a window in which membership is not known [U]


@dataclass(frozen=True, slots=True)
class ListItemRow:
    item: str
    heading_ja: str
    heading_en: str
    valid: Validity
    source: str


@dataclass(frozen=True, slots=True)
class ScopeHeading:
    hs: str
    except_: tuple[str, ...]
    only_parts_of: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ScopeRow:
    scope: str
    valid: Validity
    chapters: tuple[str, ...]
    headings: tuple[ScopeHeading, ...]
    citation: str
    source: str


@dataclass(frozen=True, slots=True)
class Appendix33Row:
    item: str
    subitems: tuple[str, ...] | None  # None: every sub-item of the item
    needs_notice: bool
    valid: Validity
    source: str


@dataclass(frozen=True, slots=True)
class TierRow:
    destination: str
    scope: str
    valid: Validity
    requirements: tuple[str, ...]
    citations: tuple[str, ...]
    technology_citations: tuple[str, ...]
    technology_uncertain: bool
    source: str


@dataclass(frozen=True, slots=True)
class NotAvailable:
    scope: str
    destination: str
    uncertain: bool


@dataclass(frozen=True, slots=True)
class ClearGuidelineRow:
    valid: Validity
    lifts: tuple[str, ...]
    uncertain_lifts: tuple[str, ...]
    not_available: tuple[NotAvailable, ...]
    source: str


@dataclass(frozen=True, slots=True)
class SmallValueRow:
    valid: Validity
    citation: str
    items: tuple[str, ...]
    ceiling_jpy: int
    low_ceiling_jpy: int
    low_ceiling_table: str
    not_available_to: tuple[str, ...]
    removed_by: tuple[tuple[str, tuple[str, ...]], ...]
    un_arms_embargo_except: tuple[str, ...]
    uncertain_removed_by: tuple[str, ...]
    source: str

    def removing_conditions(self, group: str) -> tuple[str, ...]:
        return dict(self.removed_by).get(group, ())


@dataclass(frozen=True, slots=True)
class ResidencyRow:
    valid: Validity
    foreign_national_resident_after_months: int
    japanese_abroad_non_resident_after_months: int
    non_resident_official_statuses: tuple[str, ...]
    japanese_nationality: str
    period_computation: str
    source: str


@dataclass(frozen=True, slots=True)
class SpecificCategoryRow:
    valid: Validity
    category_1_counterparty_types: tuple[str, ...]
    category_1_exception_i: bool
    category_2_min_share_of_income: float
    category_2_inclusive: bool
    source: str


@dataclass(frozen=True, slots=True)
class ExemptionRow:
    exemption: str
    citation: str
    valid: Validity
    source: str


@dataclass(frozen=True, slots=True)
class RetentionRow:
    items: tuple[str, ...]
    years: int
    valid: Validity
    source: str


@dataclass(frozen=True, slots=True)
class JapanTables:
    """Everything the Japan pack knows, as loaded and validated from its data files."""

    name: str
    title: str
    version: str
    law_as_of: str
    data_digest: str
    sources: tuple[Source, ...]
    citations: tuple[CitationDef, ...]
    group_a: Table[CountryRow]
    un_arms_embargo: Table[CountryRow]
    concern: Table[CountryRow]
    list_items: Table[ListItemRow]
    catch_all_scope: Table[ScopeRow]
    appendix_3_3: Table[Appendix33Row]
    tiers: Table[TierRow]
    requirement_citations: tuple[tuple[str, tuple[str, ...]], ...]
    clear_guideline: Table[ClearGuidelineRow]
    small_value: Table[SmallValueRow]
    residency: Table[ResidencyRow]
    specific_categories: Table[SpecificCategoryRow]
    exemptions: Table[ExemptionRow]
    retention: Table[RetentionRow]

    def citation(self, code: str) -> CitationDef:
        for citation in self.citations:
            if citation.code == code:
                return citation
        raise KeyError(code)


# --- Loading -----------------------------------------------------------------------------


def _table_head(obj: _Obj) -> tuple[str, str, str, str, str]:
    return (
        obj.text("id"),
        obj.text("title_ja"),
        obj.text("citation"),
        obj.text("source"),
        obj.text("note", ""),
    )


def _country_table(obj: _Obj) -> Table[CountryRow]:
    rows = []
    for row in obj.objs("rows"):
        uncertain_from = row.date("uncertain_from")
        uncertain_to = row.date("uncertain_to")
        rows.append(
            CountryRow(
                country=row.text("country"),
                valid=row.validity(),
                source=row.text("source"),
                note=row.text("note", ""),
                name_ja=row.text("name_ja", ""),
                uncertain=(
                    None
                    if uncertain_from is None and uncertain_to is None
                    else Validity(uncertain_from, uncertain_to)
                ),
            )
        )
    return Table(*_table_head(obj), rows=tuple(rows))


def _check_choice(value: str, choices: tuple[str, ...], path: str) -> str:
    if value not in choices:
        raise PackDataError(f"{path}: {value!r} is not one of {choices}")
    return value


def _load_json(name: str) -> tuple[object, bytes]:
    raw = resources.files("anpo.rules.jp").joinpath("data", name).read_bytes()
    try:
        return json.loads(raw.decode("utf-8")), raw
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackDataError(f"{name}: {exc}") from exc


def load_tables() -> JapanTables:
    """Read and validate every data file (not cached: see ``tables()``)."""
    digest = hashlib.sha256()
    docs: dict[str, _Obj] = {}
    for name in DATA_FILES:
        data, raw = _load_json(name)
        digest.update(name.encode() + b"\0" + raw)
        docs[name] = _Obj(data, name)
    pack = docs["pack.json"]

    sources = tuple(
        Source(
            id=key,
            title=src.text("title"),
            law_id=src.text("law_id", ""),
            revision=src.text("revision", ""),
            as_of=src.text("as_of", ""),
            url=src.text("url", ""),
            rekeyed_from=src.text("rekeyed_from"),
        )
        for key, src in (
            (k, docs["sources.json"].obj("sources").obj(k))
            for k in docs["sources.json"].obj("sources").data
        )
    )
    citations_obj = docs["citations.json"].obj("citations")
    citations = tuple(
        CitationDef(code=k, ref=c.text("ref"), source=c.text("source"), note=c.text("note", ""))
        for k, c in ((k, citations_obj.obj(k)) for k in citations_obj.data)
    )

    destinations = {
        t.text("id"): _country_table(t) for t in docs["destinations.json"].objs("tables")
    }

    goods = docs["goods.json"]
    items_obj = goods.obj("list_items")
    list_items = Table(
        *_table_head(items_obj),
        rows=tuple(
            ListItemRow(
                item=r.text("item"),
                heading_ja=r.text("heading_ja"),
                heading_en=r.text("heading_en"),
                valid=r.validity(),
                source=r.text("source"),
            )
            for r in items_obj.objs("rows")
        ),
    )
    scope_obj = goods.obj("catch_all_scope")
    scope_rows = []
    for r in scope_obj.objs("rows"):
        headings = tuple(
            ScopeHeading(
                hs=h.text("hs"),
                except_=h.texts("except", ()),
                only_parts_of=h.texts("only_parts_of", ()),
            )
            for h in (r.objs("headings") if "headings" in r.data else ())
        )
        scope_rows.append(
            ScopeRow(
                scope=_check_choice(r.text("scope"), SCOPES, r.path),
                valid=r.validity(),
                chapters=r.texts("chapters", ()),
                headings=headings,
                citation=r.text("citation", scope_obj.text("citation")),
                source=r.text("source"),
            )
        )
    catch_all_scope = Table(*_table_head(scope_obj), rows=tuple(scope_rows))
    a33_obj = goods.obj("appendix_3_3")
    appendix_3_3 = Table(
        *_table_head(a33_obj),
        rows=tuple(
            Appendix33Row(
                item=r.text("item"),
                subitems=r.opt_texts("subitems"),
                needs_notice=r.flag("needs_notice"),
                valid=r.validity(),
                source=r.text("source"),
            )
            for r in a33_obj.objs("rows")
        ),
    )

    catch = docs["catch_all.json"]
    tiers_obj = catch.obj("tiers")
    tiers = Table(
        *_table_head(tiers_obj),
        rows=tuple(
            TierRow(
                destination=_check_choice(r.text("destination"), DESTINATION_GROUPS, r.path),
                scope=_check_choice(r.text("scope"), SCOPES, r.path),
                valid=r.validity(),
                requirements=tuple(
                    _check_choice(q, REQUIREMENTS, r.path) for q in r.texts("requirements")
                ),
                citations=r.texts("citations"),
                technology_citations=r.texts("technology_citations"),
                technology_uncertain=r.flag("technology_uncertain", False),
                source=r.text("source"),
            )
            for r in tiers_obj.objs("rows")
        ),
    )
    req_obj = tiers_obj.obj("requirement_citations")
    requirement_citations = tuple(
        (_check_choice(k, REQUIREMENTS, req_obj.path), req_obj.texts(k)) for k in req_obj.data
    )
    cg_obj = catch.obj("clear_guideline")
    clear_guideline = Table(
        *_table_head(cg_obj),
        rows=tuple(
            ClearGuidelineRow(
                valid=r.validity(),
                lifts=r.texts("lifts"),
                uncertain_lifts=r.texts("uncertain_lifts"),
                not_available=tuple(
                    NotAvailable(
                        scope=_check_choice(n.text("scope"), SCOPES, n.path),
                        destination=_check_choice(
                            n.text("destination"), DESTINATION_GROUPS, n.path
                        ),
                        uncertain=n.flag("uncertain"),
                    )
                    for n in r.objs("not_available")
                ),
                source=r.text("source"),
            )
            for r in cg_obj.objs("rows")
        ),
    )

    sv_obj = docs["small_value.json"].obj("small_value")
    small_value = Table(
        *_table_head(sv_obj),
        rows=tuple(
            SmallValueRow(
                valid=r.validity(),
                citation=r.text("citation"),
                items=r.texts("items"),
                ceiling_jpy=r.integer("ceiling_jpy"),
                low_ceiling_jpy=r.integer("low_ceiling_jpy"),
                low_ceiling_table=r.text("low_ceiling_table"),
                not_available_to=r.texts("not_available_to"),
                removed_by=tuple(
                    (
                        _check_choice(group, DESTINATION_GROUPS, r.path),
                        tuple(
                            _check_choice(q, REQUIREMENTS, r.path)
                            for q in r.obj("removed_by").texts(group)
                        ),
                    )
                    for group in r.obj("removed_by").data
                ),
                un_arms_embargo_except=r.texts("un_arms_embargo_except", ()),
                uncertain_removed_by=r.texts("uncertain_removed_by", ()),
                source=r.text("source"),
            )
            for r in sv_obj.objs("rows")
        ),
    )

    tech = docs["technology.json"]
    res_obj = tech.obj("residency")
    residency = Table(
        *_table_head(res_obj),
        rows=tuple(
            ResidencyRow(
                valid=r.validity(),
                foreign_national_resident_after_months=r.integer(
                    "foreign_national_resident_after_months"
                ),
                japanese_abroad_non_resident_after_months=r.integer(
                    "japanese_abroad_non_resident_after_months"
                ),
                non_resident_official_statuses=r.texts("non_resident_official_statuses"),
                japanese_nationality=r.text("japanese_nationality"),
                period_computation=_check_choice(
                    r.text("period_computation"), ("civil_code_140_143",), r.path
                ),
                source=r.text("source"),
            )
            for r in res_obj.objs("rows")
        ),
    )
    sc_obj = tech.obj("specific_categories")
    specific_categories = Table(
        *_table_head(sc_obj),
        rows=tuple(
            SpecificCategoryRow(
                valid=r.validity(),
                category_1_counterparty_types=r.texts("category_1_counterparty_types"),
                category_1_exception_i=r.flag("category_1_exception_i"),
                category_2_min_share_of_income=r.number("category_2_min_share_of_income"),
                category_2_inclusive=r.flag("category_2_inclusive"),
                source=r.text("source"),
            )
            for r in sc_obj.objs("rows")
        ),
    )
    ex_obj = tech.obj("exemptions")
    exemptions = Table(
        *_table_head(ex_obj),
        rows=tuple(
            ExemptionRow(
                exemption=r.text("exemption"),
                citation=r.text("citation"),
                valid=r.validity(),
                source=r.text("source"),
            )
            for r in ex_obj.objs("rows")
        ),
    )
    ret_obj = tech.obj("retention")
    retention = Table(
        *_table_head(ret_obj),
        rows=tuple(
            RetentionRow(
                items=r.texts("items"),
                years=r.integer("years"),
                valid=r.validity(),
                source=r.text("source"),
            )
            for r in ret_obj.objs("rows")
        ),
    )

    tables = JapanTables(
        name=pack.text("name"),
        title=pack.text("title"),
        version=pack.text("version"),
        law_as_of=pack.text("law_as_of"),
        data_digest="sha256:" + digest.hexdigest(),
        sources=sources,
        citations=citations,
        group_a=destinations["eto_appendix_3"],
        un_arms_embargo=destinations["eto_appendix_3_2"],
        concern=destinations["eto_appendix_4"],
        list_items=list_items,
        catch_all_scope=catch_all_scope,
        appendix_3_3=appendix_3_3,
        tiers=tiers,
        requirement_citations=requirement_citations,
        clear_guideline=clear_guideline,
        small_value=small_value,
        residency=residency,
        specific_categories=specific_categories,
        exemptions=exemptions,
        retention=retention,
    )
    _check_references(tables)
    return tables


def _check_references(tables: JapanTables) -> None:
    """Every citation and source a table names must exist."""
    source_ids = {s.id for s in tables.sources}
    citation_codes = {c.code for c in tables.citations}
    for citation in tables.citations:
        if citation.source not in source_ids:
            raise PackDataError(f"citation {citation.code}: unknown source {citation.source}")
    cited: list[tuple[str, str]] = []
    sourced: list[tuple[str, str]] = []
    for table in all_tables(tables):
        cited.append((table.id, table.citation))
        sourced.append((table.id, table.source))
        for row in table.rows:
            sourced.append((table.id, getattr(row, "source", table.source)))
            for attr in ("citation",):
                if hasattr(row, attr):
                    cited.append((table.id, getattr(row, attr)))
            for attr in ("citations", "technology_citations"):
                cited += [(table.id, code) for code in getattr(row, attr, ())]
    cited += [
        ("requirement_citations", code)
        for _, codes in tables.requirement_citations
        for code in codes
    ]
    for where, code in cited:
        if code not in citation_codes:
            raise PackDataError(f"{where}: unknown citation {code}")
    for where, source in sourced:
        if source not in source_ids:
            raise PackDataError(f"{where}: unknown source {source}")


def all_tables(tables: JapanTables) -> tuple[DatedTable, ...]:
    """Every dated table, in a stable order (used for versions and reference checks)."""
    return (
        tables.group_a,
        tables.un_arms_embargo,
        tables.concern,
        tables.list_items,
        tables.catch_all_scope,
        tables.appendix_3_3,
        tables.tiers,
        tables.clear_guideline,
        tables.small_value,
        tables.residency,
        tables.specific_categories,
        tables.exemptions,
        tables.retention,
    )


@cache
def tables() -> JapanTables:
    """The loaded tables (read once per process)."""
    return load_tables()
