"""Catalogue API: token auth, search, entry detail, suggestions; permissions as on the pages."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def _api(user: Any) -> APIClient:
    client = APIClient()
    token, _created = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def test_the_catalogue_lists_the_versions_in_force(
    imported: dict[str, object], researcher: Any
) -> None:
    body = _api(researcher).get("/api/classification/catalogue/").json()
    by_code = {row["code"]: row for row in body}
    assert by_code["jp-export-order"]["version"]["revision_label"] == "令和八年政令第百九十四号"
    assert by_code["jp-export-order"]["versions"] == 2
    assert by_code["eu-annex1-structure"]["is_stand_in"] is True


def test_search_returns_entries_with_highlight_spans(
    imported: dict[str, object], researcher: Any
) -> None:
    body = (
        _api(researcher)
        .get("/api/classification/catalogue/search/", {"q": "50 GHz スペクトラムアナライザー"})
        .json()
    )
    top = body["results"][0]
    assert top["entry"]["instrument"] == "jp-goods-ordinance"
    assert "四〇ギガヘルツ" in top["matched"] or "スペクトラムアナライザー" in top["matched"]
    text = top["entry"]["text"]
    assert all(0 <= span["start"] < span["end"] <= len(text) for span in top["highlights"])


def test_search_by_number_is_exact(imported: dict[str, object], researcher: Any) -> None:
    body = _api(researcher).get("/api/classification/catalogue/search/", {"q": "7の項(13)"}).json()
    assert body["results"][0]["exact"] is True
    assert body["results"][0]["entry"]["key"] == "7の項(13)"


def test_search_refuses_bad_input(imported: dict[str, object], researcher: Any) -> None:
    client = _api(researcher)
    assert client.get("/api/classification/catalogue/search/").status_code == 400
    assert client.get("/api/classification/catalogue/search/", {"q": "x" * 501}).status_code == 400
    assert (
        client.get(
            "/api/classification/catalogue/search/", {"q": "x", "instrument": "nope"}
        ).status_code
        == 400
    )
    assert (
        client.get("/api/classification/catalogue/search/", {"q": "x", "limit": "many"}).status_code
        == 400
    )


def test_entry_detail_with_links_and_versions(imported: dict[str, object], researcher: Any) -> None:
    body = (
        _api(researcher)
        .get(f"/api/classification/catalogue/jp-export-order/entries/{quote('7の項(13)')}/")
        .json()
    )
    assert body["entry"]["text"] == "周波数分析器又は信号分析器"
    assert [s["key"] for s in body["specified_by"]] == ["6-1-12"]
    assert body["specified_by"][0]["guidance"] is True
    assert [v["changed"] for v in body["versions"]] == [False, True]
    assert any(a["key"] == "3A002" for a in body["analogues"])


def test_entry_detail_of_unknown_keys_is_404(imported: dict[str, object], researcher: Any) -> None:
    client = _api(researcher)
    assert (
        client.get("/api/classification/catalogue/jp-export-order/entries/99の項/").status_code
        == 404
    )
    assert client.get("/api/classification/catalogue/nope/entries/x/").status_code == 404


def test_suggestions_follow_the_contract_and_are_marked(
    imported: dict[str, object], researcher: Any
) -> None:
    body = (
        _api(researcher)
        .post(
            "/api/classification/catalogue/suggest/",
            {
                "description": "spectrum analyzer",
                "kind": "goods",
                "parameters": {"frequency": "50 GHz"},
                "top": 3,
            },
            format="json",
        )
        .json()
    )
    assert "not a classification" in body["note"]
    assert body["suggestions"][0]["entry"] == "7の項(13)"
    assert body["suggestions"][0]["ordinance"] == "6-1-12-i"
    assert len(body["suggestions"]) <= 3
    assert {v["instrument"] for v in body["versions"]} == {
        "jp-export-order",
        "jp-goods-ordinance",
        "jp-forex-order",
    }


def test_suggest_refuses_bad_input(imported: dict[str, object], researcher: Any) -> None:
    client = _api(researcher)
    assert (
        client.post(
            "/api/classification/catalogue/suggest/", {"kind": "goods"}, format="json"
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/classification/catalogue/suggest/",
            {"description": "x", "kind": "food"},
            format="json",
        ).status_code
        == 400
    )
    assert (
        client.post(
            "/api/classification/catalogue/suggest/",
            {"description": "x", "top": 500},
            format="json",
        ).status_code
        == 400
    )


def test_no_token_is_refused_and_a_signed_in_user_without_a_role_reads_the_law(
    imported: dict[str, object], outsider: Any
) -> None:
    assert APIClient().get("/api/classification/catalogue/").status_code in (401, 403)
    assert _api(outsider).get("/api/classification/catalogue/").status_code == 200
    assert (
        _api(outsider).get("/api/classification/catalogue/search/", {"q": "集積回路"}).status_code
        == 200
    )
