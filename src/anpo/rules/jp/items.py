"""Item numbers (``"7の項(1)"``, ``"外為令別表7の項(1)"``) and the HS scope of 16の項."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from anpo.rules.facts import FactsError
from anpo.rules.jp.codes import Question
from anpo.rules.jp.tables import JapanTables

CATCH_ALL_ITEM = "16"
OUT_OF_SCOPE = "out_of_scope"

_PREFIX = re.compile(r"^(?P<tech>外為令(?:別表)?)|^輸出(?:貿易管理)?令(?:別表第?[1一])?")
_ITEM = re.compile(
    r"^第?\s*(?P<item>\d{1,2}(?:の2)?)\s*の?\s*項\s*(?:\(\s*(?P<sub>\d{1,2}(?:の\d)?)\s*\))?"
)


@dataclass(frozen=True, slots=True)
class ItemRef:
    """A parsed item number. ``item`` is ``"1"``–``"15"``, ``"3の2"`` or ``"16"``."""

    item: str
    sub: str | None
    technology_form: bool
    raw: str

    @property
    def listed(self) -> bool:
        return self.item != CATCH_ALL_ITEM

    def label(self) -> str:
        return f"{self.item}の項" + (f"({self.sub})" if self.sub else "")


def parse_item(raw: str, tables: JapanTables, on: dt.date) -> ItemRef:
    """Parse a list item as written by officers; raise ``FactsError`` when it is not one."""
    text = unicodedata.normalize("NFKC", raw).strip()
    prefix = _PREFIX.match(text)
    technology_form = bool(prefix and prefix["tech"])
    match = _ITEM.match(text[prefix.end() :].lstrip() if prefix else text)
    if match is None:
        raise FactsError("bad_list_item", key="item.list_item", value=raw[:60])
    item = match["item"]
    known = {row.item for row in tables.list_items.in_force(on)} | {CATCH_ALL_ITEM}
    if item not in known:
        raise FactsError("bad_list_item", key="item.list_item", value=raw[:60])
    return ItemRef(item=item, sub=match["sub"], technology_form=technology_form, raw=raw)


@dataclass(frozen=True, slots=True)
class ScopeResult:
    """The catch-all scope of a non-listed item on a date."""

    scope: str  # "16", "16(1)", "16(2)" or "out_of_scope"
    question: Question | None = None  # set when the scope is a best reading
    params: tuple[tuple[str, str], ...] = ()
    citation: str = ""


def _split_in_force(tables: JapanTables, on: dt.date) -> bool:
    return any(row.scope != "16" for row in tables.catch_all_scope.in_force(on))


def catch_all_scope(
    hs_code: str | None,
    part_of_hs: str | None,
    tables: JapanTables,
    on: dt.date,
    *,
    stated_sub: str | None = None,
) -> ScopeResult:
    """Decide 16 / 16(1) / 16(2) / out of scope from the HS code, as the rules in force say.

    ``stated_sub`` is the sub-item an officer already wrote (``"16の項(1)"``): it wins over
    the HS code after 2025-10-09 (before, there is only one 16の項).
    """
    rows = tables.catch_all_scope.in_force(on)
    split = _split_in_force(tables, on)
    conservative = "16(1)" if split else "16"
    if split and stated_sub in ("1", "2"):
        return ScopeResult(f"16({stated_sub})")
    if hs_code is None:
        return ScopeResult(
            conservative, Question.HS_CODE_MISSING, (("scope", _scope_label(conservative)),)
        )
    chapter = hs_code[:2]
    for row in rows:
        if row.scope != "16(1)":
            continue
        for heading in row.headings:
            if hs_code.startswith(heading.hs):
                if any(hs_code.startswith(ex) for ex in heading.except_):
                    continue
                ambiguous_ex = [ex for ex in heading.except_ if ex.startswith(hs_code)]
                if ambiguous_ex:
                    return ScopeResult(
                        "16(1)",
                        Question.HS_CODE_AMBIGUOUS,
                        (
                            ("hs_code", hs_code),
                            ("heading", f"{heading.hs} except {ambiguous_ex[0]}"),
                        ),
                        row.citation,
                    )
                if heading.only_parts_of:
                    if part_of_hs is None:
                        return ScopeResult(
                            "16(1)", Question.HS_8807_PART_OF_UNKNOWN, (), row.citation
                        )
                    if not any(part_of_hs.startswith(p) for p in heading.only_parts_of):
                        continue
                return ScopeResult("16(1)", citation=row.citation)
            if heading.hs.startswith(hs_code) and len(hs_code) < len(heading.hs):
                return ScopeResult(
                    "16(1)",
                    Question.HS_CODE_AMBIGUOUS,
                    (("hs_code", hs_code), ("heading", heading.hs)),
                    row.citation,
                )
    for row in rows:
        if row.scope in ("16", "16(2)") and chapter in row.chapters:
            return ScopeResult(row.scope, citation=row.citation)
    return ScopeResult(OUT_OF_SCOPE)


def _scope_label(scope: str) -> str:
    return {"16": "16の項", "16(1)": "16の項(1)", "16(2)": "16の項(2)"}.get(scope, scope)


def scope_label(scope: str) -> str:
    return _scope_label(scope)
