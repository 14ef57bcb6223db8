"""A walk over every URL pattern: each route declares its capabilities, and refuses whoever lacks them.

Pages declare access with ``capability_required`` (kept on the view as ``requirement``), API
views with ``HasCapability``; the few routes open without a capability are listed in
``OPEN_ROUTES`` with the reason. A new view that declares nothing fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter, PathConverter, SlugConverter, StringConverter

from anpo.accounts.access import HasCapability, Requirement
from anpo.accounts.capabilities import PLANNED

pytestmark = pytest.mark.django_db


# Routes with no capability, and why.
OPEN_ROUTES = {
    "core:home": "signed in: the dashboard shows only the panels a user may see",
    "core:healthz": "public health check for the load balancer",
    "core:accessibility": "public accessibility statement",
    "reader:preferences": "reading aids, also for anonymous readers (cookie)",
    "reader:set_language": "language switch, also for anonymous readers (cookie)",
    "accounts:login": "sign-in",
    "accounts:logout": "sign-out",
    "accounts:profile": "signed in: one's own account",
    "accounts:password_change": "signed in: one's own password",
    "accounts:password_change_done": "signed in: one's own password",
    "accounts:password_reset": "password reset flow",
    "accounts:password_reset_done": "password reset flow",
    "accounts:password_reset_confirm": "password reset flow",
    "accounts:password_reset_complete": "password reset flow",
    "certificate_verify": "public certificate check (holder, course, validity only)",
    "api-token": "exchanges a password for the API token",
    "api-schema": "the OpenAPI schema (its exposure is decided with the API hardening)",
}
# What each route needs: any of "read" for GET, any of "write" for POST and the other unsafe
# methods ("a|b": either; "*": any signed-in user; "-": nobody). A change of access shows up here in review.
ROUTE_ACCESS = """
route                              read                 write
accounts:role_add                  admin_users          admin_users
accounts:role_remove               admin_users          admin_users
accounts:unit_create               admin_users          admin_users
accounts:unit_edit                 admin_users          admin_users
accounts:unit_list                 read_users           -
accounts:user_create               admin_users          admin_users
accounts:user_edit                 admin_users          admin_users
accounts:user_import               admin_users          admin_users
accounts:user_list                 read_users           -
api-me                             *                    -
api-catalogue                      read_catalogue       -
api-catalogue-entry                read_catalogue       -
api-catalogue-search               read_catalogue       -
api-catalogue-suggest              read_catalogue       read_catalogue
classification:diff                read_catalogue       -
classification:entry               read_catalogue       -
classification:home                read_catalogue       -
classification:instrument          read_catalogue       -
classification:search              read_catalogue       -
classification:suggest             read_catalogue       -
classification:update              manage_catalogue     manage_catalogue
api-party-detail                   read_screening       manage_parties
api-party-list                     read_screening       manage_parties
api-screening-batch                read_screening       -
api-screening-batch-results        read_screening       -
api-screening-batches              read_screening       screen
api-screening-detail               read_screening       -
api-screening-dispose              dispose_hit          dispose_hit
api-screening-list                 read_screening       -
api-screening-queue                read_review_queue    -
api-screening-screen               screen               screen
api-training-status                *                    -
api-training-valid                 *                    -
records:event_detail               read_audit           -
records:event_export               read_audit           -
records:event_list                 read_audit           -
records:verify                     read_audit           -
screening:batch_detail             read_screening       -
screening:batch_download           read_screening       -
screening:batch_new                read_screening       screen
screening:batch_status             read_screening       -
screening:disposition_attachment   read_screening       -
screening:hit_detail               read_screening       dispose_hit
screening:home                     read_screening       screen
screening:list_import_detail       read_list_imports    -
screening:list_import_status       read_list_imports    -
screening:lists                    read_screening       manage_lists
screening:party_create             manage_parties       manage_parties
screening:party_detail             read_screening       -
screening:party_edit               manage_parties       manage_parties
screening:party_import             read_screening       manage_parties
screening:party_import_detail      read_screening       manage_parties
screening:party_import_status      read_screening       -
screening:party_list               read_screening       -
screening:party_screen             screen               screen
screening:queue                    read_review_queue    -
screening:screening_detail         read_screening       -
screening:screening_list           read_screening       -
screening:screening_replay         read_screening       -
screening:screening_save_party     manage_parties       manage_parties
screening:search                   read_screening       screen
screening:snapshot_detail          read_screening       -
screening:snapshot_impact          read_screening       -
training:assignment_deactivate     assign_training      assign_training
training:assignments               read_assignments     assign_training
training:attempt                   *                    take_training
training:attempts                  *                    take_training
training:caption                   *                    take_training
training:certificate_pdf           *                    take_training
training:certificate_revoke        revoke_certificate   revoke_certificate
training:course                    *                    take_training
training:course_edit               author_training      author_training
training:course_export             author_training      author_training
training:course_import             author_training      author_training
training:course_new                author_training      author_training
training:course_version            read_course_history  -
training:course_versions           read_course_history  -
training:home                      *                    take_training
training:lesson                    *                    take_training
training:lesson_edit               author_training      author_training
training:lesson_move               author_training      author_training
training:lesson_new                author_training      author_training
training:lesson_remove             author_training      author_training
training:manage                    author_training      author_training
training:module_move               author_training      author_training
training:module_new                author_training      author_training
training:module_remove             author_training      author_training
training:my_record                 *                    take_training
training:person_record             *                    take_training
training:question_edit             author_training      author_training
training:question_new              author_training      author_training
training:question_remove           author_training      author_training
training:quiz_start                take_training        take_training
training:report                    read_reports         -
training:report_csv                read_reports         -
training:report_xlsx               read_reports         -
training:scorm_commit              take_training        take_training
training:scorm_file                *                    take_training
training:scorm_import              author_training      author_training
training:video                     *                    take_training
"""
SKIPPED_NAMESPACES = {"admin"}  # Django's admin checks is_staff itself

DUMMY_VALUES = {
    IntConverter: 999999,
    SlugConverter: "no-such-thing",
    StringConverter: "x",
    PathConverter: "x",
}


@dataclass(frozen=True)
class Route:
    name: str
    url: str
    requirement: Requirement | None
    is_api: bool


def _requirement(callback: Any) -> tuple[Requirement | None, bool]:
    view_class = getattr(callback, "cls", None)
    if view_class is not None:  # Django REST framework
        for permission in getattr(view_class, "permission_classes", ()):
            if isinstance(permission, type) and issubclass(permission, HasCapability):
                return permission.requirement, True
        return None, True
    return getattr(callback, "requirement", None), False


def _walk(patterns: list[Any], namespaces: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = (*namespaces, pattern.namespace) if pattern.namespace else namespaces
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield ":".join((*namespaces, pattern.name)), pattern


def _routes() -> list[Route]:
    routes = []
    for name, pattern in _walk(get_resolver().url_patterns):
        converters = getattr(pattern.pattern, "converters", {})
        kwargs = {key: DUMMY_VALUES[type(converter)] for key, converter in converters.items()}
        requirement, is_api = _requirement(pattern.callback)
        routes.append(Route(name, reverse(name, kwargs=kwargs), requirement, is_api))
    return routes


ROUTES = _routes()


def test_every_route_declares_its_capabilities_or_is_listed_as_open() -> None:
    undeclared = [
        route.name
        for route in ROUTES
        if route.requirement is None and route.name not in OPEN_ROUTES
    ]
    assert undeclared == []


def test_each_route_needs_what_the_access_table_says() -> None:
    declared = {
        route.name: (
            "|".join(route.requirement.read) or "*",
            "|".join(route.requirement.write) or "-",
        )
        for route in ROUTES
        if route.requirement is not None
    }
    table = {}
    for line in ROUTE_ACCESS.strip().splitlines()[1:]:
        name, read, write = line.split()
        table[name] = (read, write)
    assert declared == table


def test_no_route_uses_a_capability_still_marked_planned() -> None:
    used = {
        capability
        for route in ROUTES
        if route.requirement is not None
        for capability in (*route.requirement.read, *route.requirement.write)
    }
    assert sorted(used & PLANNED) == []


def test_the_open_list_names_real_routes_without_a_requirement() -> None:
    by_name = {route.name: route for route in ROUTES}
    stale = [
        name for name in OPEN_ROUTES if name not in by_name or by_name[name].requirement is not None
    ]
    assert stale == []


def _declared(prefix: str) -> list[Route]:
    return [r for r in ROUTES if r.requirement is not None and r.name.startswith(prefix)]


@pytest.fixture
def clients(personas) -> dict[str, tuple[Any, Client]]:  # type: ignore[no-untyped-def]
    out = {}
    for name, user in personas.items():
        client = Client()
        client.force_login(user)
        out[name] = (user, client)
    return out


def _refusals(route: Route, clients: dict[str, tuple[Any, Client]]) -> list[str]:
    """What went wrong: a persona without the capability that was not refused, per method."""
    assert route.requirement is not None
    wrong = []
    anonymous = Client().get(route.url)
    if route.is_api and anonymous.status_code not in (401, 403):
        wrong.append(f"anonymous GET {route.url} -> {anonymous.status_code}")
    if not route.is_api and not (
        anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    ):
        wrong.append(f"anonymous GET {route.url} -> {anonymous.status_code}")
    for persona, (user, client) in clients.items():
        if not route.requirement.allows(user, "GET"):
            status = client.get(route.url).status_code
            if status not in (403, 405):  # 405: a POST-only view refuses GET before anything
                wrong.append(f"{persona} GET {route.url} -> {status}")
        if not route.requirement.allows(user, "POST"):
            status = client.post(route.url, {}).status_code
            if status not in (403, 405):  # 405: a read-only view (require_safe)
                wrong.append(f"{persona} POST {route.url} -> {status}")
    return wrong


@pytest.mark.parametrize(
    "prefix", ["accounts:", "records:", "screening:", "training:", "api-screening", "api-party"]
)
def test_each_route_refuses_personas_without_its_capability(prefix, clients) -> None:  # type: ignore[no-untyped-def]
    routes = _declared(prefix)
    assert routes, f"no declared route starts with {prefix}"
    wrong = [problem for route in routes for problem in _refusals(route, clients)]
    assert wrong == []


def test_the_remaining_api_routes_refuse_anonymous_callers(clients) -> None:  # type: ignore[no-untyped-def]
    routes = [r for r in _declared("api-") if not r.name.startswith(("api-screening", "api-party"))]
    assert {r.name for r in routes} >= {"api-me", "api-training-status", "api-training-valid"}
    wrong = [problem for route in routes for problem in _refusals(route, clients)]
    assert wrong == []


def test_holders_of_a_read_capability_get_past_the_gate(clients) -> None:  # type: ignore[no-untyped-def]
    """The other side: whoever holds the capability is not refused (404 for the dummy ids is fine)."""
    wrong = []
    for route in ROUTES:
        if route.requirement is None or not route.requirement.read:
            continue
        for persona, (user, client) in clients.items():
            if route.requirement.allows(user, "GET"):
                status = client.get(route.url).status_code
                if status in (401, 403):
                    wrong.append(f"{persona} GET {route.url} -> {status}")
                break  # one holder per route keeps the walk fast
    assert wrong == []
