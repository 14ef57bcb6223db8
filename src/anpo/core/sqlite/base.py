"""Django's SQLite backend with one fix for concurrent use.

anpo opens SQLite with ``transaction_mode="IMMEDIATE"`` (settings.py), so every ``atomic()`` block
takes the write lock when it begins and writers queue on the busy timeout instead of failing on a
lock upgrade. Django probes for the JSON1 functions with a ``SELECT JSON(...)`` *inside*
``atomic()``: under that mode the probe itself waits for the write lock, and when the database is
busy for longer than the timeout the probe's "database is locked" is taken for "no JSON support".
The system checks then refuse to start with "SQLite does not support JSONFields" (fields.E180) — a
worker started while the web process was busy did exactly that. The probe needs no transaction
and no lock: it runs here in autocommit mode.
"""

from __future__ import annotations

from django.db import OperationalError
from django.db.backends.sqlite3 import base, features
from django.utils.functional import cached_property


class DatabaseFeatures(features.DatabaseFeatures):
    @cached_property
    def supports_json_field(self) -> bool:
        with self.connection.cursor() as cursor:
            try:
                cursor.execute('SELECT JSON(\'{"a": "b"}\')')
            except OperationalError:
                return False
        return True


class DatabaseWrapper(base.DatabaseWrapper):
    features_class = DatabaseFeatures
