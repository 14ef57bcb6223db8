"""Signed checkpoints of the audit chain head, kept outside the database.

A checkpoint states "on <time>, the chain of <installation> ended at event #<seq> whose hash was
<hash>", signed with an HMAC under the current audit key. The daily job writes one to
``ANPO_AUDIT_CHECKPOINT_DIR`` and e-mails it to the office. ``anpo audit verify`` compares the
chain with every checkpoint it finds there (or is given): a rewritten event no longer has the
hash its checkpoint recorded, and a deleted tail — rows and chain head removed together — ends
before the sequence a checkpoint has seen.

A checkpoint file is JSON::

    {"format": "anpo-audit-checkpoint/1", "installation": "https://anpo.example.ac.jp",
     "seq": 1234, "hash": "<64 hex>", "created_at": "2026-12-01T15:00:00.000000+00:00",
     "key_id": "k20261201-1", "signature": "<64 hex: HMAC-SHA256 of the other fields>"}
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from anpo.records.keys import audit_keys, mac

FORMAT = "anpo-audit-checkpoint/1"
HEX64 = re.compile(r"^[0-9a-f]{64}$")


class CheckpointError(ValueError):
    """A checkpoint file that cannot be read (not a checkpoint, malformed, wrong format)."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    head_hash: str
    created_at: str
    key_id: str
    installation: str
    signature: str = ""
    source: str = ""  # the file it was read from

    def signed_text(self) -> str:
        """The exact text the signature covers."""
        return json.dumps(
            {
                "format": FORMAT,
                "installation": self.installation,
                "seq": self.seq,
                "hash": self.head_hash,
                "created_at": self.created_at,
                "key_id": self.key_id,
            },
            sort_keys=True,
            separators=(",", ":"),
        )

    def to_json(self) -> str:
        data = json.loads(self.signed_text())
        data["signature"] = self.signature
        return json.dumps(data, indent=2, sort_keys=True) + "\n"

    def signature_ok(self) -> bool:
        key = audit_keys().get(self.key_id)
        return key is not None and mac(key, self.signed_text()) == self.signature


def checkpoint_sign(*, seq: int, head_hash: str, created_at: str, installation: str) -> Checkpoint:
    key_id, key = audit_keys().current()
    unsigned = Checkpoint(
        seq=seq,
        head_hash=head_hash,
        created_at=created_at,
        key_id=key_id,
        installation=installation,
    )
    return Checkpoint(**{**unsigned.__dict__, "signature": mac(key, unsigned.signed_text())})


def checkpoint_parse(text: str, *, source: str = "") -> Checkpoint:
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise CheckpointError(f"{source or 'checkpoint'}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise CheckpointError(f"{source or 'checkpoint'}: not an {FORMAT} document")
    try:
        checkpoint = Checkpoint(
            seq=int(data["seq"]),
            head_hash=str(data["hash"]),
            created_at=str(data["created_at"]),
            key_id=str(data["key_id"]),
            installation=str(data.get("installation", "")),
            signature=str(data["signature"]),
            source=source,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{source or 'checkpoint'}: missing or bad field ({exc})") from exc
    if checkpoint.seq < 0 or not HEX64.match(checkpoint.head_hash):
        raise CheckpointError(f"{source or 'checkpoint'}: bad sequence number or hash")
    return checkpoint


def checkpoint_file_name(checkpoint: Checkpoint) -> str:
    stamp = re.sub(r"[^0-9T]", "", checkpoint.created_at.split(".")[0])
    return f"audit-checkpoint-{stamp}-{checkpoint.seq:012d}.json"


def checkpoint_write_file(checkpoint: Checkpoint, directory: Path) -> Path:
    """Write atomically (temporary file + rename): a reader never sees half a checkpoint."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / checkpoint_file_name(checkpoint)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".checkpoint-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(checkpoint.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return target


def checkpoints_read(paths: list[Path]) -> tuple[list[Checkpoint], list[str]]:
    """Checkpoints from files and directories (``*.json`` inside), and the problems met."""
    found: list[Checkpoint] = []
    problems: list[str] = []
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.glob("audit-checkpoint-*.json")))
        elif path.is_file():
            files.append(path)
        else:
            problems.append(f"{path}: no such file or directory")
    for file in files:
        try:
            found.append(checkpoint_parse(file.read_text(encoding="utf-8"), source=str(file)))
        except (OSError, UnicodeDecodeError, CheckpointError) as exc:
            problems.append(str(exc))
    found.sort(key=lambda c: (c.seq, c.created_at))
    return found, problems
