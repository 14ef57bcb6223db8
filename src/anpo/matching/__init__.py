"""anpo's restricted-party matching engine.

A pure, typed library: no Django imports (a test enforces it). The pipeline is
normalise -> index -> candidates -> score -> explain.

Public API (everything else is internal)::

    from anpo.matching import build_index, Query, DEFAULT_REVIEW_THRESHOLD

    index = build_index(entries)              # entries: Iterable[ListEntry]; picklable
    hits = index.search(Query(name="Vladimir Putin", kind=EntityKind.PERSON,
                              country="RU", birth_date="1952-10-07"),
                        top=10, threshold=DEFAULT_REVIEW_THRESHOLD)
    for hit in hits:                          # Hit(entry, score, explanation)
        hit.explanation.as_dict()             # store it with the screening result
    index.search_many(queries, top=10, threshold=..., workers=2)  # -> list[list[Hit]]

* ``ALGORITHM`` / ``VERSION`` name the scorer; both are copied into every
  ``Explanation`` so a stored result says which algorithm produced it.
* ``DEFAULT_REVIEW_THRESHOLD`` is the score from which a hit goes to human review
  (used by the UI and the CLI).
* ``Query.kind`` (person / organization / unknown), ``country`` (ISO-2) and
  ``birth_date`` (ISO 8601, partial allowed) *adjust* a name score by bounded
  amounts; they never create a hit on their own.
* ``analyse_name`` exposes the normalisation (forms and tokens) for display/debugging.

See ``types`` for the records that list parsers produce and the engine consumes,
``text`` for normalisation and transliteration, ``scoring`` for the token alignment and
the explanation records, and ``index`` for candidate retrieval.
"""

from anpo.matching.index import (
    ALGORITHM,
    DEFAULT_REVIEW_THRESHOLD,
    VERSION,
    Hit,
    MatchIndex,
    Query,
    build_index,
)
from anpo.matching.scoring import Explanation, Factor, FactorCode, Method, TokenMatch
from anpo.matching.text import Form, analyse_name
from anpo.matching.types import EntityKind, ListEntry, ListName, NameKind

__all__ = [
    "ALGORITHM",
    "DEFAULT_REVIEW_THRESHOLD",
    "VERSION",
    "EntityKind",
    "Explanation",
    "Factor",
    "FactorCode",
    "Form",
    "Hit",
    "ListEntry",
    "ListName",
    "MatchIndex",
    "Method",
    "NameKind",
    "Query",
    "TokenMatch",
    "analyse_name",
    "build_index",
]
