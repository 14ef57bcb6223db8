"""REST API: token auth, permissions like the pages, meaningful OpenAPI schema."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from anpo.screening import services
from anpo.screening.models import Party, Screening


def _api(user) -> APIClient:  # type: ignore[no-untyped-def]
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_screen_many_names_returns_hits_explanations_and_versions(
    imported_watchlist, researcher
) -> None:  # type: ignore[no-untyped-def]
    response = _api(researcher).post(
        "/api/screening/screen/",
        {
            "names": [
                {
                    "id": "a",
                    "name": "Boris Vetrenko",
                    "type": "person",
                    "country": "RU",
                    "birth_date": "1971",
                },
                {"id": "b", "name": "Nobody Invented At All"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["snapshots"][0]["version"] == imported_watchlist.version_label
    assert body["threshold"] > 0 and body["algorithm"]
    first, second = body["results"]
    assert first["id"] == "a"
    hit = first["screening"]["hits"][0]
    assert hit["entry_id"] == "W-3" and 0 < hit["score"] <= 1 and hit["explanation"]["list_name"]
    assert second["screening"]["hits"] == []
    assert Screening.objects.filter(owner=researcher).count() == 2


def test_screen_validates_input(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    api = _api(researcher)
    assert api.post("/api/screening/screen/", {"names": []}, format="json").status_code == 400
    assert (
        api.post(
            "/api/screening/screen/", {"names": [{"name": "x", "country": "Russia"}]}, format="json"
        ).status_code
        == 400
    )
    assert (
        api.post(
            "/api/screening/screen/", {"names": [{"name": "\x00\x01"}]}, format="json"
        ).status_code
        == 400
    )
    assert (
        api.post(
            "/api/screening/screen/", {"names": [{"name": "x"}] * 101}, format="json"
        ).status_code
        == 400
    )


def test_auth_and_permissions(
    imported_watchlist, researcher, other_researcher, auditor, outsider, officer
) -> None:  # type: ignore[no-untyped-def]
    assert APIClient().get("/api/screening/parties/").status_code == 401
    assert _api(outsider).get("/api/screening/parties/").status_code == 403
    mine = services.party_create(acting_user=researcher, name="Boris Vetrenko", kind="person")
    theirs = services.party_create(
        acting_user=other_researcher, name="Hanzel Quorra Trading", kind="organization"
    )
    screening = services.party_screen(acting_user=other_researcher, party=theirs)
    names = [p["name"] for p in _api(researcher).get("/api/screening/parties/").json()["results"]]
    assert names == ["Boris Vetrenko"]
    assert _api(researcher).get(f"/api/screening/parties/{theirs.pk}/").status_code == 404
    assert _api(researcher).get(f"/api/screening/screenings/{screening.pk}/").status_code == 404
    assert _api(officer).get(f"/api/screening/screenings/{screening.pk}/").status_code == 200
    assert len(_api(auditor).get("/api/screening/parties/").json()["results"]) == 2
    assert (
        _api(auditor).post("/api/screening/parties/", {"name": "x"}, format="json").status_code
        == 403
    )
    assert (
        _api(auditor)
        .post("/api/screening/screen/", {"names": [{"name": "x"}]}, format="json")
        .status_code
        == 403
    )
    assert mine.pk


def test_create_party_screens_it(imported_watchlist, researcher) -> None:  # type: ignore[no-untyped-def]
    response = _api(researcher).post(
        "/api/screening/parties/",
        {
            "name": "Zentrovia Advanced Materials Institute",
            "kind": "organization",
            "country": "ir",
            "relationship": "joint_research",
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    party = Party.objects.get()
    assert party.owner == researcher and party.country == "IR"
    assert party.screenings.get().hit_count == 1
    listing = _api(researcher).get("/api/screening/screenings/").json()
    assert listing["results"][0]["hit_count"] == 1
    bad = _api(researcher).post(
        "/api/screening/parties/", {"name": "x", "birth_date": "yesterday"}, format="json"
    )
    assert bad.status_code == 400


@pytest.mark.django_db
def test_schema_documents_screening_endpoints(officer) -> None:  # type: ignore[no-untyped-def]
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    assert "/api/screening/screen/" in paths and "/api/screening/parties/" in paths
    components = schema["components"]["schemas"]
    assert "ScreenRequest" in components and "Hit" in components
    assert "explanation" in components["Hit"]["properties"]


def test_review_queue_and_dispositions_through_the_api(
    imported_watchlist, researcher, committee, officer
) -> None:  # type: ignore[no-untyped-def]
    from anpo.records.models import AuditEvent

    screening = services.party_screen(acting_user=researcher, name="Boris Vetrenko")
    hit = screening.hits.get()
    assert _api(researcher).get("/api/screening/hits/open/").status_code == 403
    queue = _api(committee).get("/api/screening/hits/open/").json()["results"]
    assert [h["id"] for h in queue] == [hit.pk] and queue[0]["query_name"] == "Boris Vetrenko"
    url = f"/api/screening/hits/{hit.pk}/dispose/"
    assert _api(researcher).post(url, {"decision": "true_match"}, format="json").status_code == 403
    assert _api(committee).post(url, {"decision": "true_match"}, format="json").status_code == 403
    assert _api(officer).post(url, {"decision": "false_positive"}, format="json").status_code == 400
    response = _api(officer).post(
        url, {"decision": "false_positive", "reason": "different person"}, format="json"
    )
    assert response.status_code == 201 and response.json()["decided_by"] == "officer"
    assert AuditEvent.objects.filter(action="screening.hit.dispose", actor=officer).count() == 1
    assert (
        _api(officer)
        .post(url, {"decision": "true_match", "reason": "x"}, format="json")
        .status_code
        == 400
    )
    assert _api(committee).get("/api/screening/hits/open/").json()["results"] == []
