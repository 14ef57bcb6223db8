from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from anpo.accounts.models import OrgUnit, RoleAssignment, User
from anpo.records.models import AuditEvent

pytestmark = pytest.mark.django_db

CSV_HEADER = "username,email,full_name,full_name_en,employee_number,unit_code,roles,language\n"


def _english(user):  # type: ignore[no-untyped-def]
    user.language = "en"
    user.save(update_fields=["language"])
    return user


def _upload(client, content: bytes, name: str, dry_run: bool):  # type: ignore[no-untyped-def]
    data = {"file": io.BytesIO(content)}
    data["file"].name = name
    if dry_run:
        data["dry_run"] = "on"
    return client.post("/accounts/users/import/", data)


@pytest.mark.parametrize(
    "persona", ["researcher", "dept_manager", "officer", "auditor", "committee", "outsider"]
)
def test_only_system_administrators_manage_users(client, request, persona, researcher) -> None:  # type: ignore[no-untyped-def]
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/accounts/users/new/").status_code == 403
    assert client.get("/accounts/users/import/").status_code == 403
    assert (
        client.post(f"/accounts/users/{researcher.pk}/", {"username": "hacked"}).status_code == 403
    )
    assert (
        client.post(f"/accounts/users/{researcher.pk}/roles/add/", {"role": "officer"}).status_code
        == 403
    )
    assert not researcher.role_assignments.filter(role="officer").exists()


def test_researchers_cannot_list_users(client, researcher) -> None:  # type: ignore[no-untyped-def]
    client.force_login(researcher)
    assert client.get("/accounts/users/").status_code == 403
    assert client.get("/accounts/units/").status_code == 403


def test_sysadmin_creates_a_user_and_grants_a_scoped_role(client, sysadmin, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sysadmin)
    response = client.post(
        "/accounts/users/new/",
        {
            "username": "newbie",
            "email": "Newbie@Test.invalid",
            "full_name": "新人 一郎",
            "full_name_en": "Ichiro Shinjin",
            "employee_number": "S123",
            "org_unit": org["chem"].pk,
            "language": "en",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.email == "newbie@test.invalid" and not user.has_usable_password()
    missing_scope = client.post(f"/accounts/users/{user.pk}/roles/add/", {"role": "dept_manager"})
    assert missing_scope.status_code == 302
    assert not RoleAssignment.objects.filter(user=user, role="dept_manager").exists()
    client.post(
        f"/accounts/users/{user.pk}/roles/add/",
        {"role": "dept_manager", "org_unit": org["chem"].pk},
    )
    assert RoleAssignment.objects.filter(
        user=user, role="dept_manager", org_unit=org["chem"]
    ).exists()
    assert (
        AuditEvent.objects.filter(action="accounts.role.assign", object_id=str(user.pk)).count()
        == 2
    )  # researcher + manager


def test_moving_a_unit_repaths_its_subtree(client, sysadmin, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_english(sysadmin))
    mech = org["mech"]
    response = client.post(
        f"/accounts/units/{mech.pk}/",
        {
            "code": "mech",
            "name_ja": "機械工学科",
            "name_en": "Mechanical",
            "kind": "department",
            "parent": org["sci"].pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    lab = OrgUnit.objects.get(code="mech-lab")
    assert lab.path.startswith(OrgUnit.objects.get(code="sci").path)
    cycle = client.post(
        f"/accounts/units/{org['eng'].pk}/",
        {
            "code": "eng",
            "name_ja": "工学部",
            "name_en": "Engineering",
            "kind": "faculty",
            "parent": org["eng"].pk,
            "is_active": "on",
        },
    )
    assert cycle.status_code == 200 and "cannot be moved" in cycle.content.decode()


def test_bulk_import_dry_run_reports_errors_and_writes_nothing(client, sysadmin, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(_english(sysadmin))
    before = User.objects.count()
    content = (
        CSV_HEADER
        + "a1,a1@test.invalid,甲,Ko,1,chem,researcher,ja\n"
        + "a2,not-an-email,乙,Otsu,2,nowhere,wizard,xx\n"
        + "a1,a1b@test.invalid,丙,Hei,3,chem,,en\n"
    ).encode()
    response = _upload(client, content, "staff.csv", dry_run=False)
    body = response.content.decode()
    assert (
        "invalid e-mail address" in body
        and "unknown unit code nowhere" in body
        and "unknown role wizard" in body
    )
    assert "username appears twice" in body
    assert User.objects.count() == before


def test_bulk_import_creates_and_updates_in_one_go(client, sysadmin, org, researcher) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sysadmin)
    content = (
        CSV_HEADER
        + "b1,b1@test.invalid,乙 二郎,Jiro Otsu,200,chem,researcher;dept_manager,en\n"
        + "researcher,researcher@test.invalid,研究 者,Re Searcher,100,mech-lab,researcher,ja\n"
    ).encode()
    dry = _upload(client, content, "staff.csv", dry_run=True)
    assert "ドライランの結果" in dry.content.decode()
    assert not User.objects.filter(username="b1").exists()
    _upload(client, content, "staff.csv", dry_run=False)
    b1 = User.objects.get(username="b1")
    assert (
        b1.has_role("dept_manager")
        and b1.role_assignments.get(role="dept_manager").org_unit == org["chem"]
    )
    assert User.objects.get(username="researcher").full_name == "研究 者"
    from anpo.records.selectors import audit_chain_verify

    created = AuditEvent.objects.filter(action="accounts.user.create", object_id=str(b1.pk))
    assert created.count() == 1 and created.get().after["email"] == "b1@test.invalid"
    assert (
        AuditEvent.objects.filter(action="accounts.role.assign", object_id=str(b1.pk)).count() == 2
    )
    assert audit_chain_verify().ok


def test_bulk_import_reads_xlsx_and_rejects_wrong_columns(client, sysadmin, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sysadmin)
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["username", "email", "unit_code"])
    sheet.append(["x1", "x1@test.invalid", "chem"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    _upload(client, buffer.getvalue(), "staff.xlsx", dry_run=False)
    assert User.objects.filter(username="x1").exists()
    wrong = _upload(client, b"user,mail\nq,q@x.invalid\n", "staff.csv", dry_run=True)
    assert (
        "列が正しくありません" in wrong.content.decode() and "unit_code" in wrong.content.decode()
    )
    garbage = _upload(client, b"PK\x03\x04 not really a workbook", "staff.xlsx", dry_run=True)
    assert (
        garbage.status_code == 200
        and "有効な .xlsx ブックではありません" in garbage.content.decode()
    )


def test_bulk_import_reads_shift_jis_csv(client, sysadmin, org) -> None:  # type: ignore[no-untyped-def]
    client.force_login(sysadmin)
    content = (CSV_HEADER + "sj,sj@test.invalid,山田 花子,Hanako Yamada,1,chem,,ja\n").encode(
        "cp932"
    )
    _upload(client, content, "staff.csv", dry_run=False)
    assert User.objects.get(username="sj").full_name == "山田 花子"
