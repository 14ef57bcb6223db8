"""JSON-Lines reading (plain or gzip) with per-line errors."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .base import ListParseError, decode, read_bytes


def json_records(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line_number, object)`` per non-empty line; also accepts one JSON array/object."""
    text = decode(read_bytes(path), path)
    stripped = text.lstrip()
    if stripped.startswith("["):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ListParseError(
                f"invalid JSON ({exc.msg} at line {exc.lineno})", path=path
            ) from exc
        for index, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                raise ListParseError(
                    "array item is not an object", path=path, where=f"item {index}"
                )
            yield index, item
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ListParseError(
                f"invalid JSON ({exc.msg}); truncated or not JSON-Lines?",
                path=path,
                where=f"line {number}",
            ) from exc
        if not isinstance(item, dict):
            raise ListParseError("line is not a JSON object", path=path, where=f"line {number}")
        yield number, item
