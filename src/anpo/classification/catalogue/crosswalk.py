"""Which 輸出令 号 each 号 of the 貨物等省令 specifies.

The ordinance's paragraphs say which 輸出令 項 (or 項 and 号) they specify, but inside a
paragraph its 号 follow the 輸出令's 号 by subject, not by number (第五条第七号 specifies
6の項（5）, coating equipment). METI's 貨物・技術のマトリクス表 gives the official crosswalk;
it is not in the imported files, so anpo derives one by comparing each ordinance 号's
opening words (and the index's short heading) with the 輸出令 号 texts, prefers the
document order where the texts do not decide, and applies a reviewed override table
(``data/crosswalk-overrides.tsv``). Derived links carry their score and are shown as
guidance; links the text states (the paragraph's own opening) are not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from anpo.classification.catalogue.model import (
    Entry,
    EntryKind,
    Instrument,
    Link,
    LinkBasis,
    LinkKind,
)
from anpo.classification.catalogue.text import normalise

MIN_SCORE: Final = 0.34  # below this the 号 is linked to the 項 only
_PARENS_RE: Final = re.compile(r"（[^（）]*）")
_HEAD_SPLIT_RE: Final = re.compile(
    r"であって|であつて|のうち|のいずれか|次に掲げる|次のいずれか|であり"
)
_NOISE_RE: Final = re.compile(
    r"[、。・\s]|又は|若しくは|及び|並びに|これら|その|これ|もの|ための|用いる|用いられる|"
    r"使用する|設計した|に|の|を|が|は|て|し|た|る|で|と|も|な"
)


@dataclass(frozen=True, slots=True)
class Override:
    ordinance_key: str
    export_key: str
    note: str


def _strip_parens(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _PARENS_RE.sub("", text)
    return text


def head_text(text: str) -> str:
    """The opening words naming the thing (before であって, のうち ...), without brackets."""
    return _HEAD_SPLIT_RE.split(_strip_parens(text), maxsplit=1)[0]


def _grams(text: str) -> set[str]:
    text = _NOISE_RE.sub("", normalise(text).text)
    if len(text) == 1:
        return {text}
    return {text[i : i + 2] for i in range(len(text) - 1)}


def similarity(a: str, b: str) -> float:
    """Overlap of character bigrams, weighted to the shorter text (0..1)."""
    ga, gb = _grams(a), _grams(b)
    if not ga or not gb:
        return 0.0
    common = len(ga & gb)
    overlap = common / min(len(ga), len(gb))
    dice = 2 * common / (len(ga) + len(gb))
    return 0.7 * overlap + 0.3 * dice


@lru_cache(maxsize=1)
def default_overrides() -> tuple[Override, ...]:
    data = resources.files("anpo.classification.catalogue").joinpath("data/crosswalk-overrides.tsv")
    return parse_overrides(data.read_text(encoding="utf-8"))


def parse_overrides(text: str) -> tuple[Override, ...]:
    out: list[Override] = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2:
            out.append(
                Override(
                    parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) > 2 else ""
                )
            )
    return tuple(out)


def _item_description(item: Entry, children: Sequence[Entry]) -> str:
    head = head_text(item.text)
    if len(_NOISE_RE.sub("", head)) < 3 and children:
        head += "".join(head_text(c.text) for c in children[:4])
    return head + (item.heading or "")


def align(
    ordinance: Sequence[Entry],
    order: Sequence[Entry],
    specifies: Iterable[Link],
    *,
    overrides: Sequence[Override] = (),
) -> list[Link]:
    """'specifies' links from ordinance 号 to 輸出令 号/枝 (derived, with scores)."""
    by_parent: dict[str, list[Entry]] = {}
    for entry in ordinance:
        if entry.parent is not None:
            by_parent.setdefault(entry.parent, []).append(entry)
    order_by_key = {e.key: e for e in order}
    order_children: dict[str, list[Entry]] = {}
    for entry in order:
        if entry.parent is not None and not entry.deleted:
            order_children.setdefault(entry.parent, []).append(entry)
    override_map: dict[str, list[Override]] = {}
    for override in overrides:
        override_map.setdefault(override.ordinance_key, []).append(override)
    links: list[Link] = []
    for link in specifies:
        if link.target_instrument != Instrument.EXPORT_ORDER or link.target not in order_by_key:
            continue
        target = order_by_key[link.target]
        candidates: list[Entry] = []
        for child in order_children.get(target.key, []):
            candidates.append(child)
            candidates.extend(order_children.get(child.key, []))
        items = [
            i for i in by_parent.get(link.source, []) if i.kind == EntryKind.ITEM and not i.deleted
        ]
        if not candidates or not items:
            continue
        for n, item in enumerate(items):
            if item.key in override_map:
                for override in override_map[item.key]:
                    if override.export_key in order_by_key:
                        links.append(
                            Link(
                                item.key,
                                Instrument.EXPORT_ORDER,
                                override.export_key,
                                LinkKind.SPECIFIES,
                                LinkBasis.OVERRIDE,
                                1.0,
                                override.note,
                            )
                        )
                continue
            description = _item_description(item, by_parent.get(item.key, []))
            scored: list[tuple[float, int, Entry]] = []
            for m, candidate in enumerate(candidates):
                text_score = similarity(description, head_text(candidate.text) or candidate.text)
                prior = 1 - abs(n / max(1, len(items) - 1) - m / max(1, len(candidates) - 1))
                scored.append((text_score + 0.12 * prior, m, candidate))
            scored.sort(key=lambda s: (-s[0], s[1]))
            best_score, _m, best = scored[0]
            if best_score < MIN_SCORE:
                continue
            links.append(
                Link(
                    item.key,
                    Instrument.EXPORT_ORDER,
                    best.key,
                    LinkKind.SPECIFIES,
                    LinkBasis.ALIGNMENT,
                    round(min(1.0, best_score), 3),
                )
            )
    return links
