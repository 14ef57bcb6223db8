"""Home (dashboard), health, reader preferences, language switch and error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from anpo.core import preferences
from anpo.core.dashboard import panels_for
from anpo.core.models import WorkerHeartbeat


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"panels": panels_for(request.user)})


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database and worker status; HTTP 503 when either is down."""
    status: dict[str, Any] = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        status["database"] = {"ok": True, "vendor": connection.vendor}
    except Exception as exc:
        status["database"] = {"ok": False, "error": exc.__class__.__name__}
    try:
        cutoff = timezone.now() - dt.timedelta(seconds=settings.ANPO_WORKER_STALE_SECONDS)
        alive = WorkerHeartbeat.objects.filter(last_seen__gte=cutoff)
        newest = (
            WorkerHeartbeat.objects.order_by("-last_seen")
            .values_list("last_seen", flat=True)
            .first()
        )
        from django_tasks_db.models import DBTaskResult

        backlog = DBTaskResult.objects.ready().count()
        status["worker"] = {
            "ok": alive.exists(),
            "workers": alive.count(),
            "last_seen": newest.isoformat() if newest else None,
            "ready_tasks": backlog,
        }
    except Exception as exc:
        status["worker"] = {"ok": False, "error": exc.__class__.__name__}
    ok = all(part.get("ok") for part in status.values())
    return JsonResponse({"ok": ok, **status}, status=200 if ok else 503)


def _safe_next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("Referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return "/"
    return target


@require_POST
def preferences_update(request: HttpRequest) -> HttpResponse:
    """Save the accessibility toolbar's choices (on the account, and in a cookie for anonymous readers)."""
    current = preferences.preferences_for(request)
    prefs = preferences.parse(
        font_size=request.POST.get("font_size", current.font_size),
        contrast=request.POST.get("contrast", current.contrast),
        furigana=request.POST.get("furigana", "1" if current.furigana else "0"),
    )
    if request.user.is_authenticated:
        from anpo.accounts.services import user_preferences_update

        user_preferences_update(
            user=request.user,
            font_size=prefs.font_size,
            contrast=prefs.contrast,
            furigana=prefs.furigana,
        )  # type: ignore[arg-type]
    if request.headers.get("Accept", "").startswith("application/json"):
        response: HttpResponse = JsonResponse(
            {"font_size": prefs.font_size, "contrast": prefs.contrast, "furigana": prefs.furigana}
        )
    else:
        response = HttpResponseRedirect(_safe_next(request))
    preferences.remember(response, prefs)
    return response


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the UI language; remembered on the account and in a cookie."""
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    if request.user.is_authenticated:
        from anpo.accounts.services import user_language_update

        user_language_update(user=request.user, language=language)  # type: ignore[arg-type]
    translation.activate(language)
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
