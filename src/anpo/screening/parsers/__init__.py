"""Importers for official restricted-party lists (Django-free).

Each parser turns the official file(s) of one list into
:class:`anpo.matching.types.ListEntry` records wrapped in a :class:`ParsedList`,
or raises :class:`ListParseError`.
"""
