"""Importers for official restricted-party lists (Django-free).

Each parser turns the official file(s) of one list into
:class:`anpo.matching.types.ListEntry` records wrapped in a :class:`ParsedList`,
or raises :class:`ListParseError` (one exception type for missing, broken,
truncated, wrong-format or empty files; the message names the file and row).

Entry points:

* :func:`load_lists_dir` / :func:`load_source` with the :data:`SOURCES` registry
  (labels, official URLs, file patterns);
* one ``parse_*`` function per format (below);
* :func:`diff_entries` to compare two snapshots;
* :meth:`ParsedList.check_sanity` to refuse implausibly small lists.
"""

from .base import ListParseError, ListSanityError, ParsedList, SourceFile
from .bis_dpl import parse_dpl_tsv
from .diff import ListDiff, diff_entries
from .eu_fsf import parse_eu_jsonl, parse_eu_xml
from .internal import parse_internal
from .meti_eul import (
    meti_identity_key,
    parse_meti_eul,
    parse_meti_eul_html,
    parse_meti_eul_json,
    parse_meti_eul_xlsx,
)
from .mof import parse_mof_xlsx
from .ofac import parse_ofac_dir, parse_ofac_legacy
from .opensanctions import parse_ftm
from .registry import SOURCES, SourceSpec, load_lists_dir, load_source, pick_file
from .uk_sanctions import parse_uk_jsonl, parse_uk_xml
from .un_sc import parse_un_xml
from .us_csl import parse_csl_csv

__all__ = [
    "SOURCES",
    "ListDiff",
    "ListParseError",
    "ListSanityError",
    "ParsedList",
    "SourceFile",
    "SourceSpec",
    "diff_entries",
    "load_lists_dir",
    "load_source",
    "meti_identity_key",
    "parse_csl_csv",
    "parse_dpl_tsv",
    "parse_eu_jsonl",
    "parse_eu_xml",
    "parse_ftm",
    "parse_internal",
    "parse_meti_eul",
    "parse_meti_eul_html",
    "parse_meti_eul_json",
    "parse_meti_eul_xlsx",
    "parse_mof_xlsx",
    "parse_ofac_dir",
    "parse_ofac_legacy",
    "parse_uk_jsonl",
    "parse_uk_xml",
    "parse_un_xml",
    "pick_file",
]
