"""Home (dashboard), health, the accessibility statement and error pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_tasks_db.models import DBTaskResult

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


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")
