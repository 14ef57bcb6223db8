"""The audit log browser and CSV export (auditors, office staff and the chief officer)."""

from __future__ import annotations

import csv
import json

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
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
    return render(request, "records/verify.html", {"report": audit_chain_verify()})
