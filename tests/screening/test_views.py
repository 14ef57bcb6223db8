"""Screening pages: personas see only what their role allows; forms reject bad input clearly."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from anpo.screening import services
from anpo.screening.models import BatchJob, Hit, ListSnapshot, Party, Screening

from .conftest import WATCHLIST_V1


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def parties(imported_watchlist, researcher, other_researcher):  # type: ignore[no-untyped-def]
    mine = services.party_create(
        acting_user=researcher, name="Boris Vetrenko", kind="person", country="RU"
    )
    theirs = services.party_create(
        acting_user=other_researcher, name="Hanzel Quorra Trading", kind="organization"
    )
    return {
        "mine": mine,
        "theirs": theirs,
        "mine_screening": services.party_screen(acting_user=researcher, party=mine),
        "theirs_screening": services.party_screen(acting_user=other_researcher, party=theirs),
    }


def test_officer_pages_render(parties, officer) -> None:  # type: ignore[no-untyped-def]
    client = _client(officer)
    hit = parties["mine_screening"].hits.first()
    snapshot = ListSnapshot.objects.get()
    urls = [
        reverse("screening:home"),
        reverse("screening:party_list"),
        reverse("screening:screening_list"),
        reverse("screening:queue"),
        reverse("screening:batch_new"),
        reverse("screening:lists"),
        reverse("screening:party_create"),
        reverse("screening:party_detail", args=[parties["mine"].pk]),
        reverse("screening:party_edit", args=[parties["mine"].pk]),
        reverse("screening:screening_detail", args=[parties["mine_screening"].pk]),
        reverse("screening:hit_detail", args=[hit.pk]),
        reverse("screening:snapshot_detail", args=[snapshot.pk]),
        reverse("screening:snapshot_impact", args=[snapshot.pk]),
        reverse("core:home"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    home = client.get(reverse("core:home")).content.decode()
    assert reverse("screening:queue") in home  # dashboard panel


def test_researchers_see_only_their_own(parties, researcher, other_researcher) -> None:  # type: ignore[no-untyped-def]
    client = _client(researcher)
    listing = client.get(reverse("screening:party_list")).content.decode()
    assert "Boris Vetrenko" in listing and "Hanzel Quorra" not in listing
    assert (
        client.get(reverse("screening:party_detail", args=[parties["theirs"].pk])).status_code
        == 404
    )
    assert (
        client.get(
            reverse("screening:screening_detail", args=[parties["theirs_screening"].pk])
        ).status_code
        == 404
    )
    theirs_hit = parties["theirs_screening"].hits.first()
    assert client.get(reverse("screening:hit_detail", args=[theirs_hit.pk])).status_code == 404
    assert client.get(reverse("screening:queue")).status_code == 403
    history = client.get(reverse("screening:screening_list")).content.decode()
    assert "Hanzel Quorra" not in history


def test_dept_manager_sees_subtree_only(parties, dept_manager) -> None:  # type: ignore[no-untyped-def]
    client = _client(dept_manager)
    assert (
        client.get(reverse("screening:party_detail", args=[parties["mine"].pk])).status_code == 200
    )  # lab under eng
    assert (
        client.get(reverse("screening:party_detail", args=[parties["theirs"].pk])).status_code
        == 404
    )  # chemistry


@pytest.mark.parametrize("persona", ["committee", "auditor", "chief"])
def test_institution_wide_roles_see_everything(parties, persona, request) -> None:  # type: ignore[no-untyped-def]
    client = _client(request.getfixturevalue(persona))
    listing = client.get(reverse("screening:party_list")).content.decode()
    assert "Boris Vetrenko" in listing and "Hanzel Quorra" in listing


def test_outsider_and_sysadmin_are_refused(parties, outsider, sysadmin) -> None:  # type: ignore[no-untyped-def]
    for user in (outsider, sysadmin):
        assert _client(user).get(reverse("screening:home")).status_code == 403
    assert Client().get(reverse("screening:home")).status_code == 302


def request_other(parties):  # type: ignore[no-untyped-def]
    return parties["theirs"].owner


def test_only_reviewers_dispose_through_the_page(
    parties, researcher, committee, auditor, officer
) -> None:  # type: ignore[no-untyped-def]
    hit = parties["mine_screening"].hits.first()
    url = reverse("screening:hit_detail", args=[hit.pk])
    data = {"decision": "true_match", "reason": "same"}
    assert _client(researcher).post(url, data).status_code == 403
    assert _client(committee).post(url, data).status_code == 403
    assert _client(auditor).post(url, data).status_code == 403
    page = _client(researcher).get(url).content.decode()
    assert "Record a decision" not in page and "判断を記録" not in page
    response = _client(officer).post(url, {"decision": "false_positive", "reason": ""})
    assert response.status_code == 200 and "reason" in response.content.decode().lower()
    hit.refresh_from_db()
    assert hit.status == Hit.Status.OPEN
    evidence = SimpleUploadedFile("note.txt", b"invented evidence")
    response = _client(officer).post(
        url, {"decision": "false_positive", "reason": "different person", "attachment": evidence}
    )
    assert response.status_code == 302
    hit.refresh_from_db()
    assert hit.status == Hit.Status.FALSE_POSITIVE
    disposition = hit.dispositions.get()
    download = reverse("screening:disposition_attachment", args=[disposition.pk])
    assert download in _client(officer).get(url).content.decode()
    assert (
        b"".join(_client(researcher).get(download).streaming_content) == b"invented evidence"
    )  # owner of the screening
    assert _client(request_other(parties)).get(download).status_code == 404


def test_auditor_cannot_screen_or_import(imported_watchlist, auditor) -> None:  # type: ignore[no-untyped-def]
    client = _client(auditor)
    assert client.get(reverse("screening:home")).status_code == 200
    assert (
        client.post(reverse("screening:home"), {"name": "x", "kind": "unknown"}).status_code == 403
    )
    assert client.post(reverse("screening:lists"), {"source": "internal"}).status_code == 403
    assert not Screening.objects.exists()


def test_search_page_runs_ad_hoc_screening_and_escapes_html(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    client = _client(researcher)
    response = client.post(
        reverse("screening:home"),
        {
            "name": "<script>alert(1)</script> Boris Vetrenko",
            "kind": "person",
            "country": "ru",
            "birth_date": "",
        },
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    screening = Screening.objects.get()
    assert screening.query["country"] == "RU"
    bad = client.post(
        reverse("screening:home"),
        {"name": "Boris", "kind": "person", "country": "Russia", "birth_date": "12/04/1971"},
    )
    assert bad.status_code == 200 and Screening.objects.count() == 1


def test_save_party_after_search(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    client = _client(researcher)
    location = client.post(
        reverse("screening:home"), {"name": "Boris Vetrenko", "kind": "person", "country": "RU"}
    )["Location"]
    screening = Screening.objects.get()
    response = client.post(
        reverse("screening:screening_save_party", args=[screening.pk]),
        {"relationship": "visitor", "notes": ""},
    )
    assert response.status_code == 302 and location
    party = Party.objects.get()
    assert party.owner == researcher and party.relationship == "visitor"


def test_officer_imports_internal_list_and_bad_file_keeps_previous(
    imported_watchlist, officer, researcher
) -> None:  # type: ignore[no-untyped-def]
    client = _client(officer)
    bad = SimpleUploadedFile("watch.csv", b"foo,bar\n1,2\n", content_type="text/csv")
    response = client.post(
        reverse("screening:lists"), {"source": "internal", "file": bad}, follow=True
    )
    assert response.status_code == 200 and "foo" in response.content.decode()
    assert ListSnapshot.objects.get(is_active=True).pk == imported_watchlist.pk
    same = SimpleUploadedFile("watch.csv", WATCHLIST_V1.encode(), content_type="text/csv")
    client.post(reverse("screening:lists"), {"source": "internal", "file": same})
    assert ListSnapshot.objects.count() == 1
    assert (
        _client(researcher).post(reverse("screening:lists"), {"source": "internal"}).status_code
        == 403
    )


def test_batch_upload_progress_and_downloads(
    imported_watchlist, researcher, other_researcher, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    client = _client(researcher)
    upload = SimpleUploadedFile(
        "names.csv", b'id,name,type\n1,Boris Vetrenko,person\n2,=HYPERLINK("x"),\n'
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("screening:batch_new"), {"file": upload})
    assert response.status_code == 302
    batch = BatchJob.objects.get()
    status = client.get(reverse("screening:batch_status", args=[batch.pk])).json()
    assert status["finished"] and status["processed"] == 2 and status["percent"] == 100
    page = client.get(reverse("screening:batch_detail", args=[batch.pk])).content.decode()
    assert "<progress" in page
    csv_text = client.get(
        reverse("screening:batch_download", args=[batch.pk, "csv"])
    ).content.decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("query_id,name,rank,source,entry_id")
    assert "W-3" in csv_text and "'=HYPERLINK" in csv_text
    xlsx = client.get(reverse("screening:batch_download", args=[batch.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet.cell(1, 1).value == "query_id"
    assert (
        _client(other_researcher)
        .get(reverse("screening:batch_detail", args=[batch.pk]))
        .status_code
        == 404
    )


def test_batch_upload_errors(imported_watchlist, researcher, settings) -> None:  # type: ignore[no-untyped-def]
    client = _client(researcher)
    wrong = client.post(
        reverse("screening:batch_new"),
        {"file": SimpleUploadedFile("n.csv", b"name,country\nx,CN\n")},
    )
    assert wrong.status_code == 200 and "id" in wrong.content.decode()
    settings.ANPO_MAX_UPLOAD_BYTES = 50
    huge = client.post(
        reverse("screening:batch_new"),
        {"file": SimpleUploadedFile("n.csv", b"id,name\n" + b"1,x\n" * 100)},
    )
    assert huge.status_code == 200 and not BatchJob.objects.exists()


def test_change_impact_lists_matching_parties_and_past_screenings(
    imported_watchlist, researcher, officer, write_file, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    services.party_create(
        acting_user=researcher, name="Ostrelian Nuclear Physics Centre", kind="organization"
    )
    services.party_screen(acting_user=researcher, name="Ostrelian Nuclear Physics Center")
    v2 = (
        WATCHLIST_V1 + "W-5,Ostrelian Nuclear Physics Centre,organization,ONPC,,KP,,invented,demo\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        snapshot = services.list_snapshot_import(
            source="internal", path=write_file("v2.csv", v2), acting_user=officer
        ).snapshot
    page = (
        _client(officer)
        .get(reverse("screening:snapshot_impact", args=[snapshot.pk]))
        .content.decode()
    )
    assert "Ostrelian Nuclear Physics Centre" in page
    assert reverse("screening:party_detail", args=[Party.objects.get().pk]) in page
    assert "Ostrelian Nuclear Physics Center" in page  # the past ad hoc screening


def test_batch_upload_accepts_xlsx(
    imported_watchlist, researcher, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["id", "name", "type", "country", "birth_date"])
    sheet.append([1, "Boris Vetrenko", "person", "RU", dt.datetime(1971, 4, 12)])
    sheet.append(["x2", "Kalvoria Precision Machinery", "organization", "CN", None])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("names.xlsx", buffer.getvalue())
    with django_capture_on_commit_callbacks(execute=True):
        response = _client(researcher).post(reverse("screening:batch_new"), {"file": upload})
    assert response.status_code == 302
    batch = BatchJob.objects.get()
    assert batch.rows[0] == {
        "id": "1",
        "name": "Boris Vetrenko",
        "type": "person",
        "country": "RU",
        "birth_date": "1971-04-12",
    }
    assert batch.status == "done" and batch.hit_count == 2


def test_batch_upload_rejects_broken_xlsx(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    upload = SimpleUploadedFile("names.xlsx", b"PK\x03\x04 not really a workbook")
    response = _client(researcher).post(reverse("screening:batch_new"), {"file": upload})
    assert response.status_code == 200 and "xlsx" in response.content.decode()
    assert not BatchJob.objects.exists()
