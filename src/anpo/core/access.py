"""Access helpers used by every view: login, roles, and read-only users."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def require_roles(*roles: str) -> Callable[[View], View]:
    """Signed-in users holding at least one of ``roles`` (superusers always) may enter."""

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not (user.is_superuser or user.has_role(*roles)):  # type: ignore[union-attr]
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def deny_read_only(request: HttpRequest) -> None:
    """Raise 403 when a read-only user (auditor) tries to change anything."""
    if getattr(request.user, "is_read_only", False):
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
            request.method not in ("GET", "HEAD", "OPTIONS")
            and getattr(getattr(request, "user", None), "is_read_only", False)
            and not request.path.startswith(self.ALLOWED_PREFIXES)
        ):
            raise PermissionDenied
        return self.get_response(request)
