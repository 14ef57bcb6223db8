"""Catalogue pages: who may read them, search by number / words / parameters, entries, diffs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _entry_url(code: str, key: str) -> str:
    return reverse("classification:entry", args=[code, key])


@pytest.mark.parametrize(
    "persona",
    ["researcher", "dept_manager", "officer", "chief", "committee", "auditor", "sysadmin"],
)
def test_every_role_reads_the_catalogue(
    imported: dict[str, object], persona: str, request: pytest.FixtureRequest
) -> None:
    client = _client(request.getfixturevalue(persona))
    assert client.get(reverse("classification:home")).status_code == 200
    assert client.get(_entry_url("jp-export-order", "7の項(1)")).status_code == 200


def test_the_catalogue_is_law_text_every_signed_in_user_reads(
    imported: dict[str, object], outsider: Any
) -> None:
    client = _client(outsider)
    assert client.get(reverse("classification:home")).status_code == 200
    assert client.get(reverse("classification:search"), {"q": "集積回路"}).status_code == 200
    assert client.get(_entry_url("jp-export-order", "7の項(1)")).status_code == 200
    assert (
        client.post(reverse("classification:update", args=["jp-export-order"])).status_code == 403
    )


def test_anonymous_visitors_are_sent_to_the_login(imported: dict[str, object]) -> None:
    response = Client().get(reverse("classification:home"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_home_page_shows_the_versions_in_force_and_cites_egov(
    imported: dict[str, object], researcher: Any
) -> None:
    html = _client(researcher).get(reverse("classification:home")).content.decode()
    assert "令和八年政令第百九十四号" in html
    assert "2026-06-05" in html
    assert "e-Gov法令検索" in html
    assert "stand-in" in html or "代替" in html


def test_search_by_item_number_finds_the_entry(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "２の項（１２）１"})
    assert [h.entry.key for h in response.context["result"].exact] == ["2の項(12)1"]


def test_search_by_eccn_finds_the_us_and_eu_entries(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "3a002.c.3"})
    found = {(h.instrument.code, h.entry.key) for h in response.context["result"].exact}
    assert found == {("us-ccl", "3A002.c.3"), ("eu-annex1-structure", "3A002.c.3")}


def test_search_by_article_citation(imported: dict[str, object], researcher: Any) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "第六条第十二号イ"})
    assert [h.entry.key for h in response.context["result"].exact] == ["6-1-12-i"]


def test_search_by_japanese_words_highlights_them(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(
        reverse("classification:search"), {"q": "スペクトラムアナライザー"}
    )
    hits = response.context["result"].hits
    assert hits[0].entry.key == "6-1-12"
    assert "<mark>スペクトラムアナライザー</mark>" in response.content.decode()


def test_search_by_english_words_finds_japanese_and_english_entries(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "spectrum analyzer"})
    instruments = {h.instrument.code for h in response.context["result"].hits}
    assert "jp-goods-ordinance" in instruments
    assert "us-ccl" in instruments


def test_search_by_parameter_words_matches_thresholds(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "50 GHz"})
    hits = response.context["result"].hits
    assert hits[0].entry.key == "6-1-12-i"
    assert hits[0].parameters
    assert "<mark>四〇ギガヘルツ</mark>" in response.content.decode()


def test_full_width_law_numbers_are_searchable_in_ascii(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "0.006 mm"})
    assert response.context["result"].hits[0].entry.key == "1-1-14-i"


def test_search_can_be_limited_to_one_list(imported: dict[str, object], researcher: Any) -> None:
    response = _client(researcher).get(
        reverse("classification:search"), {"q": "signal analyzers", "instrument": "us-ccl"}
    )
    assert {h.instrument.code for h in response.context["result"].hits} == {"us-ccl"}


def test_a_hostile_query_is_shown_as_text(imported: dict[str, object], researcher: Any) -> None:
    response = _client(researcher).get(
        reverse("classification:search"), {"q": "<script>alert(1)</script> 集積回路"}
    )
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_overlong_query_is_refused_by_the_form(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(reverse("classification:search"), {"q": "あ" * 600})
    assert response.status_code == 200
    assert response.context["result"] is None


def test_the_entry_page_shows_specification_technology_analogues_and_versions(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(_entry_url("jp-export-order", "7の項(13)"))
    relations = response.context["relations"]
    assert [i.key for i in relations["specified_by"]] == ["6-1-12"]
    assert {i.key for i in relations["technology"]} == {"7の項", "7の項(1)", "7の項(2)"}
    assert {i.entry.key for i in relations["analogues"]} >= {"3A002"}
    history = response.context["history"]
    assert [h["changed"] for h in history] == [False, True]
    html = response.content.decode()
    assert "<ins>又は信号分析器</ins>" in html


def test_the_ordinance_page_names_the_item_it_specifies_and_the_technology_citing_it(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(_entry_url("jp-goods-ordinance", "6-1-12-i"))
    relations = response.context["relations"]
    assert [i.key for i in relations["specifies"]] == ["7の項(13)"]
    assert "19-1-1" in [i.key for i in relations["cited_by"]]


def test_the_technology_page_names_its_goods_and_specification(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(_entry_url("jp-forex-order", "7の項(1)"))
    relations = response.context["relations"]
    assert [i.key for i in relations["goods"]] == ["7の項"]
    assert [i.key for i in relations["specified_by"]] == ["19-1"]


def test_an_older_version_of_an_entry_can_be_read(
    imported: dict[str, object], researcher: Any
) -> None:
    from anpo.classification.models import CatalogueVersion

    older = CatalogueVersion.objects.get(
        instrument__code="jp-export-order", legal_text_date="2026-02-14"
    )
    response = _client(researcher).get(
        _entry_url("jp-export-order", "2の項(12)2"), {"version": older.pk}
    )
    assert response.status_code == 200
    assert (
        "not the version in force" in response.content.decode()
        or "施行中" in response.content.decode()
    )
    assert _client(researcher).get(_entry_url("jp-export-order", "2の項(12)2")).status_code == 404


def test_unknown_lists_entries_and_versions_are_404(
    imported: dict[str, object], researcher: Any
) -> None:
    client = _client(researcher)
    assert client.get(_entry_url("no-such-list", "x")).status_code == 404
    assert client.get(_entry_url("jp-export-order", "99の項")).status_code == 404
    assert (
        client.get(_entry_url("jp-export-order", "7の項(1)"), {"version": "abc"}).status_code == 404
    )
    assert (
        client.get(_entry_url("jp-export-order", "7の項(1)"), {"version": "99999"}).status_code
        == 404
    )


def test_the_diff_page_shows_what_changed(imported: dict[str, object], researcher: Any) -> None:
    response = _client(researcher).get(reverse("classification:diff", args=["jp-export-order"]))
    assert response.context["summary"] == {"added": 2, "removed": 1, "changed": 6}
    html = response.content.decode()
    assert "<ins>又は信号分析器</ins>" in html


def test_the_diff_page_refuses_the_same_version_twice(
    imported: dict[str, object], researcher: Any
) -> None:
    from anpo.classification.models import CatalogueVersion

    version = CatalogueVersion.objects.get(instrument__code="jp-export-order", is_current=True)
    response = _client(researcher).get(
        reverse("classification:diff", args=["jp-export-order"]),
        {"old": version.pk, "new": version.pk},
    )
    assert response.status_code == 200
    assert response.context["changes"] is None


def test_the_suggest_page_marks_suggestions_as_such(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(
        reverse("classification:suggest"),
        {"description": "spectrum analyzer", "kind": "goods", "parameters": "frequency: 50 GHz"},
    )
    suggestions = response.context["suggestions"]
    assert suggestions[0].suggestion.entry == "7の項(13)"
    assert suggestions[0].ordinance.key == "6-1-12-i"
    assert (
        "(not a classification)" in response.content.decode()
        or "該非判定ではありません" in response.content.decode()
    )


def test_the_suggest_form_rejects_malformed_parameters(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(
        reverse("classification:suggest"),
        {"description": "spectrum analyzer", "parameters": "no separator here"},
    )
    assert response.context["suggestions"] is None
    assert response.context["form"].errors["parameters"]


def test_the_instrument_page_lists_contents_and_versions(
    imported: dict[str, object], researcher: Any
) -> None:
    response = _client(researcher).get(
        reverse("classification:instrument", args=["jp-export-order"])
    )
    assert [e.key for e in response.context["entries"]][:2] == ["2の項", "3の2の項"]
    assert len(response.context["versions"]) == 2


def test_the_main_navigation_links_to_classification(
    imported: dict[str, object], researcher: Any
) -> None:
    html = _client(researcher).get(reverse("core:home")).content.decode()
    assert reverse("classification:home") in html
