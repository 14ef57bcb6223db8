"""Request id, per-user language and server-side furigana."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import translation

from anpo.core import context
from anpo.core.furigana import add_ruby_to_main
from anpo.core.preferences import preferences_for
from anpo.core.views import healthz

_REQUEST_ID_RE = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class HealthzMiddleware:
    """Answers ``/healthz`` before host validation and the HTTPS redirect.

    Monitoring probes the app server directly over plain HTTP (``curl http://127.0.0.1:8001/healthz``,
    docs/deploy.md): neither ``SECURE_SSL_REDIRECT`` nor an ``ALLOWED_HOSTS`` that names only the
    public host name may turn the probe into a redirect or a 400. The answer holds no URL and no
    host name, so it does not depend on the Host header.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path == "/healthz" and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Give every request an id (or keep a sane one from the proxy) for logs and audit events."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _REQUEST_ID_RE.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        tokens = context.bind(
            request_id=request_id, remote_addr=request.META.get("REMOTE_ADDR", "")
        )
        try:
            response = self.get_response(request)
        finally:
            context.unbind(tokens)
        response["X-Request-ID"] = request_id
        return response


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over the browser's Accept-Language.

    An explicit choice through the language switch is saved on the user (see
    ``accounts.views.set_language``), so it follows them to any browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = (
            getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        )
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        return self.get_response(request)


class FuriganaMiddleware:
    """Adds ruby readings to Japanese text inside <main> when the reader asked for furigana."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            response.status_code == 200
            and not getattr(response, "streaming", False)
            and response.get("Content-Type", "").startswith("text/html")
            and translation.get_language() == "ja"
            and preferences_for(request).furigana
        ):
            charset = response.charset or "utf-8"
            html = response.content.decode(charset)
            response.content = add_ruby_to_main(html).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
