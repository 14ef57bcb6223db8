"""Safe XML loading for list files: defusedxml, no entity expansion, no external access."""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped]
from defusedxml import DefusedXmlException

from .base import ListParseError, read_bytes


def load_xml(path: Path) -> Element:
    """Parse ``path`` (plain or gzip) into an element tree, refusing unsafe constructs.

    Entity declarations (billion laughs, quadratic blow-up) and external entities or
    DTDs fetched from elsewhere raise :class:`ListParseError`, as does malformed or
    truncated XML.
    """
    raw = read_bytes(path)
    try:
        root: Element = SafeET.fromstring(
            raw, forbid_dtd=False, forbid_entities=True, forbid_external=True
        )
        return root
    except DefusedXmlException as exc:
        raise ListParseError(
            f"unsafe XML refused ({type(exc).__name__}: {exc})", path=path
        ) from exc
    except ParseError as exc:
        raise ListParseError(f"malformed or truncated XML ({exc})", path=path) from exc


def local(tag: str) -> str:
    """Tag name without its ``{namespace}``."""
    return tag.rsplit("}", 1)[-1]


def child(element: Element, name: str) -> Element | None:
    for sub in element:
        if local(sub.tag) == name:
            return sub
    return None


def children(element: Element, name: str) -> list[Element]:
    return [sub for sub in element if local(sub.tag) == name]


def text_of(element: Element | None, name: str | None = None) -> str:
    """Text of ``element`` (or of its first child called ``name``), ``""`` when absent."""
    if element is not None and name is not None:
        element = child(element, name)
    if element is None or element.text is None:
        return ""
    return element.text.strip()
