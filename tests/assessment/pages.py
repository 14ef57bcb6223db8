"""A test-only page showing determinations in the site layout (for rendering and axe checks)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template import Context, RequestContext, Template
from django.urls import path

from anpo.rules import assess, parse_facts
from anpo.rules.jp import PACK
from anpo.urls import urlpatterns as project_urlpatterns

SAMPLES = [
    {
        "id": "sample-licence",
        "date": "2026-02-02",
        "transaction": "goods_and_technology",
        "destination_country": "CN",
        "item": {"list_item": "7の項(1)", "value_jpy": 300_000, "contract_value_jpy": 300_000},
        "recipient": {
            "kind": "organization",
            "name": "Example Co.",
            "country": "CN",
            "on_meti_eul": False,
        },
        "end_use": {"concerns": ["none"]},
        "informed_by_meti": False,
        "exemption_claimed": "small_value",
    },
    {
        "id": "sample-open",
        "date": "2026-01-15",
        "transaction": "technology_provision",
        "destination_country": "JP",
        "item": {"list_item": "外為令別表9の項(7)"},
        "recipient": {
            "kind": "person",
            "person": {"nationality": "VN", "resident_in_japan_since": "2025-07-15"},
        },
        "exemption_claimed": "basic_research",
    },
]

PAGE = Template(
    '{% extends "base.html" %}{% load i18n assessment_tags %}'
    "{% block title %}Determinations{% endblock %}"
    "{% block content %}<h1>Determinations</h1>"
    "{% for det in determinations %}{% determination det %}{% endfor %}{% endblock %}"
)


def determinations() -> list[object]:
    return [assess(parse_facts(facts), pack=PACK) for facts in SAMPLES]


def page(request: HttpRequest) -> HttpResponse:
    return HttpResponse(PAGE.render(RequestContext(request, {"determinations": determinations()})))


def fragment() -> str:
    template = Template(
        "{% load assessment_tags %}{% for det in dets %}{% determination det 3 %}{% endfor %}"
    )
    return template.render(Context({"dets": determinations()}))


urlpatterns = [path("test-determinations/", page, name="determinations"), *project_urlpatterns]
