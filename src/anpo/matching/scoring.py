"""Token similarity, order-free token alignment and the explanation records.

The name score is a weighted alignment: every query token is paired with at most one list
token (or an adjacent pair, for merged/split tokens such as "Abu Bakr" / "Abubakr"), best
pairs first. Weights come from token rarity over the indexed names, so a rare surname
counts more than "Muhammad", and legal forms ("Ltd") or function words count little.
Unmatched query tokens cost their full weight; unmatched list tokens cost a fraction
(``LIST_EXTRA_WEIGHT``) because lists carry patronymics and second given names that
queries routinely omit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Final

from rapidfuzz.distance import OSA, Indel, Levenshtein

from anpo.matching.text import Role, TokenScript, loose_key, skeleton_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from anpo.matching.types import NameKind

LIST_EXTRA_WEIGHT: Final[float] = 0.3  # share of an unmatched list token's weight
FAMILY_EXTRA_WEIGHT: Final[float] = 0.8  # ... when the list marks it as the family name
MIN_PAIR_SIMILARITY: Final[float] = 0.6  # weaker token pairs are left unaligned
MIN_MERGE_SIMILARITY: Final[float] = 0.8
# Each spelling difference beyond the first costs this much on top of its similarity: one
# typo is common, but "Arash Karimi" / "Aras Karim" differ in every token.
EXTRA_FUZZY_TOKEN_PENALTY: Final[float] = 0.05


class Method(StrEnum):
    """How two tokens were found similar."""

    EXACT = "exact"
    FUZZY = "fuzzy"  # edit distance on the comparable form
    PHONETIC = "phonetic"  # loanword-friendly phonetic key (katakana <-> Latin, v/b, l/r...)
    SKELETON = "skeleton"  # consonant skeleton (Arabic script without short vowels)
    INITIAL = "initial"
    CJK = "cjk"  # character similarity in original Han/kana script
    MERGED = "merged"  # two adjacent tokens on one side written as one on the other


class FactorCode(StrEnum):
    """What raised or lowered a score, besides token similarity."""

    MISSING_QUERY_TOKEN = "missing_query_token"
    MISSING_LIST_TOKEN = "missing_list_token"
    SEVERAL_FUZZY_TOKENS = "several_fuzzy_tokens"
    WEAK_ALIAS = "weak_alias"
    KIND_MATCH = "kind_match"
    KIND_MISMATCH = "kind_mismatch"
    LEGAL_FORM_MISMATCH = "legal_form_mismatch"
    NUMBER_MISMATCH = "number_mismatch"
    COUNTRY_MATCH = "country_match"
    COUNTRY_MISMATCH = "country_mismatch"
    BIRTH_DATE_MATCH = "birth_date_match"
    BIRTH_DATE_MISMATCH = "birth_date_mismatch"


@dataclass(slots=True)
class TokenInfo:
    """A token with its comparison keys and weight (list side: one per vocabulary entry)."""

    text: str
    role: Role
    script: TokenScript
    weight: float = 1.0
    loose: str = field(init=False)
    skel: str = field(init=False)

    def __post_init__(self) -> None:
        if self.script is TokenScript.CJK or self.role is Role.LEGAL:
            self.loose = self.skel = self.text
        else:
            self.loose = loose_key(self.text)
            self.skel = skeleton_key(self.text)


def _edit_similarity(distance: int, length: int) -> float:
    """Similarity for an edit distance, with a length-dependent budget: no edit on 1-2
    letters, one edit on 3-4 letters (Jon/John), two on 6+ letters."""
    if distance == 0:
        return 1.0
    if length <= 2:
        return 0.0
    if distance == 1:
        return 0.9 if length >= 5 else (0.72 if length == 4 else 0.62)
    if distance == 2:
        if length >= 8:
            return 0.66
        return 0.6 if length >= 6 else 0.0
    return max(0.0, 0.95 - distance / length) if length >= 10 else 0.0


def _cjk_similarity(a: str, b: str) -> float:
    """Similarity of two Han/kana strings (variants already folded). One character of a
    Han name carries as much as a whole Latin syllable or word (北京 / 南京, 工业 / 工程),
    so each edit costs twice its share, and an edit in the first two characters (the
    place-name or surname prefix) makes the strings different names."""
    n = max(len(a), len(b))
    d = Levenshtein.distance(a, b)
    if d == 0:
        return 1.0
    sim = max(0.0, 1.0 - 2.0 * d / n)
    if a[:2] != b[:2]:
        sim = min(sim, 0.55)
    return sim


def _phonetic_similarity(a: TokenInfo, b: TokenInfo) -> float:
    """Similarity of the loose phonetic keys. Lenient when one side was romanised from
    katakana (vowel length, l/r, b/v and epenthetic vowels are lost there); strict between
    two Latin spellings, where the key is only evidence for transliteration variants
    (otherwise "Elena" ~ "Irina")."""
    la, lb = a.loose, b.loose
    n = min(len(la), len(lb))
    if a.script is TokenScript.KANA or b.script is TokenScript.KANA:
        if la == lb:
            return 0.95 if n >= 4 else (0.85 if n == 3 else (0.8 if n == 2 else 0.0))
        if n < 4:
            return 0.0
        if la[0] != lb[0] and not (la[0] in "aiu" or lb[0] in "aiu"):
            return 0.0  # Tariq / マレキ: a different initial consonant is another name
        d = OSA.distance(la, lb, score_cutoff=2)
        if d == 1:
            return 0.88 if n >= 5 else 0.75
        ratio = Indel.normalized_similarity(la, lb)
        # long loanwords drift by more than two edits (intanashonaru ~ international)
        return 0.9 * ratio if ratio >= 0.8 and n >= 6 else 0.0
    if la == lb and n >= 4 and a.text[0] == b.text[0]:
        return 0.78
    return 0.0


def _skeleton_similarity(a: TokenInfo, b: TokenInfo) -> float:
    """Consonant skeletons, for names written in Arabic script without short vowels."""
    n = min(len(a.skel), len(b.skel))
    if a.skel == b.skel:
        return 0.88 if n >= 3 else (0.7 if n == 2 else 0.0)
    if n >= 4 and OSA.distance(a.skel, b.skel, score_cutoff=1) == 1:
        return 0.78
    return 0.0


def token_similarity(a: TokenInfo, b: TokenInfo) -> tuple[float, Method]:
    """Similarity 0..1 of two tokens and the method that found it."""
    if a.text == b.text:
        return 1.0, Method.EXACT
    if a.role is not b.role and (
        a.role in (Role.NUMBER, Role.LEGAL) or b.role in (Role.NUMBER, Role.LEGAL)
    ):
        return 0.0, Method.FUZZY
    if a.role is Role.NUMBER or a.role is Role.LEGAL:
        return 0.0, Method.FUZZY
    a_cjk = a.script is TokenScript.CJK
    b_cjk = b.script is TokenScript.CJK
    if a_cjk or b_cjk:
        if a_cjk and b_cjk:
            sim = _cjk_similarity(a.text, b.text)
            return (sim, Method.CJK) if sim >= 0.5 else (0.0, Method.CJK)
        return 0.0, Method.CJK
    la, lb = len(a.text), len(b.text)
    if la == 1 or lb == 1:
        if a.text[0] == b.text[0]:
            return 0.7, Method.INITIAL
        return 0.0, Method.INITIAL
    length = max(la, lb)
    if length < 10 and abs(la - lb) > 2:
        best = 0.0  # three edits at least: no edit similarity below 10 letters
    else:
        best = _edit_similarity(OSA.distance(a.text, b.text, score_cutoff=4), length)
    if a.text[0] != b.text[0] and best < 1.0:
        if length <= 4:
            best = min(best, 0.55)  # Ying/Bing, Sun/Jun: a short name with another initial
        elif 0.0 < best < 0.9:
            best -= 0.1  # Nasser/Bassel: another initial *and* a second edit
    method = Method.FUZZY
    if best < 0.9:
        phon = _phonetic_similarity(a, b)
        if phon > best:
            best, method = phon, Method.PHONETIC
        if a.script is TokenScript.ABJAD or b.script is TokenScript.ABJAD:
            skel = _skeleton_similarity(a, b)
            if skel > best:
                best, method = skel, Method.SKELETON
    return best, method


@dataclass(frozen=True, slots=True)
class TokenMatch:
    """Query token(s) aligned with list token(s)."""

    query: tuple[str, ...]
    listed: tuple[str, ...]
    similarity: float
    method: Method


@dataclass(frozen=True, slots=True)
class Alignment:
    score: float
    matches: tuple[TokenMatch, ...]
    unmatched_query: tuple[int, ...]
    unmatched_list: tuple[int, ...]
    total_weight: float
    name_aligned: bool  # at least one NAME/NUMBER token aligned
    fuzzy_penalty: float = 0.0  # already subtracted from ``score``


def _concat(tokens: Sequence[TokenInfo], i: int) -> TokenInfo | None:
    a, b = tokens[i], tokens[i + 1]
    if a.role is not Role.NAME or b.role is not Role.NAME:
        return None
    if a.script is TokenScript.ABJAD or b.script is TokenScript.ABJAD:
        return None
    if (a.script is TokenScript.CJK) != (b.script is TokenScript.CJK):
        return None
    return TokenInfo(a.text + b.text, Role.NAME, a.script, a.weight + b.weight)


_MERGE_METHODS: Final[frozenset[Method]] = frozenset(
    {Method.EXACT, Method.FUZZY, Method.CJK, Method.PHONETIC}
)


def align(
    query: Sequence[TokenInfo],
    listed: Sequence[TokenInfo],
    *,
    cache: dict[tuple[str, str, str, str], tuple[float, Method]] | None = None,
    family: frozenset[int] = frozenset(),
    fuzzy_token_penalty: float = EXTRA_FUZZY_TOKEN_PENALTY,
) -> Alignment:
    """Order-free best-pairs alignment of query tokens with list tokens.

    ``family``: positions of list tokens the list marks as family name (upper case in a
    mixed-case name, or before the comma of "LAST, First"); leaving them unmatched costs
    ``FAMILY_EXTRA_WEIGHT`` of their weight instead of ``LIST_EXTRA_WEIGHT``.
    ``fuzzy_token_penalty``: cost of each approximately matched token beyond the first
    (0 for transliterated queries, where every token legitimately differs a little).
    """
    extra = [FAMILY_EXTRA_WEIGHT if j in family else LIST_EXTRA_WEIGHT for j in range(len(listed))]
    # (-similarity, -weight, query positions, list positions, method): sorts best first
    pairs: list[tuple[float, float, tuple[int, ...], tuple[int, ...], Method]] = []
    for i, q in enumerate(query):
        for j, lt in enumerate(listed):
            if cache is not None:
                # enum members as key parts: hashing them is cheaper than ``.value``
                key = (q.text, q.script, lt.text, lt.script)
                hit = cache.get(key)
                if hit is None:
                    hit = token_similarity(q, lt)
                    cache[key] = hit
                sim, method = hit
            else:
                sim, method = token_similarity(q, lt)
            if sim >= MIN_PAIR_SIMILARITY:
                pairs.append((-sim, -(q.weight + lt.weight), (i,), (j,), method))
    # merged / split tokens: "abu bakr" ~ "abubakr" (only built when a partner could exist)
    for i in range(len(query) - 1):
        head = query[i].text[:1]
        partners = [
            j
            for j, lt in enumerate(listed)
            if len(lt.text) >= 4 and lt.role is Role.NAME and lt.text[0] == head
        ]
        if not partners:
            continue
        joined = _concat(query, i)
        if joined is None:
            continue
        for j in partners:
            sim, how = token_similarity(joined, listed[j])
            if sim >= MIN_MERGE_SIMILARITY and how in _MERGE_METHODS:
                pairs.append(
                    (-sim, -(joined.weight + listed[j].weight), (i, i + 1), (j,), Method.MERGED)
                )
    for j in range(len(listed) - 1):
        head = listed[j].text[:1]
        partners = [
            i
            for i, q in enumerate(query)
            if len(q.text) >= 4 and q.role is Role.NAME and q.text[0] == head
        ]
        if not partners:
            continue
        joined = _concat(listed, j)
        if joined is None:
            continue
        for i in partners:
            sim, how = token_similarity(query[i], joined)
            if sim >= MIN_MERGE_SIMILARITY and how in _MERGE_METHODS:
                pairs.append(
                    (-sim, -(query[i].weight + joined.weight), (i,), (j, j + 1), Method.MERGED)
                )
    pairs.sort()  # positions differ between pairs, so the method never decides
    used_q: set[int] = set()
    used_l: set[int] = set()
    matches: list[TokenMatch] = []
    num = 0.0
    name_aligned = False
    for neg_sim, _w, qi, lj, method in pairs:
        if len(qi) == 1 and len(lj) == 1:
            i, j = qi[0], lj[0]
            if i in used_q or j in used_l:
                continue
            used_q.add(i)
            used_l.add(j)
            weight = query[i].weight + extra[j] * listed[j].weight
            if query[i].role is Role.NAME or query[i].role is Role.NUMBER:
                name_aligned = True
        else:
            if any(i in used_q for i in qi) or any(j in used_l for j in lj):
                continue
            used_q.update(qi)
            used_l.update(lj)
            weight = sum(query[i].weight for i in qi) + sum(extra[j] * listed[j].weight for j in lj)
            if any(query[i].role in (Role.NAME, Role.NUMBER) for i in qi):
                name_aligned = True
        sim = -neg_sim
        num += sim * weight
        matches.append(
            TokenMatch(
                tuple(query[i].text for i in qi),
                tuple(listed[j].text for j in lj),
                round(sim, 4),
                method,
            )
        )
        if len(used_q) == len(query) or len(used_l) == len(listed):
            break  # no pair left that could still be taken
    den = sum(q.weight for q in query) + sum(
        e * lt.weight for e, lt in zip(extra, listed, strict=True)
    )
    score = num / den if den > 0 and name_aligned else 0.0
    fuzzy = sum(1 for m in matches if m.method is Method.FUZZY)
    fuzzy_penalty = fuzzy_token_penalty * (fuzzy - 1) if fuzzy > 1 and score > 0 else 0.0
    score = max(0.0, score - fuzzy_penalty)
    return Alignment(
        fuzzy_penalty=fuzzy_penalty,
        score=score,
        matches=tuple(matches),
        unmatched_query=tuple(i for i in range(len(query)) if i not in used_q),
        unmatched_list=tuple(j for j in range(len(listed)) if j not in used_l),
        total_weight=den,
        name_aligned=name_aligned,
    )


@dataclass(frozen=True, slots=True)
class Factor:
    """One reason the score moved: ``delta`` is its signed effect on the final score."""

    code: FactorCode
    delta: float
    detail: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """Why an entry was hit, as data (stored with every result)."""

    algorithm: str
    version: str
    list_name: str  # the list's own spelling of the name that matched
    list_name_kind: NameKind
    query_form: (
        str  # how the query was rendered: latin, translit:cyrillic, hepburn, original:cjk...
    )
    query_text: str  # the normalised query tokens that were compared
    list_form: str
    list_text: str
    name_score: float
    token_matches: tuple[TokenMatch, ...]
    unmatched_query: tuple[str, ...]
    unmatched_list: tuple[str, ...]
    factors: tuple[Factor, ...]
    score: float

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready dict (for storing with a screening result)."""
        return {
            "algorithm": self.algorithm,
            "version": self.version,
            "list_name": self.list_name,
            "list_name_kind": self.list_name_kind.value,
            "query_form": self.query_form,
            "query_text": self.query_text,
            "list_form": self.list_form,
            "list_text": self.list_text,
            "name_score": self.name_score,
            "token_matches": [
                {
                    "query": list(m.query),
                    "list": list(m.listed),
                    "similarity": m.similarity,
                    "method": m.method.value,
                }
                for m in self.token_matches
            ],
            "unmatched_query": list(self.unmatched_query),
            "unmatched_list": list(self.unmatched_list),
            "factors": [
                {"code": f.code.value, "delta": f.delta, "detail": f.detail} for f in self.factors
            ],
            "score": self.score,
        }

    def summary(self) -> str:
        """One line for logs and the CLI."""
        pairs = ", ".join(
            f"{' '.join(m.query)}~{' '.join(m.listed)} {m.similarity:.2f} {m.method.value}"
            for m in self.token_matches
        )
        factors = ", ".join(f"{f.code.value} {f.delta:+.2f}" for f in self.factors)
        return (
            f"{self.score:.3f} '{self.list_name}' [{self.query_form}->{self.list_form}] {pairs}"
            + (f" | {factors}" if factors else "")
        )
