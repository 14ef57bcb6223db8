"""API: batch screening jobs (start, poll, results) and PATCH of saved parties, with the pages' permissions."""

from __future__ import annotations

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from anpo.records.models import AuditEvent
from anpo.screening import services
from anpo.screening.models import BatchJob


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_batch_job_start_poll_and_results(
    imported_watchlist, researcher, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    api = _api(researcher)
    names = [
        {"id": "r1", "name": "Boris Vetrenko", "type": "person", "country": "RU"},
        {"name": "Nobody Invented At All"},
        {"id": "r3", "name": "Kalvoria Precision Machinery", "type": "organization"},
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = api.post(
            "/api/screening/batches/", {"label": "visitors-2026", "names": names}, format="json"
        )
    assert response.status_code == 202, response.content
    job = response.json()
    assert (
        job["status"] == "pending"
        and job["total"] == 3
        and job["finished"] is False
        and job["label"] == "visitors-2026"
    )
    assert api.get(f"/api/screening/batches/{job['id']}/").json()["processed"] == 0
    for callback in callbacks:  # the worker
        callback()
    status = api.get(f"/api/screening/batches/{job['id']}/").json()
    assert (
        status["status"] == "done"
        and status["processed"] == 3
        and status["finished"]
        and status["hit_count"] == 2
    )
    results = api.get(f"/api/screening/batches/{job['id']}/results/").json()
    assert results["count"] == 3
    by_id = {r["id"]: r for r in results["results"]}
    assert set(by_id) == {"r1", "2", "r3"}  # a missing id becomes the position
    assert by_id["r1"]["screening"]["hits"][0]["entry_id"] == "W-3"
    assert by_id["2"]["screening"]["hits"] == []
    assert by_id["r1"]["screening"]["snapshot_versions"] == [imported_watchlist.version_label]
    assert [b["id"] for b in api.get("/api/screening/batches/").json()["results"]] == [job["id"]]
    assert AuditEvent.objects.filter(action="screening.batch.create", actor=researcher).count() == 1


def test_batch_validation_and_permissions(
    imported_watchlist, researcher, other_researcher, auditor, officer
) -> None:  # type: ignore[no-untyped-def]
    api = _api(researcher)
    assert api.post("/api/screening/batches/", {"names": []}, format="json").status_code == 400
    dup = api.post(
        "/api/screening/batches/",
        {"names": [{"id": "a", "name": "x"}, {"id": "a", "name": "y"}]},
        format="json",
    )
    assert dup.status_code == 400 and "own id" in dup.content.decode()
    assert (
        api.post(
            "/api/screening/batches/",
            {"names": [{"name": "x", "country": "Russia"}]},
            format="json",
        ).status_code
        == 400
    )
    assert (
        _api(auditor)
        .post("/api/screening/batches/", {"names": [{"name": "x"}]}, format="json")
        .status_code
        == 403
    )
    created = api.post(
        "/api/screening/batches/", {"names": [{"name": "Boris Vetrenko"}]}, format="json"
    ).json()
    assert _api(other_researcher).get(f"/api/screening/batches/{created['id']}/").status_code == 404
    assert (
        _api(other_researcher).get(f"/api/screening/batches/{created['id']}/results/").status_code
        == 404
    )
    assert _api(officer).get(f"/api/screening/batches/{created['id']}/").status_code == 200
    assert _api(auditor).get(f"/api/screening/batches/{created['id']}/results/").status_code == 200
    assert BatchJob.objects.count() == 1


def test_patch_party_like_the_edit_page(
    imported_watchlist, researcher, other_researcher, auditor, dept_manager
) -> None:  # type: ignore[no-untyped-def]
    party = services.party_create(acting_user=researcher, name="Boris Vetrenko", kind="person")
    url = f"/api/screening/parties/{party.pk}/"
    response = _api(researcher).patch(
        url,
        {"country": "ru", "notes": "visiting professor", "other_names": "Borys Vetrenko"},
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (
        body["country"] == "RU"
        and body["notes"] == "visiting professor"
        and body["name"] == "Boris Vetrenko"
    )
    party.refresh_from_db()
    assert party.country == "RU" and party.other_names == "Borys Vetrenko"
    event = AuditEvent.objects.get(action="screening.party.update")
    assert (
        event.before == {"country": "", "other_names": "", "notes": ""}
        and event.after["country"] == "RU"
    )
    assert _api(researcher).patch(url, {"birth_date": "someday"}, format="json").status_code == 400
    assert _api(researcher).patch(url, {"name": "  "}, format="json").status_code == 400
    assert _api(researcher).put(url, {"name": "x"}, format="json").status_code == 405
    assert _api(other_researcher).patch(url, {"notes": "x"}, format="json").status_code == 404
    assert _api(auditor).patch(url, {"notes": "x"}, format="json").status_code == 403
    assert (
        _api(dept_manager).patch(url, {"is_active": False}, format="json").status_code == 200
    )  # the lab is in their subtree
    party.refresh_from_db()
    assert party.notes == "visiting professor" and not party.is_active


def test_schema_documents_batches_and_party_patch(db) -> None:  # type: ignore[no-untyped-def]
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    assert (
        "post" in paths["/api/screening/batches/"]
        and "202" in paths["/api/screening/batches/"]["post"]["responses"]
    )
    assert (
        "get" in paths["/api/screening/batches/{id}/"]
        and "get" in paths["/api/screening/batches/{id}/results/"]
    )
    assert (
        "patch" in paths["/api/screening/parties/{id}/"]
        and "put" not in paths["/api/screening/parties/{id}/"]
    )
