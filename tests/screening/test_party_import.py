"""Bulk import of saved parties: dry-run report of every row error, then batches created and screened in the background."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from anpo.records.models import AuditEvent
from anpo.screening import services
from anpo.screening.models import Party, PartyImportJob, Screening

GOOD = (
    "id,name,type,country,birth_date,relationship,notes,other_names\n"
    "P-1,Boris Vetrenko,person,RU,1971-04-12,visitor,met at a conference,Borys Vetrenko;Борис Ветренко\n"
    "P-2,Quillon Seaview Logistics,organization,SG,,consignee,,\n"
    "P-3,Ostara Pell,person,,1990,,,\n"
)


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    user.language = "en"
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def test_dry_run_reports_every_row_error_and_creates_nothing(db, researcher) -> None:  # type: ignore[no-untyped-def]
    bad = (
        "id,name,type,country,birth_date,relationship\n"
        "1,Alpha Trading,company,CN,,\n"  # bad type
        "2,Beta Institute,organization,XX,,\n"  # unknown country code
        "3,Gamma Person,person,RU,1971-13-40,\n"  # impossible date
        "3,Delta Works,organization,,,\n"  # duplicate id
        "4,Beta Institute,organization,XX,,\n"  # duplicate party (and the bad country again)
        "5,,person,,,\n"  # no name
        "6,Epsilon Lab,organization,JP,,friend\n"  # unknown relationship
    )
    job = services.party_import_check(
        acting_user=researcher, content=bad.encode(), filename="parties.csv"
    )
    assert job.status == PartyImportJob.Status.INVALID and job.rows == []
    found = {(e["line"], e["column"]) for e in job.errors}
    assert found == {
        (2, "type"),
        (3, "country"),
        (4, "birth_date"),
        (5, "id"),
        (6, "country"),
        (6, "name"),
        (7, "name"),
        (8, "relationship"),
    }
    assert not Party.objects.exists()
    with pytest.raises(ValidationError):
        services.party_import_confirm(acting_user=researcher, job=job)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("id,fullname\n1,x\n", "Unknown column"),
        ("id,type\n1,person\n", "'name' is missing"),
        ("", "empty"),
        ("name\n", "no rows"),
    ],
)
def test_wrong_columns_are_reported_for_the_file(db, researcher, content, message) -> None:  # type: ignore[no-untyped-def]
    job = services.party_import_check(
        acting_user=researcher, content=content.encode(), filename="p.csv"
    )
    assert job.status == PartyImportJob.Status.INVALID
    assert any(message in e["message"] for e in job.errors), job.errors


def test_confirmed_import_creates_in_batches_with_audit_and_screens(
    imported_watchlist, researcher, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "PARTY_IMPORT_BATCH", 2)
    job = services.party_import_check(
        acting_user=researcher, content=GOOD.encode(), filename="parties.csv"
    )
    assert (
        job.status == PartyImportJob.Status.CHECKED
        and job.total == 3
        and not Party.objects.exists()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.party_import_confirm(acting_user=researcher, job=job)
    job.refresh_from_db()
    assert job.status == PartyImportJob.Status.DONE and job.created_count == 3 and job.screened == 3
    boris = Party.objects.get(name="Boris Vetrenko")
    assert (
        boris.owner == researcher
        and boris.org_unit == researcher.org_unit
        and boris.import_job == job
    )
    assert (
        boris.other_names.splitlines() == ["Borys Vetrenko", "Борис Ветренко"]
        and boris.relationship == "visitor"
    )
    assert boris.birth_date == "1971-04-12" and boris.notes == "met at a conference"
    assert Screening.objects.filter(party__import_job=job).count() == 3
    assert boris.screenings.get().hit_count == 1 and job.hit_count == 1
    events = AuditEvent.objects.filter(action="screening.party.create")
    assert sorted(events.values_list("object_id", flat=True)) == sorted(
        str(p.pk) for p in Party.objects.all()
    )
    assert AuditEvent.objects.filter(action="screening.party_import.confirm").count() == 1


def test_parties_already_saved_are_skipped(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    existing = services.party_create(acting_user=researcher, name="boris vetrenko", country="RU")
    job = services.party_import_check(
        acting_user=researcher, content=GOOD.encode(), filename="parties.csv"
    )
    assert job.total == 2 and job.skipped == [
        {"line": 2, "name": "Boris Vetrenko", "party": existing.pk}
    ]


def test_xlsx_upload_through_the_pages_and_the_list_shows_last_status(
    imported_watchlist, researcher, other_researcher, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in GOOD.splitlines():
        sheet.append(line.split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    client = _client(researcher)
    response = client.post(
        reverse("screening:party_import"),
        {"file": SimpleUploadedFile("parties.xlsx", buffer.getvalue())},
    )
    job = PartyImportJob.objects.get()
    assert response.status_code == 302 and job.status == "checked"
    page = client.get(reverse("screening:party_import_detail", args=[job.pk])).content.decode()
    assert "3 parties can be created" in page and "Quillon Seaview Logistics" in page
    assert (
        _client(other_researcher)
        .get(reverse("screening:party_import_detail", args=[job.pk]))
        .status_code
        == 404
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("screening:party_import_detail", args=[job.pk]), {"action": "confirm"})
    assert (
        client.get(reverse("screening:party_import_status", args=[job.pk])).json()["finished"]
        is True
    )
    listing = client.get(reverse("screening:party_list")).content.decode()
    assert "1 open hit" in listing and listing.count("no hit") == 2
    services.party_create(acting_user=researcher, name="Never Screened Person")
    assert "not screened yet" in client.get(reverse("screening:party_list")).content.decode()


def test_invalid_file_page_lists_the_problems(db, researcher) -> None:  # type: ignore[no-untyped-def]
    client = _client(researcher)
    client.post(
        reverse("screening:party_import"),
        {"file": SimpleUploadedFile("p.csv", b"name,country\nAlpha,XX\n")},
    )
    job = PartyImportJob.objects.get()
    page = client.get(reverse("screening:party_import_detail", args=[job.pk])).content.decode()
    assert "1 problem" in page and "XX" in page and "Create and screen" not in page


def test_only_the_owner_confirms_and_auditors_cannot_import(
    imported_watchlist, researcher, officer, auditor
) -> None:  # type: ignore[no-untyped-def]
    job = services.party_import_check(
        acting_user=researcher, content=GOOD.encode(), filename="parties.csv"
    )
    with pytest.raises(PermissionDenied):
        services.party_import_confirm(acting_user=officer, job=job)
    with pytest.raises(PermissionDenied):
        services.party_import_check(
            acting_user=auditor, content=GOOD.encode(), filename="parties.csv"
        )
    assert (
        _client(auditor)
        .post(
            reverse("screening:party_import"), {"file": SimpleUploadedFile("p.csv", GOOD.encode())}
        )
        .status_code
        == 403
    )
    services.party_import_cancel(acting_user=researcher, job=job)
    job.refresh_from_db()
    assert job.status == "cancelled" and not Party.objects.exists()


def test_a_rerun_after_a_killed_worker_continues_without_duplicates(
    imported_watchlist, researcher, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(services, "PARTY_IMPORT_BATCH", 1)
    job = services.party_import_check(
        acting_user=researcher, content=GOOD.encode(), filename="parties.csv"
    )
    PartyImportJob.objects.filter(pk=job.pk).update(status=PartyImportJob.Status.RUNNING)
    job.refresh_from_db()
    services._party_import_create_batch(
        job, job.rows[:1]
    )  # the worker got this far, then was killed
    services.party_import_run(job_id=job.pk)  # the task runs again
    job.refresh_from_db()
    assert job.status == "done" and job.created_count == 3 and job.screened == 3
    assert sorted(Party.objects.values_list("name", flat=True)) == [
        "Boris Vetrenko",
        "Ostara Pell",
        "Quillon Seaview Logistics",
    ]
    assert AuditEvent.objects.filter(action="screening.party.create").count() == 3
