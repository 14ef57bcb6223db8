"""Who may do what: named capabilities, the role -> capability table and object rules.

This module is the one place anpo's role policy lives. Views, APIs, panels, templates and
services ask ``user_can(user, Capability.X, obj=None)``; nothing else tests roles. (Which
*rows* a user may see is a different question, answered by
``accounts.selectors.scope_queryset``.)

A user holds a capability when

1. one of their roles grants it (``GRANTS``: the roles of METI's university guidance,
   domain-japan.md §6.3), every active signed-in user holds it (``SIGNED_IN``), a registered
   grant provider adds it (e.g. a delegation while the approver is away; see
   ``register_grant_provider``), or they are a superuser (a break-glass technical account);
2. and it survives the read-only filter: a read-only user (an auditor) holds no capability
   outside ``READ_CAPABILITIES`` (those named ``read_…``), whatever the grants say.

Asked about an object, ``user_can`` also requires every object rule registered for that
capability and the object's type (``register_object_rule``): a department manager acts within
their unit's subtree, a researcher on their own rows, nobody approves their own case. Object
rules apply to superusers too. Asking about an object for which no rule is registered is a
programming error (``MissingObjectRule``), so a forgotten rule cannot silently allow.

Apps declare their object rules in ``<app>/capabilities.py`` and import it from their
``AppConfig.ready``; new capabilities are added to ``Capability`` and ``GRANTS`` here, so the
whole policy stays one readable table (tested as a persona x capability matrix).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, cast

from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from anpo.accounts.models import OrgUnit, User
from anpo.accounts.roles import Role
from anpo.accounts.selectors import managed_units, scope_queryset


class Capability(models.TextChoices):
    """What a user may do. Values are stable: they appear in templates, tests and delegation records.

    A ``TextChoices`` (a ``str`` enum, like ``StrEnum``) so that each capability has a
    translated label (shown on the profile page) and ``Capability.choices`` can back a
    database field (delegations). Names starting with ``read_`` only read.
    """

    # --- restricted-party screening (anpo.screening)
    READ_SCREENING = "read_screening", _("Read screenings, parties and list versions")
    SCREEN = "screen", _("Screen names against the restricted-party lists")
    MANAGE_PARTIES = "manage_parties", _("Save, edit and import parties")
    READ_REVIEW_QUEUE = "read_review_queue", _("Read the institution's hit review queue")
    DISPOSE_HIT = "dispose_hit", _("Decide on screening hits")
    MANAGE_LISTS = "manage_lists", _("Upload restricted-party list versions")
    READ_LIST_IMPORTS = "read_list_imports", _("Read list import jobs")
    # --- training (anpo.training)
    TAKE_TRAINING = "take_training", _("Take courses and quizzes")
    AUTHOR_TRAINING = "author_training", _("Author, import and export courses")
    ASSIGN_TRAINING = "assign_training", _("Assign courses")
    READ_ASSIGNMENTS = "read_assignments", _("Read course assignments")
    READ_COURSE_HISTORY = "read_course_history", _("Read the version history of courses")
    REVOKE_CERTIFICATE = "revoke_certificate", _("Revoke training certificates")
    READ_REPORTS = "read_reports", _("Read training reports")
    # --- users, units and the audit log (anpo.accounts, anpo.records)
    READ_USERS = "read_users", _("Read users and units")
    ADMIN_USERS = "admin_users", _("Administer users, units and roles")
    READ_AUDIT = "read_audit", _("Read and export the audit log")
    # --- used by the coming apps (declared now so parallel work codes against them) ---------
    # classification (該非判定): first classification in the department, confirmed by the office
    READ_CATALOGUE = "read_catalogue", _("Read and search the control-list catalogue")
    CLASSIFY_ITEM = "classify_item", _("Classify items and technology (該非判定)")
    CONFIRM_CLASSIFICATION = "confirm_classification", _("Confirm classifications")
    MANAGE_CATALOGUE = "manage_catalogue", _("Manage the control-list catalogue")
    # transaction review (取引審査): applicant -> department -> office -> committee -> chief
    READ_CASES = "read_cases", _("Read transaction reviews")
    START_CASE = "start_case", _("Apply for a transaction review")
    REVIEW_CASE_DEPARTMENT = "review_case_department", _("Review cases for a department")
    REVIEW_CASE_OFFICE = "review_case_office", _("Review cases for the export control office")
    DECIDE_CASE_COMMITTEE = "decide_case_committee", _("Decide cases in the committee")
    APPROVE_CASE = "approve_case", _("Approve cases (統括責任者)")
    # people (foreign researchers, students, visitors; 特定類型 declarations), licences, retention
    MANAGE_PEOPLE = "manage_people", _("Manage people records")
    READ_PERSON_DECLARATIONS = "read_person_declarations", _("Read 特定類型 declarations")
    MANAGE_LICENCES = "manage_licences", _("Manage METI licences")
    MANAGE_RETENTION = "manage_retention", _("Manage record retention")
    ADMIN_SSO = "admin_sso", _("Administer single sign-on")


def _roles(*roles: Role) -> frozenset[Role]:
    return frozenset(roles)


_R, _D, _O, _C, _M, _A, _S = (
    Role.RESEARCHER,
    Role.DEPT_MANAGER,
    Role.OFFICER,
    Role.CHIEF_OFFICER,
    Role.COMMITTEE,
    Role.AUDITOR,
    Role.SYSADMIN,
)

# Which roles grant each capability. R researcher, D department manager (unit-scoped),
# O export control office, C chief officer, M committee member, A auditor, S system administrator.
GRANTS: Mapping[Capability, frozenset[Role]] = {
    Capability.READ_SCREENING: _roles(_R, _D, _O, _C, _M, _A),
    Capability.SCREEN: _roles(_R, _D, _O, _C, _M),
    Capability.MANAGE_PARTIES: _roles(_R, _D, _O, _C, _M),
    Capability.READ_REVIEW_QUEUE: _roles(_O, _C, _M, _A),
    Capability.DISPOSE_HIT: _roles(_O, _C),
    Capability.MANAGE_LISTS: _roles(_O, _C),
    Capability.READ_LIST_IMPORTS: _roles(_O, _C, _M, _A),
    Capability.TAKE_TRAINING: _roles(),  # every signed-in user: see SIGNED_IN
    Capability.AUTHOR_TRAINING: _roles(_O, _C),
    Capability.ASSIGN_TRAINING: _roles(_O, _C),
    Capability.READ_ASSIGNMENTS: _roles(_O, _C, _A),
    Capability.READ_COURSE_HISTORY: _roles(_O, _C, _A),
    Capability.REVOKE_CERTIFICATE: _roles(_O, _C),
    Capability.READ_REPORTS: _roles(_D, _O, _C, _M, _A),
    Capability.READ_USERS: _roles(_S, _O, _C, _A),
    Capability.ADMIN_USERS: _roles(_S),
    Capability.READ_AUDIT: _roles(_O, _C, _A),
    # coming apps
    Capability.READ_CATALOGUE: _roles(),  # law text, for every signed-in user: see SIGNED_IN
    Capability.CLASSIFY_ITEM: _roles(_D, _O),
    Capability.CONFIRM_CLASSIFICATION: _roles(_O, _C),
    Capability.MANAGE_CATALOGUE: _roles(_O, _C),
    Capability.READ_CASES: _roles(_R, _D, _O, _C, _M, _A),
    Capability.START_CASE: _roles(_R, _D, _O, _C, _M),
    Capability.REVIEW_CASE_DEPARTMENT: _roles(_D),
    Capability.REVIEW_CASE_OFFICE: _roles(_O),
    Capability.DECIDE_CASE_COMMITTEE: _roles(_M),
    Capability.APPROVE_CASE: _roles(_C),
    Capability.MANAGE_PEOPLE: _roles(_O, _C),
    Capability.READ_PERSON_DECLARATIONS: _roles(_O, _C, _A),
    Capability.MANAGE_LICENCES: _roles(_O, _C),
    Capability.MANAGE_RETENTION: _roles(_O, _C),
    Capability.ADMIN_SSO: _roles(_S),
}

# Declared for the coming apps so parallel work can code against them, not yet used by any page:
# the profile does not list them. An app that starts using one removes it from this set.
PLANNED: frozenset[Capability] = frozenset(
    {
        Capability.CLASSIFY_ITEM,
        Capability.CONFIRM_CLASSIFICATION,
        Capability.READ_CASES,
        Capability.START_CASE,
        Capability.REVIEW_CASE_DEPARTMENT,
        Capability.REVIEW_CASE_OFFICE,
        Capability.DECIDE_CASE_COMMITTEE,
        Capability.APPROVE_CASE,
        Capability.MANAGE_PEOPLE,
        Capability.READ_PERSON_DECLARATIONS,
        Capability.MANAGE_LICENCES,
        Capability.MANAGE_RETENTION,
        Capability.ADMIN_SSO,
    }
)

# Held by every active signed-in user, with or without a role (read-only users keep only reads).
SIGNED_IN: frozenset[Capability] = frozenset({Capability.TAKE_TRAINING, Capability.READ_CATALOGUE})

# The only capabilities a read-only user (an auditor) can hold.
READ_CAPABILITIES: frozenset[Capability] = frozenset(
    capability for capability in Capability if capability.value.startswith("read_")
)

ROLE_CAPABILITIES: Mapping[str, frozenset[Capability]] = {
    role: frozenset(capability for capability, roles in GRANTS.items() if role in roles)
    for role in Role
}

AnyUser = User | AnonymousUser
ObjectRule = Callable[[User, Any], bool]
GrantProvider = Callable[[User], Iterable[Capability]]

_object_rules: dict[tuple[Capability, type], list[ObjectRule]] = {}
_grant_providers: list[GrantProvider] = []


class MissingObjectRule(LookupError):
    """``user_can`` was asked about an object for which no rule is registered."""


def register_object_rule(capability: Capability, kind: type, rule: ObjectRule) -> ObjectRule:
    """Require ``rule(user, obj)`` for ``capability`` on objects of ``kind`` (and its subclasses).

    Several rules for the same pair must all pass. Registering the same rule twice is harmless
    (``AppConfig.ready`` may run more than once in tests).
    """
    rules = _object_rules.setdefault((capability, kind), [])
    if rule not in rules:
        rules.append(rule)
    return rule


def register_grant_provider(provider: GrantProvider) -> GrantProvider:
    """Add capabilities beyond roles, e.g. those delegated to ``user`` while someone is away.

    Providers run once per user object and request (the result is cached on the instance);
    the read-only filter still applies to what they return.
    """
    if provider not in _grant_providers:
        _grant_providers.append(provider)
    return provider


def unregister_grant_provider(provider: GrantProvider) -> None:
    if provider in _grant_providers:
        _grant_providers.remove(provider)


def has_object_rule(capability: Capability, obj: object) -> bool:
    return _object_rules_for(capability, obj) is not None


def _object_rules_for(capability: Capability, obj: object) -> list[ObjectRule] | None:
    for kind in type(obj).__mro__:
        rules = _object_rules.get((capability, kind))
        if rules:
            return rules
    return None


def _is_signed_in(user: AnyUser | None) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def capabilities_of(user: AnyUser | None) -> frozenset[Capability]:
    """Every capability ``user`` holds (no object rules), cached on the user for the request."""
    if not _is_signed_in(user) or not isinstance(user, User):
        return frozenset()
    roles = user.role_set()
    cached: tuple[frozenset[str], frozenset[Capability]] | None = user.__dict__.get(
        "_capability_cache"
    )
    # Keyed by the role set's identity: role services drop the role cache, which drops this too.
    if cached is not None and cached[0] is roles:
        return cached[1]
    if user.is_superuser:
        held = frozenset(Capability)
    else:
        granted: set[Capability] = set(SIGNED_IN)
        for role in roles:
            granted |= ROLE_CAPABILITIES.get(role, frozenset())
        for provider in _grant_providers:
            granted |= {Capability(capability) for capability in provider(user)}
        if user.is_read_only:
            granted &= READ_CAPABILITIES
        held = frozenset(granted)
    user.__dict__["_capability_cache"] = (roles, held)
    return held


def user_can(user: AnyUser | None, capability: Capability | str, obj: object = None) -> bool:
    """Whether ``user`` may use ``capability`` (on ``obj``, when given).

    An unknown capability name raises ``ValueError``; an object without a registered rule for
    the capability raises ``MissingObjectRule``.
    """
    capability = Capability(capability)
    if capability not in capabilities_of(user):
        return False
    if obj is None:
        return True
    rules = _object_rules_for(capability, obj)
    if rules is None:
        raise MissingObjectRule(f"no object rule for {capability.value} on {type(obj).__name__}")
    signed_in = cast(User, user)  # capabilities_of() holds nothing for anyone else
    return all(rule(signed_in, obj) for rule in rules)


# --- reusable object rules ---------------------------------------------------------------------


def owned_by_user(field: str) -> ObjectRule:
    """The object's ``field`` (a user id, e.g. ``"owner_id"``) is the user: their own row."""

    def rule(user: User, obj: Any) -> bool:
        return bool(getattr(obj, field) == user.pk)

    rule.__qualname__ = f"owned_by_user({field!r})"
    return rule


def not_owned_by_user(field: str) -> ObjectRule:
    """Separation of duties: the object's ``field`` (a user id) is someone else."""

    def rule(user: User, obj: Any) -> bool:
        return bool(getattr(obj, field) != user.pk)

    rule.__qualname__ = f"not_owned_by_user({field!r})"
    return rule


def within_scope(*, owner_field: str, unit_field: str | None = None) -> ObjectRule:
    """The row is one ``user`` may see by ``scope_queryset`` (own rows, unit subtree, institution)."""

    def rule(user: User, obj: Any) -> bool:
        rows = type(obj)._default_manager.filter(pk=obj.pk)
        return scope_queryset(
            rows, user=user, owner_field=owner_field, unit_field=unit_field
        ).exists()

    rule.__qualname__ = f"within_scope({owner_field!r}, {unit_field!r})"
    return rule


def in_managed_unit(field: str) -> ObjectRule:
    """The object's unit (``field`` names an ``OrgUnit``) lies in a subtree the user manages.

    For department-level steps: a department manager acts only within their own unit's subtree.
    Superusers pass, as ``scope_queryset`` lets them see every unit.
    """

    def rule(user: User, obj: Any) -> bool:
        unit = getattr(obj, field)
        if not isinstance(unit, OrgUnit):
            return False
        return user.is_superuser or managed_units(user=user).filter(pk=unit.pk).exists()

    rule.__qualname__ = f"in_managed_unit({field!r})"
    return rule
