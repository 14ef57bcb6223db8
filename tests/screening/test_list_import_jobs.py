"""List import from the web page: stored upload, background job with status, result or refusal shown to the officer."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from anpo.records.models import AuditEvent
from anpo.screening import services
from anpo.screening.models import ListImportJob, ListSnapshot

from .conftest import PARSER_FIXTURES, WATCHLIST_V1, watchlist

OFAC_FILES = ("sdn.csv", "add.csv", "alt.csv", "sdn_comments.csv")


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    user.language = (
        "en"  # assert the English texts (the Japanese catalogue is checked by the browser tests)
    )
    user.save(update_fields=["language"])
    client = Client()
    client.force_login(user)
    return client


def _upload(name: str, content: bytes | str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content.encode() if isinstance(content, str) else content)


def test_officer_upload_creates_a_job_that_imports_in_the_background(
    officer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = _client(officer)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            reverse("screening:lists"),
            {"source": "internal", "files": [_upload("watch.csv", WATCHLIST_V1)]},
        )
    job = ListImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "screening:list_import_detail", args=[job.pk]
    )
    # nothing imported during the request: the job waits for the worker
    assert job.status == ListImportJob.Status.PENDING and not ListSnapshot.objects.exists()
    assert Path(job.stored_path, "watch.csv").read_text(encoding="utf-8") == WATCHLIST_V1
    assert AuditEvent.objects.filter(action="screening.list.import_job.create").count() == 1
    pending_page = client.get(
        reverse("screening:list_import_detail", args=[job.pk])
    ).content.decode()
    assert 'data-finished="false"' in pending_page and "reload" in pending_page.lower()
    status = client.get(reverse("screening:list_import_status", args=[job.pk])).json()
    assert status == {
        "status": "pending",
        "status_label": "Waiting",
        "stage": job.stage,
        "finished": False,
    }

    for callback in callbacks:  # the worker runs the job
        callback()
    job.refresh_from_db()
    assert (
        job.status == ListImportJob.Status.DONE
        and job.snapshot is not None
        and job.snapshot.is_active
    )
    assert job.message and job.finished_at is not None
    page = client.get(reverse("screening:list_import_detail", args=[job.pk])).content.decode()
    assert (
        reverse("screening:snapshot_detail", args=[job.snapshot.pk]) in page
        and 'data-finished="true"' in page
    )
    assert (
        client.get(reverse("screening:list_import_status", args=[job.pk])).json()["finished"]
        is True
    )


def test_second_version_shows_its_diff(
    imported_watchlist, officer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    v2 = watchlist(
        "W-1,Zentrovia Advanced Materials Institute,organization,ZAMI,ゼントロヴィア先端材料研究所,IR,,invented,demo",
        "W-2,Kalvoria Precision Machinery Co. Ltd.,organization,Kalvoria Machinery,,CN,,invented,demo",
        "W-3,Boris Vetrenko,person,Borys Vetrenko,Борис Ветренко,RU,1971-04-12,invented,demo",
        "W-5,Ostrelian Nuclear Physics Centre,organization,ONPC,,KP,,invented,demo",
    )
    client = _client(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("screening:lists"), {"source": "internal", "files": [_upload("v2.csv", v2)]}
        )
    job = ListImportJob.objects.get()
    assert (
        job.status == "done"
        and job.snapshot.diff_added == ["W-5"]
        and job.snapshot.diff_removed == ["W-4"]
    )
    page = client.get(reverse("screening:list_import_detail", args=[job.pk])).content.decode()
    assert "+1 added, −1 removed, 0 changed" in page
    assert reverse("screening:snapshot_impact", args=[job.snapshot.pk]) in page


def test_refused_file_keeps_the_previous_version_and_says_why(
    imported_watchlist, officer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = _client(officer)
    small = watchlist("W-1,Zentrovia Advanced Materials Institute,organization,,,IR,,,")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("screening:lists"),
            {"source": "internal", "files": [_upload("small.csv", small)]},
        )
    job = ListImportJob.objects.get()
    assert (
        job.status == ListImportJob.Status.REJECTED
        and "fewer than 50%" in job.error
        and job.snapshot is None
    )
    assert ListSnapshot.objects.get(is_active=True).pk == imported_watchlist.pk
    page = client.get(reverse("screening:list_import_detail", args=[job.pk])).content.decode()
    assert "fewer than 50%" in page and 'role="alert"' in page
    assert (
        reverse("screening:snapshot_detail", args=[imported_watchlist.pk]) in page
    )  # the version still in use
    assert AuditEvent.objects.filter(action="screening.list.import_rejected").count() == 1


def test_ofac_set_as_several_files_then_as_a_zip(
    officer, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = _client(officer)
    files = {name: (PARSER_FIXTURES / "ofac" / name).read_bytes() for name in OFAC_FILES}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("screening:lists"),
            {
                "source": "ofac-sdn",
                "files": [_upload(name.upper(), content) for name, content in files.items()],
            },
        )
    assert response.status_code == 302
    first = ListImportJob.objects.get()
    assert first.status == "done", first.error
    assert sorted(first.file_names) == sorted(OFAC_FILES)
    snapshot = ListSnapshot.objects.get(source__key="ofac-sdn", is_active=True)
    assert snapshot.entry_count > 0

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(f"ofac/{name}", content)
        archive.writestr("__MACOSX/._sdn.csv", b"junk")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("screening:lists"),
            {"source": "ofac-sdn", "files": [_upload("ofac.zip", buffer.getvalue())]},
        )
    second = ListImportJob.objects.exclude(pk=first.pk).get()
    assert (
        second.status == ListImportJob.Status.UNCHANGED and second.snapshot_id == snapshot.pk
    )  # same files, same SHA-256
    page = client.get(reverse("screening:list_import_detail", args=[second.pk])).content.decode()
    assert (
        "already imported as version" in page
        and reverse("screening:snapshot_detail", args=[snapshot.pk]) in page
    )


def test_incomplete_ofac_set_is_refused(officer, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    client = _client(officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("screening:lists"),
            {
                "source": "ofac-sdn",
                "files": [_upload("alt.csv", (PARSER_FIXTURES / "ofac" / "alt.csv").read_bytes())],
            },
        )
    job = ListImportJob.objects.get()
    assert job.status == ListImportJob.Status.REJECTED and job.error
    assert not ListSnapshot.objects.filter(source__key="ofac-sdn").exists()


def test_upload_size_is_limited_in_all(officer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.ANPO_MAX_UPLOAD_BYTES = 600
    client = _client(officer)
    response = client.post(
        reverse("screening:lists"),
        {
            "source": "internal",
            "files": [_upload("a.csv", WATCHLIST_V1), _upload("b.csv", WATCHLIST_V1)],
        },
    )
    assert response.status_code == 200 and "too large" in response.content.decode()
    assert not ListImportJob.objects.exists()
    with pytest.raises(ValidationError, match="larger"):
        services.list_import_job_create(
            acting_user=officer, source="internal", files=[("a.csv", b"x" * 601)]
        )


def test_zip_limits(officer, settings) -> None:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("big.csv", b"a" * (settings.ANPO_MAX_UPLOAD_BYTES // 1000 * 1000 * 21))
    with pytest.raises(ValidationError, match="expands"):
        services.list_import_job_create(
            acting_user=officer, source="internal", files=[("bomb.zip", buffer.getvalue())]
        )
    with pytest.raises(ValidationError, match="zip"):
        services.list_import_job_create(
            acting_user=officer, source="internal", files=[("broken.zip", b"PK\x03\x04nope")]
        )
    assert not ListImportJob.objects.exists()


def test_only_officers_import_and_researchers_do_not_see_jobs(researcher, auditor, officer) -> None:  # type: ignore[no-untyped-def]
    job = services.list_import_job_create(
        acting_user=officer, source="internal", files=[("w.csv", WATCHLIST_V1.encode())]
    )
    assert (
        _client(researcher)
        .post(
            reverse("screening:lists"),
            {"source": "internal", "files": [_upload("w.csv", WATCHLIST_V1)]},
        )
        .status_code
        == 403
    )
    assert (
        _client(researcher).get(reverse("screening:list_import_detail", args=[job.pk])).status_code
        == 403
    )
    assert (
        _client(auditor).get(reverse("screening:list_import_detail", args=[job.pk])).status_code
        == 200
    )
    assert (
        _client(auditor)
        .post(
            reverse("screening:lists"),
            {"source": "internal", "files": [_upload("w.csv", WATCHLIST_V1)]},
        )
        .status_code
        == 403
    )
    with pytest.raises(PermissionDenied):
        services.list_import_job_create(
            acting_user=researcher, source="internal", files=[("w.csv", WATCHLIST_V1.encode())]
        )
    assert ListImportJob.objects.count() == 1


def test_a_job_left_waiting_says_the_worker_may_be_down(officer) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    job = services.list_import_job_create(
        acting_user=officer, source="internal", files=[("w.csv", WATCHLIST_V1.encode())]
    )
    client = _client(officer)
    assert (
        "has not started"
        not in client.get(reverse("screening:list_import_detail", args=[job.pk])).content.decode()
    )
    ListImportJob.objects.filter(pk=job.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=5)
    )
    assert (
        "has not started"
        in client.get(reverse("screening:list_import_detail", args=[job.pk])).content.decode()
    )
