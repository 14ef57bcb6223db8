"""Suggestion benchmark: anpo's suggester vs plain BM25 over the raw law text, same run.

Usage (from the repository root)::

    .venv/bin/python benchmarks/classification_suggest_bench.py
    .venv/bin/python benchmarks/classification_suggest_bench.py --json benchmarks/results/classification.json
    # options: --lists DIR (default ../shared/data/control-lists), --items FILE ... (default:
    #          benchmarks/data/classification_items*.jsonl), --top K, --show-misses

Item descriptions are written as a researcher would (not copied from the law), in Japanese
and English, goods and technology, some with parameters; each names the 号 it belongs to
(any of ``expected``). A suggestion counts at 号 level: ``2の項(12)1`` answers ``2の項(12)1``
and ``2の項(12)``; an expected 項 (``8の項``) is answered by any entry of that 項.

Methods, all over the same provisions and the same grouping into list entries:

* ``anpo`` - the suggester (normalisation of numerals/units/kana, MeCab terms with compound
  heads, glossary for English, parameters against thresholds, technology through the goods
  it is for);
* ``anpo-no-parameters`` - the same without the ``parameters`` of the items;
* ``bm25-raw`` - the baseline: BM25 over MeCab surface forms of the raw text (no
  normalisation, no glossary, no parameters) and lower-cased English words.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from anpo.classification.catalogue import sources  # noqa: E402
from anpo.classification.catalogue.diff import repair_from_previous  # noqa: E402
from anpo.classification.catalogue.links import derive_links  # noqa: E402
from anpo.classification.catalogue.model import (  # noqa: E402
    Entry,
    EntryKind,
    Instrument,
    LinkKind,
    ParsedInstrument,
)
from anpo.classification.catalogue.search import BM25Index, Document, Field  # noqa: E402
from anpo.classification.catalogue.suggest import Suggester, SuggestInput  # noqa: E402

DEFAULT_LISTS = ROOT.parent / "shared" / "data" / "control-lists"
DEFAULT_ITEMS = sorted((ROOT / "benchmarks" / "data").glob("classification_items*.jsonl"))
_LABEL = re.compile(r"^(外為令別表)?(\d+(?:の\d+)?)の項(?:\((\d+(?:の\d+)?)\))?")


@dataclass(frozen=True)
class Item:
    id: str
    split: str
    kind: str
    description: str
    parameters: dict[str, str]
    expected: tuple[str, ...]

    @property
    def language(self) -> str:
        return "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", self.description) else "en"


def _key(label: str) -> tuple[str, str, str | None]:
    match = _LABEL.match(label)
    if match is None:
        return ("", label, None)
    return (match.group(1) or "", match.group(2), match.group(3))


def hit(suggested: str, expected: str) -> bool:
    s, e = _key(suggested), _key(expected)
    if s[:2] != e[:2]:
        return False
    return e[2] is None or s[2] == e[2]


def rank_of(labels: Sequence[str], item: Item) -> int | None:
    for index, label in enumerate(labels):
        if any(hit(label, expected) for expected in item.expected):
            return index
    return None


def load_items(paths: Sequence[Path]) -> list[Item]:
    items: list[Item] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            raw = json.loads(line)
            items.append(
                Item(
                    str(raw["id"]),
                    str(raw.get("split", "")),
                    str(raw["kind"]),
                    str(raw["description"]),
                    dict(raw.get("parameters") or {}),
                    tuple(raw["expected"]),
                )
            )
    return items


def load_catalogue(folder: Path) -> tuple[list[Entry], list[Entry], list[Entry], list[object]]:
    found, errors = sources.load_directory(folder)
    if errors:
        raise SystemExit("cannot load the control lists: " + "; ".join(errors))
    orders: list[ParsedInstrument] = [
        p for p in found if p.info.instrument == Instrument.EXPORT_ORDER
    ]
    order = orders[-1]
    if len(orders) > 1:  # the version in force, with the conversion's lost kanji restored
        repaired, _keys = repair_from_previous(order.entries, orders[-2].by_key())
        order_entries = list(repaired)
    else:
        order_entries = list(order.entries)
    ordinance = next(p for p in found if p.info.instrument == Instrument.GOODS_ORDINANCE)
    forex = next(p for p in found if p.info.instrument == Instrument.FOREX_ORDER)
    derived = derive_links(
        export_order=order_entries,
        ordinance=ordinance.entries,
        ordinance_links=ordinance.links,
        forex=forex.entries,
    )
    links = [*ordinance.links, *(link for group in derived.values() for link in group)]
    return order_entries, list(ordinance.entries), list(forex.entries), links


# --- the baseline ---------------------------------------------------------------------------


def raw_terms(text: str) -> tuple[str, ...]:
    """MeCab surface forms of the raw text (no normalisation) and lower-cased English words."""
    from anpo.classification.catalogue.text import _tagger

    terms: list[str] = []
    for word in _tagger()(text):
        surface = word.surface
        if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.\-/]*", surface):
            terms.append(surface.lower())
        elif getattr(word.feature, "pos1", "") in ("名詞", "動詞", "形容詞", "形状詞"):
            terms.append(surface)
    return tuple(terms)


class RawBM25:
    """BM25 over the raw text of the same provisions, grouped into the same entries."""

    def __init__(
        self, order: Sequence[Entry], ordinance: Sequence[Entry], links: Sequence[object]
    ) -> None:
        specifies: dict[str, list[tuple[str, str]]] = {}
        for link in links:
            if getattr(link, "kind", None) == LinkKind.SPECIFIES:
                specifies.setdefault(link.source, []).append(  # type: ignore[attr-defined]
                    (link.target_instrument.value, link.target)  # type: ignore[attr-defined]
                )
        by_key = {e.key: e for e in ordinance}
        self.targets: dict[int, list[tuple[str, str]]] = {}
        self.technology: dict[int, bool] = {}
        documents: list[Document] = []
        for entry in ordinance:
            if (
                entry.kind not in (EntryKind.ITEM, EntryKind.PARAGRAPH)
                or entry.deleted
                or not entry.text
            ):
                continue
            node: Entry | None = entry
            targets: list[tuple[str, str]] = []
            while node is not None:
                if node.key in specifies:
                    targets = specifies[node.key]
                    break
                node = by_key.get(node.parent) if node.parent else None
            if not targets:
                continue
            doc_id = len(documents)
            documents.append(Document(doc_id, (Field(raw_terms(entry.text), 1.0),)))
            self.targets[doc_id] = targets
            self.technology[doc_id] = float(entry.key.split("-")[0].replace("_", ".")) >= 15
        for entry in order:
            if entry.deleted or not entry.text or entry.kind == EntryKind.KOU:
                continue
            doc_id = len(documents)
            documents.append(Document(doc_id, (Field(raw_terms(entry.text), 1.0),)))
            self.targets[doc_id] = [(Instrument.EXPORT_ORDER.value, entry.key)]
            self.technology[doc_id] = False
        self.index = BM25Index(documents)

    def suggest(self, item: Item, top: int) -> list[str]:
        text = item.description + " " + " ".join(f"{k} {v}" for k, v in item.parameters.items())
        weights = dict.fromkeys(raw_terms(text), 1.0)
        scores = self.index.search(weights)
        best: dict[tuple[str, str], float] = {}
        for doc_id, score in scores.items():
            if self.technology[doc_id] != (item.kind == "technology"):
                continue
            for target in self.targets[doc_id]:
                best[target] = max(best.get(target, 0.0), score.score)
        ranked = sorted(best.items(), key=lambda kv: -kv[1])[:top]
        return [
            ("外為令別表" if inst == Instrument.FOREX_ORDER.value else "") + key
            for (inst, key), _s in ranked
        ]


# --- the run ----------------------------------------------------------------------------------


def evaluate(
    name: str, method: Callable[[Item], list[str]], items: Sequence[Item], top: int
) -> dict[str, object]:
    ranks: dict[str, int | None] = {}
    times: list[float] = []
    for item in items:
        started = time.perf_counter()
        labels = method(item)[:top]
        times.append(time.perf_counter() - started)
        ranks[item.id] = rank_of(labels, item)

    def recall(subset: Sequence[Item], k: int) -> float:
        if not subset:
            return float("nan")
        return sum(1 for i in subset if ranks[i.id] is not None and ranks[i.id] < k) / len(subset)  # type: ignore[operator]

    groups: dict[str, list[Item]] = {"all": list(items)}
    for item in items:
        groups.setdefault(f"split:{item.split}", []).append(item)
        groups.setdefault(f"kind:{item.kind}", []).append(item)
        groups.setdefault(f"lang:{item.language}", []).append(item)
    mrr = statistics.mean(1 / (ranks[i.id] + 1) if ranks[i.id] is not None else 0.0 for i in items)  # type: ignore[operator]
    return {
        "method": name,
        "recall": {
            g: {"n": len(s), "@1": recall(s, 1), "@5": recall(s, 5), "@10": recall(s, 10)}
            for g, s in groups.items()
        },
        "mrr": mrr,
        "ms_per_item": {
            "mean": 1000 * statistics.mean(times),
            "p95": 1000 * sorted(times)[int(0.95 * (len(times) - 1))],
        },
        "misses_at_5": sorted(i.id for i in items if ranks[i.id] is None or ranks[i.id] >= 5),  # type: ignore[operator]
        "ranks": ranks,
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--lists", type=Path, default=DEFAULT_LISTS)
    parser.add_argument("--items", type=Path, nargs="*", default=DEFAULT_ITEMS)
    parser.add_argument("--top", type=int, default=10)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    if not (args.lists / "jp-law").is_dir():
        raise SystemExit(f"control lists not found at {args.lists}")
    items = load_items(args.items)
    print(f"{len(items)} items from {', '.join(p.name for p in args.items)}")

    started = time.perf_counter()
    order, ordinance, forex, links = load_catalogue(args.lists)
    load_seconds = time.perf_counter() - started
    started = time.perf_counter()
    suggester = Suggester.build(export_order=order, ordinance=ordinance, forex=forex, links=links)  # type: ignore[arg-type]
    build_seconds = time.perf_counter() - started
    started = time.perf_counter()
    baseline = RawBM25(order, ordinance, links)
    baseline_seconds = time.perf_counter() - started
    print(
        f"catalogue parsed in {load_seconds:.1f} s; suggester built in {build_seconds:.1f} s "
        f"({suggester.size} documents); baseline built in {baseline_seconds:.1f} s"
    )

    def anpo(item: Item) -> list[str]:
        return [
            s.entry
            for s in suggester.suggest(
                SuggestInput(item.id, item.description, item.kind, item.parameters), top=args.top
            )
        ]

    def anpo_no_parameters(item: Item) -> list[str]:
        return [
            s.entry
            for s in suggester.suggest(
                SuggestInput(item.id, item.description, item.kind, {}), top=args.top
            )
        ]

    results = [
        evaluate("anpo", anpo, items, args.top),
        evaluate("anpo-no-parameters", anpo_no_parameters, items, args.top),
        evaluate("bm25-raw", lambda item: baseline.suggest(item, args.top), items, args.top),
    ]
    groups = list(results[0]["recall"])  # type: ignore[call-overload]
    print()
    print(f"{'group':22} {'n':>3}  " + "  ".join(f"{r['method']:>26}" for r in results))
    print(f"{'':22} {'':>3}  " + "  ".join(f"{'@1    @5    @10':>26}" for _ in results))
    for group in groups:
        n = results[0]["recall"][group]["n"]  # type: ignore[index]
        cells = []
        for r in results:
            rec = r["recall"][group]  # type: ignore[index]
            cells.append(f"{rec['@1']:.2f}  {rec['@5']:.2f}  {rec['@10']:.2f}".rjust(26))
        print(f"{group:22} {n:>3}  " + "  ".join(cells))
    print()
    for r in results:
        t = r["ms_per_item"]
        print(
            f"{r['method']:20} MRR {r['mrr']:.3f}   time per item {t['mean']:.1f} ms (p95 {t['p95']:.1f} ms)"
        )  # type: ignore[index]
    if args.show_misses:
        for r in results:
            print(f"{r['method']} misses at 5: {', '.join(r['misses_at_5'])}")  # type: ignore[arg-type]
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "items": len(items),
            "load_seconds": load_seconds,
            "build_seconds": build_seconds,
            "results": results,
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
