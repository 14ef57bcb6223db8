"""Screening benchmark: anpo.matching vs rapidfuzz brute force vs nomenklatura logic-v2.

Usage (from the repository root)::

    .venv/bin/python benchmarks/screening_bench.py                 # full run (~10 min)
    .venv/bin/python benchmarks/screening_bench.py --quick         # CI smoke run (< 1 min)
    .venv/bin/python benchmarks/screening_bench.py --no-nomenklatura --per-set 500

Loads every list under ``--lists`` with the project's parsers, builds labelled query sets
with a fixed seed (clean variants, perturbed variants, cross-script names, invented
non-matching names), and reports recall@10 at the default review threshold, the
false-positive rate, index build time and memory, single-query latency and batch
throughput. See benchmarks/README.md for the meaning of each set and the latest figures.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from anpo.matching import (  # noqa: E402
    DEFAULT_REVIEW_THRESHOLD,
    EntityKind,
    ListEntry,
    ListName,
    MatchIndex,
    NameKind,
    Query,
    build_index,
)
from anpo.matching.text import char_script  # noqa: E402

SEED = 20260901
Key = tuple[str, str]  # (source, entry_id)


# --- loading -------------------------------------------------------------------------------


def load_entries(lists_dir: Path) -> list[ListEntry]:
    """All entries of all lists, through the project's parsers (anpo.screening.parsers)."""
    from anpo.screening import parsers

    for fname in ("load_lists_dir", "load_directory", "parse_lists_dir", "load_all"):
        loader = getattr(parsers, fname, None)
        if callable(loader):
            result = loader(lists_dir)
            items = result.values() if isinstance(result, dict) else result
            out: list[ListEntry] = []
            for item in items:
                out.extend(getattr(item, "entries", [item]))
            return out
    # Per-list parsers (the directory loader was not there yet when this was written).
    from anpo.screening.parsers import (
        bis_dpl,
        eu_fsf,
        meti_eul,
        mof,
        ofac,
        uk_sanctions,
        un_sc,
        us_csl,
    )

    def first(folder: str, pattern: str) -> Path:
        return sorted((lists_dir / folder).glob(pattern))[-1]

    parsed = [
        meti_eul.parse_meti_eul(first("meti-eul", "meti_eul_*.xlsx")),
        mof.parse_mof_xlsx(first("jp-mof-asset-freeze", "*.xlsx")),
        un_sc.parse_un_xml(first("un-sc", "*.xml")),
        us_csl.parse_csl_csv(first("us-csl", "*.csv*")),
        bis_dpl.parse_dpl_tsv(first("bis-dpl", "*.txt")),
        eu_fsf.parse_eu_jsonl(first("eu-fsf", "*.jsonl*")),
        uk_sanctions.parse_uk_jsonl(first("uk-sanctions-list", "*.jsonl*")),
        ofac.parse_ofac_dir(lists_dir / "ofac-sdn", source="ofac-sdn"),
        ofac.parse_ofac_dir(lists_dir / "ofac-non-sdn", source="ofac-non-sdn"),
    ]
    return [e for p in parsed for e in p.entries]


# --- query sets -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    query: Query
    answer: Key | None  # None: must not match anything
    note: str = ""


def key(e: ListEntry) -> Key:
    return (e.source, e.entry_id)


def name_script(text: str) -> str:
    counts: dict[str, int] = {}
    for c in text:
        s = char_script(c)
        if s not in ("other", "digit"):
            counts[s] = counts.get(s, 0) + 1
    if not counts:
        return "other"
    if "han" in counts and "kana" in counts:
        return "kana"
    return max(counts, key=lambda s: (counts[s], s))


def latin_names(e: ListEntry) -> list[ListName]:
    return [
        n
        for n in e.names
        if n.kind is not NameKind.WEAK_ALIAS
        and name_script(n.value) == "latin"
        and len(n.value) >= 4
    ]


def query_kind(e: ListEntry) -> EntityKind:
    return e.kind if e.kind in (EntityKind.PERSON, EntityKind.ORGANIZATION) else EntityKind.UNKNOWN


def clean_set(entries: Sequence[ListEntry], rng: random.Random, n: int) -> list[Case]:
    pool = [e for e in entries if latin_names(e)]
    cases = []
    for e in rng.sample(pool, min(n, len(pool))):
        name = rng.choice(latin_names(e)).value
        style = rng.choice(["asis", "upper", "lower", "title", "nopunct"])
        if style == "upper":
            name = name.upper()
        elif style == "lower":
            name = name.lower()
        elif style == "title":
            name = name.title()
        elif style == "nopunct":
            name = re.sub(r"[.,\-'()/]", " ", name)
        cases.append(Case(Query(name=name), key(e), style))
    return cases


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    op = rng.choice(["sub", "del", "ins", "swap"])
    letters = "abcdefghijklmnopqrstuvwxyz"
    if op == "sub":
        return word[:i] + rng.choice(letters) + word[i + 1 :]
    if op == "del":
        return word[:i] + word[i + 1 :]
    if op == "ins":
        return word[:i] + rng.choice(letters) + word[i:]
    return word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]


def perturbed_set(entries: Sequence[ListEntry], rng: random.Random, n: int) -> list[Case]:
    pool = [e for e in entries if any(len(x.value.split()) >= 2 for x in latin_names(e))]
    cases = []
    for e in rng.sample(pool, min(n, len(pool))):
        name = rng.choice([x for x in latin_names(e) if len(x.value.split()) >= 2]).value
        words = re.sub(r"[,]", " ", name).split()
        kind = rng.choice(["typo", "reorder", "drop", "lastfirst", "typo+reorder"])
        if kind in ("typo", "typo+reorder"):
            long = [i for i, w in enumerate(words) if len(w) >= 5]
            if long:
                i = rng.choice(long)
                words[i] = _typo(words[i], rng)
            else:
                kind = "reorder"
        if kind in ("reorder", "typo+reorder"):
            rng.shuffle(words)
        if kind == "drop":
            if len(words) >= 3:
                del words[rng.randrange(1, len(words) - 1)]
            else:
                kind = "lastfirst"
        if kind == "lastfirst":
            words = [words[-1] + ",", *words[:-1]]
        cases.append(Case(Query(name=" ".join(words)), key(e), kind))
    return cases


CROSS_SCRIPTS = ("kana", "han", "cyrillic", "arabic", "greek", "hangul")


def cross_script_set(
    entries: Sequence[ListEntry], rng: random.Random, n: int, *, persons_only: bool = False
) -> dict[str, list[Case]]:
    """Original-script names as queries, grouped by script; the answer is their entry.

    ``persons_only``: personal names are transliterated between scripts, whereas most
    organisation names in Han/Greek/Cyrillic are *translations* ("北京理工大学" /
    "Beijing Institute of Technology") that no transliteration can bridge.
    """
    by_script: dict[str, list[tuple[ListEntry, str]]] = {s: [] for s in CROSS_SCRIPTS}
    for e in entries:
        if not latin_names(e):
            continue
        if persons_only and e.kind is not EntityKind.PERSON:
            continue
        for nm in e.names:
            s = name_script(nm.value)
            if s in by_script:
                by_script[s].append((e, nm.value))
    out: dict[str, list[Case]] = {}
    for s, items in by_script.items():
        picked = rng.sample(items, min(n, len(items)))
        out[s] = [Case(Query(name=v), key(e), s) for e, v in picked]
    return out


def strip_non_latin(entries: Iterable[ListEntry]) -> list[ListEntry]:
    """Entries without their non-Latin names: a query in kana/kanji/Cyrillic... can then
    only be matched by transliteration/romanisation, never by the same string."""
    out = []
    for e in entries:
        names = tuple(n for n in e.names if name_script(n.value) in ("latin", "other"))
        if names:
            out.append(replace(e, names=names))
    return out


# Invented name pools, written for this benchmark (common given names and surnames of many
# cultures; combinations are random and checked not to be a list name).
FIRST = {
    "ja": "Haruto Yuto Sota Riku Hinata Yui Aoi Mei Sakura Hana Kenta Daiki Shota Misaki Ayaka Naoki Takumi Emi Kaori Ryota",
    "zh": "Wei Fang Jing Lei Yan Min Jie Tao Xiu Ying Hao Ling Qiang Yun Bo Chen Hui Xin Rui Kai",
    "ko": "Minjun Seoyeon Jiho Haeun Doyun Jiwoo Sumin Yejin Hyunwoo Jisoo Taeyang Eunji Sungmin Dahye",
    "ru": "Ivan Olga Sergei Natalia Dmitri Tatiana Alexei Irina Pavel Yelena Nikolai Svetlana Andrei Ksenia",
    "ar": "Omar Fatima Khalid Aisha Youssef Layla Karim Nour Tariq Samira Bilal Rania Hamza Salma",
    "fa": "Arash Shirin Babak Parisa Kourosh Niloufar Dariush Mahsa Farhad Roya",
    "in": "Arjun Priya Rohan Ananya Vikram Kavya Rahul Sneha Aditya Meera Sanjay Divya",
    "es": "Javier Lucia Carlos Sofia Alejandro Valeria Diego Camila Mateo Elena Pablo Carmen",
    "en": "James Emily Oliver Charlotte Harry Amelia Jack Grace Thomas Lucy William Sophie",
    "de": "Lukas Anna Felix Lena Jonas Marie Maximilian Hannah Paul Clara",
    "fr": "Louis Camille Hugo Chloe Arthur Manon Jules Ines Theo Juliette",
    "af": "Kwame Amara Chinedu Ngozi Tendai Zanele Kofi Abena Sipho Nia",
    "vi": "Minh Lan Tuan Thao Duc Huong Quang Mai Hieu Linh",
    "tr": "Emre Zeynep Burak Elif Mert Ayse Cem Selin Kaan Defne",
}
LAST = {
    "ja": "Sato Suzuki Takahashi Tanaka Watanabe Ito Yamamoto Nakamura Kobayashi Kato Yoshida Yamada Sasaki Matsumoto Inoue Kimura Hayashi Shimizu",
    "zh": "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo He Gao Lin Luo",
    "ko": "Kim Lee Park Choi Jung Kang Cho Yoon Jang Lim Han Oh Seo Shin",
    "ru": "Ivanov Smirnova Kuznetsov Popova Sokolov Lebedeva Kozlov Novikova Morozov Volkova Solovyov Vasilieva",
    "ar": "Haddad Nasser Khoury Mansour Saleh Aziz Hamdan Rahman Farouk Qasim Suleiman Jaber",
    "fa": "Ahmadi Hosseini Karimi Rezaei Moradi Mohammadi Jafari Rahimi Sadeghi Ghorbani",
    "in": "Sharma Patel Iyer Reddy Gupta Nair Singh Mehta Rao Chatterjee Desai Joshi",
    "es": "Garcia Martinez Lopez Sanchez Perez Gomez Fernandez Ruiz Diaz Moreno Alvarez Romero",
    "en": "Smith Johnson Brown Taylor Wilson Davies Evans Thomas Roberts Walker Wright Hughes",
    "de": "Muller Schmidt Schneider Fischer Weber Meyer Wagner Becker Hoffmann Schulz",
    "fr": "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau",
    "af": "Mensah Okafor Adeyemi Mwangi Dlamini Nkosi Owusu Banda Kamau Diallo",
    "vi": "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do",
    "tr": "Yilmaz Kaya Demir Sahin Celik Yildiz Aydin Ozturk Arslan Dogan",
}
ORG_WORDS = [
    "Sakura",
    "Aurora",
    "Meridian",
    "Horizon",
    "Cobalt",
    "Juniper",
    "Lotus",
    "Orion",
    "Summit",
    "Harbor",
    "Crescent",
    "Nova",
    "Falcon",
    "Maple",
    "Evergreen",
    "Sapphire",
    "Zenith",
    "Polaris",
    "Kestrel",
    "Willow",
    "Tsubasa",
    "Hikari",
    "Mirai",
]
ORG_TAILS = [
    "Precision Instruments",
    "Biotech",
    "Optics",
    "Materials Research",
    "Robotics",
    "Analytics",
    "Semiconductor Testing",
    "Marine Supply",
    "Logistics",
    "Software",
    "Medical Devices",
    "Chemical Trading",
    "Energy Systems",
]
ORG_FORMS = ("Co., Ltd.", "GmbH", "LLC", "Inc.", "K.K.", "S.A.", "Pte Ltd", "")


def _norm_tokens(text: str) -> frozenset[str]:
    from anpo.matching import analyse_name

    out: set[str] = set()
    for form in analyse_name(text):
        out.update(t.text for t in form.tokens)
    return frozenset(out)


def negative_set(
    index: MatchIndex, rng: random.Random, n: int, near: Callable[[str], bool] | None = None
) -> list[Case]:
    """Invented names; rejected when all their tokens occur together in one list name, or
    when ``near`` says they are a spelling variant of a list name (rapidfuzz
    token_sort_ratio >= 90: "Dmitri Kozlov" for a listed "Dmitry Kozlov" is a true hit)."""
    cultures = sorted(FIRST)
    cases: list[Case] = []
    tries = 0
    while len(cases) < n and tries < n * 20:
        tries += 1
        if rng.random() < 0.8:
            c = rng.choice(cultures)
            first = rng.choice(FIRST[c].split())
            last = rng.choice(LAST[c].split())
            shape = rng.random()
            if shape < 0.15 and c in ("ja", "zh", "ko", "ru", "vi"):
                text = f"{last.upper()} {first}"
            elif shape < 0.3:
                text = f"{last}, {first}"
            elif shape < 0.45:
                c2 = rng.choice(cultures)
                text = f"{first} {rng.choice(FIRST[c2].split())} {last}"
            else:
                text = f"{first} {last}"
            kind = EntityKind.PERSON
        else:
            text = (
                f"{rng.choice(ORG_WORDS)} {rng.choice(ORG_TAILS)} {rng.choice(ORG_FORMS)}".strip()
            )
            kind = EntityKind.ORGANIZATION
        if _in_lists(index, text) or (near is not None and near(text)):
            continue
        cases.append(
            Case(Query(name=text, kind=kind if rng.random() < 0.5 else EntityKind.UNKNOWN), None)
        )
    return cases


_TEXT_IDS: dict[int, dict[str, list[int]]] = {}


def _in_lists(index: MatchIndex, text: str) -> bool:
    """True when every token of ``text`` occurs in one and the same indexed list name."""
    by_text = _TEXT_IDS.get(id(index))
    if by_text is None:
        by_text = {}
        for (txt, _script), tid in index._vocab_ids.items():
            by_text.setdefault(txt, []).append(tid)
        _TEXT_IDS[id(index)] = by_text
    common: set[int] | None = None
    for t in _norm_tokens(text):
        variants: set[int] = set()
        for tid in by_text.get(t, ()):
            variants.update(index._postings[tid])
        common = variants if common is None else common & variants
        if not common:
            return False
    return bool(common)


# --- evaluation ---------------------------------------------------------------------------------


@dataclass
class SetResult:
    name: str
    n: int
    found: int
    any_hit: int

    @property
    def recall(self) -> float:
        return self.found / self.n if self.n else float("nan")

    @property
    def hit_rate(self) -> float:
        return self.any_hit / self.n if self.n else float("nan")


Searcher = Callable[[Sequence[Query]], list[list[Key]]]


def evaluate(name: str, cases: Sequence[Case], searcher: Searcher) -> SetResult:
    results = searcher([c.query for c in cases])
    found = sum(
        1
        for c, r in zip(cases, results, strict=True)
        if c.answer is not None and c.answer in r[:10]
    )
    any_hit = sum(1 for r in results if r)
    return SetResult(name, len(cases), found, any_hit)


def anpo_searcher(index: MatchIndex, threshold: float, workers: int = 1) -> Searcher:
    def run(queries: Sequence[Query]) -> list[list[Key]]:
        res = index.search_many(list(queries), top=10, threshold=threshold, workers=workers)
        return [[key(h.entry) for h in hits] for hits in res]

    return run


def simple_norm(text: str) -> str:
    from anyascii import anyascii

    text = anyascii(unicodedata.normalize("NFKC", text)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text).split())


class RapidfuzzBaseline:
    """Brute force: every normalised list name, rapidfuzz token_sort_ratio, cutoff."""

    def __init__(self, entries: Sequence[ListEntry], cutoff: float) -> None:
        self.cutoff = cutoff
        self.choices: list[str] = []
        self.owner: list[int] = []
        self.entries = entries
        for i, e in enumerate(entries):
            for n in e.names:
                s = simple_norm(n.value)
                if s:
                    self.choices.append(s)
                    self.owner.append(i)

    def top_entries(self, query: str, limit: int, cutoff: float) -> list[tuple[int, float]]:
        from rapidfuzz import fuzz, process

        q = simple_norm(query)
        out: dict[int, float] = {}
        for _choice, score, idx in process.extract(
            q, self.choices, scorer=fuzz.token_sort_ratio, limit=limit * 5, score_cutoff=cutoff
        ):
            e = self.owner[idx]
            out[e] = max(out.get(e, 0.0), score)
        ranked = sorted(out.items(), key=lambda kv: (-kv[1], kv[0]))
        return ranked[:limit]

    def near_variant(self, text: str) -> bool:
        from rapidfuzz import fuzz, process

        return (
            process.extractOne(
                simple_norm(text), self.choices, scorer=fuzz.token_sort_ratio, score_cutoff=90
            )
            is not None
        )

    def searcher(self) -> Searcher:
        def run(queries: Sequence[Query]) -> list[list[Key]]:
            return [
                [key(self.entries[i]) for i, _ in self.top_entries(q.name, 10, self.cutoff)]
                for q in queries
            ]

        return run


# --- nomenklatura logic-v2 in its own virtualenv ----------------------------------------------------

NK_DRIVER = r"""
import json, sys
from followthemoney import model
from nomenklatura.matching import get_algorithm
algo = get_algorithm("logic-v2")
config = algo.default_config() if hasattr(algo, "default_config") else None
def ent(i, schema, names, countries=(), dates=()):
    e = model.make_entity(schema)
    e.id = str(i)
    e.add("name", list(names))
    return e
for n, line in enumerate(sys.stdin):
    job = json.loads(line)
    out = []
    for c in job["candidates"]:
        # an untyped query takes the candidate's schema (logic-v2 needs matchable schemata)
        # a fresh id per query: nomenklatura caches name analysis by entity id
        q = ent(f"q{n}", job["schema"] or c["schema"], [job["query"]])
        r = ent(c["id"], c["schema"], c["names"])
        try:
            res = algo.compare(q, r, config) if config is not None else algo.compare(q, r)
            score = float(res.score)
        except Exception as exc:  # noqa: BLE001
            score = -1.0
        out.append([c["id"], score])
    print(json.dumps(out), flush=True)
"""


class NomenklaturaBaseline:
    """logic-v2 scores on candidates from the rapidfuzz baseline (top 20 entries, no cutoff
    beyond 50), since nomenklatura has no in-memory candidate index for this use."""

    def __init__(self, venv: Path, rf: RapidfuzzBaseline, threshold: float = 0.7) -> None:
        self.python = venv / "bin" / "python"
        self.rf = rf
        self.threshold = threshold

    def available(self) -> bool:
        if not self.python.exists():
            return False
        r = subprocess.run(
            [str(self.python), "-c", "import nomenklatura, followthemoney"], capture_output=True
        )
        return r.returncode == 0

    @staticmethod
    def _schema(kind: EntityKind) -> str:
        return {
            EntityKind.PERSON: "Person",
            EntityKind.ORGANIZATION: "Organization",
            EntityKind.VESSEL: "Vessel",
            EntityKind.AIRCRAFT: "Airplane",
        }.get(kind, "LegalEntity")

    def searcher(self) -> Searcher:
        def run(queries: Sequence[Query]) -> list[list[Key]]:
            jobs = []
            cand_lists = []
            for q in queries:
                cands = self.rf.top_entries(q.name, 20, 50.0)
                cand_lists.append(cands)
                jobs.append(
                    json.dumps(
                        {
                            "query": q.name,
                            "schema": self._schema(q.kind)
                            if q.kind is not EntityKind.UNKNOWN
                            else "LegalEntity",
                            "candidates": [
                                {
                                    "id": i,
                                    "schema": self._schema(self.rf.entries[i].kind),
                                    "names": [n.value for n in self.rf.entries[i].names][:50],
                                }
                                for i, _ in cands
                            ],
                        }
                    )
                )
            proc = subprocess.run(
                [str(self.python), "-c", NK_DRIVER],
                input="\n".join(jobs) + "\n",
                capture_output=True,
                text=True,
                check=False,
            )
            if proc.returncode != 0:
                raise RuntimeError(proc.stderr[-2000:])
            out: list[list[Key]] = []
            for line in proc.stdout.splitlines():
                scored = [(int(i), s) for i, s in json.loads(line) if s >= self.threshold]
                scored.sort(key=lambda t: (-t[1], t[0]))
                out.append([key(self.rf.entries[i]) for i, _ in scored[:10]])
            return out

        return run


# --- main -------------------------------------------------------------------------------------------


def rss_mb() -> float:
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--lists", type=Path, default=ROOT / ".." / "shared" / "data" / "lists")
    ap.add_argument("--quick", action="store_true", help="small sample, no nomenklatura (CI smoke)")
    ap.add_argument("--per-set", type=int, default=1000, help="queries per set")
    ap.add_argument(
        "--baseline-sample", type=int, default=300, help="queries per set for baselines"
    )
    ap.add_argument("--threshold", type=float, default=DEFAULT_REVIEW_THRESHOLD)
    ap.add_argument("--rapidfuzz-cutoff", type=float, default=85.0)
    ap.add_argument("--no-nomenklatura", action="store_true")
    ap.add_argument("--bench-venv", type=Path, default=ROOT / "var" / "bench-venv")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = ap.parse_args(argv)
    if args.quick:
        args.per_set = min(args.per_set, 60)
        args.baseline_sample = min(args.baseline_sample, 30)
        args.no_nomenklatura = True

    lists_dir = args.lists.resolve()
    t0 = time.perf_counter()
    entries = load_entries(lists_dir)
    if args.quick:
        rng0 = random.Random(SEED)
        entries = rng0.sample(entries, min(len(entries), 6000))
        entries.sort(key=key)
    t_load = time.perf_counter() - t0
    n_names = sum(len(e.names) for e in entries)
    print(f"loaded {len(entries)} entries / {n_names} names from {lists_dir} in {t_load:.1f}s")

    gc.collect()
    rss_before = rss_mb()
    t0 = time.perf_counter()
    index = build_index(entries)
    t_build = time.perf_counter() - t0
    gc.collect()
    rss_after = rss_mb()
    print(
        f"index built in {t_build:.1f}s: {index.stats}; RSS {rss_before:.0f} -> {rss_after:.0f} MB, peak {peak_rss_mb():.0f} MB"
    )

    rng = random.Random(SEED)
    sets: dict[str, list[Case]] = {
        "clean": clean_set(entries, rng, args.per_set),
        "perturbed": perturbed_set(entries, rng, args.per_set),
    }
    cross = cross_script_set(entries, rng, args.per_set)
    for s, cases in cross.items():
        if cases:
            sets[f"xs-inscript:{s}"] = cases
    rf = RapidfuzzBaseline(entries, args.rapidfuzz_cutoff)
    negatives = negative_set(index, rng, args.per_set, near=rf.near_variant)

    # transliteration-only index: no non-Latin list names at all
    t0 = time.perf_counter()
    latin_index = build_index(strip_non_latin(entries))
    print(f"latin-only index built in {time.perf_counter() - t0:.1f}s")

    rows: list[tuple[str, str, int, float, str]] = []
    searcher = anpo_searcher(index, args.threshold)
    for name, cases in sets.items():
        r = evaluate(name, cases, searcher)
        rows.append(("anpo", name, r.n, r.recall, "recall@10"))
    lat_searcher = anpo_searcher(latin_index, args.threshold)
    cross_persons = cross_script_set(
        entries, random.Random(SEED + 1), args.per_set, persons_only=True
    )
    for s, cases in cross_persons.items():
        if cases:
            r = evaluate(f"xs-translit:{s}", cases, lat_searcher)
            rows.append(("anpo", f"xs-translit:{s}", r.n, r.recall, "recall@10"))
    neg = evaluate("negatives", negatives, searcher)
    rows.append(("anpo", "negatives", neg.n, neg.hit_rate, "FP rate"))

    # latency and throughput
    all_queries = [c.query for cases in sets.values() for c in cases] + [c.query for c in negatives]
    rng.shuffle(all_queries)
    lat_q = all_queries[: min(len(all_queries), 1000 if not args.quick else 200)]
    times = []
    for q in lat_q:
        t = time.perf_counter()
        index.search(q, top=10, threshold=args.threshold)
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50 = statistics.median(times)
    p95 = times[int(0.95 * (len(times) - 1))]
    batch_q = list(dict.fromkeys(all_queries))[: 3000 if not args.quick else 400]
    # one worker first: the parallel run freezes the heap for its forked workers, and the
    # full garbage collection that follows would otherwise be billed to the next run
    gc.collect()
    t = time.perf_counter()
    index.search_many(batch_q[:500], top=10, threshold=args.threshold, workers=1)
    qps1 = min(500, len(batch_q)) / (time.perf_counter() - t)
    t = time.perf_counter()
    index.search_many(batch_q, top=10, threshold=args.threshold, workers=args.workers)
    qps = len(batch_q) / (time.perf_counter() - t)

    # baselines on a subsample
    sub = {name: cases[: args.baseline_sample] for name, cases in sets.items()}
    neg_sub = negatives[: args.baseline_sample]
    t = time.perf_counter()
    nq = 0
    for name, cases in sub.items():
        r = evaluate(name, cases, rf.searcher())
        nq += len(cases)
        rows.append((f"rapidfuzz tsr>={args.rapidfuzz_cutoff:g}", name, r.n, r.recall, "recall@10"))
    rneg = evaluate("negatives", neg_sub, rf.searcher())
    nq += len(neg_sub)
    rows.append(
        (f"rapidfuzz tsr>={args.rapidfuzz_cutoff:g}", "negatives", rneg.n, rneg.hit_rate, "FP rate")
    )
    rf_ms = (time.perf_counter() - t) * 1000 / max(nq, 1)

    nk_note = "skipped"
    if not args.no_nomenklatura:
        nk = NomenklaturaBaseline(args.bench_venv, rf)
        if not nk.available():
            print(f"installing nomenklatura into {args.bench_venv} ...")
            # the interpreter our own virtualenv was made from (Python 3.12)
            base = Path(sys.base_prefix) / "bin" / "python3"
            subprocess.run([str(base), "-m", "venv", str(args.bench_venv)], check=True)
            subprocess.run(
                [str(args.bench_venv / "bin" / "pip"), "install", "-q", "nomenklatura"], check=True
            )
        nk_sub = {name: cases[: args.baseline_sample // 2] for name, cases in sets.items()}
        t = time.perf_counter()
        nq = 0
        for name, cases in nk_sub.items():
            r = evaluate(name, cases, nk.searcher())
            nq += len(cases)
            rows.append(("nomenklatura logic-v2>=0.7", name, r.n, r.recall, "recall@10"))
        nneg = evaluate("negatives", neg_sub[: args.baseline_sample // 2], nk.searcher())
        nq += nneg.n
        rows.append(("nomenklatura logic-v2>=0.7", "negatives", nneg.n, nneg.hit_rate, "FP rate"))
        nk_note = f"{(time.perf_counter() - t) * 1000 / max(nq, 1):.1f} ms/query incl. candidates"

    print()
    print(f"threshold (anpo DEFAULT_REVIEW_THRESHOLD) = {args.threshold}")
    print(f"{'engine':<28} {'set':<22} {'n':>5} {'value':>7}  metric")
    for engine, name, n, value, metric in rows:
        print(f"{engine:<28} {name:<22} {n:>5} {value:>7.3f}  {metric}")
    print()
    print(
        f"anpo index build: {t_build:.1f} s, RSS +{rss_after - rss_before:.0f} MB (process {rss_after:.0f} MB, peak {peak_rss_mb():.0f} MB)"
    )
    print(f"anpo single query: p50 {p50:.2f} ms, p95 {p95:.2f} ms (n={len(times)})")
    print(
        f"anpo batch: {qps:.0f} queries/s with {args.workers} workers, {qps1:.0f} queries/s with 1 (n={len(batch_q)})"
    )
    print(f"rapidfuzz brute force: {rf_ms:.1f} ms/query over {len(rf.choices)} names")
    print(f"nomenklatura logic-v2: {nk_note}")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(
            json.dumps(
                {
                    "threshold": args.threshold,
                    "rows": rows,
                    "build_s": t_build,
                    "rss_mb": rss_after,
                    "p50_ms": p50,
                    "p95_ms": p95,
                    "batch_qps": qps,
                },
                indent=1,
            )
        )
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
