"""The ``anpo`` console command: Django's manage.py plus the project's own commands.

``anpo migrate``, ``anpo runserver``, ``anpo audit verify``, ``anpo lists update``,
``anpo screen ...``, ``anpo demo load``, ``anpo worker`` all go through here.
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpo.settings")
    execute_from_command_line(["anpo", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
