"""Visibility rules: who may see whose records.

A researcher sees their own records, a department manager those of everyone in
their unit's subtree, office staff, the chief officer, committee members and
auditors everything. Other apps filter their querysets through ``scope_queryset``.
"""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from anpo.accounts.models import OrgUnit, RoleAssignment, User
from anpo.accounts.roles import Role


def managed_units(*, user: User) -> QuerySet[OrgUnit]:
    """Units (with their subtrees) a department manager is responsible for."""
    roots = OrgUnit.objects.filter(
        role_assignments__user=user, role_assignments__role=Role.DEPT_MANAGER
    ).values_list("path", flat=True)
    condition = Q(pk__in=[])
    for path in roots:
        condition |= Q(path__startswith=path)
    return OrgUnit.objects.filter(condition)


def unit_subtree(*, unit: OrgUnit) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(path__startswith=unit.path)


def scope_queryset[M: Model](
    qs: QuerySet[M], *, user: User, owner_field: str, unit_field: str | None = None
) -> QuerySet[M]:
    """Restrict ``qs`` to the rows ``user`` may see.

    ``owner_field`` names the user foreign key that owns a row (e.g. ``"created_by"``);
    ``unit_field`` the org-unit foreign key used for department scope (defaults to
    the owner's unit).
    """
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if user.sees_institution or user.is_superuser:
        return qs
    condition = Q(**{owner_field: user.pk})
    if user.has_role(Role.DEPT_MANAGER):
        unit_lookup = unit_field or f"{owner_field}__org_unit"
        condition |= Q(**{f"{unit_lookup}__in": managed_units(user=user)})
    return qs.filter(condition)


def visible_users(*, user: User) -> QuerySet[User]:
    """People whose records ``user`` may see (always including themself)."""
    return (
        scope_queryset(
            User.objects.all(), user=user, owner_field="pk", unit_field="org_unit"
        ).distinct()
        if not user.is_anonymous
        else User.objects.none()
    )


def user_can_see_user(*, viewer: User, other: User) -> bool:
    return visible_users(user=viewer).filter(pk=other.pk).exists()


def user_list(*, search: str = "", unit: OrgUnit | None = None, role: str = "") -> QuerySet[User]:
    users = User.objects.select_related("org_unit").prefetch_related("role_assignments")
    if search:
        users = users.filter(
            Q(username__icontains=search)
            | Q(email__icontains=search)
            | Q(full_name__icontains=search)
            | Q(full_name_en__icontains=search)
            | Q(employee_number__iexact=search)
        )
    if unit is not None:
        users = users.filter(org_unit__path__startswith=unit.path)
    if role:
        users = users.filter(role_assignments__role=role).distinct()
    return users


def users_with_role(*, role: str, unit: OrgUnit | None = None) -> QuerySet[User]:
    """Active holders of ``role``; for a unit-scoped role, those whose scope covers ``unit``."""
    assignments = RoleAssignment.objects.filter(role=role, user__is_active=True)
    if unit is not None and role == Role.DEPT_MANAGER:
        ancestor_ids = [int(p) for p in unit.path.strip("/").split("/") if p]
        assignments = assignments.filter(org_unit_id__in=ancestor_ids)
    return User.objects.filter(pk__in=assignments.values("user_id"))
