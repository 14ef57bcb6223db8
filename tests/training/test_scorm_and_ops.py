"""SCORM import and runtime, the load-content command, the demo hook and the periodic job."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from anpo.training import services
from anpo.training.models import Completion, Course, Lesson, ScormPackage, ScormRecord

pytestmark = pytest.mark.django_db

MANIFEST_12 = """<?xml version="1.0"?>
<manifest identifier="demo-sco" version="1" xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
  xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2">
  <metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>
  <organizations default="org"><organization identifier="org"><title>輸出管理ミニ教材</title>
    <item identifier="i1" identifierref="r1"><title>SCO</title></item></organization></organizations>
  <resources><resource identifier="r1" type="webcontent" adlcp:scormtype="sco" href="index.html"><file href="index.html"/></resource></resources>
</manifest>"""

MANIFEST_2004 = MANIFEST_12.replace(
    "<schemaversion>1.2</schemaversion>", "<schemaversion>2004 4th Edition</schemaversion>"
)


def _zip(files: dict[str, str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    buffer.seek(0)
    buffer.name = "package.zip"
    return buffer


def test_scorm_12_package_imports_plays_and_records_completion(client, officer, researcher) -> None:  # type: ignore[no-untyped-def]
    course = Course.objects.create(
        slug="scorm-course",
        title_ja="SCORM コース",
        title_en="SCORM course",
        questions_per_attempt=1,
    )
    package = services.scorm_package_import(
        acting_user=officer,
        upload=_zip(
            {
                "imsmanifest.xml": MANIFEST_12,
                "index.html": "<html lang='ja'><title>SCO</title><p>教材</p></html>",
            }
        ),
        course=course,
    )
    assert (package.version, package.launch, package.title) == (
        "1.2",
        "index.html",
        "輸出管理ミニ教材",
    )
    lesson = Lesson.objects.get(scorm_package=package)
    client.force_login(researcher)
    page = client.get(f"/training/courses/scorm-course/lessons/{lesson.slug}/").content.decode()
    assert "scorm-api.js" in page and "<iframe" in page
    assert "教材" in client.get(f"/training/scorm/{package.pk}/index.html").getvalue().decode()
    assert client.get(f"/training/scorm/{package.pk}/../../../settings.py").status_code == 404
    response = client.post(
        f"/training/lessons/{lesson.pk}/scorm/commit/",
        json.dumps({"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"}),
        content_type="application/json",
    )
    assert response.json() == {"ok": True, "complete": True}
    record = ScormRecord.objects.get(user=researcher)
    assert record.score == 90 and record.success_status == "passed"
    assert Completion.objects.filter(
        user=researcher, course=course, source="lessons"
    ).exists()  # no quiz: lessons complete it
    assert (
        client.post(
            f"/training/lessons/{lesson.pk}/scorm/commit/",
            "not json",
            content_type="application/json",
        ).status_code
        == 400
    )


def test_scorm_2004_is_detected_and_scaled_scores_recorded(officer, researcher) -> None:  # type: ignore[no-untyped-def]
    package = services.scorm_package_import(
        acting_user=officer,
        upload=_zip({"imsmanifest.xml": MANIFEST_2004, "index.html": "<p>x</p>"}),
    )
    assert package.version == ScormPackage.Version.SCORM2004
    record = services.scorm_commit(
        user=researcher,
        package=package,
        lesson=None,
        data={"cmi.completion_status": "completed", "cmi.score.scaled": "0.85"},
    )
    assert record.is_complete and record.score == 85


@pytest.mark.parametrize(
    "files,problem",
    [
        ({"index.html": "x"}, "imsmanifest"),
        ({"imsmanifest.xml": MANIFEST_12, "../evil.html": "x", "index.html": "x"}, "unsafe"),
        ({"imsmanifest.xml": MANIFEST_12}, "launch"),
        (
            {
                "imsmanifest.xml": '<!DOCTYPE x [<!ENTITY a "aaaa">]><manifest>&a;</manifest>',
                "index.html": "x",
            },
            "entity",
        ),
    ],
)
def test_bad_scorm_packages_are_refused(officer, files, problem) -> None:  # type: ignore[no-untyped-def]
    from defusedxml import DTDForbidden, EntitiesForbidden

    with pytest.raises((ValidationError, EntitiesForbidden, DTDForbidden)):
        services.scorm_package_import(acting_user=officer, upload=_zip(files))
    assert not ScormPackage.objects.exists()


def test_load_content_command_is_idempotent(db, capsys) -> None:  # type: ignore[no-untyped-def]
    call_command("training", "load-content")
    first = capsys.readouterr().out
    assert "why-export-control" in first and "created" in first
    call_command("training", "load-content")
    assert "created" not in capsys.readouterr().out


def test_demo_hook_loads_courses_and_assigns_the_demo_researcher(db, settings) -> None:  # type: ignore[no-untyped-def]
    from django.apps import apps

    from anpo.accounts.demo import demo_load
    from anpo.training.models import Assignment

    settings.ANPO_DEMO = True
    demo_load()
    config = apps.get_app_config("training")
    config.demo_load()
    config.demo_load()
    assert Course.objects.filter(slug="why-export-control").exists()
    assert Assignment.objects.filter(user__username="researcher").count() == 1


def test_reminders_run_as_a_periodic_job() -> None:
    from anpo.core.scheduler import registered_jobs

    assert "training.reminders" in {job.name for job in registered_jobs()}
