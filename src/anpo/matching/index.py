"""The multi-key candidate index and the search entry points.

Build: every list name is analysed into forms (see ``text.analyse_name``); each form is a
*variant* (entry, name, form label, token ids). Tokens are interned in a vocabulary that
carries their keys and rarity weight. Posting lists map a token to the variants holding
it; key tables map to vocabulary tokens:

* the comparable text and its one-deletion neighbourhood (typos, SymSpell-style),
* the loose phonetic key and its one-deletion neighbourhood (transliteration variants,
  katakana renderings of foreign names),
* the consonant skeleton of tokens transliterated from Arabic script,
* character bigrams of CJK tokens (original script, variants folded),
* concatenations of adjacent tokens of a name (merged tokens: "Abubakr" / "Abu Bakr").

Search: query forms -> similar vocabulary tokens (a handful of dict look-ups per token)
-> weighted votes over posting lists -> the best ``CANDIDATES`` variants -> full
alignment scoring with explanations -> per-entry best -> adjustments -> ranking.
"""

from __future__ import annotations

import math
import os
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from anpo.matching.scoring import (
    EXTRA_FUZZY_TOKEN_PENALTY,
    FAMILY_EXTRA_WEIGHT,
    LIST_EXTRA_WEIGHT,
    Alignment,
    Explanation,
    Factor,
    FactorCode,
    Method,
    TokenInfo,
    align,
    token_similarity,
)
from anpo.matching.text import (
    Form,
    Role,
    Token,
    TokenScript,
    analyse_name,
    family_words,
    list_name_variants,
)
from anpo.matching.types import EntityKind, ListEntry, NameKind

ALGORITHM: Final[str] = "anpo-match"
VERSION: Final[str] = "1.0"
DEFAULT_REVIEW_THRESHOLD: Final[float] = 0.80

CANDIDATES: Final[int] = 40  # variants fully scored per query
_LONG_POSTINGS: Final[int] = 3000  # tokens this common only re-rank existing candidates
_ROLE_WEIGHT: Final[dict[Role, float]] = {
    Role.NAME: 1.0,
    Role.NUMBER: 1.0,
    Role.LEGAL: 0.15,
    Role.STOP: 0.3,
}
_NAME_KIND_PENALTY: Final[dict[NameKind, float]] = {NameKind.WEAK_ALIAS: 0.05}

# Adjustment sizes (bounded: they move a name score, never replace it).
KIND_MISMATCH_PENALTY: Final[float] = 0.08
LEGAL_FORM_PERSON_PENALTY: Final[float] = 0.05
LEGAL_FORM_MISMATCH_PENALTY: Final[float] = 0.03
NUMBER_MISMATCH_PENALTY: Final[float] = 0.10
COUNTRY_MATCH_BONUS: Final[float] = 0.03
COUNTRY_MISMATCH_PENALTY: Final[float] = 0.05
BIRTH_DATE_MATCH_BONUS: Final[float] = 0.05
BIRTH_YEAR_MATCH_BONUS: Final[float] = 0.03
BIRTH_DATE_MISMATCH_PENALTY: Final[float] = 0.10


@dataclass(frozen=True, slots=True)
class Query:
    """What to screen. Only ``name`` is required; the rest adjust the score.

    ``kind`` is ``person``, ``organization`` or ``unknown``; ``country`` an ISO 3166-1
    alpha-2 code; ``birth_date`` ISO 8601, possibly partial ("1970", "1970-05-01");
    ``lang`` an optional ISO 639-1 hint for Han-script names ("ja" or "zh").
    """

    name: str
    kind: EntityKind = EntityKind.UNKNOWN
    country: str = ""
    birth_date: str = ""
    lang: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    entry: ListEntry
    score: float
    explanation: Explanation


_NO_FAMILY: Final[frozenset[int]] = frozenset()
_ROMANISED: Final[frozenset[str]] = frozenset({"pinyin", "hepburn", "kanji-reading"})
_ASCII_SCRIPTS: Final[tuple[TokenScript, ...]] = (
    TokenScript.LATIN,
    TokenScript.ABJAD,
    TokenScript.KANA,
)


def _deletions(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _append(table: dict[str, list[int]], key: str, value: int) -> None:
    bucket = table.get(key)
    if bucket is None:
        table[key] = [value]
    elif bucket[-1] != value:
        bucket.append(value)


_PairCache = dict[tuple[str, str, str, str], tuple[float, Method]]


class _Caches:
    """Per-call memo tables shared by the queries of one ``search``/``search_many`` call:
    batch screening repeats given names, surnames and legal forms, so the similar-token
    look-ups and token-pair similarities are computed once per batch. Never stored on
    the index (it stays immutable and small to pickle)."""

    __slots__ = ("pairs", "similar")

    def __init__(self) -> None:
        self.similar: dict[tuple[str, Role, TokenScript], dict[int, float]] = {}
        self.pairs: _PairCache = {}


@dataclass(slots=True)
class _QueryForm:
    form: Form
    tokens: list[TokenInfo]
    sims: list[dict[int, float]]  # per token: similar vocabulary token -> similarity
    cjk: bool
    fuzzy_penalty: float  # per approximately matched token beyond the first


class MatchIndex:
    """An immutable, picklable index over list entries. Build it with ``build_index``."""

    def __init__(self, entries: Iterable[ListEntry]) -> None:
        self.entries: tuple[ListEntry, ...] = tuple(entries)
        self._vocab: list[TokenInfo] = []
        self._vocab_ids: dict[tuple[str, TokenScript], int] = {}
        self._df: list[int] = []
        self._v_entry = array("i")
        self._v_name = array("i")
        self._v_weight = array("d")
        self._v_cjk = array("b")
        self._v_form: list[str] = []
        self._v_tokens: list[tuple[int, ...]] = []
        self._v_family: dict[int, frozenset[int]] = {}  # variant -> family-name positions
        self._postings: list[list[int]] = []
        self._big_postings: dict[int, frozenset[int]] = {}
        self._del_index: dict[str, list[int]] = {}
        self._loose_index: dict[str, list[int]] = {}
        self._skel_index: dict[str, list[int]] = {}
        self._cjk_index: dict[str, list[int]] = {}
        self._concat_index: dict[str, list[int]] = {}
        self._build()

    # --- build ---------------------------------------------------------------------------

    def _token_id(self, token: Token) -> int:
        key = (token.text, token.script)
        tid = self._vocab_ids.get(key)
        if tid is None:
            tid = len(self._vocab)
            self._vocab_ids[key] = tid
            self._vocab.append(TokenInfo(token.text, token.role, token.script))
            self._df.append(0)
            self._postings.append([])
        return tid

    def _build(self) -> None:
        labels: dict[str, str] = {}
        seen: set[tuple[int, str, tuple[int, ...]]] = set()
        for e_idx, entry in enumerate(self.entries):
            for n_idx, name in enumerate(entry.names):
                fam_words = family_words(name.value)
                forms = [
                    f
                    for value in list_name_variants(name.value)
                    for f in analyse_name(value, lang=name.lang)
                ]
                for form in forms:
                    ids = tuple(self._token_id(t) for t in form.tokens)
                    if (e_idx, form.label, ids) in seen:
                        continue  # the same alias twice in one entry
                    seen.add((e_idx, form.label, ids))
                    vid = len(self._v_tokens)
                    if fam_words and form.label == "latin":
                        fam = frozenset(i for i, t in enumerate(form.tokens) if t.text in fam_words)
                        if fam and len(fam) < len(form.tokens):
                            self._v_family[vid] = fam
                    self._v_entry.append(e_idx)
                    self._v_name.append(n_idx)
                    self._v_form.append(labels.setdefault(form.label, form.label))
                    self._v_tokens.append(ids)
                    self._v_cjk.append(
                        1 if any(t.script is TokenScript.CJK for t in form.tokens) else 0
                    )
                    for tid in dict.fromkeys(ids):
                        self._df[tid] += 1
                        self._postings[tid].append(vid)
                    for a, b in zip(form.tokens, form.tokens[1:], strict=False):
                        if a.role is Role.NAME and b.role is Role.NAME and a.script is b.script:
                            _append(self._concat_index, a.text + b.text, vid)
        n = max(len(self._v_tokens), 1)
        self._default_weight = math.log(1 + n)
        for tid, info in enumerate(self._vocab):
            info.weight = math.log(1 + n / self._df[tid]) * _ROLE_WEIGHT[info.role]
            if len(self._postings[tid]) > _LONG_POSTINGS:
                self._big_postings[tid] = frozenset(self._postings[tid])
            if info.role is not Role.NAME:
                continue
            if info.script is TokenScript.CJK:
                text = info.text
                grams = (
                    {text} if len(text) == 1 else {text[i : i + 2] for i in range(len(text) - 1)}
                )
                for g in sorted(grams):
                    _append(self._cjk_index, g, tid)
                continue
            _append(self._del_index, info.text, tid)
            if len(info.text) >= 4:
                for d in dict.fromkeys(_deletions(info.text)):
                    _append(self._del_index, d, tid)
            _append(self._loose_index, info.loose, tid)
            if len(info.loose) >= 4:
                for d in dict.fromkeys(_deletions(info.loose)):
                    _append(self._loose_index, d, tid)
            if len(info.skel) >= 2:
                _append(self._skel_index, info.skel, tid)
        self._v_weight = array(
            "d", (sum(self._vocab[t].weight for t in ids) for ids in self._v_tokens)
        )

    # --- stats ---------------------------------------------------------------------------

    @property
    def stats(self) -> dict[str, int]:
        return {
            "entries": len(self.entries),
            "variants": len(self._v_tokens),
            "vocabulary": len(self._vocab),
            "deletion_keys": len(self._del_index),
            "phonetic_keys": len(self._loose_index),
        }

    # --- query side ------------------------------------------------------------------------

    def _query_forms(self, query: Query, caches: _Caches) -> list[_QueryForm]:
        forms: list[_QueryForm] = []
        for form in analyse_name(query.name, lang=query.lang, query=True):
            tokens: list[TokenInfo] = []
            sims: list[dict[int, float]] = []
            for t in form.tokens:
                info = TokenInfo(t.text, t.role, t.script)
                skey = (t.text, t.role, t.script)
                cached = caches.similar.get(skey)
                if cached is None:
                    cached = caches.similar[skey] = self._similar_vocab(info)
                similar = cached
                tid = self._lookup(t.text, t.script)
                if tid is not None:
                    info.weight = self._vocab[tid].weight
                else:
                    # unseen token: as informative as the list token it most resembles
                    if similar:
                        best = min(similar, key=lambda v: (-similar[v], self._vocab[v].weight, v))
                        info.weight = self._vocab[best].weight
                    else:
                        info.weight = self._default_weight * _ROLE_WEIGHT[t.role]
                tokens.append(info)
                sims.append(similar)
            forms.append(
                _QueryForm(
                    form,
                    tokens,
                    sims,
                    any(t.script is TokenScript.CJK for t in form.tokens),
                    EXTRA_FUZZY_TOKEN_PENALTY if form.label == "latin" else 0.0,
                )
            )
        return forms

    def _lookup(self, text: str, script: TokenScript) -> int | None:
        if script is TokenScript.CJK:
            return self._vocab_ids.get((text, script))
        for s in (script, *_ASCII_SCRIPTS):
            tid = self._vocab_ids.get((text, s))
            if tid is not None:
                return tid
        return None

    def _similar_vocab(self, tok: TokenInfo) -> dict[int, float]:
        """Vocabulary tokens similar to one query token, with their similarity."""
        found: set[int] = set()
        if tok.script is TokenScript.CJK:
            text = tok.text
            grams = {text} if len(text) == 1 else {text[i : i + 2] for i in range(len(text) - 1)}
            for g in grams:
                found.update(self._cjk_index.get(g, ()))
        elif tok.role is Role.NAME:
            keys = [tok.text, *(_deletions(tok.text) if len(tok.text) >= 4 else ())]
            for k in keys:
                found.update(self._del_index.get(k, ()))
            lkeys = [tok.loose, *(_deletions(tok.loose) if len(tok.loose) >= 4 else ())]
            for k in lkeys:
                found.update(self._loose_index.get(k, ()))
            if len(tok.skel) >= 2:
                skel_hits = self._skel_index.get(tok.skel, ())
                if tok.script is TokenScript.ABJAD:
                    found.update(skel_hits)
                else:
                    found.update(t for t in skel_hits if self._vocab[t].script is TokenScript.ABJAD)
        scripts = (tok.script,) if tok.script is TokenScript.CJK else _ASCII_SCRIPTS
        for script in scripts:
            exact = self._vocab_ids.get((tok.text, script))
            if exact is not None:
                found.add(exact)
        out: dict[int, float] = {}
        for tid in sorted(found):
            sim, _ = token_similarity(tok, self._vocab[tid])
            if sim >= 0.6:
                out[tid] = sim
        return out

    def _candidates(self, qforms: list[_QueryForm]) -> list[tuple[float, int]]:
        """The best ``CANDIDATES`` variants with their vote ratio, best first."""
        scores: dict[int, float] = {}
        for qf in qforms:
            tokens = qf.tokens
            picked = [i for i, t in enumerate(tokens) if t.role in (Role.NAME, Role.NUMBER)]
            if not picked:
                picked = list(range(len(tokens)))
            informative = [tokens[i] for i in picked]
            qweight = sum(t.weight for t in informative)
            votes: dict[int, float] = {}
            per_token: list[tuple[float, dict[int, float]]] = [
                (tokens[i].weight, qf.sims[i]) for i in picked
            ]
            # merged tokens: "abubakr" in the query vs "abu bakr" listed, and vice versa
            for tok in informative:
                for vid in self._concat_index.get(tok.text, ()):
                    votes[vid] = votes.get(vid, 0.0) + tok.weight
            for i in range(len(informative) - 1):
                a, b = informative[i], informative[i + 1]
                tid = self._vocab_ids.get((a.text + b.text, a.script))
                if tid is not None:
                    per_token.append((0.0, {tid: 1.0}))
            # rare tokens first, so common ones can be restricted to re-ranking
            per_token.sort(key=lambda p: -p[0])
            for _w, sims in per_token:
                # per variant, the best contribution of this query token: contributions
                # in increasing order, so dict.update keeps the maximum (at C speed)
                contribs = sorted((sim * self._vocab[tid].weight, tid) for tid, sim in sims.items())
                best: dict[int, float] = {}
                for contrib, tid in contribs:
                    if contrib <= 0.0:
                        continue
                    big = self._big_postings.get(tid)
                    if big is not None and votes:
                        targets: Iterable[int] = [v for v in votes if v in big]
                    else:
                        targets = self._postings[tid]
                    best.update(dict.fromkeys(targets, contrib))
                for vid, c in best.items():
                    votes[vid] = votes.get(vid, 0.0) + c
            vw = self._v_weight
            for vid, v in votes.items():
                r = v / (qweight + 0.3 * vw[vid] + 1e-9)
                if r > scores.get(vid, 0.0):
                    scores[vid] = r
        if len(scores) > CANDIDATES:
            cut = sorted(scores.values(), reverse=True)[CANDIDATES - 1]
            ranked = sorted((-r, vid) for vid, r in scores.items() if r >= cut)
        else:
            ranked = sorted((-r, vid) for vid, r in scores.items())
        return [(-neg, vid) for neg, vid in ranked[:CANDIDATES]]

    # --- scoring -----------------------------------------------------------------------------

    def _variant_tokens(self, vid: int) -> list[TokenInfo]:
        return [self._vocab[t] for t in self._v_tokens[vid]]

    def _score_entry(
        self,
        query: Query,
        qforms: list[_QueryForm],
        vids: list[int],
        cache: _PairCache,
        threshold: float,
        aligned: dict[tuple[int, tuple[int, ...], frozenset[int]], Alignment],
    ) -> Hit | None:
        best: tuple[float, int, _QueryForm, Alignment] | None = None
        for vid in vids:
            ltoks = self._variant_tokens(vid)
            entry = self.entries[self._v_entry[vid]]
            name = entry.names[self._v_name[vid]]
            penalty = _NAME_KIND_PENALTY.get(name.kind, 0.0)
            fam = self._v_family.get(vid, _NO_FAMILY)
            tids = self._v_tokens[vid]
            both_romanised = self._v_form[vid] in _ROMANISED
            for f_idx, qf in enumerate(qforms):
                if qf.cjk != bool(self._v_cjk[vid]):
                    continue
                romanised = both_romanised and qf.form.label in _ROMANISED
                # the same name is often listed by several lists: align it once per query
                akey = (f_idx, tids, fam)
                al = aligned.get(akey)
                if al is None:
                    al = aligned[akey] = align(
                        qf.tokens,
                        ltoks,
                        cache=cache,
                        family=fam,
                        fuzzy_token_penalty=qf.fuzzy_penalty,
                    )
                if romanised and (
                    al.unmatched_query
                    or al.unmatched_list
                    or any(m.method is not Method.EXACT for m in al.matches)
                ):
                    # Han/kana on both sides: the original script decides (北京 / 南京 are
                    # one character apart, "bei jing" / "nan jing" one token of six); the
                    # romanisations only bridge unfolded variant characters (same reading)
                    continue
                s = al.score - penalty
                if best is None or s > best[0] + 1e-12:
                    best = (s, vid, qf, al)
        if best is None or best[3].score <= 0.0:
            return None
        _s, vid, qf, al = best
        entry = self.entries[self._v_entry[vid]]
        name = entry.names[self._v_name[vid]]
        ltoks = self._variant_tokens(vid)
        name_score = al.score
        adjust_factors: list[Factor] = []
        delta = -_NAME_KIND_PENALTY.get(name.kind, 0.0)
        delta += self._adjust(query, qf, ltoks, al, entry, adjust_factors)
        score = max(0.0, min(1.0, name_score + delta))
        if round(score, 4) < threshold:
            return None  # the explanation is only built for reported hits
        factors: list[Factor] = []
        # the unmatched tokens' share of the lost score, for the explanation
        for i in al.unmatched_query:
            w = qf.tokens[i].weight
            factors.append(
                Factor(
                    FactorCode.MISSING_QUERY_TOKEN,
                    -round(name_score * w / al.total_weight, 4),
                    qf.tokens[i].text,
                )
            )
        if al.fuzzy_penalty:
            factors.append(
                Factor(
                    FactorCode.SEVERAL_FUZZY_TOKENS,
                    -round(al.fuzzy_penalty, 4),
                    "more than one token matched only approximately",
                )
            )
        fam = self._v_family.get(vid, _NO_FAMILY)
        for j in al.unmatched_list:
            w = (FAMILY_EXTRA_WEIGHT if j in fam else LIST_EXTRA_WEIGHT) * ltoks[j].weight
            factors.append(
                Factor(
                    FactorCode.MISSING_LIST_TOKEN,
                    -round(name_score * w / al.total_weight, 4),
                    ltoks[j].text,
                )
            )
        if name.kind in _NAME_KIND_PENALTY:
            d = -_NAME_KIND_PENALTY[name.kind]
            factors.append(
                Factor(FactorCode.WEAK_ALIAS, d, "the list marks this alias as weak / low quality")
            )
        factors.extend(adjust_factors)
        explanation = Explanation(
            algorithm=ALGORITHM,
            version=VERSION,
            list_name=name.value,
            list_name_kind=name.kind,
            query_form=qf.form.label,
            query_text=qf.form.text,
            list_form=self._v_form[vid],
            list_text=" ".join(t.text for t in ltoks),
            name_score=round(name_score, 4),
            token_matches=al.matches,
            unmatched_query=tuple(qf.tokens[i].text for i in al.unmatched_query),
            unmatched_list=tuple(ltoks[j].text for j in al.unmatched_list),
            factors=tuple(factors),
            score=round(score, 4),
        )
        return Hit(entry=entry, score=round(score, 4), explanation=explanation)

    @staticmethod
    def _adjust(
        query: Query,
        qf: _QueryForm,
        ltoks: Sequence[TokenInfo],
        al: Alignment,
        entry: ListEntry,
        factors: list[Factor],
    ) -> float:
        delta = 0.0
        ek = entry.kind
        qk = query.kind
        q_legal = [t.text for t in qf.tokens if t.role is Role.LEGAL]
        l_legal = [t.text for t in ltoks if t.role is Role.LEGAL]
        if qk is not EntityKind.UNKNOWN and ek is not EntityKind.UNKNOWN:
            person_q = qk is EntityKind.PERSON
            person_e = ek is EntityKind.PERSON
            if person_q != person_e:
                delta -= KIND_MISMATCH_PENALTY
                factors.append(
                    Factor(
                        FactorCode.KIND_MISMATCH,
                        -KIND_MISMATCH_PENALTY,
                        f"query is {qk.value}, list entry is {ek.value}",
                    )
                )
            else:
                factors.append(Factor(FactorCode.KIND_MATCH, 0.0, f"both are {ek.value}"))
        elif q_legal and ek is EntityKind.PERSON:
            delta -= LEGAL_FORM_PERSON_PENALTY
            factors.append(
                Factor(
                    FactorCode.KIND_MISMATCH,
                    -LEGAL_FORM_PERSON_PENALTY,
                    f"query has legal form {' '.join(q_legal)}, list entry is a person",
                )
            )
        if q_legal and l_legal:
            matched = {t for m in al.matches for t in m.query}
            if not any(t in matched for t in q_legal):
                delta -= LEGAL_FORM_MISMATCH_PENALTY
                factors.append(
                    Factor(
                        FactorCode.LEGAL_FORM_MISMATCH,
                        -LEGAL_FORM_MISMATCH_PENALTY,
                        f"{' '.join(q_legal)} vs {' '.join(l_legal)}",
                    )
                )
        q_num = [t.text for t in qf.tokens if t.role is Role.NUMBER]
        l_num = [t.text for t in ltoks if t.role is Role.NUMBER]
        if q_num and l_num and not set(q_num) & set(l_num):
            delta -= NUMBER_MISMATCH_PENALTY
            factors.append(
                Factor(
                    FactorCode.NUMBER_MISMATCH,
                    -NUMBER_MISMATCH_PENALTY,
                    f"{' '.join(q_num)} vs {' '.join(l_num)}",
                )
            )
        country = query.country.strip().upper()
        if country and entry.countries:
            if country in entry.countries:
                delta += COUNTRY_MATCH_BONUS
                factors.append(Factor(FactorCode.COUNTRY_MATCH, COUNTRY_MATCH_BONUS, country))
            else:
                delta -= COUNTRY_MISMATCH_PENALTY
                factors.append(
                    Factor(
                        FactorCode.COUNTRY_MISMATCH,
                        -COUNTRY_MISMATCH_PENALTY,
                        f"{country} not in {','.join(entry.countries)}",
                    )
                )
        if query.birth_date and entry.birth_dates:
            d = _birth_date_delta(query.birth_date, entry.birth_dates)
            if d is not None:
                code = FactorCode.BIRTH_DATE_MATCH if d[0] > 0 else FactorCode.BIRTH_DATE_MISMATCH
                if d[0] != 0:
                    delta += d[0]
                    factors.append(Factor(code, d[0], d[1]))
        return delta

    # --- public search -------------------------------------------------------------------------

    def search(
        self,
        query: Query,
        *,
        top: int = 10,
        threshold: float = DEFAULT_REVIEW_THRESHOLD,
    ) -> list[Hit]:
        """Entries whose best name scores at least ``threshold``, best first (at most
        ``top``). Ties are broken by (source, entry_id), so output is deterministic."""
        return self._search(query, top=top, threshold=threshold, caches=_Caches())

    def _search(self, query: Query, *, top: int, threshold: float, caches: _Caches) -> list[Hit]:
        qforms = self._query_forms(query, caches)
        if not qforms:
            return []
        vids = [vid for _r, vid in self._candidates(qforms)]
        by_entry: dict[int, list[int]] = {}
        for vid in vids:
            by_entry.setdefault(self._v_entry[vid], []).append(vid)
        hits: list[Hit] = []
        aligned: dict[tuple[int, tuple[int, ...], frozenset[int]], Alignment] = {}
        for e_idx in sorted(by_entry):
            hit = self._score_entry(
                query, qforms, sorted(by_entry[e_idx]), caches.pairs, threshold, aligned
            )
            if hit is not None and hit.score >= threshold:
                hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.entry.source, h.entry.entry_id))
        return hits[:top]

    def search_many(
        self,
        queries: Sequence[Query],
        *,
        top: int = 10,
        threshold: float = DEFAULT_REVIEW_THRESHOLD,
        workers: int = 1,
    ) -> list[list[Hit]]:
        """``search`` for many queries; identical queries are screened once. With
        ``workers > 1`` the queries are spread over forked processes (POSIX only)."""
        unique = list(dict.fromkeys(queries))
        if workers > 1 and len(unique) >= 4 * workers and os.name == "posix":
            results = _parallel_search(self, unique, top=top, threshold=threshold, workers=workers)
        else:
            caches = _Caches()
            results = {
                q: self._search(q, top=top, threshold=threshold, caches=caches) for q in unique
            }
        return [results[q] for q in queries]


def _birth_date_delta(query_date: str, listed: Sequence[str]) -> tuple[float, str] | None:
    q = query_date.strip()[:10]
    try:
        q_year = int(q[:4])
    except ValueError:
        return None
    best: tuple[float, str] | None = None
    for d in listed:
        d = d.strip()[:10]
        try:
            year = int(d[:4])
        except ValueError:
            continue
        if len(q) == 10 and len(d) == 10 and q == d:
            cand = (BIRTH_DATE_MATCH_BONUS, f"{q} = {d}")
        elif year == q_year:
            prefix = min(len(q), len(d))
            if q[:prefix] == d[:prefix]:
                cand = (BIRTH_YEAR_MATCH_BONUS, f"{q} ~ {d}")
            else:
                cand = (-BIRTH_DATE_MISMATCH_PENALTY / 2, f"{q} vs {d} (same year)")
        elif abs(year - q_year) <= 1:
            cand = (0.0, f"{q} vs {d} (one year apart)")
        else:
            cand = (-BIRTH_DATE_MISMATCH_PENALTY, f"{q} vs {d}")
        if best is None or cand[0] > best[0]:
            best = cand
    return best


_WORKER_INDEX: MatchIndex | None = None
_WORKER_CACHES: _Caches | None = None


def _worker_search(
    args: tuple[list[Query], int, float],
) -> list[list[tuple[int, float, Explanation]]]:
    assert _WORKER_INDEX is not None
    index = _WORKER_INDEX
    global _WORKER_CACHES
    queries, top, threshold = args
    pos = {id(e): i for i, e in enumerate(index.entries)}
    if _WORKER_CACHES is None:  # one per worker process, kept across its chunks
        _WORKER_CACHES = _Caches()
    caches = _WORKER_CACHES
    out: list[list[tuple[int, float, Explanation]]] = []
    for q in queries:
        out.append(
            [
                (pos[id(h.entry)], h.score, h.explanation)
                for h in index._search(q, top=top, threshold=threshold, caches=caches)
            ]
        )
    return out


def _parallel_search(
    index: MatchIndex, queries: list[Query], *, top: int, threshold: float, workers: int
) -> dict[Query, list[Hit]]:
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _WORKER_INDEX, _WORKER_CACHES
    _WORKER_INDEX = index  # inherited by forked workers, never pickled
    _WORKER_CACHES = None
    # objects that exist now are left alone by the children's garbage collector, so the
    # index's memory pages stay shared with the parent instead of being copied on write
    gc.freeze()
    chunk = max(1, math.ceil(len(queries) / (workers * 4)))
    parts = [queries[i : i + chunk] for i in range(0, len(queries), chunk)]
    results: dict[Query, list[Hit]] = {}
    try:
        ctx = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            for part, res in zip(
                parts, pool.map(_worker_search, [(p, top, threshold) for p in parts]), strict=True
            ):
                for q, hits in zip(part, res, strict=True):
                    results[q] = [Hit(index.entries[i], s, ex) for i, s, ex in hits]
    finally:
        _WORKER_INDEX = None
        gc.unfreeze()
    return results


def build_index(entries: Iterable[ListEntry]) -> MatchIndex:
    """Analyse and index all names of ``entries`` (once per list snapshot set)."""
    return MatchIndex(entries)
