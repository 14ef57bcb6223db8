"""e-Gov law API v2 (``https://laws.e-gov.go.jp/api/2/law_data/{law_id}``) and law XML.

The API answers JSON with ``law_info``, ``revision_info`` (``law_revision_id``,
``amendment_law_num`` such as 令和七年経済産業省令第七十二号, ``amendment_enforcement_date``)
and ``law_full_text`` - the law's XML (as a string with ``law_full_text_format=xml``, or
as a ``{tag, attr, children}`` tree by default). ``/law_file/xml/{id}`` returns the XML
itself. All three are read here into the same :class:`LawArticle` tree as the markdown
parser, so the 貨物等省令, the 輸出令's 別表第一 and the 外為令's 別表 can be imported
straight from the official source. Ruby (``<Ruby>燐<Rt>りん</Rt></Ruby>``) keeps the kanji.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, Final

from defusedxml.ElementTree import fromstring as safe_fromstring  # type: ignore[import-untyped]

from anpo.classification.catalogue.lawdoc import LawAppendix, LawArticle, LawItem, LawParagraph
from anpo.classification.catalogue.model import (
    CatalogueParseError,
    Instrument,
    ParsedInstrument,
    VersionInfo,
)
from anpo.classification.catalogue.numerals import kou_id
from anpo.classification.catalogue.parsers import jp_order, jp_ordinance
from anpo.classification.catalogue.parsers.common import find_date, sha256_of

API_BASE: Final = "https://laws.e-gov.go.jp/api/2"
LAW_IDS: Final = {
    Instrument.EXPORT_ORDER: jp_order.LAW_ID,
    Instrument.FOREX_ORDER: jp_order.FOREX_LAW_ID,
    Instrument.GOODS_ORDINANCE: jp_ordinance.LAW_ID,
}


def law_data_url(law_id: str, *, base: str = API_BASE) -> str:
    """The API v2 URL that returns the law's current text with its XML inside."""
    return f"{base.rstrip('/')}/law_data/{law_id}?law_full_text_format=xml"


@dataclass
class EgovDocument:
    law: ET.Element
    law_id: str = ""
    revision: dict[str, Any] = field(default_factory=dict)


def _tree_to_element(node: Any) -> ET.Element:
    """The API's JSON tree ``{"tag", "attr", "children"}`` as an XML element."""
    if not isinstance(node, dict) or "tag" not in node:
        raise CatalogueParseError("law_full_text is not a {tag, attr, children} tree")
    element = ET.Element(
        str(node["tag"]), {str(k): str(v) for k, v in (node.get("attr") or {}).items()}
    )
    last: ET.Element | None = None
    for child in node.get("children") or []:
        if isinstance(child, str):
            if last is None:
                element.text = (element.text or "") + child
            else:
                last.tail = (last.tail or "") + child
        else:
            last = _tree_to_element(child)
            element.append(last)
    return element


def _parse_xml(text: str | bytes) -> ET.Element:
    try:
        root: ET.Element = safe_fromstring(text)
    except ET.ParseError as exc:
        raise CatalogueParseError(f"not well-formed XML ({exc})") from exc
    except Exception as exc:  # defusedxml refuses entities and DTDs
        raise CatalogueParseError(f"refused XML ({exc.__class__.__name__})") from exc
    return root


def _find_law(root: ET.Element) -> ET.Element:
    if root.tag == "Law":
        return root
    found = root.find(".//Law")
    if found is None:
        raise CatalogueParseError("no <Law> element in the document")
    return found


def load_egov(data: bytes) -> EgovDocument:
    """Read an API v2 ``law_data`` JSON answer or a law XML file."""
    stripped = data.lstrip()
    if stripped.startswith(b"{"):
        try:
            doc = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CatalogueParseError(f"the e-Gov answer is not valid JSON ({exc})") from exc
        if not isinstance(doc, dict) or "law_full_text" not in doc:
            raise CatalogueParseError("the e-Gov answer has no 'law_full_text'")
        full = doc["law_full_text"]
        root = _parse_xml(full) if isinstance(full, str) else _tree_to_element(full)
        raw_info, raw_revision = doc.get("law_info"), doc.get("revision_info")
        law_info: dict[str, Any] = raw_info if isinstance(raw_info, dict) else {}
        revision: dict[str, Any] = raw_revision if isinstance(raw_revision, dict) else {}
        return EgovDocument(_find_law(root), str(law_info.get("law_id", "")), dict(revision))
    if stripped.startswith(b"<"):
        return EgovDocument(_find_law(_parse_xml(data)))
    raise CatalogueParseError("neither an e-Gov JSON answer nor XML")


# --- text of elements --------------------------------------------------------------------


def element_text(element: ET.Element | None) -> str:
    """The text of an element with ruby readings (``<Rt>``) left out."""
    if element is None:
        return ""
    parts: list[str] = []

    def walk(node: ET.Element) -> None:
        if node.tag == "Rt":
            return
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return "".join(parts).strip()


def _sentence_text(container: ET.Element | None) -> str:
    """Sentences and columns of ``*Sentence`` (columns are separated by a space)."""
    if container is None:
        return ""
    columns = container.findall("Column")
    if columns:
        return "　".join(element_text(c) for c in columns)
    return "".join(element_text(s) for s in container.findall("Sentence")) or element_text(
        container
    )


_ITEM_TAGS: Final = ("Item", *(f"Subitem{i}" for i in range(1, 11)))


def _law_item(element: ET.Element) -> LawItem:
    tag = element.tag
    title = element_text(element.find(f"{tag}Title"))
    text = _sentence_text(element.find(f"{tag}Sentence"))
    children = [_law_item(c) for c in element if c.tag in _ITEM_TAGS]
    return LawItem(label=title, text=text, children=children, deleted=text in ("削除", "削除。"))


def _articles(law: ET.Element) -> Iterator[ET.Element]:
    main = law.find("./LawBody/MainProvision")
    if main is None:
        raise CatalogueParseError("no <MainProvision> in the law")
    yield from main.iter("Article")


def law_articles(law: ET.Element) -> list[LawArticle]:
    articles: list[LawArticle] = []
    for article in _articles(law):
        caption = element_text(article.find("ArticleCaption")).strip("（）()")
        number = element_text(article.find("ArticleTitle"))
        paragraphs: list[LawParagraph] = []
        for paragraph in article.findall("Paragraph"):
            num = paragraph.get("Num") or str(len(paragraphs) + 1)
            paragraphs.append(
                LawParagraph(
                    number=int(num) if num.isdigit() else len(paragraphs) + 1,
                    text=_sentence_text(paragraph.find("ParagraphSentence")),
                    items=[_law_item(i) for i in paragraph.findall("Item")],
                )
            )
        articles.append(LawArticle(number, caption, paragraphs))
    return articles


def _cell_text(column: ET.Element) -> str:
    """A table cell as the markdown prints it: items as ``（一）　text``."""
    parts: list[str] = []
    for child in column:
        if child.tag in _ITEM_TAGS:
            parts.append(_item_cell_text(child))
        else:
            parts.append(element_text(child))
    return "".join(parts) if parts else element_text(column)


def _item_cell_text(element: ET.Element) -> str:
    tag = element.tag
    title = element_text(element.find(f"{tag}Title"))
    text = _sentence_text(element.find(f"{tag}Sentence"))
    children = "".join(_item_cell_text(c) for c in element if c.tag in _ITEM_TAGS)
    return f"{title}　{text}{children}"


def appendix_tables(law: ET.Element) -> list[tuple[str, str, list[list[str]]]]:
    """(title, related articles, rows of cell texts) of every ``AppdxTable``."""
    tables: list[tuple[str, str, list[list[str]]]] = []
    for appendix in law.iter("AppdxTable"):
        title = element_text(appendix.find("AppdxTableTitle"))
        related = element_text(appendix.find("RelatedArticleNum"))
        rows = [
            [_cell_text(col) for col in row.findall("TableColumn")]
            for row in appendix.iter("TableRow")
        ]
        tables.append((title, related, rows))
    return tables


def _version_info(
    instrument: Instrument,
    document: EgovDocument,
    *,
    title: str,
    url: str,
    data: bytes,
    source: str,
) -> VersionInfo:
    revision = document.revision
    date = find_date(str(revision.get("amendment_enforcement_date") or "")) or find_date(
        str(revision.get("law_revision_id") or "")
    )
    return VersionInfo(
        instrument=instrument,
        title=title,
        law_id=LAW_IDS[instrument],
        revision_label=str(revision.get("amendment_law_num") or ""),
        legal_text_date=date,
        effective_from=date,
        source=source,
        source_url=url,
        sha256=sha256_of(data),
        format="egov-law-xml",
        notes=("egov",),
    )


def _check_law_id(instrument: Instrument, document: EgovDocument, source: str) -> None:
    expected = LAW_IDS[instrument]
    if document.law_id and document.law_id != expected:
        raise CatalogueParseError(f"this is law {document.law_id}, not {expected}", source=source)


def parse_egov_ordinance(data: bytes, *, source: str) -> ParsedInstrument:
    document = load_egov(data)
    _check_law_id(Instrument.GOODS_ORDINANCE, document, source)
    articles = law_articles(document.law)
    appendices = [
        LawAppendix(
            title, related.strip("（）()"), "\n".join("| " + " | ".join(r) + " |" for r in rows)
        )
        for title, related, rows in appendix_tables(document.law)
    ]
    parsed = jp_ordinance.build_ordinance(
        articles,
        appendices,
        source_label=source,
        revision_text="",
        sha256=sha256_of(data),
        fmt="egov-law-xml",
    )

    info = _version_info(
        Instrument.GOODS_ORDINANCE,
        document,
        title=jp_ordinance.TITLE,
        url=jp_ordinance.EGOV_URL,
        data=data,
        source=source,
    )
    return replace(parsed, info=info)


def _table_rows(
    document: EgovDocument, wanted: tuple[str, ...], source: str
) -> list[jp_order.TableRow]:
    for title, _related, rows in appendix_tables(document.law):
        if title.split("　")[0] not in wanted:
            continue
        out: list[jp_order.TableRow] = []
        for cells in rows:
            if len(cells) < 2:
                continue
            kou = kou_id(cells[0])
            if kou is None:
                continue
            out.append(jp_order.TableRow(kou, cells[1], cells[2] if len(cells) > 2 else ""))
        if out:
            return out
    raise CatalogueParseError(f"no {' / '.join(wanted)} table with rows in the law", source=source)


def parse_egov_order(data: bytes, *, source: str, instrument: Instrument) -> ParsedInstrument:
    """輸出令 別表第一 (EXPORT_ORDER) or 外為令 別表 (FOREX_ORDER) from e-Gov."""
    document = load_egov(data)
    _check_law_id(instrument, document, source)
    if instrument == Instrument.EXPORT_ORDER:
        rows = _table_rows(document, ("別表第一",), source)
        title, url = jp_order.TITLE, jp_order.EGOV_URL
    else:
        rows = _table_rows(document, ("別表",), source)
        title, url = jp_order.FOREX_TITLE, jp_order.FOREX_EGOV_URL
    entries, warnings = jp_order.entries_from_table(rows, instrument=instrument, source=source)
    info = _version_info(instrument, document, title=title, url=url, data=data, source=source)
    counts = {
        "kou": sum(1 for e in entries if e.kind == "kou"),
        "gou": sum(1 for e in entries if e.kind == "gou"),
        "branch": sum(1 for e in entries if e.kind == "branch"),
        "deleted": sum(1 for e in entries if e.deleted),
    }
    return ParsedInstrument(info, tuple(entries), (), tuple(warnings), counts)
