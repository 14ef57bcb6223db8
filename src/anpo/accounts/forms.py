from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from anpo.accounts.models import OrgUnit, User
from anpo.accounts.roles import Role
from anpo.core.tasks import send_email_task


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )

    def clean(self) -> dict[str, Any]:
        # Accept the e-mail address as well as the username.
        username = self.cleaned_data.get("username", "")
        if "@" in username:
            match = (
                User.objects.filter(email__iexact=username)
                .values_list("username", flat=True)
                .first()
            )
            if match:
                self.cleaned_data["username"] = match
        return super().clean()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return "\u3000" * obj.depth + obj.name


class UserForm(forms.ModelForm):
    org_unit = UnitChoiceField(queryset=OrgUnit.objects.filter(is_active=True), label=_("Unit"))

    class Meta:
        model = User
        fields = [
            "username",
            "email",
            "full_name",
            "full_name_en",
            "employee_number",
            "org_unit",
            "language",
            "is_active",
        ]


class OrgUnitForm(forms.ModelForm):
    parent = UnitChoiceField(
        queryset=OrgUnit.objects.filter(is_active=True), label=_("Parent unit"), required=False
    )

    class Meta:
        model = OrgUnit
        fields = ["code", "name_ja", "name_en", "kind", "parent", "is_active"]


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    org_unit = UnitChoiceField(
        queryset=OrgUnit.objects.filter(is_active=True),
        label=_("Scope (department managers)"),
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("role") == Role.DEPT_MANAGER and not data.get("org_unit"):
            self.add_error("org_unit", _("A department export control manager needs a unit."))
        return data


class BulkImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: username, email, unit_code, and optionally full_name, full_name_en, employee_number, roles, language."
        ),
    )
    dry_run = forms.BooleanField(
        label=_("Dry run (check only, change nothing)"), required=False, initial=True
    )

    MAX_BYTES = 10 * 1024 * 1024

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload


class UserSearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False
    )


class TaskPasswordResetForm(PasswordResetForm):
    """Password reset whose e-mail goes through the background worker, never blocking the page."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        send_email_task.enqueue(
            subject=subject, body=render_to_string(email_template_name, context), to=[to_email]
        )
