"""Catalogue pages: thin views (access helper -> form -> selector -> render).

Everything here reads; imports happen through ``anpo catalogue import`` (and the demo).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anpo.accounts.access import capability_required
from anpo.accounts.capabilities import Capability, user_can
from anpo.classification import selectors, services
from anpo.classification.catalogue.model import CatalogueParseError
from anpo.classification.catalogue.suggest import SuggestInput
from anpo.classification.forms import DiffForm, SearchForm, SuggestForm
from anpo.classification.models import CatalogueEntry, CatalogueVersion, Instrument


def _instrument(code: str) -> Instrument:
    try:
        return selectors.instrument_get(code)
    except Instrument.DoesNotExist:
        pass
    # the rows come with the first migration; a database flushed since (tests) gets them back
    if code in services.known_instrument_codes():
        services.instruments_ensure()
        return selectors.instrument_get(code)
    raise Http404(_("No such list."))


def _version_param(request: HttpRequest, instrument: Instrument) -> CatalogueVersion | None:
    raw = request.GET.get("version")
    if not raw:
        return instrument.current_version
    if not raw.isdigit():
        raise Http404(_("No such version."))
    version = instrument.versions.filter(pk=int(raw)).first()
    if version is None:
        raise Http404(_("No such version."))
    return version


@capability_required(Capability.READ_CATALOGUE)
def home(request: HttpRequest) -> HttpResponse:
    if not Instrument.objects.exists():
        services.instruments_ensure()
    return render(
        request,
        "classification/home.html",
        {
            "status": selectors.catalogue_status(),
            "search_form": SearchForm(),
            "suggest_form": SuggestForm(),
            "can_manage": user_can(request.user, Capability.MANAGE_CATALOGUE),
        },
    )


@capability_required(Capability.READ_CATALOGUE)
def search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    result = None
    if form.is_valid() and (form.cleaned_data["q"] or "").strip():
        result = selectors.catalogue_search(
            query=form.cleaned_data["q"], instrument=form.cleaned_data["instrument"] or None
        )
        if len(result.exact) == 1 and not result.hits and request.GET.get("go") == "1":
            entry = result.exact[0].entry
            return redirect(_entry_url(entry))
    return render(request, "classification/search.html", {"form": form, "result": result})


@capability_required(Capability.READ_CATALOGUE)
def suggest(request: HttpRequest) -> HttpResponse:
    form = SuggestForm(request.GET or None)
    suggestions = None
    unavailable = False
    if request.GET and form.is_valid():
        suggester = selectors.suggester()
        if suggester is None:
            unavailable = True
        else:
            item = SuggestInput(
                "page",
                form.cleaned_data["description"],
                form.cleaned_data["kind"] or None,
                form.cleaned_data["parameters"],
            )
            raw = suggester.suggest(item, top=10)
            suggestions = selectors.resolve_suggestions(raw)
    return render(
        request,
        "classification/suggest.html",
        {"form": form, "suggestions": suggestions, "unavailable": unavailable},
    )


def _entry_url(entry: CatalogueEntry) -> str:
    url = reverse("classification:entry", args=[entry.version.instrument.code, entry.key])
    if not entry.version.is_current:
        url += f"?version={entry.version_id}"
    return url


@capability_required(Capability.READ_CATALOGUE)
def instrument_detail(request: HttpRequest, code: str) -> HttpResponse:
    instrument = _instrument(code)
    version = _version_param(request, instrument)
    return render(
        request,
        "classification/instrument.html",
        {
            "instrument": instrument,
            "version": version,
            "entries": selectors.top_entries(version) if version else [],
            "versions": selectors.versions_of(instrument),
            "can_update": user_can(request.user, Capability.MANAGE_CATALOGUE)
            and selectors.has_official_source(instrument),
        },
    )


@capability_required(Capability.MANAGE_CATALOGUE)
@require_POST
def instrument_update(request: HttpRequest, code: str) -> HttpResponse:
    """Queue an import of the version in force from the official source (office staff)."""
    instrument = _instrument(code)
    try:
        services.catalogue_update_request(instrument=instrument.code, acting_user=request.user)
    except CatalogueParseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _(
                "The current text is being fetched from the official source; a new version appears here when the law changed."
            ),
        )
    return redirect("classification:instrument", code=instrument.code)


@capability_required(Capability.READ_CATALOGUE)
def entry_detail(request: HttpRequest, code: str, key: str) -> HttpResponse:
    instrument = _instrument(code)
    version = _version_param(request, instrument)
    try:
        entry = selectors.entry_get(instrument=instrument, key=key, version=version)
    except CatalogueEntry.DoesNotExist as exc:
        raise Http404(_("This entry is not in that version of the list.")) from exc
    history = selectors.entry_history(instrument=instrument, key=key)
    return render(
        request,
        "classification/entry.html",
        {
            "instrument": instrument,
            "version": entry.version,
            "entry": entry,
            "ancestors": selectors.entry_ancestors(entry),
            "children": selectors.entry_children(entry),
            "relations": selectors.entry_relations(entry),
            "history": history,
            "changes_here": selectors.entry_change_in_version(entry),
        },
    )


@capability_required(Capability.READ_CATALOGUE)
def version_diff(request: HttpRequest, code: str) -> HttpResponse:
    instrument = _instrument(code)
    versions = list(selectors.versions_of(instrument))
    choices = [(v.pk, selectors.version_choice_label(v)) for v in versions]
    data = request.GET.copy() if request.GET else None
    if data is None and versions:
        newest = next((v for v in versions if v.is_current), versions[0])
        older = newest.previous
        if older is not None:
            data = {"old": str(older.pk), "new": str(newest.pk)}  # type: ignore[assignment]
    form = DiffForm(data, versions=choices)
    changes = None
    old = new = None
    if data is not None and form.is_valid():
        by_pk = {v.pk: v for v in versions}
        old, new = by_pk[form.cleaned_data["old"]], by_pk[form.cleaned_data["new"]]
        changes = selectors.version_diff(old, new)
    return render(
        request,
        "classification/diff.html",
        {
            "instrument": instrument,
            "form": form,
            "changes": changes,
            "old": old,
            "new": new,
            "versions": versions,
            "summary": selectors.diff_summary(changes) if changes is not None else None,
        },
    )
