"""The capability policy: every persona x every capability, object rules, and the mechanisms around them."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from anpo.accounts import capabilities as caps
from anpo.accounts.capabilities import (
    Capability,
    MissingObjectRule,
    capabilities_of,
    in_managed_unit,
    not_owned_by_user,
    register_object_rule,
    user_can,
)
from anpo.accounts.models import OrgUnit, User
from anpo.accounts.services import role_assign
from tests.conftest import PERSONAS

pytestmark = pytest.mark.django_db


# x = holds the capability. Columns: researcher, department manager (scoped to engineering),
# export control office, chief officer, committee member, auditor (read-only), system
# administrator, and a signed-in outsider without any role.
MATRIX = """
capability                 res  mgr  off  chf  com  aud  adm  out
read_screening              x    x    x    x    x    x    .    .
screen                      x    x    x    x    x    .    .    .
manage_parties              x    x    x    x    x    .    .    .
read_review_queue           .    .    x    x    x    x    .    .
dispose_hit                 .    .    x    x    .    .    .    .
manage_lists                .    .    x    x    .    .    .    .
read_list_imports           .    .    x    x    x    x    .    .
take_training               x    x    x    x    x    .    x    x
author_training             .    .    x    x    .    .    .    .
assign_training             .    .    x    x    .    .    .    .
read_assignments            .    .    x    x    .    x    .    .
read_course_history         .    .    x    x    .    x    .    .
revoke_certificate          .    .    x    x    .    .    .    .
read_reports                .    x    x    x    x    x    .    .
read_users                  .    .    x    x    .    x    x    .
admin_users                 .    .    .    .    .    .    x    .
read_audit                  .    .    x    x    .    x    .    .
classify_item               .    x    x    .    .    .    .    .
confirm_classification      .    .    x    x    .    .    .    .
read_catalogue              x    x    x    x    x    x    x    x
manage_catalogue            .    .    x    x    .    .    .    .
read_cases                  x    x    x    x    x    x    .    .
start_case                  x    x    x    x    x    .    .    .
review_case_department      .    x    .    .    .    .    .    .
review_case_office          .    .    x    .    .    .    .    .
decide_case_committee       .    .    .    .    x    .    .    .
approve_case                .    .    .    x    .    .    .    .
manage_people               .    .    x    x    .    .    .    .
read_person_declarations    .    .    x    x    .    x    .    .
manage_licences             .    .    x    x    .    .    .    .
manage_retention            .    .    x    x    .    .    .    .
admin_sso                   .    .    .    .    .    .    x    .
"""


def _expected() -> dict[str, dict[str, bool]]:
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert len(header) == len(PERSONAS) + 1
    return {
        row[0]: {persona: mark == "x" for persona, mark in zip(PERSONAS, row[1:], strict=True)}
        for row in rows
    }


def test_the_table_names_every_capability_once() -> None:
    names = [line.split()[0] for line in MATRIX.strip().splitlines()[1:]]
    assert sorted(names) == sorted(c.value for c in Capability)


def test_every_persona_holds_exactly_the_capabilities_of_the_table(personas) -> None:  # type: ignore[no-untyped-def]
    wrong = [
        (capability, persona, allowed)
        for capability, row in _expected().items()
        for persona, allowed in row.items()
        if user_can(personas[persona], capability) is not allowed
    ]
    assert wrong == []


@dataclass
class ProposedCase:
    """Stands in for a transaction review of the coming cases app (object rules on any type)."""

    applicant_id: int
    org_unit: OrgUnit


register_object_rule(Capability.APPROVE_CASE, ProposedCase, not_owned_by_user("applicant_id"))
register_object_rule(Capability.REVIEW_CASE_DEPARTMENT, ProposedCase, in_managed_unit("org_unit"))


def _objects(personas: dict[str, User], org: dict[str, OrgUnit]) -> dict[str, object]:
    from anpo.screening.models import PartyImportJob
    from anpo.screening.services import party_create
    from anpo.training.models import QuizAttempt

    researcher, chemist, chief = (
        personas["researcher"],
        personas["other_researcher"],
        personas["chief"],
    )
    return {
        "researcher's party": party_create(acting_user=researcher, name="Lumen Coastal University"),
        "chemist's party": party_create(acting_user=chemist, name="Boris Vetrenko"),
        "researcher's import": PartyImportJob(owner=researcher, file_name="parties.csv"),
        "researcher's attempt": QuizAttempt(user=researcher),
        "researcher's case": ProposedCase(applicant_id=researcher.pk, org_unit=org["lab"]),
        "chemist's case": ProposedCase(applicant_id=chemist.pk, org_unit=org["chem"]),
        "chief's own case": ProposedCase(applicant_id=chief.pk, org_unit=org["inst"]),
    }


OBJECT_CASES = """
persona        capability               object                 allowed
researcher     manage_parties           researcher's party     yes
researcher     manage_parties           chemist's party        no
dept_manager   manage_parties           researcher's party     yes
dept_manager   manage_parties           chemist's party        no
officer        manage_parties           chemist's party        yes
auditor        manage_parties           researcher's party     no
researcher     manage_parties           researcher's import    yes
officer        manage_parties           researcher's import    no
researcher     take_training            researcher's attempt   yes
dept_manager   take_training            researcher's attempt   no
chief          approve_case             researcher's case      yes
chief          approve_case             chief's own case       no
officer        approve_case             researcher's case      no
dept_manager   review_case_department   researcher's case      yes
dept_manager   review_case_department   chemist's case         no
officer        review_case_department   researcher's case      no
"""


def test_object_rules_decide_per_object(personas, other_researcher, org) -> None:  # type: ignore[no-untyped-def]
    personas = {**personas, "other_researcher": other_researcher}
    objects = _objects(personas, org)
    wrong = []
    for line in OBJECT_CASES.strip().splitlines()[1:]:
        persona, capability, rest = line.split(maxsplit=2)
        name, allowed = rest.rsplit(maxsplit=1)
        if user_can(personas[persona], capability, objects[name.strip()]) is not (allowed == "yes"):
            wrong.append(line)
    assert wrong == []


def test_superusers_hold_everything_but_still_cannot_approve_their_own_case(org) -> None:  # type: ignore[no-untyped-def]
    root = User.objects.create_superuser(username="root", email="root@test.invalid")
    assert capabilities_of(root) == frozenset(Capability)
    assert user_can(root, Capability.APPROVE_CASE, ProposedCase(root.pk, org["inst"])) is False


def test_nobody_holds_anything_when_inactive_or_anonymous(researcher) -> None:  # type: ignore[no-untyped-def]
    assert capabilities_of(AnonymousUser()) == frozenset()
    assert user_can(None, Capability.TAKE_TRAINING) is False
    researcher.is_active = False
    assert user_can(researcher, Capability.SCREEN) is False


def test_a_delegation_grants_a_capability_beyond_the_roles(officer, researcher, org) -> None:  # type: ignore[no-untyped-def]
    def delegations(user: User) -> list[Capability]:
        return [Capability.APPROVE_CASE] if user.username == "officer" else []

    caps.register_grant_provider(delegations)
    try:
        assert user_can(officer, Capability.APPROVE_CASE, ProposedCase(researcher.pk, org["lab"]))
        assert not user_can(
            officer, Capability.APPROVE_CASE, ProposedCase(officer.pk, org["office"])
        )
    finally:
        caps.unregister_grant_provider(delegations)


def test_read_only_users_never_hold_a_write_capability_even_when_granted(auditor) -> None:  # type: ignore[no-untyped-def]
    def everything(user: User) -> list[Capability]:
        return list(Capability)

    caps.register_grant_provider(everything)
    try:
        held = capabilities_of(auditor)
    finally:
        caps.unregister_grant_provider(everything)
    assert held == caps.READ_CAPABILITIES
    assert Capability.DISPOSE_HIT not in held


def test_a_new_role_counts_at_once_on_the_same_user_object(outsider) -> None:  # type: ignore[no-untyped-def]
    assert not user_can(outsider, Capability.DISPOSE_HIT)
    role_assign(acting_user=None, user=outsider, role="officer")
    assert user_can(outsider, Capability.DISPOSE_HIT)


def test_an_unknown_capability_is_an_error(researcher) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError):
        user_can(researcher, "dispose_hits")


def test_an_object_without_a_rule_is_an_error_not_a_silent_yes(officer) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(MissingObjectRule):
        user_can(officer, Capability.READ_AUDIT, object())


def test_templates_ask_capabilities_and_refuse_typos(officer, researcher) -> None:  # type: ignore[no-untyped-def]
    template = Template(
        '{% load access %}{% if user|can:"dispose_hit" %}decide{% else %}read{% endif %}'
    )
    assert template.render(Context({"user": officer})) == "decide"
    assert template.render(Context({"user": researcher})) == "read"
    with pytest.raises(ValueError):
        Template('{% load access %}{{ user|can:"dispose_hits" }}').render(
            Context({"user": officer})
        )


def test_the_profile_lists_what_the_roles_allow(client, auditor) -> None:  # type: ignore[no-untyped-def]
    client.force_login(auditor)
    client.post("/language/", {"language": "en"})
    page = client.get("/accounts/profile/").content.decode()
    assert "Read and export the audit log" in page
    assert "Decide on screening hits" not in page


def test_the_api_tells_a_client_its_capabilities(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.force_login(officer)
    body = client.get("/api/me/").json()
    assert "dispose_hit" in body["capabilities"]
    assert "admin_users" not in body["capabilities"]
