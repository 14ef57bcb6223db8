"""Thin views: access check -> form -> service -> render."""

from __future__ import annotations

import csv
import io
import json
import mimetypes
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from anpo.accounts.access import capability_required, require_capability
from anpo.accounts.capabilities import Capability, user_can
from anpo.accounts.models import User
from anpo.accounts.selectors import user_can_see_user
from anpo.training import selectors, services
from anpo.training.forms import (
    AssignmentForm,
    CourseForm,
    LessonForm,
    ModuleForm,
    QuestionForm,
    UploadForm,
)
from anpo.training.models import (
    Assignment,
    Certificate,
    Course,
    Lesson,
    LessonProgress,
    Question,
    QuizAttempt,
    ScormPackage,
    ScormRecord,
    active_lang,
    other_lang,
)
from anpo.training.transcripts import transcript_cues

REPORT_PAGE_PEOPLE = 1000  # the page lists this many people; the CSV/XLSX downloads have everyone

# Learner pages: every signed-in user reads; taking a course (posting) needs TAKE_TRAINING,
# which read-only users (auditors) do not hold.
learner_access = capability_required(write=Capability.TAKE_TRAINING)
authoring_access = capability_required(Capability.AUTHOR_TRAINING)


def _sees_unpublished(user: Any) -> bool:
    return user_can(user, Capability.AUTHOR_TRAINING)


# ---------------------------------------------------------------------------------------------
# Learner pages
# ---------------------------------------------------------------------------------------------
@learner_access
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    progress = selectors.courses_progress(user=user, courses=selectors.courses_for_learner())
    return render(
        request,
        "training/home.html",
        {
            "progress": progress,
            "requirements": selectors.requirements_for_user(user=user),
        },
    )


@learner_access
def course_detail(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.course_get(slug=slug, include_unpublished=_sees_unpublished(request.user))
    progress = selectors.course_progress(user=request.user, course=course)
    modules = []
    seen = {lesson.pk: done for lesson, done in progress.lessons}
    for module in course.active_modules().prefetch_related(
        Prefetch("lessons", queryset=Lesson.objects.filter(is_active=True))
    ):
        modules.append(
            (module, [(lesson, seen.get(lesson.pk, False)) for lesson in module.lessons.all()])
        )
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "progress": progress,
            "modules": modules,
            "has_quiz": course.questions.filter(is_active=True).exists(),
            "attempts": QuizAttempt.objects.filter(
                user=request.user, course=course, submitted_at__isnull=False
            )[:10],
            "glossary": course.glossary,
            "lang": active_lang(),
            "other": other_lang(),
        },
    )


def _lesson_or_404(request: HttpRequest, slug: str, lesson_slug: str) -> Lesson:
    course = selectors.course_get(slug=slug, include_unpublished=_sees_unpublished(request.user))
    return get_object_or_404(
        course.lessons().select_related("module__course", "scorm_package"), slug=lesson_slug
    )


@learner_access
def lesson_detail(request: HttpRequest, slug: str, lesson_slug: str) -> HttpResponse:
    lesson = _lesson_or_404(request, slug, lesson_slug)
    course = lesson.course
    if request.method == "POST":
        try:
            services.lesson_complete(
                user=request.user, lesson=lesson, scenario_choice=request.POST.get("choice", "")
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("training:lesson", slug=slug, lesson_slug=lesson_slug)
        if lesson.kind == Lesson.Kind.SCENARIO:
            return redirect(
                reverse("training:lesson", args=[slug, lesson_slug]) + "#decision-feedback"
            )
        nxt = selectors.course_progress(user=request.user, course=course).next_lesson
        if nxt is not None:
            return redirect("training:lesson", slug=slug, lesson_slug=nxt.slug)
        return redirect("training:course", slug=slug)
    if user_can(request.user, Capability.TAKE_TRAINING):  # an auditor's reading is not progress
        services.lesson_record_view(user=request.user, lesson=lesson)
    progress = LessonProgress.objects.filter(user=request.user, lesson=lesson).first()
    lessons = list(course.lessons())
    index = next(i for i, item in enumerate(lessons) if item.pk == lesson.pk)
    lang = active_lang()
    context: dict[str, Any] = {
        "course": course,
        "lesson": lesson,
        "progress": progress,
        "lang": lang,
        "other": other_lang(),
        "body_other": lesson.localized("body", other_lang()),
        "previous": lessons[index - 1] if index > 0 else None,
        "next": lessons[index + 1] if index + 1 < len(lessons) else None,
        "position": index + 1,
        "count": len(lessons),
    }
    if lesson.kind == Lesson.Kind.SCENARIO and lesson.scenario:
        decided = progress.scenario_choice if progress else ""
        context["scenario_options"] = lesson.scenario.get("options", [])
        context["decided"] = decided
        context["decided_option"] = next(
            (o for o in lesson.scenario.get("options", []) if o["key"] == decided), None
        )
    if lesson.kind == Lesson.Kind.VIDEO:
        captions = {c.language: c for c in lesson.captions.all()}
        context["captions"] = captions
        # The caption track defaults to the UI language (or the only one there is).
        context["default_track"] = lang if lang in captions else other_lang()
        # Both transcripts are rendered; the learner picks one independently of the UI language
        # (?transcript=en without JavaScript, an in-page switch with it).
        transcripts = [
            (code, cues)
            for code in (lang, other_lang())
            if (cues := transcript_cues(captions.get(code)))
        ]
        wanted = request.GET.get("transcript", "")
        shown = (
            wanted
            if wanted in {code for code, _cues in transcripts}
            else (transcripts[0][0] if transcripts else "")
        )
        context["transcripts"] = transcripts
        context["transcript_lang"] = shown
    if lesson.kind == Lesson.Kind.SCORM and lesson.scorm_package:
        context["scorm_state"] = scorm_state(request.user, lesson)
    return render(request, "training/lesson.html", context)


@learner_access
def caption_file(request: HttpRequest, pk: int, language: str) -> HttpResponse:
    lesson = get_object_or_404(Lesson, pk=pk)
    caption = get_object_or_404(lesson.captions, language=language)
    return HttpResponse(caption.file.read(), content_type="text/vtt; charset=utf-8")


@learner_access
def video_file(request: HttpRequest, pk: int) -> FileResponse:
    lesson = get_object_or_404(Lesson, pk=pk)
    if not lesson.video_file:
        raise Http404
    return FileResponse(
        lesson.video_file.open("rb"),
        content_type=mimetypes.guess_type(lesson.video_file.name)[0] or "video/mp4",
    )


@capability_required(Capability.TAKE_TRAINING)
@require_POST
def quiz_start(request: HttpRequest, slug: str) -> HttpResponse:
    course = selectors.course_get(slug=slug)
    try:
        attempt = services.attempt_start(user=request.user, course=course, language=active_lang())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("training:course", slug=slug)
    return redirect("training:attempt", pk=attempt.pk)


@learner_access
def attempt_detail(request: HttpRequest, pk: int) -> HttpResponse:
    attempt = selectors.attempt_get_for_user(viewer=request.user, pk=pk)
    own = attempt.user_id == request.user.pk
    if request.method == "POST":
        require_capability(request.user, Capability.TAKE_TRAINING, attempt)
        answers = {q["key"]: request.POST.getlist(f"q-{q['key']}") for q in attempt.questions}
        try:
            attempt = services.attempt_submit(user=request.user, attempt=attempt, answers=answers)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("training:attempt", pk=attempt.pk)
    if not attempt.is_submitted and not own:
        raise Http404
    completion = getattr(attempt, "completion", None) if attempt.is_submitted else None
    return render(
        request,
        "training/attempt.html",
        {
            "attempt": attempt,
            "course": attempt.course,
            "own": own,
            "lang": active_lang(),
            "other": other_lang(),
            "feedback": services.attempt_feedback(attempt) if attempt.is_submitted else None,
            "completion": completion,
            "progress": selectors.course_progress(user=attempt.user, course=attempt.course)
            if own
            else None,
        },
    )


@learner_access
def attempt_list(request: HttpRequest) -> HttpResponse:
    attempts = selectors.attempts_for(viewer=request.user).filter(submitted_at__isnull=False)[:200]
    return render(request, "training/attempt_list.html", {"attempts": attempts})


@learner_access
def certificate_pdf_view(request: HttpRequest, code: str) -> HttpResponse:
    # Imported on first use: fpdf2 costs ~0.5-0.9 s to import, too much for every start-up.
    from anpo.training.certificates import certificate_pdf

    certificate = get_object_or_404(selectors.certificates_for(viewer=request.user), code=code)
    response = HttpResponse(certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.course.slug}-{certificate.code}.pdf"'
    )
    return response


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public: confirms holder, course, date and validity of a certificate; nothing else."""
    certificate = selectors.certificate_by_code(code=code)
    status = certificate.status_on(timezone.localdate()) if certificate else None
    return render(
        request,
        "training/verify.html",
        {"certificate": certificate, "status": status, "code": code},
        status=200 if certificate else 404,
    )


# ---------------------------------------------------------------------------------------------
# Records and reports
# ---------------------------------------------------------------------------------------------
@learner_access
def person_record(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    person = request.user if pk is None else get_object_or_404(User, pk=pk)
    if person.pk != request.user.pk and not user_can_see_user(viewer=request.user, other=person):
        raise Http404
    context = selectors.person_record(viewer=request.user, person=person)
    context["printed_at"] = timezone.localtime()
    return render(request, "training/record.html", context)


def _report_course(request: HttpRequest) -> Course | None:
    slug = request.GET.get("course", "")
    return Course.objects.filter(slug=slug).first() if slug else None


@capability_required(Capability.READ_REPORTS)
def report(request: HttpRequest) -> HttpResponse:
    course = _report_course(request)
    rows = selectors.report_by_unit(viewer=request.user, course=course)
    totals = {
        k: sum(getattr(r, k) for r in rows)
        for k in ("assigned", "complete", "expiring", "due", "overdue")
    }
    status_filter = request.GET.get("status", "")
    if status_filter not in selectors.STATUSES:
        status_filter = ""
    people = selectors.report_people(
        viewer=request.user, course=course, status=status_filter, limit=REPORT_PAGE_PEOPLE
    )
    return render(
        request,
        "training/report.html",
        {
            "rows": rows,
            "totals": totals,
            "courses": Course.objects.all(),
            "course": course,
            "people": people,
            "people_total": totals[status_filter or "assigned"],
            "people_limit": REPORT_PAGE_PEOPLE,
            "status_filter": status_filter,
            "chart_rows": [r for r in rows if r.assigned],
        },
    )


def _report_table(request: HttpRequest) -> tuple[list[str], list[list[Any]]]:
    status_label = {
        "complete": _("Complete"),
        "expiring": _("Expiring soon"),
        "due": _("Not yet due"),
        "overdue": _("Overdue"),
    }
    header = [
        _("Unit"),
        _("Username"),
        _("Name"),
        _("Course"),
        _("Status"),
        _("Due / valid until"),
        _("Completed on"),
    ]
    data = []
    for req in selectors.report_people(viewer=request.user, course=_report_course(request)):
        data.append(
            [
                req.user.org_unit.name if req.user.org_unit else "",
                req.user.get_username(),
                req.user.display_name,
                req.course.title,
                str(status_label[req.status]),
                req.due_date.isoformat(),
                req.completed_on.isoformat() if req.completed_on else "",
            ]
        )
    return [str(h) for h in header], data


@capability_required(Capability.READ_REPORTS)
def report_csv(request: HttpRequest) -> HttpResponse:
    header, data = _report_table(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(data)
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="training-report.csv"'
    return response


@capability_required(Capability.READ_REPORTS)
def report_xlsx(request: HttpRequest) -> HttpResponse:
    from openpyxl import Workbook  # loaded when a workbook is written: importing it costs ~0.25 s

    header, data = _report_table(request)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "training"
    sheet.append(header)
    for row in data:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="training-report.xlsx"'
    return response


# ---------------------------------------------------------------------------------------------
# Office: assignments and authoring
# ---------------------------------------------------------------------------------------------
@capability_required(Capability.READ_ASSIGNMENTS, write=Capability.ASSIGN_TRAINING)
def assignment_list(request: HttpRequest) -> HttpResponse:
    form = None
    if user_can(request.user, Capability.ASSIGN_TRAINING):
        form = AssignmentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            services.assignment_create(
                acting_user=request.user,
                course=data["course"],
                target=data["target"],
                role=data["role"],
                org_unit=data["org_unit"],
                include_subtree=data["include_subtree"],
                user=data["user"],
                due_date=data["due_date"],
                validity_days=data["validity_days"],
            )
            messages.success(request, _("The course has been assigned."))
            return redirect("training:assignments")
    assignments = Assignment.objects.select_related("course", "org_unit", "user").filter(
        is_active=True
    )
    return render(request, "training/assignments.html", {"form": form, "assignments": assignments})


@capability_required(Capability.REVOKE_CERTIFICATE)
@require_POST
def certificate_revoke(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_object_or_404(Certificate, code=code)
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Give a reason for revoking the certificate."))
    else:
        services.certificate_revoke(
            certificate=certificate, acting_user=request.user, reason=reason
        )
        messages.success(request, _("The certificate has been revoked."))
    return redirect("training:person_record", pk=certificate.user_id)


@capability_required(Capability.ASSIGN_TRAINING)
@require_POST
def assignment_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    services.assignment_deactivate(
        assignment=get_object_or_404(Assignment, pk=pk), acting_user=request.user
    )
    messages.success(request, _("The assignment has been ended."))
    return redirect("training:assignments")


@authoring_access
def manage(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/manage.html",
        {
            "courses": Course.objects.all(),
            "packages": ScormPackage.objects.all()[:50],
            "upload_form": UploadForm(),
        },
    )


@authoring_access
def course_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug) if slug else None
    form = CourseForm(request.POST or None, instance=course)
    if request.method == "POST" and form.is_valid():
        course = form.save(commit=False)
        if course.pk is None:
            course.source = Course.Source.AUTHORED
        services.course_save(course=course, acting_user=request.user)
        messages.success(request, _("The course has been saved."))
        return redirect("training:course_edit", slug=course.slug)
    context: dict[str, Any] = {"form": form, "course": course}
    if course is not None:
        modules = list(
            course.active_modules().prefetch_related(
                Prefetch("lessons", queryset=Lesson.objects.filter(is_active=True))
            )
        )
        context.update(
            {
                "modules": modules,
                "questions": course.questions.all(),
                "module_form": ModuleForm(prefix="module"),
                "versions": course.versions.select_related("created_by")[:10],
            }
        )
    return render(request, "training/course_edit.html", context)


@authoring_access
@require_POST
def module_create(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    form = ModuleForm(request.POST, prefix="module")
    if form.is_valid():
        module = form.save(commit=False)
        module.course = course
        services.module_save(module=module, acting_user=request.user)
        messages.success(request, _("The module has been added."))
    else:
        messages.error(request, _("The module could not be added: check the slug and both titles."))
    return redirect("training:course_edit", slug=slug)


@authoring_access
def lesson_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    lesson = get_object_or_404(course.lessons(), pk=pk) if pk else None
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson, course=course)
    if request.method == "POST" and form.is_valid():
        lesson = form.save(commit=False)
        try:
            services.lesson_save(
                lesson=lesson,
                acting_user=request.user,
                captions={
                    "ja": form.cleaned_data.get("captions_ja"),
                    "en": form.cleaned_data.get("captions_en"),
                },
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The lesson has been saved."))
            return redirect("training:course_edit", slug=slug)
    return render(
        request, "training/lesson_edit.html", {"form": form, "course": course, "lesson": lesson}
    )


@authoring_access
def question_edit(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    question = get_object_or_404(Question, pk=pk, course=course) if pk else None
    form = QuestionForm(request.POST or None, instance=question)
    if request.method == "POST" and form.is_valid():
        question = form.save(commit=False)
        question.course = course
        question.choices = form.cleaned_data["choices_text"]
        try:
            services.question_save(question=question, acting_user=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The question has been saved."))
            return redirect("training:course_edit", slug=slug)
    return render(
        request,
        "training/question_edit.html",
        {"form": form, "course": course, "question": question},
    )


def _removal_page(
    request: HttpRequest, *, course: Course, kind: str, name: str, retire: bool
) -> HttpResponse:
    return render(
        request,
        "training/confirm_remove.html",
        {"course": course, "kind": kind, "name": name, "retire": retire},
    )


def _removal_message(kind: str, result: str) -> str:
    if result == "retired":
        return {
            "module": _(
                "The module has been retired: learners' records point at it, so it is kept but no longer shown."
            ),
            "lesson": _(
                "The lesson has been retired: learners' records point at it, so it is kept but no longer shown."
            ),
            "question": _(
                "The question has been retired: past attempts served it, so it is kept but no longer drawn."
            ),
        }[kind]
    return {
        "module": _("The module has been deleted."),
        "lesson": _("The lesson has been deleted."),
        "question": _("The question has been deleted."),
    }[kind]


@authoring_access
def module_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    module = get_object_or_404(course.active_modules(), pk=pk)
    if request.method == "POST":
        result = services.module_remove(module=module, acting_user=request.user)
        messages.success(request, _removal_message("module", result))
        return redirect("training:course_edit", slug=slug)
    retire = any(services.lesson_has_learner_records(lesson) for lesson in module.lessons.all())
    return _removal_page(request, course=course, kind="module", name=module.title, retire=retire)


@authoring_access
def lesson_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    lesson = get_object_or_404(course.lessons(), pk=pk)
    if request.method == "POST":
        result = services.lesson_remove(lesson=lesson, acting_user=request.user)
        messages.success(request, _removal_message("lesson", result))
        return redirect("training:course_edit", slug=slug)
    return _removal_page(
        request,
        course=course,
        kind="lesson",
        name=lesson.title,
        retire=services.lesson_has_learner_records(lesson),
    )


@authoring_access
def question_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    question = get_object_or_404(Question, pk=pk, course=course)
    if request.method == "POST":
        result = services.question_remove(question=question, acting_user=request.user)
        messages.success(request, _removal_message("question", result))
        return redirect("training:course_edit", slug=slug)
    text = question.text_en if active_lang() == "en" else question.text_ja
    return _removal_page(
        request,
        course=course,
        kind="question",
        name=text,
        retire=services.question_was_served(question),
    )


@authoring_access
@require_POST
def module_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    module = get_object_or_404(course.active_modules(), pk=pk)
    try:
        services.module_move(
            module=module, direction=request.POST.get("direction", ""), acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("training:course_edit", args=[slug]) + f"#module-{module.pk}")


@authoring_access
@require_POST
def lesson_move(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    lesson = get_object_or_404(course.lessons(), pk=pk)
    try:
        services.lesson_move(
            lesson=lesson, direction=request.POST.get("direction", ""), acting_user=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(reverse("training:course_edit", args=[slug]) + f"#lesson-{lesson.pk}")


@capability_required(Capability.READ_COURSE_HISTORY)
def course_versions(request: HttpRequest, slug: str) -> HttpResponse:
    """Every version of a course: number, date, author, content hash and what changed."""
    course = get_object_or_404(Course, slug=slug)
    return render(
        request,
        "training/course_versions.html",
        {"course": course, "rows": selectors.course_version_history(course=course)},
    )


@capability_required(Capability.READ_COURSE_HISTORY)
def course_version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """A read-only view of one stored version: its lessons and its question bank, as frozen."""
    course = get_object_or_404(Course, slug=slug)
    version = get_object_or_404(course.versions.select_related("created_by"), number=number)
    lang = active_lang()
    return render(
        request,
        "training/course_version.html",
        {
            "course": course,
            "version": version,
            "snapshot": version.snapshot,
            "lang": lang,
            "other": other_lang(),
            "is_current": version.number == course.version,
        },
    )


@authoring_access
def course_export(request: HttpRequest, slug: str) -> HttpResponse:
    course = get_object_or_404(Course, slug=slug)
    response = HttpResponse(
        services.course_export_package(course=course), content_type="application/zip"
    )
    response["Content-Disposition"] = f'attachment; filename="{course.slug}-v{course.version}.zip"'
    return response


@authoring_access
@require_POST
def course_import(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            course, result = services.course_import_package(
                acting_user=request.user, upload=form.cleaned_data["file"]
            )
        except (ValidationError, ValueError, KeyError) as exc:
            messages.error(
                request,
                _("The package could not be imported: %(error)s")
                % {"error": "; ".join(getattr(exc, "messages", [str(exc)]))},
            )
        else:
            messages.success(
                request,
                _("Course %(slug)s imported (%(result)s).")
                % {"slug": course.slug, "result": result},
            )
    return redirect("training:manage")


@authoring_access
@require_POST
def scorm_import(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES)
    course = Course.objects.filter(slug=request.POST.get("course", "")).first()
    if form.is_valid():
        try:
            package = services.scorm_package_import(
                acting_user=request.user, upload=form.cleaned_data["file"], course=course
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _('SCORM package "%(title)s" imported.') % {"title": package.title}
            )
    return redirect("training:manage")


# ---------------------------------------------------------------------------------------------
# SCORM runtime
# ---------------------------------------------------------------------------------------------
@learner_access
@xframe_options_sameorigin
def scorm_file(request: HttpRequest, pk: int, path: str) -> FileResponse:
    package = get_object_or_404(ScormPackage, pk=pk)
    root = (Path(settings.MEDIA_ROOT) / package.directory).resolve()
    target = (root / path).resolve()
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    response = FileResponse(
        target.open("rb"),
        content_type=mimetypes.guess_type(target.name)[0] or "application/octet-stream",
    )
    # Packages from authoring tools run inline scripts and styles: their files get their own
    # policy (settings.ANPO_SCORM_CSP), framed only by anpo's lesson page.
    response._csp_config = settings.ANPO_SCORM_CSP  # type: ignore[attr-defined]
    return response


@capability_required(Capability.TAKE_TRAINING)
@require_POST
def scorm_commit(request: HttpRequest, pk: int) -> JsonResponse:
    lesson = get_object_or_404(Lesson, pk=pk, kind=Lesson.Kind.SCORM, scorm_package__isnull=False)
    try:
        data = json.loads(request.body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        return JsonResponse({"ok": False}, status=400)
    if not isinstance(data, dict):
        return JsonResponse({"ok": False}, status=400)
    record = services.scorm_commit(
        user=request.user, package=lesson.scorm_package, lesson=lesson, data=data
    )
    return JsonResponse({"ok": True, "complete": record.is_complete})


def scorm_state(user: Any, lesson: Lesson) -> dict[str, str]:
    record = ScormRecord.objects.filter(user=user, package=lesson.scorm_package).first()
    return record.data if record else {}
