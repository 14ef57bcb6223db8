"""Readable labels for the engine's explanation codes (the engine stores codes, the pages show words)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

FACTOR_LABELS = {
    "missing_query_token": _("words of your name not found in the list name"),
    "missing_list_token": _("words of the list name not in your name"),
    "weak_alias": _("weak (low-quality) alias"),
    "kind_match": _("same type (person / organisation)"),
    "kind_mismatch": _("different type (person / organisation)"),
    "legal_form_mismatch": _("different legal form (Co., Ltd., LLC...)"),
    "number_mismatch": _("different numbers in the names"),
    "country_match": _("same country"),
    "country_mismatch": _("different country"),
    "birth_date_match": _("same date of birth"),
    "birth_date_mismatch": _("different date of birth"),
}
METHOD_LABELS = {
    "exact": _("identical"),
    "fuzzy": _("spelling variant"),
    "phonetic": _("sounds alike"),
    "skeleton": _("same consonants"),
    "initial": _("initial"),
    "cjk": _("same or variant kanji"),
    "merged": _("written together / apart"),
}
NAME_KIND_LABELS = {
    "primary": _("primary name"),
    "alias": _("alias (a.k.a.)"),
    "weak_alias": _("weak alias"),
    "former": _("former name (f.k.a.)"),
    "original_script": _("name in original script"),
}
