"""Bulk user import from CSV or XLSX, with a dry-run report.

Columns (header row, any order; extra columns are an error so typos are caught):
``username, email, full_name, full_name_en, employee_number, unit_code, roles, language``.
``username``, ``email`` and ``unit_code`` are required. ``roles`` is a ``;``-separated
list of role codes (default ``researcher``); a department manager is scoped to the
person's own unit. Existing users (same username) are updated, never duplicated.
Nothing is written unless every row is valid.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from anpo.accounts import services
from anpo.accounts.models import OrgUnit, RoleAssignment, User
from anpo.accounts.roles import UNIT_SCOPED_ROLES, Role
from anpo.records.services import AuditEntry, audit_events_bulk_create

REQUIRED = ("username", "email", "unit_code")
OPTIONAL = ("full_name", "full_name_en", "employee_number", "roles", "language")
MAX_ROWS = 50_000
MAX_CELL = 300


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong format, wrong columns, too large)."""


@dataclass
class RowResult:
    line: int
    username: str
    action: str = ""  # "create" | "update" | "unchanged"
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult]
    applied: bool = False

    @property
    def error_rows(self) -> list[RowResult]:
        return [row for row in self.rows if row.errors]

    @property
    def ok(self) -> bool:
        return not self.error_rows

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action and not row.errors)


def read_rows(*, filename: str, content: bytes) -> list[dict[str, str]]:
    """Read a CSV (UTF-8, with or without BOM, or Shift_JIS as Excel in Japan writes it) or XLSX."""
    if filename.lower().endswith(".xlsx"):
        records = _read_xlsx(content)
    elif filename.lower().endswith(".csv"):
        records = _read_csv(content)
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    if not records:
        raise ImportFileError(_("The file has no header row."))
    header = [str(cell or "").strip().lower() for cell in records[0]]
    missing = [column for column in REQUIRED if column not in header]
    unknown = [column for column in header if column and column not in REQUIRED + OPTIONAL]
    if missing or unknown:
        parts = []
        if missing:
            parts.append(_("missing columns: %(cols)s") % {"cols": ", ".join(missing)})
        if unknown:
            parts.append(_("unknown columns: %(cols)s") % {"cols": ", ".join(unknown)})
        raise ImportFileError(
            _("Wrong columns (%(detail)s). Expected: %(expected)s.")
            % {"detail": "; ".join(parts), "expected": ", ".join(REQUIRED + OPTIONAL)}
        )
    if len(records) - 1 > MAX_ROWS:
        raise ImportFileError(_("Too many rows: at most %(max)d per file.") % {"max": MAX_ROWS})
    rows = []
    for record in records[1:]:
        values = [str(cell if cell is not None else "").strip() for cell in record]
        if not any(values):
            rows.append({})
            continue
        rows.append(
            {
                column: (values[i] if i < len(values) else "")
                for i, column in enumerate(header)
                if column
            }
        )
    return rows


def _read_csv(content: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(_("The CSV file is neither UTF-8 nor Shift_JIS text."))
    try:
        return list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ImportFileError(_("The CSV file is malformed: %(error)s") % {"error": exc}) from exc


def _read_xlsx(content: bytes) -> list[list[str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ImportFileError(_("The file is not a valid .xlsx workbook.")) from exc
    sheet = workbook.worksheets[0]
    rows: list[list[str]] = []
    for row in sheet.iter_rows(values_only=True):
        rows.append([str(cell) if cell is not None else "" for cell in row])
        if len(rows) > MAX_ROWS + 1:
            break
    workbook.close()
    return rows


def validate_rows(rows: list[dict[str, str]]) -> ImportReport:
    units = {unit.code: unit for unit in OrgUnit.objects.filter(is_active=True)}
    existing = {
        user.username: user
        for user in User.objects.filter(username__in=[r.get("username", "") for r in rows])
    }
    emails_taken = dict(
        User.objects.filter(email__in=[r.get("email", "").lower() for r in rows]).values_list(
            "email", "username"
        )
    )
    seen_usernames: set[str] = set()
    seen_emails: set[str] = set()
    results = []
    for index, row in enumerate(rows, start=2):
        if not row:
            continue
        result = RowResult(line=index, username=row.get("username", ""))
        for column in REQUIRED:
            if not row.get(column):
                result.errors.append(_("%(column)s is empty") % {"column": column})
        if any(len(value) > MAX_CELL for value in row.values()):
            result.errors.append(_("a value is longer than %(max)d characters") % {"max": MAX_CELL})
        username, email = row.get("username", ""), row.get("email", "").lower()
        if username in seen_usernames:
            result.errors.append(_("username appears twice in the file"))
        if email and email in seen_emails:
            result.errors.append(_("e-mail appears twice in the file"))
        seen_usernames.add(username)
        seen_emails.add(email)
        if email:
            try:
                validate_email(email)
            except ValidationError:
                result.errors.append(_("invalid e-mail address"))
            if email in emails_taken and emails_taken[email] != username:
                result.errors.append(_("e-mail already belongs to another user"))
        if row.get("unit_code") and row["unit_code"] not in units:
            result.errors.append(_("unknown unit code %(code)s") % {"code": row["unit_code"]})
        for role in _roles(row):
            if role not in Role.values:
                result.errors.append(_("unknown role %(role)s") % {"role": role})
        if row.get("language", "ja") not in ("ja", "en", ""):
            result.errors.append(_("language must be ja or en"))
        result.action = "update" if username in existing else "create"
        results.append(result)
    return ImportReport(rows=results)


def _roles(row: dict[str, str]) -> list[str]:
    return [
        role.strip()
        for role in (row.get("roles") or "researcher").replace(",", ";").split(";")
        if role.strip()
    ]


def users_bulk_import(
    *, acting_user: User | None, rows: list[dict[str, str]], dry_run: bool
) -> ImportReport:
    """Validate every row; unless ``dry_run`` or any row is invalid, create/update all in one transaction.

    New users, their roles and their audit events are written in batches (a university imports
    thousands of staff at once); existing users go through the ordinary update service.
    """
    report = validate_rows(rows)
    if dry_run or not report.ok:
        return report
    units = {unit.code: unit for unit in OrgUnit.objects.all()}
    rows = [row for row in rows if row]
    existing = {
        user.username: user
        for user in User.objects.filter(username__in=[row["username"] for row in rows])
    }
    with transaction.atomic():
        new_users: list[User] = []
        for row in rows:
            unit = units[row["unit_code"]]
            fields = {
                "email": row["email"].lower(),
                "full_name": row.get("full_name", ""),
                "full_name_en": row.get("full_name_en", ""),
                "employee_number": row.get("employee_number", ""),
                "org_unit": unit,
                "language": row.get("language") or "ja",
            }
            user = existing.get(row["username"])
            if user is None:
                user = User(username=row["username"], **fields)
                user.set_unusable_password()
                new_users.append(user)
            else:
                services.user_update(acting_user=acting_user, user=user, **fields)
                for role in _roles(row):
                    services.role_assign(
                        acting_user=acting_user,
                        user=user,
                        role=role,
                        org_unit=unit if role in UNIT_SCOPED_ROLES else None,
                    )
        _create_users_in_bulk(
            acting_user=acting_user,
            users=new_users,
            rows={row["username"]: row for row in rows},
            units=units,
        )
    report.applied = True
    return report


def _create_users_in_bulk(
    *,
    acting_user: User | None,
    users: list[User],
    rows: dict[str, dict[str, str]],
    units: dict[str, OrgUnit],
) -> None:
    created = User.objects.bulk_create(users, batch_size=500)
    if created and created[0].pk is None:  # a database that cannot return ids from bulk inserts
        created = list(User.objects.filter(username__in=[user.username for user in users]))
    assignments: list[RoleAssignment] = []
    entries: list[AuditEntry] = []
    for user in created:
        row = rows[user.username]
        entries.append(
            AuditEntry(
                action="accounts.user.create",
                object_type="accounts.user",
                object_id=str(user.pk),
                object_repr=str(user),
                after={f: getattr(user, f) for f in services.USER_AUDIT_FIELDS},
            )
        )
        for role in dict.fromkeys(_roles(row)):
            scope = units[row["unit_code"]] if role in UNIT_SCOPED_ROLES else None
            assignments.append(RoleAssignment(user=user, role=role, org_unit=scope))
            entries.append(
                AuditEntry(
                    action="accounts.role.assign",
                    object_type="accounts.user",
                    object_id=str(user.pk),
                    object_repr=str(user),
                    after={"role": role, "org_unit_id": scope.pk if scope else None},
                )
            )
    RoleAssignment.objects.bulk_create(assignments, batch_size=500)
    audit_events_bulk_create(actor=acting_user, entries=entries)
