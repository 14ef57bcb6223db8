"""State changes for users, org units and roles. Every change writes its audit event."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from anpo.accounts.models import OrgUnit, RoleAssignment, User
from anpo.accounts.roles import UNIT_SCOPED_ROLES, Role
from anpo.records.services import audit_event_create

USER_AUDIT_FIELDS = (
    "username",
    "email",
    "full_name",
    "full_name_en",
    "employee_number",
    "org_unit_id",
    "is_active",
    "language",
)
UNIT_AUDIT_FIELDS = ("code", "name_ja", "name_en", "kind", "parent_id", "is_active")


def _snapshot(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    return {field: getattr(obj, field) for field in fields}


def _set_path(unit: OrgUnit) -> None:
    parent_path = unit.parent.path if unit.parent_id else "/"
    unit.path = f"{parent_path}{unit.pk}/"
    unit.depth = unit.path.count("/") - 2


@transaction.atomic
def org_unit_create(
    *,
    acting_user: User | None,
    code: str,
    name_ja: str,
    name_en: str,
    kind: str,
    parent: OrgUnit | None,
) -> OrgUnit:
    unit = OrgUnit.objects.create(
        code=code, name_ja=name_ja, name_en=name_en, kind=kind, parent=parent
    )
    _set_path(unit)
    unit.save(update_fields=["path", "depth"])
    audit_event_create(
        actor=acting_user,
        action="accounts.org_unit.create",
        obj=unit,
        after=_snapshot(unit, UNIT_AUDIT_FIELDS),
    )
    return unit


@transaction.atomic
def org_unit_update(*, acting_user: User | None, unit: OrgUnit, **changes: Any) -> OrgUnit:
    """Change a unit's fields; moving it under another parent re-paths its subtree."""
    unit = OrgUnit.objects.select_for_update().get(pk=unit.pk)
    before = _snapshot(unit, UNIT_AUDIT_FIELDS)
    new_parent = changes.get("parent", unit.parent)
    if new_parent is not None and (
        new_parent.pk == unit.pk or new_parent.path.startswith(unit.path)
    ):
        raise ValueError("a unit cannot be moved under itself or its own descendant")
    for field, value in changes.items():
        setattr(unit, field, value)
    old_path = unit.path
    _set_path(unit)
    unit.save()
    if unit.path != old_path:
        for child in (
            OrgUnit.objects.filter(path__startswith=old_path).exclude(pk=unit.pk).order_by("depth")
        ):
            child.path = unit.path + child.path[len(old_path) :]
            child.depth = child.path.count("/") - 2
            child.save(update_fields=["path", "depth"])
    audit_event_create(
        actor=acting_user,
        action="accounts.org_unit.update",
        obj=unit,
        before=before,
        after=_snapshot(unit, UNIT_AUDIT_FIELDS),
    )
    return unit


@transaction.atomic
def user_create(
    *,
    acting_user: User | None,
    username: str,
    email: str,
    password: str | None = None,
    full_name: str = "",
    full_name_en: str = "",
    employee_number: str = "",
    org_unit: OrgUnit | None = None,
    language: str = "ja",
    roles: list[tuple[str, OrgUnit | None]] | None = None,
    is_demo: bool = False,
) -> User:
    """Create a user; without a password the account can only be entered after a password reset."""
    user = User(
        username=username,
        email=email.lower(),
        full_name=full_name,
        full_name_en=full_name_en,
        employee_number=employee_number,
        org_unit=org_unit,
        language=language,
        is_demo=is_demo,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_event_create(
        actor=acting_user,
        action="accounts.user.create",
        obj=user,
        after=_snapshot(user, USER_AUDIT_FIELDS),
    )
    for role, scope in roles or []:
        role_assign(acting_user=acting_user, user=user, role=role, org_unit=scope)
    return user


@transaction.atomic
def user_update(*, acting_user: User | None, user: User, **changes: Any) -> User:
    user = User.objects.select_for_update().get(pk=user.pk)
    before = _snapshot(user, USER_AUDIT_FIELDS)
    for field, value in changes.items():
        if field not in USER_AUDIT_FIELDS and field != "org_unit":
            raise ValueError(f"user field {field!r} cannot be changed here")
        setattr(user, field, value)
    if "email" in changes:
        user.email = user.email.lower()
    user.save()
    after = _snapshot(user, USER_AUDIT_FIELDS)
    if after != before:
        audit_event_create(
            actor=acting_user, action="accounts.user.update", obj=user, before=before, after=after
        )
    return user


@transaction.atomic
def user_lock(*, acting_user: User | None, user: User, reason: str) -> User:
    """Deactivate an account and make its password unusable, so it cannot sign in at all.

    ``reason`` is recorded in the audit event (e.g. "demo accounts disabled").
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    before = {**_snapshot(user, USER_AUDIT_FIELDS), "password_usable": user.has_usable_password()}
    user.set_unusable_password()
    user.is_active = False
    user.save(update_fields=["password", "is_active"])
    audit_event_create(
        actor=acting_user,
        action="accounts.user.lock",
        obj=user,
        before=before,
        after={**_snapshot(user, USER_AUDIT_FIELDS), "password_usable": False, "reason": reason},
    )
    return user


@transaction.atomic
def role_assign(
    *, acting_user: User | None, user: User, role: str, org_unit: OrgUnit | None = None
) -> RoleAssignment:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    if role in UNIT_SCOPED_ROLES and org_unit is None:
        raise ValueError("a department export control manager needs a unit")
    if role not in UNIT_SCOPED_ROLES:
        org_unit = None
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, org_unit=org_unit
    )
    if created:
        audit_event_create(
            actor=acting_user,
            action="accounts.role.assign",
            obj=user,
            after={"role": role, "org_unit_id": org_unit.pk if org_unit else None},
        )
    user.__dict__.pop("_role_cache", None)
    return assignment


@transaction.atomic
def role_revoke(*, acting_user: User | None, assignment: RoleAssignment) -> None:
    user = assignment.user
    audit_event_create(
        actor=acting_user,
        action="accounts.role.revoke",
        obj=user,
        before={"role": assignment.role, "org_unit_id": assignment.org_unit_id},
    )
    assignment.delete()
    user.__dict__.pop("_role_cache", None)


@transaction.atomic
def user_preferences_update(*, user: User, font_size: str, contrast: str, furigana: bool) -> User:
    """Reader preferences are personal settings, not compliance records: no audit event."""
    User.objects.filter(pk=user.pk).update(
        font_size=font_size, contrast=contrast, furigana=furigana
    )
    user.font_size, user.contrast, user.furigana = font_size, contrast, furigana
    return user


@transaction.atomic
def user_language_update(*, user: User, language: str) -> User:
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
    return user
