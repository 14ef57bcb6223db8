"""Login/logout/password views, the reader's own settings, and the administration of users, units and roles."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from anpo.accounts import bulk_import, selectors, services
from anpo.accounts.access import capability_required
from anpo.accounts.capabilities import PLANNED, Capability, capabilities_of
from anpo.accounts.forms import (
    BulkImportForm,
    LoginForm,
    OrgUnitForm,
    RoleAssignForm,
    TaskPasswordResetForm,
    UserForm,
    UserSearchForm,
)
from anpo.accounts.models import OrgUnit, RoleAssignment, User
from anpo.accounts.roles import Role
from anpo.core import preferences


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    form_class = TaskPasswordResetForm


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(
        request,
        "accounts/profile.html",
        {
            "assignments": user.role_assignments.select_related("org_unit"),
            "capabilities": [
                c for c in Capability if c in capabilities_of(user) and c not in PLANNED
            ],
        },
    )


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
    if isinstance(request.user, User):
        services.user_preferences_update(
            user=request.user,
            font_size=prefs.font_size,
            contrast=prefs.contrast,
            furigana=prefs.furigana,
        )
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
    if isinstance(request.user, User):
        services.user_language_update(user=request.user, language=language)
    translation.activate(language)
    response = HttpResponseRedirect(_safe_next(request))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


@capability_required(Capability.READ_USERS)
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserSearchForm(request.GET or None)
    search = form.cleaned_data.get("q", "") if form.is_valid() else ""
    role = form.cleaned_data.get("role", "") if form.is_valid() else ""
    page = Paginator(selectors.user_list(search=search, role=role), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "accounts/user_list.html", {"form": form, "page": page})


@capability_required(Capability.ADMIN_USERS)
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.user_create(
            acting_user=request.user,
            username=data["username"],
            email=data["email"],
            full_name=data["full_name"],  # type: ignore[arg-type]
            full_name_en=data["full_name_en"],
            employee_number=data["employee_number"],
            org_unit=data["org_unit"],
            language=data["language"],
            roles=[(Role.RESEARCHER, None)],
        )
        messages.success(
            request,
            _("User %(name)s created. They can set a password through 'Forgot your password?'.")
            % {"name": user.username},
        )
        return redirect("accounts:user_edit", pk=user.pk)
    return render(request, "accounts/user_form.html", {"form": form, "creating": True})


@capability_required(Capability.ADMIN_USERS)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = UserForm(request.POST or None, instance=User.objects.get(pk=pk))
    role_form = RoleAssignForm()
    if request.method == "POST" and form.is_valid():
        services.user_update(
            acting_user=request.user,
            user=user,
            **{  # type: ignore[arg-type]
                field: form.cleaned_data[field] for field in UserForm.Meta.fields
            },
        )
        messages.success(request, _("Changes saved."))
        return redirect("accounts:user_edit", pk=user.pk)
    return render(
        request,
        "accounts/user_form.html",
        {
            "form": form,
            "subject": user,
            "role_form": role_form,
            "assignments": user.role_assignments.select_related("org_unit"),
        },
    )


@capability_required(Capability.ADMIN_USERS)
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    form = RoleAssignForm(request.POST)
    if request.method == "POST" and form.is_valid():
        services.role_assign(
            acting_user=request.user,
            user=user,
            role=form.cleaned_data["role"],
            org_unit=form.cleaned_data["org_unit"],
        )  # type: ignore[arg-type]
        messages.success(request, _("Role added."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("accounts:user_edit", pk=user.pk)


@capability_required(Capability.ADMIN_USERS)
def role_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    assignment = get_object_or_404(RoleAssignment, pk=assignment_pk, user_id=pk)
    if request.method == "POST":
        services.role_revoke(acting_user=request.user, assignment=assignment)  # type: ignore[arg-type]
        messages.success(request, _("Role removed."))
    return redirect("accounts:user_edit", pk=pk)


@capability_required(Capability.READ_USERS)
def unit_list(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/unit_list.html", {"units": OrgUnit.objects.all()})


@capability_required(Capability.ADMIN_USERS)
def unit_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    unit = get_object_or_404(OrgUnit, pk=pk) if pk else None
    form = OrgUnitForm(request.POST or None, instance=OrgUnit.objects.get(pk=pk) if pk else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if unit is None:
                services.org_unit_create(
                    acting_user=request.user,
                    **{k: data[k] for k in ("code", "name_ja", "name_en", "kind", "parent")},
                )  # type: ignore[arg-type]
            else:
                services.org_unit_update(acting_user=request.user, unit=unit, **data)  # type: ignore[arg-type]
        except ValueError:
            form.add_error(
                "parent", _("A unit cannot be moved under itself or one of its own sub-units.")
            )
        else:
            messages.success(request, _("Unit saved."))
            return redirect("accounts:unit_list")
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit})


@capability_required(Capability.ADMIN_USERS)
def user_import(request: HttpRequest) -> HttpResponse:
    form = BulkImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = bulk_import.read_rows(filename=upload.name, content=upload.read())
        except bulk_import.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            with transaction.atomic():
                report = bulk_import.users_bulk_import(
                    acting_user=request.user, rows=rows, dry_run=form.cleaned_data["dry_run"]
                )  # type: ignore[arg-type]
            if report.applied:
                messages.success(
                    request,
                    _("Imported: %(created)d created, %(updated)d updated.")
                    % {"created": report.count("create"), "updated": report.count("update")},
                )
            elif not report.ok:
                messages.error(
                    request, _("Nothing was imported: fix the rows listed below and upload again.")
                )
    return render(request, "accounts/user_import.html", {"form": form, "report": report})
