"""Per-request context available to services without passing the request around."""

from __future__ import annotations

from contextvars import ContextVar

_request_id: ContextVar[str] = ContextVar("anpo_request_id", default="")
_remote_addr: ContextVar[str] = ContextVar("anpo_remote_addr", default="")


def current_request_id() -> str:
    """The id of the HTTP request (or task run) being served, '' outside one."""
    return _request_id.get()


def current_remote_addr() -> str:
    return _remote_addr.get()


def bind(*, request_id: str, remote_addr: str = "") -> tuple[object, object]:
    return _request_id.set(request_id), _remote_addr.set(remote_addr)


def unbind(tokens: tuple[object, object]) -> None:
    _request_id.reset(tokens[0])  # type: ignore[arg-type]
    _remote_addr.reset(tokens[1])  # type: ignore[arg-type]
