"""Saved parties, re-screening after list changes, dispositions and false-positive suppression."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from anpo.records.models import AuditEvent
from anpo.screening import services
from anpo.screening.models import Clearance, Hit, Screening

from .conftest import watchlist

W1 = "W-1,Zentrovia Advanced Materials Institute,organization,ZAMI,,IR,,invented,demo"
W2 = "W-2,Kalvoria Precision Machinery Co. Ltd.,organization,Kalvoria Machinery,,CN,,invented,demo"
W3 = "W-3,Boris Vetrenko,person,Borys Vetrenko,Борис Ветренко,RU,1971-04-12,invented,demo"
W4 = "W-4,Hanzel Quorra Trading LLC,organization,HQ Trading,,AE,,invented,demo"


@pytest.fixture
def importer(write_file, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    counter = {"n": 0}

    def run(*rows: str):  # type: ignore[no-untyped-def]
        counter["n"] += 1
        with django_capture_on_commit_callbacks(execute=True):
            return services.list_snapshot_import(
                source="internal",
                path=write_file(f"v{counter['n']}.csv", watchlist(*rows)),
                acting_user=None,
            )

    return run


def _rescreens(party):  # type: ignore[no-untyped-def]
    return list(party.screenings.filter(kind=Screening.Kind.RESCREEN).order_by("pk"))


def test_rescreen_raises_alerts_only_for_new_or_changed_hits(
    db, researcher, officer, importer
) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3, W4)
    party = services.party_create(
        acting_user=researcher,
        name="Boris Vetrenko",
        kind="person",
        country="RU",
        relationship="visitor",
    )
    first = services.party_screen(acting_user=researcher, party=party)
    hit = first.hits.get()
    assert hit.entry_id == "W-3" and hit.status == Hit.Status.OPEN and not hit.is_alert

    # an unrelated change: the party is re-screened, its hit is already in the queue -> no alert
    importer(W1, W2.replace("Kalvoria Machinery", "Kalvoria Machinery;KPM"), W3, W4)
    [re1] = _rescreens(party)
    assert re1.alert_count == 0 and re1.hits.get().status == Hit.Status.KNOWN

    # decided as a true match, entry unchanged -> no alert
    services.hit_dispose(acting_user=officer, hit=hit, decision="true_match", reason="same person")
    importer(W1, W2, W3, W4, "W-9,Unrelated Invented Org,organization,,,FR,,,")
    [_re1, re2] = _rescreens(party)
    assert re2.alert_count == 0 and re2.hits.get().status == Hit.Status.KNOWN

    # the entry changes (new birth date) -> alert again
    importer(
        W1,
        W2,
        W3.replace("1971-04-12", "1971-04-13"),
        W4,
        "W-9,Unrelated Invented Org,organization,,,FR,,,",
    )
    re3 = _rescreens(party)[-1]
    assert re3.alert_count == 1
    alert = re3.hits.get()
    assert alert.is_alert and alert.status == Hit.Status.OPEN


def test_new_listing_raises_an_alert(db, researcher, officer, importer, mailoutbox) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3)
    party = services.party_create(
        acting_user=researcher, name="Hanzel Quorra Trading", kind="organization", country="AE"
    )
    assert services.party_screen(acting_user=researcher, party=party).hit_count == 0
    importer(W1, W2, W3, W4)
    rescreen = _rescreens(party)[-1]
    assert rescreen.alert_count == 1 and rescreen.hits.get().entry_id == "W-4"
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [officer.email]
    assert "/screening/queue/" in mailoutbox[0].body and "Hanzel" not in mailoutbox[0].body


def test_false_positive_is_remembered_until_the_entry_changes(
    db, researcher, officer, importer
) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3, W4)
    party = services.party_create(
        acting_user=researcher,
        name="Boris Vetrenko",
        kind="person",
        country="RU",
        birth_date="1990",
    )
    hit = services.party_screen(acting_user=researcher, party=party).hits.get()
    with pytest.raises(ValidationError):
        services.hit_dispose(acting_user=officer, hit=hit, decision="false_positive", reason="  ")
    evidence = SimpleUploadedFile("cv.pdf", b"%PDF-1.4 invented", content_type="application/pdf")
    disposition = services.hit_dispose(
        acting_user=officer,
        hit=hit,
        decision="false_positive",
        reason="Different person: born 1990, a student in Osaka",
        attachment=evidence,
    )
    assert disposition.attachment.name.endswith(".pdf")
    assert Clearance.objects.filter(party=party, source="internal", entry_id="W-3").count() == 1
    event = AuditEvent.objects.get(action="screening.hit.dispose")
    assert event.before == {"status": "open"}
    assert event.after["decision"] == "false_positive" and event.after["reason"].startswith(
        "Different person"
    )
    assert event.actor == officer

    # same entry -> suppressed on manual and automatic re-screening
    again = services.party_screen(acting_user=researcher, party=party)
    assert again.hits.get().status == Hit.Status.SUPPRESSED
    importer(W1, W2, W3, W4, "W-9,Unrelated Invented Org,organization,,,FR,,,")
    assert _rescreens(party)[-1].hits.get().status == Hit.Status.SUPPRESSED
    assert _rescreens(party)[-1].alert_count == 0

    # the list entry changes -> the hit comes back as an alert
    importer(
        W1,
        W2,
        W3.replace("Borys Vetrenko", "Borys Vetrenko;Boris Wetrenko"),
        W4,
        "W-9,Unrelated Invented Org,organization,,,FR,,,",
    )
    back = _rescreens(party)[-1].hits.get()
    assert back.status == Hit.Status.OPEN and back.is_alert


def test_only_officers_and_chief_dispose(
    db, researcher, dept_manager, committee, auditor, chief, importer
) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3, W4)
    hit = services.party_screen(
        acting_user=researcher, name="Zentrovia Advanced Materials Institute"
    ).hits.get()
    for user in (researcher, dept_manager, committee, auditor):
        with pytest.raises(PermissionDenied):
            services.hit_dispose(acting_user=user, hit=hit, decision="true_match")
    services.hit_dispose(
        acting_user=chief, hit=hit, decision="escalate", reason="needs committee view"
    )
    hit.refresh_from_db()
    assert hit.status == Hit.Status.ESCALATED and hit.is_open
    services.hit_dispose(acting_user=chief, hit=hit, decision="true_match", reason="confirmed")
    hit.refresh_from_db()
    assert hit.status == Hit.Status.TRUE_MATCH
    with pytest.raises(ValidationError):
        services.hit_dispose(acting_user=chief, hit=hit, decision="false_positive", reason="again")
    assert AuditEvent.objects.filter(action="screening.hit.dispose").count() == 2


def test_attachment_size_limit(db, researcher, officer, importer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ANPO_MAX_UPLOAD_BYTES = 10
    importer(W1, W2, W3, W4)
    hit = services.party_screen(acting_user=researcher, name="Boris Vetrenko").hits.get()
    with pytest.raises(ValidationError):
        services.hit_dispose(
            acting_user=officer,
            hit=hit,
            decision="false_positive",
            reason="x",
            attachment=SimpleUploadedFile("big.pdf", b"x" * 100),
        )
    hit.refresh_from_db()
    assert hit.status == Hit.Status.OPEN


def test_screening_records_versions_threshold_and_algorithm(db, researcher, importer) -> None:  # type: ignore[no-untyped-def]
    outcome = importer(W1, W2, W3, W4)
    screening = services.party_screen(
        acting_user=researcher, name="Zentrovia Advanced Materials Institute", country="IR"
    )
    assert screening.snapshot_ids == [outcome.snapshot.pk]
    assert screening.snapshot_versions == [outcome.snapshot.version_label]
    assert screening.algorithm and screening.algorithm_version and screening.threshold > 0
    assert screening.finished_at >= screening.started_at
    hit = screening.hits.first()
    assert hit is not None and hit.snapshot_entry.snapshot_id == outcome.snapshot.pk
    assert hit.explanation["list_name"] and "token_matches" in hit.explanation


def test_hostile_names_are_cleaned(db, researcher, importer) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3, W4)
    screening = services.party_screen(
        acting_user=researcher, name="Boris\x00\x07 Vetrenko\u200b" + "x" * 2000
    )
    assert "\x00" not in screening.query_name and len(screening.query_name) <= 500
    with pytest.raises(ValidationError):
        services.party_screen(acting_user=researcher, name="\x00\x01 ")


def test_save_party_from_ad_hoc_screening(db, researcher, importer) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3, W4)
    adhoc = services.party_screen(
        acting_user=researcher, name="Boris Vetrenko", query_kind="person", country="RU"
    )
    party = services.party_create_from_screening(
        acting_user=researcher, screening=adhoc, relationship="visitor"
    )
    adhoc.refresh_from_db()
    assert (
        adhoc.party == party
        and party.country == "RU"
        and party.kind == "person"
        and party.owner == researcher
    )
    # the ad hoc hit counts as history: re-screen does not alert again
    services.parties_rescreen()
    assert party.screenings.filter(kind=Screening.Kind.RESCREEN).get().alert_count == 0
    assert AuditEvent.objects.filter(action="screening.party.create").exists()


def test_batch_run_and_rows(db, researcher, importer, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    importer(W1, W2, W3, W4)
    content = b"id,name,type,country\nr1,Boris Vetrenko,person,RU\nr2,Nobody Invented,,\nr3,HQ Trading,organization,AE\n"
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.batch_create(acting_user=researcher, content=content, filename="names.csv")
    batch.refresh_from_db()
    assert (
        batch.status == "done"
        and batch.processed == 3
        and batch.total == 3
        and batch.hit_count >= 2
    )
    assert batch.screenings.count() == 3
    with pytest.raises(ValidationError, match="unknown column"):
        services.batch_create(acting_user=researcher, content=b"id,nom\n1,x\n", filename="bad.csv")
