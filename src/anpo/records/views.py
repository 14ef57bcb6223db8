"""The audit log browser and CSV export (auditors, office staff and the chief officer)."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from anpo.accounts.access import capability_required
from anpo.accounts.capabilities import Capability
from anpo.records.forms import AuditFilterForm
from anpo.records.models import AuditEvent
from anpo.records.selectors import audit_chain_verify, audit_event_list


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, object]:
    form = AuditFilterForm(request.GET or None)
    filters = (
        {key: value for key, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    )
    return form, audit_event_list(**filters)


@require_safe
@capability_required(Capability.READ_AUDIT)
def event_list(request: HttpRequest) -> HttpResponse:
    form, events = _filtered(request)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request, "records/event_list.html", {"form": form, "page": page, "query": query.urlencode()}
    )


@require_safe
@capability_required(Capability.READ_AUDIT)
def event_detail(request: HttpRequest, seq: int) -> HttpResponse:
    event = get_object_or_404(AuditEvent, seq=seq)
    return render(
        request,
        "records/event_detail.html",
        {
            "event": event,
            "before": json.dumps(event.before, ensure_ascii=False, indent=2)
            if event.before is not None
            else "",
            "after": json.dumps(event.after, ensure_ascii=False, indent=2)
            if event.after is not None
            else "",
        },
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@require_safe
@capability_required(Capability.READ_AUDIT)
def event_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the filtered events, streamed so a large log never sits in memory."""
    _, events = _filtered(request)
    writer = csv.writer(_Echo())
    header = [
        "seq",
        "occurred_at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "object",
        "before",
        "after",
        "request_id",
        "prev_hash",
        "hash",
    ]

    def rows():  # type: ignore[no-untyped-def]
        yield "\ufeff" + writer.writerow(header)  # BOM so Excel in Japan opens UTF-8 correctly
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    event.seq,
                    timezone.localtime(event.occurred_at).isoformat(),
                    event.actor_label,
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.object_repr,
                    json.dumps(event.before, ensure_ascii=False)
                    if event.before is not None
                    else "",
                    json.dumps(event.after, ensure_ascii=False) if event.after is not None else "",
                    event.request_id,
                    event.prev_hash,
                    event.hash,
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="anpo-audit-{timezone.localdate():%Y%m%d}.csv"'
    )
    return response


@require_safe
@capability_required(Capability.READ_AUDIT)
def chain_verify(request: HttpRequest) -> HttpResponse:
    """Run the same check as ``anpo audit verify`` and show the result (read-only)."""
    report = audit_chain_verify()
    reason = ""
    if report.first_break is not None:
        reason = str(BREAK_MESSAGES[report.first_break.code]) % report.first_break.params
    latest = report.latest_checkpoint
    latest_time = latest.created_at if latest is not None else ""
    if latest is not None:
        with contextlib.suppress(ValueError):  # else shown as written in the file
            latest_time = date_format(
                timezone.localtime(dt.datetime.fromisoformat(latest.created_at)), "Y-m-d H:i T"
            )
    return render(
        request,
        "records/verify.html",
        {"report": report, "reason": reason, "latest_time": latest_time},
    )


# The verify page's wording of ``selectors.BREAK_REASONS`` (same codes and parameters).
BREAK_MESSAGES = {
    "missing": _("event #%(expected)s is missing (next stored is #%(found)s)"),
    "link": _("its previous-hash link does not match the event before it"),
    "content": _(
        "its content does not match its hash (the row was altered, or its hash recomputed "
        "without the audit key)"
    ),
    "unkeyed": _("the event names no audit key (it was written outside anpo)"),
    "unknown_key": _("the event names the audit key %(key_id)s, which is not configured"),
    "head": _("the chain head expects #%(head)s but the last stored event is #%(last)s"),
    "checkpoint_signature": _("the checkpoint %(source)s is not signed by a configured audit key"),
    "checkpoint_truncated": _(
        "the checkpoint of %(created_at)s saw event #%(seq)s, but the chain ends at #%(last)s "
        "(events were deleted)"
    ),
    "checkpoint_mismatch": _(
        "event #%(seq)s differs from the one the checkpoint of %(created_at)s recorded (the "
        "chain was rewritten)"
    ),
}
