"""The keyed audit chain and its checkpoints: a rewrite or a truncated tail does not verify."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from anpo.records.checkpoints import checkpoint_parse, checkpoints_read
from anpo.records.models import AuditChainHead, AuditEvent, canonical_payload
from anpo.records.selectors import audit_chain_verify
from anpo.records.services import audit_checkpoint_create, audit_event_create

pytestmark = pytest.mark.django_db

KEY_A = "a" * 48
KEY_B = "b" * 48


def _events(n: int, start: int = 0) -> list[AuditEvent]:
    return [
        audit_event_create(
            actor=None,
            action="test.thing.do",
            object_type="test.thing",
            object_id=str(i),
            object_repr=f"thing {i}",
            after={"value": i},
        )
        for i in range(start, start + n)
    ]


def _raw(sql: str, params: list[object]) -> None:
    """What someone with write access to the database does, append-only trigger lifted."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER IF EXISTS records_auditevent_no_update")
        else:
            cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def _rewrite_from(seq: int, rehash) -> None:  # type: ignore[no-untyped-def]
    """Recompute every hash from ``seq`` on with ``rehash`` and fix the links and the head."""
    events = list(AuditEvent.objects.filter(seq__gte=seq).order_by("seq"))
    prev = AuditEvent.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for event in events:
        event.prev_hash = prev
        event.hash = rehash(event)
        _raw(
            "UPDATE records_auditevent SET prev_hash = %s, hash = %s, key_id = %s WHERE id = %s",
            [event.prev_hash, event.hash, event.key_id, event.pk],
        )
        prev = event.hash
    AuditChainHead.objects.filter(id=1).update(last_seq=events[-1].seq, last_hash=prev)


def test_events_carry_the_current_key_id_and_an_hmac() -> None:
    (event,) = _events(1)
    assert event.key_id == "test-1"
    expected = hmac.new(
        b"t" * 48, canonical_payload(event).encode("utf-8"), hashlib.sha256
    ).hexdigest()
    assert event.hash == expected
    assert event.hash != hashlib.sha256(canonical_payload(event).encode("utf-8")).hexdigest()


def test_verify_detects_an_edited_event_whose_hashes_were_recomputed() -> None:
    """The attack the issue describes: trigger dropped, event edited, every hash recomputed."""
    _events(6)
    target = AuditEvent.objects.get(seq=3)
    _raw("UPDATE records_auditevent SET object_repr = %s WHERE id = %s", ["forged", target.pk])
    _rewrite_from(3, lambda e: hashlib.sha256(canonical_payload(e).encode("utf-8")).hexdigest())
    report = audit_chain_verify()
    assert not report.ok
    assert report.first_break is not None
    assert report.first_break.seq == 3
    assert report.first_break.code == "content"
    with pytest.raises(CommandError, match=r"#3 .*recomputed without the audit key"):
        call_command("audit", "verify")


def test_verify_detects_a_rewrite_with_a_guessed_key_or_no_key() -> None:
    _events(4)
    _rewrite_from(
        2,
        lambda e: hmac.new(
            b"guess" * 10, canonical_payload(e).encode("utf-8"), hashlib.sha256
        ).hexdigest(),
    )
    assert audit_chain_verify().first_break.seq == 2
    for event in AuditEvent.objects.filter(seq__gte=2):
        _raw("UPDATE records_auditevent SET key_id = '' WHERE id = %s", [event.pk])
    report = audit_chain_verify()
    assert report.first_break.code == "unkeyed"
    assert report.first_break.seq == 2


def test_a_truncated_tail_with_its_head_reset_is_caught_by_the_latest_checkpoint() -> None:
    _events(5)
    checkpoint = audit_checkpoint_create(acting_user=None)  # covers #5, is event #6 itself
    _events(2, start=5)
    assert audit_chain_verify().ok
    survivor = AuditEvent.objects.get(seq=3)
    _raw("DELETE FROM records_auditevent WHERE seq > %s", [3])
    AuditChainHead.objects.filter(id=1).update(last_seq=3, last_hash=survivor.hash)
    report = audit_chain_verify(checkpoint_paths=[])
    assert report.ok  # without the checkpoint the shortened chain looks whole
    report = audit_chain_verify()
    assert not report.ok
    assert report.first_break.code == "checkpoint_truncated"
    assert report.first_break.seq == checkpoint.seq
    with pytest.raises(CommandError, match="events were deleted"):
        call_command("audit", "verify")


def test_a_checkpoint_kept_elsewhere_is_checked_too(tmp_path, settings) -> None:  # type: ignore[no-untyped-def]
    _events(3)
    audit_checkpoint_create(acting_user=None)
    (written,) = list((settings.ANPO_AUDIT_CHECKPOINT_DIR).glob("*.json"))
    kept = tmp_path / "from-the-mail.json"
    kept.write_text(written.read_text())
    written.unlink()  # whoever truncated the chain also emptied the checkpoint folder
    survivor = AuditEvent.objects.get(seq=1)
    _raw("DELETE FROM records_auditevent WHERE seq > %s", [1])
    AuditChainHead.objects.filter(id=1).update(last_seq=1, last_hash=survivor.hash)
    assert audit_chain_verify().ok
    with pytest.raises(CommandError, match="events were deleted"):
        call_command("audit", "verify", "--checkpoint", str(kept))


def test_a_forged_checkpoint_is_refused(settings) -> None:  # type: ignore[no-untyped-def]
    _events(2)
    audit_checkpoint_create(acting_user=None)
    (path,) = list(settings.ANPO_AUDIT_CHECKPOINT_DIR.glob("*.json"))
    data = json.loads(path.read_text())
    data["seq"] = 1
    path.write_text(json.dumps(data))
    report = audit_chain_verify()
    assert report.first_break.code == "checkpoint_signature"


def test_junk_in_the_checkpoint_folder_is_reported_not_fatal(settings) -> None:  # type: ignore[no-untyped-def]
    _events(1)
    folder = settings.ANPO_AUDIT_CHECKPOINT_DIR
    folder.mkdir(parents=True)
    (folder / "audit-checkpoint-junk.json").write_text("[1, 2")
    report = audit_chain_verify()
    assert report.ok
    assert len(report.checkpoint_problems) == 1


def test_rotating_the_key_keeps_older_events_verifiable(settings) -> None:  # type: ignore[no-untyped-def]
    settings.ANPO_AUDIT_KEYS = f"old:{KEY_A}"
    _events(2)
    settings.ANPO_AUDIT_KEYS = f"old:{KEY_A};new:{KEY_B}"
    _events(2, start=2)
    assert [e.key_id for e in AuditEvent.objects.order_by("seq")] == ["old", "old", "new", "new"]
    assert audit_chain_verify().ok
    settings.ANPO_AUDIT_KEYS = f"new:{KEY_B}"  # the old key was thrown away
    report = audit_chain_verify()
    assert report.first_break.code == "unknown_key"
    assert report.first_break.seq == 1


def test_rotate_key_appends_to_the_key_file(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from anpo.records.keys import audit_keys

    settings.ANPO_AUDIT_KEYS = ""
    settings.ANPO_AUDIT_KEY_FILE = tmp_path / "audit-keys"
    first = audit_keys().current_id  # created on first use in development
    _events(1)
    call_command("audit", "rotate-key")
    keys = audit_keys()
    assert keys.current_id != first
    assert set(keys.secrets) == {first, keys.current_id}
    _events(1, start=1)
    assert audit_chain_verify().ok
    assert oct(settings.ANPO_AUDIT_KEY_FILE.stat().st_mode)[-3:] == "600"


def test_production_without_a_key_refuses_to_write_events(settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from django.core.exceptions import ImproperlyConfigured

    settings.ANPO_AUDIT_KEYS = ""
    settings.ANPO_AUDIT_KEY_FILE = tmp_path / "missing"
    settings.DEBUG = False
    settings.ANPO_DEMO = False
    with pytest.raises(ImproperlyConfigured, match="No audit key"):
        _events(1)


def test_the_checkpoint_is_written_audited_and_mailed_to_the_office(  # type: ignore[no-untyped-def]
    settings, officer, chief, django_capture_on_commit_callbacks, mailoutbox
):
    _events(2)
    with django_capture_on_commit_callbacks(execute=True):
        checkpoint = audit_checkpoint_create(acting_user=None)
    assert checkpoint.seq == AuditEvent.objects.get(action="records.checkpoint.create").seq - 1
    (path,) = list(settings.ANPO_AUDIT_CHECKPOINT_DIR.glob("*.json"))
    assert checkpoint_parse(path.read_text()).signature_ok()
    assert sorted(mailoutbox[0].to) == sorted([officer.email, chief.email])
    assert f"#{checkpoint.seq}" in mailoutbox[0].subject
    assert checkpoint.signature in mailoutbox[0].body
    found, problems = checkpoints_read([settings.ANPO_AUDIT_CHECKPOINT_DIR])
    assert [c.seq for c in found] == [checkpoint.seq]
    assert problems == []


def test_the_daily_checkpoint_is_a_registered_periodic_job() -> None:
    from anpo.core.scheduler import registered_jobs

    jobs = {job.name: job for job in registered_jobs()}
    assert jobs["records.audit_checkpoint"].every.days == 1


def test_the_verify_page_names_the_checkpoint_and_explains_a_break_in_japanese(  # type: ignore[no-untyped-def]
    client, auditor
):
    _events(3)
    audit_checkpoint_create(acting_user=None)
    client.force_login(auditor)
    page = client.get("/records/audit/verify/").content.decode()
    assert "署名付きチェックポイント 1 件と照合しました" in page
    survivor = AuditEvent.objects.get(seq=1)
    _raw("DELETE FROM records_auditevent WHERE seq > %s", [1])
    AuditChainHead.objects.filter(id=1).update(last_seq=1, last_hash=survivor.hash)
    page = client.get("/records/audit/verify/").content.decode()
    assert "記録が削除されました" in page
