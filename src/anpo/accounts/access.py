"""Access helpers for views, the API and templates; each one asks ``capabilities.user_can``.

- ``capability_required(*capabilities, write=...)``: view decorator (sign-in, then capabilities)
- ``require_capability(user, capability, obj=None)``: raise 403 inside a view
- ``ReadOnlyUserMiddleware``: the read-only guard in depth (the capability module already
  keeps every non-``read_…`` capability from read-only users)
- ``HasCapability.for_(*capabilities, write=...)``: the DRF permission of every API view
- the ``can`` filter and ``user_can`` tag live in ``templatetags/access.py``

Reading and writing are asked separately, so a page an auditor may read but not change
declares both: ``capability_required(Capability.READ_SCREENING, write=Capability.SCREEN)``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import wraps
from typing import Any, ClassVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from rest_framework.permissions import BasePermission  # type: ignore[import-untyped]  # no stubs
from rest_framework.request import Request  # type: ignore[import-untyped]

from anpo.accounts.capabilities import (
    READ_CAPABILITIES,
    AnyUser,
    Capability,
    has_object_rule,
    user_can,
)

View = Callable[..., HttpResponse]
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Requirement:
    """What a view needs: any of ``read`` for safe methods, any of ``write`` for the others.

    An empty ``read`` lets any active signed-in user read; an empty ``write`` refuses every
    unsafe method.
    """

    read: tuple[Capability, ...]
    write: tuple[Capability, ...]

    @classmethod
    def of(
        cls,
        capabilities: Iterable[Capability],
        write: Capability | Iterable[Capability] | None = None,
    ) -> Requirement:
        """``write`` defaults to the given capabilities that are not ``read_…`` ones."""
        read = tuple(Capability(capability) for capability in capabilities)
        if write is None:
            writes = tuple(capability for capability in read if capability not in READ_CAPABILITIES)
        elif isinstance(write, str):
            writes = (Capability(write),)
        else:
            writes = tuple(Capability(capability) for capability in write)
        return cls(read=read, write=writes)

    def for_method(self, method: str | None) -> tuple[Capability, ...]:
        return self.read if (method or "GET").upper() in SAFE_METHODS else self.write

    def allows(self, user: AnyUser | None, method: str | None) -> bool:
        if user is None or not user.is_authenticated or not user.is_active:
            return False
        needed = self.for_method(method)
        if needed:
            return any(user_can(user, capability) for capability in needed)
        # Nothing named: reading is open to every signed-in user, writing to nobody.
        return (method or "GET").upper() in SAFE_METHODS

    def __str__(self) -> str:
        read = "|".join(self.read) or "signed-in"
        write = "|".join(self.write) or "none"
        return f"read={read} write={write}"


def capability_required(
    *capabilities: Capability, write: Capability | Iterable[Capability] | None = None
) -> Callable[[View], View]:
    """Signed-in users holding any of ``capabilities`` may read; any of ``write`` may post.

    Anonymous visitors are sent to the login page; everyone else without the capability gets 403.
    The requirement is kept on the view (``view.requirement``) for the URL walk in the tests.
    """
    requirement = Requirement.of(capabilities, write)

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not requirement.allows(request.user, request.method):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapped.requirement = requirement  # type: ignore[attr-defined]
        return wrapped

    return decorator


def require_capability(user: AnyUser | None, capability: Capability, obj: object = None) -> None:
    """Raise 403 unless ``user_can(user, capability, obj)``."""
    if not user_can(user, capability, obj):
        raise PermissionDenied


class ReadOnlyUserMiddleware:
    """Defence in depth: read-only users cannot POST/PUT/PATCH/DELETE outside their own settings."""

    ALLOWED_PREFIXES = (
        "/accounts/logout",
        "/accounts/password",
        "/preferences",
        "/language",
        "/i18n",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method not in SAFE_METHODS
            and getattr(getattr(request, "user", None), "is_read_only", False)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            raise PermissionDenied
        return self.get_response(request)


class HasCapability(BasePermission):  # type: ignore[misc]
    """DRF permission: ``permission_classes = (HasCapability.for_(Capability.X, write=...),)``.

    Same rule as ``capability_required``. On a single object (``get_object``), the object rules
    registered for the method's capabilities apply too.
    """

    requirement: ClassVar[Requirement] = Requirement(read=(), write=())

    @classmethod
    def for_(
        cls, *capabilities: Capability, write: Capability | Iterable[Capability] | None = None
    ) -> type[HasCapability]:
        requirement = Requirement.of(capabilities, write)
        return type(f"HasCapability({requirement})", (cls,), {"requirement": requirement})

    def has_permission(self, request: Request, view: Any) -> bool:
        return self.requirement.allows(request.user, request.method)

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        needed = self.requirement.for_method(request.method)
        if not needed:
            return self.requirement.allows(request.user, request.method)
        return any(
            user_can(request.user, capability, obj if has_object_rule(capability, obj) else None)
            for capability in needed
        )
