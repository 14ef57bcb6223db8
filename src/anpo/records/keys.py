"""The audit chain's HMAC keys, kept outside the database.

Every audit event's hash is ``HMAC-SHA256(key, canonical payload)`` and names the id of the key it
used, so someone who can write to the database but does not hold the key cannot recompute the
chain after editing an event. Keys come from, in this order:

1. ``ANPO_AUDIT_KEYS`` in the environment: ``id:secret`` pairs separated by ``;``;
2. the key file ``ANPO_AUDIT_KEY_FILE`` (default ``var/audit-keys``, mode 0600): one ``id secret``
   per line, ``#`` comments allowed.

The current key (used for new events and checkpoints) is ``ANPO_AUDIT_KEY_ID`` or the last one
listed. Rotation adds a key and makes it current; old keys stay listed so that older events still
verify (``anpo audit rotate-key``, docs/audit.md). In development and in the demo a missing key
file is created with a fresh key; in production a missing key is a configuration error.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

KEY_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
MIN_SECRET_LENGTH = 32


@dataclass(frozen=True)
class AuditKeys:
    current_id: str
    secrets: dict[str, bytes]
    source: str

    def current(self) -> tuple[str, bytes]:
        return self.current_id, self.secrets[self.current_id]

    def get(self, key_id: str) -> bytes | None:
        return self.secrets.get(key_id)


def mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def parse_pairs(pairs: list[tuple[str, str]], source: str) -> dict[str, bytes]:
    found: dict[str, bytes] = {}
    for key_id, secret in pairs:
        if not KEY_ID_RE.match(key_id):
            raise ImproperlyConfigured(f"{source}: bad audit key id {key_id!r}")
        if len(secret) < MIN_SECRET_LENGTH:
            raise ImproperlyConfigured(
                f"{source}: audit key {key_id!r} is shorter than {MIN_SECRET_LENGTH} characters"
            )
        if key_id in found:
            raise ImproperlyConfigured(f"{source}: audit key id {key_id!r} is listed twice")
        found[key_id] = secret.encode("utf-8")
    return found


def _from_env(raw: str) -> list[tuple[str, str]]:
    pairs = []
    for part in filter(None, (piece.strip() for piece in raw.split(";"))):
        key_id, sep, secret = part.partition(":")
        if not sep:
            raise ImproperlyConfigured("ANPO_AUDIT_KEYS must look like 'id:secret;id:secret'")
        pairs.append((key_id.strip(), secret.strip()))
    return pairs


def _from_file(path: Path) -> list[tuple[str, str]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        key_id, _, secret = line.partition(" ")
        pairs.append((key_id.strip(), secret.strip()))
    return pairs


_cache: dict[tuple[object, ...], AuditKeys] = {}


def audit_keys() -> AuditKeys:
    """The configured keys (cached; a changed key file is read again)."""
    raw = getattr(settings, "ANPO_AUDIT_KEYS", "")
    path = Path(settings.ANPO_AUDIT_KEY_FILE)
    wanted = getattr(settings, "ANPO_AUDIT_KEY_ID", "")
    if raw:
        cache_key: tuple[object, ...] = ("env", raw, wanted)
    else:
        if not path.is_file():
            if not (settings.DEBUG or settings.ANPO_DEMO):
                raise ImproperlyConfigured(
                    f"No audit key: set ANPO_AUDIT_KEYS or create {path} with "
                    "'anpo audit rotate-key' (docs/audit.md)."
                )
            key_file_add(path)
        stat = path.stat()
        cache_key = ("file", str(path), stat.st_mtime_ns, stat.st_size, wanted)
    if cache_key in _cache:
        return _cache[cache_key]
    source = "ANPO_AUDIT_KEYS" if raw else str(path)
    pairs = _from_env(raw) if raw else _from_file(path)
    found = parse_pairs(pairs, source)
    if not found:
        raise ImproperlyConfigured(f"{source} lists no audit key")
    current = wanted or pairs[-1][0]
    if current not in found:
        raise ImproperlyConfigured(
            f"ANPO_AUDIT_KEY_ID {current!r} is not among the keys of {source}"
        )
    keys = AuditKeys(current_id=current, secrets=found, source=source)
    _cache.clear()
    _cache[cache_key] = keys
    return keys


def key_file_add(path: Path) -> str:
    """Append a new random key to the key file (created 0600) and return its id; it becomes current."""
    path.parent.mkdir(parents=True, exist_ok=True)
    existing = {key_id for key_id, _ in _from_file(path)} if path.is_file() else set()
    stamp = timezone.now().strftime("%Y%m%d")
    number = 1
    while f"k{stamp}-{number}" in existing:
        number += 1
    key_id = f"k{stamp}-{number}"
    line = f"{key_id} {secrets.token_urlsafe(48)}\n"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        header = (
            "# anpo audit chain keys: 'id secret' per line; the last line is the current key.\n"
            "# Keep every line: older events verify with the key they name. Back this file up\n"
            "# apart from the database (docs/audit.md).\n"
        )
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(header + line)
    except FileExistsError:
        if not existing:  # created meanwhile by another process (first start): use it
            return _from_file(path)[-1][0]
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line)
    return key_id
