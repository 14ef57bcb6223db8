"""貨物等省令 (403M50000400049): the tree JSON, the markdown conversion and the index.

``parse_ordinance_json`` reads ``goods-ordinance-403M50000400049.json``;
``parse_ordinance_markdown`` reads the markdown the JSON was made from (same tree, same
ids); both accept the hand-made ``goods-ordinance-index.json`` for short headings and for
the one paragraph whose opening sentence the conversion lost (第十三条第８項).
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from anpo.classification.catalogue.lawdoc import (
    ItemReference,
    LawAppendix,
    LawArticle,
    LawItem,
    LawParagraph,
    article_id,
    item_id,
    ordinance_entries,
)
from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Entry,
    Instrument,
    ParsedInstrument,
    VersionInfo,
)
from anpo.classification.catalogue.numerals import kanji_to_int, kou_id
from anpo.classification.catalogue.parsers.common import (
    RUBY_REPAIRS,
    decode_text,
    find_date,
    find_revision_label,
    load_json,
    read_bytes,
    require,
    sha256_of,
)

LAW_ID: Final = "403M50000400049"
TITLE: Final = "輸出貿易管理令別表第一及び外国為替令別表の規定に基づき貨物又は技術を定める省令"
EGOV_URL: Final = "https://laws.e-gov.go.jp/law/403M50000400049"
CONVERSION_NOTES: Final = (
    "conversion",  # the markdown conversion of the e-Gov XML has known defects (see flags)
)


# --- the index ---------------------------------------------------------------------------


def parse_index(data: bytes, *, source: str) -> tuple[dict[str, str], dict[str, ItemReference]]:
    """Short headings per 号 (``6-1-7_2`` -> 宇宙用太陽電池) and references per paragraph."""
    doc = load_json(data, source=source)
    require(isinstance(doc, dict), "expected a JSON object", source=source)
    headings: dict[str, str] = {}
    references: dict[str, ItemReference] = {}
    for group, kind in (("goods_articles", "goods"), ("technology_articles", "technology")):
        articles = doc.get(group)
        require(isinstance(articles, list), f"'{group}' must be a list", source=source)
        for article in articles:
            if not isinstance(article, dict) or "article" not in article:
                raise CatalogueParseError(f"an entry of '{group}' has no 'article'", source=source)
            a_id = article_id(str(article["article"]))
            for paragraph in article.get("paragraphs") or []:
                p_key = f"{a_id}-{paragraph.get('para', '1')}"
                specifies = str(paragraph.get("specifies", ""))
                match = re.search(r"(\d+(?:の\d+)?)の項(?:（(\d+(?:の\d+)?)）)?", specifies)
                if match:
                    references[p_key] = ItemReference(kind, match.group(1), match.group(2))
                for gou in paragraph.get("gou") or []:
                    label = str(gou.get("gou", ""))
                    heading = str(gou.get("heading_short", ""))
                    if not label or not heading or not re.fullmatch(r"\d+(?:の\d+)?", label):
                        continue
                    headings[f"{p_key}-{label.replace('の', '_')}"] = heading
    return headings, references


def _with_headings(entries: list[Entry], headings: dict[str, str]) -> list[Entry]:
    if not headings:
        return entries

    return [replace(e, heading=headings[e.key]) if e.key in headings else e for e in entries]


# --- JSON tree ---------------------------------------------------------------------------


def _json_item(raw: Any, source: str) -> LawItem:
    if not isinstance(raw, dict) or "label" not in raw or "text" not in raw:
        raise CatalogueParseError("an item lacks 'label' or 'text'", source=source)
    return LawItem(
        label=str(raw["label"]),
        text=str(raw["text"]),
        children=[_json_item(c, source) for c in raw.get("children") or []],
        ruby_artefact=bool(raw.get("ruby_artefact")),
        deleted=bool(raw.get("deleted")),
    )


def _articles_from_json(doc: Any, source: str) -> tuple[list[LawArticle], list[LawAppendix]]:
    require(isinstance(doc, dict), "expected a JSON object", source=source)
    articles_raw = doc.get("articles")
    require(
        isinstance(articles_raw, list) and bool(articles_raw),
        "'articles' must be a non-empty list",
        source=source,
    )
    articles: list[LawArticle] = []
    for raw in articles_raw:
        if not isinstance(raw, dict) or "number" not in raw or "paragraphs" not in raw:
            raise CatalogueParseError("an article lacks 'number' or 'paragraphs'", source=source)
        paragraphs: list[LawParagraph] = []
        for p in raw["paragraphs"]:
            if not isinstance(p, dict) or "text" not in p:
                raise CatalogueParseError(
                    f"a paragraph of {raw['number']} lacks 'text'", source=source
                )
            paragraphs.append(
                LawParagraph(
                    number=int(p.get("number") or len(paragraphs) + 1),
                    text=str(p["text"]),
                    items=[_json_item(i, source) for i in p.get("items") or []],
                )
            )
        articles.append(LawArticle(str(raw["number"]), str(raw.get("caption") or ""), paragraphs))
    appendices = [
        LawAppendix(str(a.get("name", "")), str(a.get("caption") or ""), str(a.get("raw") or ""))
        for a in doc.get("appendices") or []
        if isinstance(a, dict)
    ]
    return articles, appendices


def build_ordinance(
    articles: list[LawArticle],
    appendices: list[LawAppendix],
    *,
    source_label: str,
    revision_text: str,
    sha256: str,
    fmt: str,
    index: tuple[dict[str, str], dict[str, ItemReference]] | None = None,
    notes: tuple[str, ...] = (),
) -> ParsedInstrument:
    headings, references = index if index is not None else ({}, {})
    entries, links, warnings = ordinance_entries(
        articles, appendices, repairs=RUBY_REPAIRS, paragraph_overrides=references
    )
    entries = _with_headings(entries, headings)
    date = find_date(revision_text)
    info = VersionInfo(
        instrument=Instrument.GOODS_ORDINANCE,
        title=TITLE,
        law_id=LAW_ID,
        revision_label=find_revision_label(revision_text),
        legal_text_date=date,
        effective_from=date,
        source=source_label,
        source_url=EGOV_URL,
        sha256=sha256,
        format=fmt,
        notes=notes,
    )
    counts = {
        "articles": sum(1 for e in entries if e.kind == "article" and not e.key.startswith("appx")),
        "paragraphs": sum(1 for e in entries if e.kind == "paragraph"),
        "items": sum(1 for e in entries if e.kind == "item"),
        "ruby_artefacts": sum(1 for e in entries if "ruby_artefact" in e.flags),
    }
    return ParsedInstrument(info, tuple(entries), tuple(links), tuple(warnings), counts)


def parse_ordinance_json(path: Path, *, index_path: Path | None = None) -> ParsedInstrument:
    data = read_bytes(path)
    doc = load_json(data, source=path.name)
    articles, appendices = _articles_from_json(doc, path.name)
    law_id = str(doc.get("law_id", ""))
    if law_id and law_id != LAW_ID:
        raise CatalogueParseError(
            f"this is law {law_id}, not the 貨物等省令 ({LAW_ID})", source=path.name
        )
    index_data = read_bytes(index_path) if index_path is not None else b""
    index = parse_index(index_data, source=index_path.name) if index_path is not None else None
    return build_ordinance(
        articles,
        appendices,
        source_label=path.name + (f" + {index_path.name}" if index_path is not None else ""),
        revision_text=str(doc.get("source", "")),
        sha256=sha256_of(data, index_data),
        fmt="ordinance-tree-json",
        index=index,
        notes=CONVERSION_NOTES,
    )


# --- markdown ----------------------------------------------------------------------------

_ARTICLE_RE: Final = re.compile(r"^## (第.+?条(?:の[一二三四五六七八九十]+)?)(?:\s*（(.*)）)?\s*$")
_APPENDIX_RE: Final = re.compile(r"^## (別表第[一二三四五六七八九十]+)\s*(?:（(.*)）|(.*))?\s*$")
_LIST_RE: Final = re.compile(r"^(?P<indent> *)- (?P<label>[^　 ]+?)　(?P<text>.*)$")
_PARAGRAPH_RE: Final = re.compile(r"^(?P<num>[０-９0-9]+)　(?P<text>.*)$")
_CONTINUATION_RE: Final = re.compile(r"^ {6,}(?P<text>\S.*)$")
_META_SOURCE_RE: Final = re.compile(r"^- source: `(?P<source>[^`]+)`")


def parse_law_markdown(
    text: str, *, source: str
) -> tuple[list[LawArticle], list[LawAppendix], str]:
    """Articles and appendices of a law in the markdown conversion, and its source line."""
    articles: list[LawArticle] = []
    appendices: list[LawAppendix] = []
    revision_text = ""
    article: LawArticle | None = None
    appendix: LawAppendix | None = None
    stack: list[tuple[int, LawItem]] = []
    last: LawItem | LawParagraph | None = None
    for line_no, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.rstrip("\n")
        meta = _META_SOURCE_RE.match(line)
        if meta and not articles:
            revision_text = meta.group("source")
            continue
        if line.startswith("## "):
            stack.clear()
            last = None
            heading = _ARTICLE_RE.match(line)
            if heading:
                article = LawArticle(heading.group(1), (heading.group(2) or "").strip(), [])
                articles.append(article)
                appendix = None
                continue
            heading = _APPENDIX_RE.match(line)
            if heading:
                caption = (heading.group(2) or heading.group(3) or "").strip()
                appendix = LawAppendix(heading.group(1), caption, "")
                appendices.append(appendix)
                article = None
                continue
            article = None
            appendix = None
            continue
        if appendix is not None:
            if line.strip():
                appendix.raw = (appendix.raw + "\n" + line).strip("\n")
            continue
        if article is None or not line.strip():
            continue
        item_match = _LIST_RE.match(line)
        if item_match:
            if not article.paragraphs:
                raise CatalogueParseError(
                    f"line {line_no}: an item before any paragraph", source=source
                )
            level = len(item_match.group("indent")) // 2
            item = LawItem(item_match.group("label"), item_match.group("text").strip())
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                stack[-1][1].children.append(item)
            else:
                article.paragraphs[-1].items.append(item)
            stack.append((level, item))
            last = item
            continue
        continuation = _CONTINUATION_RE.match(line)
        if continuation and last is not None:
            last.text = (last.text + continuation.group("text")).strip()
            last.ruby_artefact = True
            continue
        paragraph_match = _PARAGRAPH_RE.match(line)
        if paragraph_match and article.paragraphs:
            number = kanji_to_int(paragraph_match.group("num")) or len(article.paragraphs) + 1
            paragraph = LawParagraph(number, paragraph_match.group("text").strip())
            article.paragraphs.append(paragraph)
            stack.clear()
            last = paragraph
            continue
        if not article.paragraphs:
            paragraph = LawParagraph(1, line.strip())
            article.paragraphs.append(paragraph)
            last = paragraph
            continue
        if last is not None:  # a wrapped line
            last.text = (last.text + line.strip()).strip()
    return articles, appendices, revision_text


def parse_ordinance_markdown(path: Path, *, index_path: Path | None = None) -> ParsedInstrument:
    data = read_bytes(path)
    text = decode_text(data, source=path.name)
    if LAW_ID not in text[:400]:
        raise CatalogueParseError(f"the header does not name law {LAW_ID}", source=path.name)
    articles, appendices, revision_text = parse_law_markdown(text, source=path.name)
    require(bool(articles), "no article headings (## 第…条) found", source=path.name)
    index_data = read_bytes(index_path) if index_path is not None else b""
    index = parse_index(index_data, source=index_path.name) if index_path is not None else None
    return build_ordinance(
        articles,
        appendices,
        source_label=path.name + (f" + {index_path.name}" if index_path is not None else ""),
        revision_text=revision_text,
        sha256=sha256_of(data, index_data),
        fmt="ordinance-markdown",
        index=index,
        notes=CONVERSION_NOTES,
    )


def kou_of_reference(text: str) -> str | None:
    """``一四`` -> ``14`` (re-exported for the order parsers)."""
    return kou_id(text)


def item_key(label: str) -> str:
    return item_id(label)
