"""Personas: nobody sees or changes what their role does not allow."""

from __future__ import annotations

import pytest

from anpo.accounts.models import User
from anpo.accounts.selectors import scope_queryset, visible_users

pytestmark = pytest.mark.django_db


def _names(qs) -> set[str]:  # type: ignore[no-untyped-def]
    return set(qs.values_list("username", flat=True))


def test_a_researcher_sees_only_themself(researcher, other_researcher, dept_manager) -> None:  # type: ignore[no-untyped-def]
    assert _names(visible_users(user=researcher)) == {"researcher"}


def test_a_department_manager_sees_their_subtree_only(
    researcher, other_researcher, dept_manager
) -> None:  # type: ignore[no-untyped-def]
    # researcher sits in a lab under engineering; the chemist is in science.
    assert _names(visible_users(user=dept_manager)) == {"researcher", "manager"}


@pytest.mark.parametrize("persona", ["officer", "chief", "auditor", "committee"])
def test_office_chief_committee_and_auditors_see_everyone(
    request, persona, researcher, other_researcher
) -> None:  # type: ignore[no-untyped-def]
    viewer = request.getfixturevalue(persona)
    assert {"researcher", "chemist", persona if persona != "chief" else "chief"} <= _names(
        visible_users(user=viewer)
    )


def test_a_user_without_roles_sees_only_themself(outsider, researcher) -> None:  # type: ignore[no-untyped-def]
    assert _names(visible_users(user=outsider)) == {"outsider"}


def test_scope_queryset_uses_the_owner_unit(researcher, other_researcher, dept_manager) -> None:  # type: ignore[no-untyped-def]
    qs = User.objects.all()
    assert _names(
        scope_queryset(qs, user=dept_manager, owner_field="pk", unit_field="org_unit")
    ) == {"researcher", "manager"}


def test_inactive_users_see_nothing(researcher) -> None:  # type: ignore[no-untyped-def]
    researcher.is_active = False
    assert not scope_queryset(User.objects.all(), user=researcher, owner_field="pk").exists()
