"""Screening pages: thin views (access helper -> form -> service -> render)."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anpo.accounts.access import capability_required, require_capability
from anpo.accounts.capabilities import Capability, user_can
from anpo.matching import ALGORITHM, DEFAULT_REVIEW_THRESHOLD, VERSION
from anpo.screening import selectors, services
from anpo.screening.forms import (
    BatchUploadForm,
    DispositionForm,
    ListImportForm,
    PartyForm,
    PartyImportForm,
    QueueFilterForm,
    SavePartyForm,
    SearchForm,
)
from anpo.screening.models import (
    BatchJob,
    Disposition,
    EntityType,
    Hit,
    ListSnapshot,
    Party,
    Screening,
)

# Pages everyone with a screening role reads (auditors included); their rows come from selectors.
read_access = capability_required(Capability.READ_SCREENING)


def _error_text(exc: ValidationError) -> str:
    return " ".join(exc.messages)


@capability_required(Capability.READ_SCREENING, write=Capability.SCREEN)
def home(request: HttpRequest) -> HttpResponse:
    """Search one party; ``POST`` runs an ad hoc screening and shows its result."""
    form = SearchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        screening = services.party_screen(
            acting_user=request.user,
            name=data["name"],
            query_kind=data["kind"],
            country=data["country"],
            birth_date=data["birth_date"],
            wait=False,
        )
        return redirect("screening:screening_detail", pk=screening.pk)
    lists_updating = not selectors.index_ready()
    return render(
        request,
        "screening/home.html",
        {
            "form": form,
            "versions": selectors.active_versions(),
            "threshold": DEFAULT_REVIEW_THRESHOLD,
            "lists_updating": lists_updating,
            "versions_in_use": selectors.versions_in_use_while_updating() if lists_updating else [],
            "recent": selectors.screening_list(user=request.user).exclude(
                kind=Screening.Kind.RESCREEN
            )[:10],
        },
    )


@read_access
def screening_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.screening_list(user=request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "screening/screening_list.html", {"page": page})


@read_access
def screening_detail(request: HttpRequest, pk: int) -> HttpResponse:
    screening = selectors.screening_get(user=request.user, pk=pk)
    hits = screening.hits.select_related("snapshot_entry__snapshot").prefetch_related(
        "dispositions__decided_by"
    )
    snapshots = ListSnapshot.objects.filter(pk__in=screening.snapshot_ids).select_related("source")
    return render(
        request,
        "screening/screening_detail.html",
        {
            "screening": screening,
            "hits": hits,
            "snapshots": snapshots,
            "query_type_label": dict(EntityType.choices).get(
                screening.query.get("type", ""), screening.query.get("type", "")
            ),
            "save_form": SavePartyForm()
            if screening.party_id is None and screening.kind == Screening.Kind.AD_HOC
            else None,
            "dispose_form": DispositionForm(),
        },
    )


@read_access
def screening_replay(request: HttpRequest, pk: int) -> HttpResponse:
    """Replay a past screening against the list snapshots it used (audit: reproducibility)."""
    screening = selectors.screening_get(user=request.user, pk=pk)
    rows = selectors.screening_replay(screening=screening)
    return render(
        request,
        "screening/screening_replay.html",
        {
            "screening": screening,
            "rows": rows,
            "all_same": all(r.same for r in rows),
            "algorithm_changed": (screening.algorithm, screening.algorithm_version)
            != (ALGORITHM, VERSION),
            "current_algorithm": f"{ALGORITHM} {VERSION}",
            "snapshots": ListSnapshot.objects.filter(pk__in=screening.snapshot_ids).select_related(
                "source"
            ),
        },
    )


@capability_required(Capability.MANAGE_PARTIES)
@require_POST
def screening_save_party(request: HttpRequest, pk: int) -> HttpResponse:
    screening = selectors.screening_get(user=request.user, pk=pk)
    form = SavePartyForm(request.POST)
    if screening.party_id is not None or not form.is_valid():
        messages.error(request, _("The party could not be saved."))
        return redirect("screening:screening_detail", pk=pk)
    party = services.party_create_from_screening(
        acting_user=request.user, screening=screening, **form.cleaned_data
    )
    messages.success(request, _("Saved. This party will be re-screened whenever a list changes."))
    return redirect("screening:party_detail", pk=party.pk)


@capability_required(Capability.READ_SCREENING, write=Capability.DISPOSE_HIT)
def hit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    hit = selectors.hit_get(user=request.user, pk=pk)
    form = DispositionForm()
    if request.method == "POST":
        form = DispositionForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.hit_dispose(acting_user=request.user, hit=hit, **form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, _error_text(exc))
            else:
                messages.success(
                    request,
                    _("Decision recorded: %(decision)s.")
                    % {"decision": Disposition.Decision(form.cleaned_data["decision"]).label},
                )
                return redirect(
                    request.POST.get("next")
                    if str(request.POST.get("next", "")).startswith("/screening/")
                    else reverse("screening:hit_detail", args=[hit.pk])
                )
    entry = hit.snapshot_entry.data if hit.snapshot_entry else {}
    return render(
        request,
        "screening/hit_detail.html",
        {
            "hit": hit,
            "entry": entry,
            "form": form,
            "dispositions": hit.dispositions.select_related("decided_by"),
            "history": selectors.hit_list(user=request.user)
            .filter(screening__party=hit.screening.party, source=hit.source, identity=hit.identity)
            .exclude(pk=hit.pk)
            .order_by("-screening__started_at")[:20]
            if hit.screening.party_id
            else [],
        },
    )


@read_access
def disposition_attachment(request: HttpRequest, pk: int) -> FileResponse:
    """Download the evidence attached to a decision (whoever may see the hit)."""
    disposition = get_object_or_404(Disposition, pk=pk)
    selectors.hit_get(user=request.user, pk=disposition.hit_id)  # 404 unless visible
    if not disposition.attachment:
        raise Http404
    return FileResponse(
        disposition.attachment.open("rb"),
        as_attachment=True,
        filename=disposition.attachment.name.rsplit("/", 1)[-1],
    )


@capability_required(Capability.READ_REVIEW_QUEUE)
def queue(request: HttpRequest) -> HttpResponse:
    form = QueueFilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_valid():
        filters = {
            "source": form.cleaned_data["source"],
            "min_score": form.cleaned_data["min_score"],
            "party": form.cleaned_data["party"],
            "alerts_only": form.cleaned_data["alerts"],
        }
    page = Paginator(selectors.review_queue(user=request.user, **filters), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "screening/queue.html",
        {"form": form, "page": page},
    )


# --- parties ---------------------------------------------------------------------------------


@read_access
def party_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "")[:200]
    page = Paginator(selectors.party_list(user=request.user, search=search), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "screening/party_list.html", {"page": page, "q": search})


@capability_required(Capability.MANAGE_PARTIES)
def party_create(request: HttpRequest) -> HttpResponse:
    form = PartyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        party = services.party_create(acting_user=request.user, **form.cleaned_data)
        services.party_screen(acting_user=request.user, party=party, wait=False)
        messages.success(request, _("Party saved and screened."))
        return redirect("screening:party_detail", pk=party.pk)
    return render(request, "screening/party_form.html", {"form": form, "party": None})


@capability_required(Capability.MANAGE_PARTIES)
def party_edit(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(user=request.user, pk=pk)
    form = PartyForm(request.POST or None, instance=Party.objects.get(pk=party.pk))
    if request.method == "POST" and form.is_valid():
        services.party_update(
            acting_user=request.user, party=Party.objects.get(pk=party.pk), **form.cleaned_data
        )
        messages.success(request, _("Party updated."))
        return redirect("screening:party_detail", pk=party.pk)
    return render(request, "screening/party_form.html", {"form": form, "party": party})


@read_access
def party_detail(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(user=request.user, pk=pk)
    screenings = party.screenings.order_by("-started_at")[:20]
    latest = screenings[0] if screenings else None
    return render(
        request,
        "screening/party_detail.html",
        {
            "party": party,
            "screenings": screenings,
            "latest": latest,
            "hits": latest.hits.all() if latest else [],
            "clearances": party.clearances.select_related("disposition__decided_by"),
        },
    )


@capability_required(Capability.SCREEN)
@require_POST
def party_screen(request: HttpRequest, pk: int) -> HttpResponse:
    party = selectors.party_get(user=request.user, pk=pk)
    screening = services.party_screen(
        acting_user=request.user, party=Party.objects.get(pk=party.pk), wait=False
    )
    messages.success(
        request, _("Screened against the current lists: %(n)s hit(s).") % {"n": screening.hit_count}
    )
    return redirect("screening:party_detail", pk=party.pk)


@capability_required(Capability.READ_SCREENING, write=Capability.MANAGE_PARTIES)
def party_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV/XLSX of parties: checked first (dry run), created after confirmation."""
    form = PartyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.party_import_check(
                acting_user=request.user, content=upload.read(), filename=upload.name
            )
        except ValidationError as exc:
            form.add_error("file", _error_text(exc))
        else:
            return redirect("screening:party_import_detail", pk=job.pk)
    return render(
        request,
        "screening/party_import.html",
        {"form": form, "jobs": selectors.party_import_jobs(user=request.user)[:10]},
    )


@capability_required(Capability.READ_SCREENING, write=Capability.MANAGE_PARTIES)
def party_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The dry-run report; the owner confirms (or cancels) here, then follows the progress."""
    job = selectors.party_import_job_get(user=request.user, pk=pk)
    if request.method == "POST":
        require_capability(request.user, Capability.MANAGE_PARTIES, job)
        try:
            if request.POST.get("action") == "cancel":
                services.party_import_cancel(acting_user=request.user, job=job)
                messages.info(request, _("Import cancelled; nothing was created."))
            else:
                services.party_import_confirm(acting_user=request.user, job=job)
                messages.success(
                    request, _("The parties are being created and screened in the background.")
                )
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        return redirect("screening:party_import_detail", pk=job.pk)
    return render(
        request,
        "screening/party_import_detail.html",
        {
            "job": job,
            "may_confirm": user_can(request.user, Capability.MANAGE_PARTIES, job),
            "preview": job.rows[:20],
            "parties": selectors.party_list(user=request.user).filter(import_job=job)[:50],
        },
    )


@read_access
def party_import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = selectors.party_import_job_get(user=request.user, pk=pk)
    stage = _("%(created)s of %(total)s created, %(screened)s screened, %(hits)s hits") % {
        "created": job.created_count,
        "total": job.total,
        "screened": job.screened,
        "hits": job.hit_count,
    }
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "stage": stage,
            "percent": job.percent,
            "finished": job.finished,
        }
    )


# --- batch -----------------------------------------------------------------------------------


@capability_required(Capability.READ_SCREENING, write=Capability.SCREEN)
def batch_new(request: HttpRequest) -> HttpResponse:
    form = BatchUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.batch_create(
                acting_user=request.user, content=upload.read(), filename=upload.name
            )
        except ValidationError as exc:
            form.add_error("file", _error_text(exc))
        else:
            return redirect("screening:batch_detail", pk=batch.pk)
    return render(
        request,
        "screening/batch_new.html",
        {"form": form, "batches": selectors.batch_list(user=request.user)[:20]},
    )


@read_access
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    hits = (
        Hit.objects.filter(screening__batch=batch)
        .select_related("screening")
        .order_by("screening__pk", "rank")[:500]
    )
    return render(
        request,
        "screening/batch_detail.html",
        {
            "batch": batch,
            "hits": hits,
            "finished": batch.status in (BatchJob.Status.DONE, BatchJob.Status.FAILED),
        },
    )


@read_access
def batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": batch.status,
            "status_label": batch.get_status_display(),
            "processed": batch.processed,
            "total": batch.total,
            "percent": batch.percent,
            "hits": batch.hit_count,
            "finished": batch.status in (BatchJob.Status.DONE, BatchJob.Status.FAILED),
        }
    )


RESULT_COLUMNS = (
    "query_id",
    "name",
    "rank",
    "source",
    "entry_id",
    "matched_name",
    "listed_name",
    "score",
    "status",
    "screening",
)


def _batch_rows(batch: BatchJob) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for screening in batch.screenings.prefetch_related("hits").order_by("pk"):
        hits = list(screening.hits.all())
        if not hits:
            rows.append(
                [
                    screening.batch_row_id,
                    screening.query_name,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    screening.pk,
                ]
            )
        for hit in hits:
            rows.append(
                [
                    screening.batch_row_id,
                    screening.query_name,
                    hit.rank,
                    hit.source,
                    hit.entry_id,
                    hit.matched_name,
                    hit.primary_name,
                    round(hit.score, 4),
                    hit.status,
                    screening.pk,
                ]
            )
    return rows


def _safe_cell(value: Any) -> Any:
    """Spreadsheet formula injection guard: text starting with = + - @ is prefixed with '."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@read_access
def batch_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    batch = selectors.batch_get(user=request.user, pk=pk)
    rows = [[_safe_cell(v) for v in row] for row in _batch_rows(batch)]
    stem = f"screening-batch-{batch.pk}"
    if fmt == "xlsx":
        import openpyxl  # loaded when a workbook is written: importing it costs ~0.25 s

        workbook = openpyxl.Workbook(write_only=True)
        sheet = workbook.create_sheet("results")
        sheet.append(list(RESULT_COLUMNS))
        for row in rows:
            sheet.append(row)
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        return FileResponse(
            buffer,
            as_attachment=True,
            filename=f"{stem}.xlsx",
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(RESULT_COLUMNS)
    writer.writerows(rows)
    response = HttpResponse(
        text.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


# --- lists ------------------------------------------------------------------------------------


@capability_required(Capability.READ_SCREENING, write=Capability.MANAGE_LISTS)
def lists(request: HttpRequest) -> HttpResponse:
    """List versions; officers upload a new version, imported in the background (see ``list_import_detail``)."""
    form = (
        ListImportForm(request.POST or None, request.FILES or None)
        if user_can(request.user, Capability.MANAGE_LISTS)
        else None
    )
    if request.method == "POST":
        assert form is not None  # the decorator let only MANAGE_LISTS post
        if form.is_valid():
            files = [(upload.name, upload.read()) for upload in form.cleaned_data["files"]]
            try:
                job = services.list_import_job_create(
                    acting_user=request.user, source=form.cleaned_data["source"], files=files
                )
            except ValidationError as exc:
                form.add_error("files", _error_text(exc))
            else:
                return redirect("screening:list_import_detail", pk=job.pk)
    return render(
        request,
        "screening/lists.html",
        {
            "statuses": selectors.list_status(),
            "form": form,
            "jobs": selectors.list_import_jobs(user=request.user)[:10],
        },
    )


WORKER_WAIT_WARNING_SECONDS = 120


@capability_required(Capability.READ_LIST_IMPORTS)
def list_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """State of a background list import; refreshes itself (JS) or by reloading (no JS)."""
    job = selectors.list_import_job_get(user=request.user, pk=pk)
    active = job.source.active_snapshot
    waiting_long = (
        job.status == job.Status.PENDING
        and (timezone.now() - job.created_at).total_seconds() > WORKER_WAIT_WARNING_SECONDS
    )
    return render(
        request,
        "screening/list_import_detail.html",
        {"job": job, "active": active, "snapshot": job.snapshot, "waiting_long": waiting_long},
    )


@capability_required(Capability.READ_LIST_IMPORTS)
def list_import_status(request: HttpRequest, pk: int) -> JsonResponse:
    job = selectors.list_import_job_get(user=request.user, pk=pk)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": job.get_status_display(),
            "stage": job.stage,
            "finished": job.finished,
        }
    )


@read_access
def snapshot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    snapshot = get_object_or_404(
        ListSnapshot.objects.select_related("source", "imported_by", "previous"), pk=pk
    )
    added = selectors.snapshot_entries(snapshot=snapshot, entry_ids=snapshot.diff_added[:500])
    changed = selectors.snapshot_entries(snapshot=snapshot, entry_ids=snapshot.diff_changed[:500])
    removed = (
        selectors.snapshot_entries(
            snapshot=snapshot.previous, entry_ids=snapshot.diff_removed[:500]
        )
        if snapshot.previous
        else []
    )
    return render(
        request,
        "screening/snapshot_detail.html",
        {"snapshot": snapshot, "added": added, "changed": changed, "removed": removed},
    )


@read_access
def snapshot_impact(request: HttpRequest, pk: int) -> HttpResponse:
    """Every added or changed entry of a version, page by page, with the parties and past screenings it matches."""
    snapshot = get_object_or_404(ListSnapshot.objects.select_related("source"), pk=pk)
    page = Paginator(
        selectors.impact_entries(snapshot=snapshot), selectors.IMPACT_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    rows = (
        selectors.change_impact(
            user=request.user, snapshot=snapshot, entry_pks=[entry_pk for entry_pk, _n in page]
        )
        if page.object_list
        else []
    )
    return render(
        request,
        "screening/snapshot_impact.html",
        {"snapshot": snapshot, "rows": rows, "page": page, "threshold": DEFAULT_REVIEW_THRESHOLD},
    )
