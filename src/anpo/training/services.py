"""Every state change of the training app.

Keyword-only arguments, one transaction each; completions, certificates, assignments
and quiz submissions write their audit event in the same transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import random
import secrets
import zipfile
from pathlib import Path, PurePosixPath
from typing import Any

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from anpo.accounts.models import User
from anpo.accounts.roles import Role
from anpo.records.services import audit_event_create
from anpo.training.models import (
    Assignment,
    Caption,
    Certificate,
    Completion,
    Course,
    CourseVersion,
    Lesson,
    LessonProgress,
    Module,
    Question,
    QuizAttempt,
    ReminderLog,
    ScormPackage,
    ScormRecord,
)

CONTENT_DIR = Path(__file__).resolve().parent / "content" / "courses"

# Rich text authors may use: the same small set the bundled content uses, plus links and figures.
ALLOWED_TAGS = {
    "p",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "figure",
    "figcaption",
    "abbr",
    "a",
    "img",
    "br",
    "code",
    "ruby",
    "rt",
    "rp",
}
ALLOWED_ATTRIBUTES = {
    "th": {"scope"},
    "abbr": {"title"},
    "ol": {"start"},
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "*": {"lang"},
}


def sanitize_html(html: str) -> str:
    """Authored HTML through nh3 (Ammonia): scripts, styles, event handlers and odd URLs go."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
    )


# ---------------------------------------------------------------------------------------------
# Versions
# ---------------------------------------------------------------------------------------------
def course_snapshot(course: Course) -> dict[str, Any]:
    """The course's content as data (what a version freezes and a package exports)."""
    return {
        "slug": course.slug,
        "order": course.order,
        "title": {"ja": course.title_ja, "en": course.title_en},
        "summary": {"ja": course.summary_ja, "en": course.summary_en},
        "estimated_minutes": course.estimated_minutes,
        "pass_mark": course.pass_mark,
        "questions_per_attempt": course.questions_per_attempt,
        "validity_days": course.validity_days,
        "glossary": course.glossary,
        "modules": [
            {
                "slug": module.slug,
                "title": {"ja": module.title_ja, "en": module.title_en},
                "lessons": [
                    {
                        "slug": lesson.slug,
                        "kind": lesson.kind,
                        "title": {"ja": lesson.title_ja, "en": lesson.title_en},
                        "body": {"ja": lesson.body_ja, "en": lesson.body_en},
                        "video": lesson.video_file.name or lesson.video_url or None,
                        **(
                            {"scenario": lesson.scenario}
                            if lesson.kind == Lesson.Kind.SCENARIO
                            else {}
                        ),
                        **(
                            {"captions": sorted(c.language for c in lesson.captions.all())}
                            if lesson.kind == Lesson.Kind.VIDEO
                            else {}
                        ),
                    }
                    for lesson in module.lessons.all()
                ],
            }
            for module in course.active_modules().prefetch_related(
                Prefetch(
                    "lessons",
                    queryset=Lesson.objects.filter(is_active=True).prefetch_related("captions"),
                )
            )
        ],
        "questions": [q.as_snapshot() for q in course.questions.filter(is_active=True)],
    }


def content_hash(snapshot: dict[str, Any]) -> str:
    return hashlib.sha256(
        json.dumps(snapshot, sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()


@transaction.atomic
def course_refresh_version(*, course: Course, acting_user: User | None) -> CourseVersion | None:
    """Freeze the current content as a new version if it changed; returns the new version or None."""
    snapshot = course_snapshot(course)
    digest = content_hash(snapshot)
    if digest == course.content_hash and course.versions.exists():
        return None
    latest = course.versions.order_by("-number").first()
    number = 1 if latest is None else latest.number + 1
    before = {"version": course.version, "content_hash": course.content_hash}
    course.version = number
    course.content_hash = digest
    course.save(update_fields=["version", "content_hash", "updated_at"])
    version = CourseVersion.objects.create(
        course=course, number=number, content_hash=digest, snapshot=snapshot, created_by=acting_user
    )
    audit_event_create(
        actor=acting_user,
        action="training.course.version",
        obj=course,
        before=before,
        after={"version": number, "content_hash": digest},
    )
    return version


# ---------------------------------------------------------------------------------------------
# Loading courses from data (bundled JSON and packages)
# ---------------------------------------------------------------------------------------------
def _pair(value: Any) -> tuple[str, str]:
    value = value or {}
    return value.get("ja", ""), value.get("en", "")


@transaction.atomic
def course_load_from_dict(
    *, data: dict[str, Any], acting_user: User | None = None, source: str = Course.Source.BUNDLED
) -> tuple[Course, str]:
    """Create or update a course from the content schema; returns (course, "created"|"updated"|"unchanged").

    Idempotent: loading the same data twice changes nothing. Lessons and modules that
    disappeared are deleted; questions that disappeared are deactivated (past attempts
    keep their own snapshot either way).
    """
    title_ja, title_en = _pair(data["title"])
    summary_ja, summary_en = _pair(data.get("summary"))
    fields = {
        "order": data.get("order", 100),
        "title_ja": title_ja,
        "title_en": title_en,
        "summary_ja": summary_ja,
        "summary_en": summary_en,
        "estimated_minutes": data.get("estimated_minutes", 20),
        "pass_mark": data.get("pass_mark", 80),
        "questions_per_attempt": data.get("questions_per_attempt", 10),
        "validity_days": data.get("validity_days", 365),
        "glossary": data.get("glossary", []),
    }
    course, created = Course.objects.get_or_create(
        slug=data["slug"], defaults={**fields, "source": source}
    )
    if not created:
        for name, value in fields.items():
            setattr(course, name, value)
        course.save()
    module_slugs = []
    for mi, mdata in enumerate(data.get("modules", [])):
        mja, men = _pair(mdata["title"])
        module, _created = Module.objects.update_or_create(
            course=course,
            slug=mdata["slug"],
            defaults={"order": mi, "title_ja": mja, "title_en": men, "is_active": True},
        )
        module_slugs.append(module.slug)
        lesson_slugs = []
        for li, ldata in enumerate(mdata.get("lessons", [])):
            lja, len_ = _pair(ldata["title"])
            bja, ben = _pair(ldata.get("body"))
            video = ldata.get("video") or ""
            scenario = ldata.get("scenario")
            if scenario and isinstance(scenario.get("explanation"), dict):
                scenario = {
                    **scenario,
                    "explanation": {
                        k: sanitize_html(v) for k, v in scenario["explanation"].items()
                    },
                }
            defaults = {
                "order": li,
                "kind": ldata.get("kind", "text"),
                "title_ja": lja,
                "title_en": len_,
                "body_ja": sanitize_html(bja),
                "body_en": sanitize_html(ben),
                "scenario": scenario,
                "video_url": video if video.startswith(("http://", "https://")) else "",
                "is_active": True,
            }
            lesson = Lesson.objects.filter(module__course=course, slug=ldata["slug"]).first()
            if lesson is None:
                lesson = Lesson.objects.create(module=module, slug=ldata["slug"], **defaults)
            else:
                lesson.module = module
                for name, value in defaults.items():
                    setattr(lesson, name, value)
                lesson.save()
            lesson_slugs.append(lesson.slug)
        for gone in Lesson.objects.filter(module=module, is_active=True).exclude(
            slug__in=lesson_slugs
        ):
            _lesson_remove(gone)
    for gone_module in Module.objects.filter(course=course, is_active=True).exclude(
        slug__in=module_slugs
    ):
        _module_remove(gone_module)
    keys = []
    for qi, qdata in enumerate(data.get("questions", [])):
        tja, ten = _pair(qdata["text"])
        eja, een = _pair(qdata.get("explanation"))
        Question.objects.update_or_create(
            course=course,
            key=qdata["key"],
            defaults={
                "order": qi,
                "kind": qdata["kind"],
                "text_ja": tja,
                "text_en": ten,
                "explanation_ja": eja,
                "explanation_en": een,
                "choices": qdata["choices"],
                "is_active": True,
            },
        )
        keys.append(qdata["key"])
    Question.objects.filter(course=course).exclude(key__in=keys).update(is_active=False)
    version = course_refresh_version(course=course, acting_user=acting_user)
    if created:
        audit_event_create(
            actor=acting_user,
            action="training.course.create",
            obj=course,
            after={"slug": course.slug, "source": source},
        )
        return course, "created"
    return course, "updated" if version is not None else "unchanged"


def bundled_course_files() -> list[Path]:
    return sorted(CONTENT_DIR.glob("*.json"))


def load_bundled_content(*, acting_user: User | None = None) -> list[tuple[Course, str]]:
    """Load every bundled course (content/courses/*.json); safe to run again."""
    results = []
    for path in bundled_course_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        results.append(
            course_load_from_dict(data=data, acting_user=acting_user, source=Course.Source.BUNDLED)
        )
    return results


# ---------------------------------------------------------------------------------------------
# Authoring
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def course_save(*, course: Course, acting_user: User) -> Course:
    """Save an authored course (new or edited) and bump its version when content changed."""
    created = course.pk is None
    course.save()
    if created:
        audit_event_create(
            actor=acting_user,
            action="training.course.create",
            obj=course,
            after={"slug": course.slug},
        )
    course_refresh_version(course=course, acting_user=acting_user)
    return course


@transaction.atomic
def module_save(*, module: Module, acting_user: User) -> Module:
    module.save()
    course_refresh_version(course=module.course, acting_user=acting_user)
    return module


@transaction.atomic
def lesson_save(
    *, lesson: Lesson, acting_user: User, captions: dict[str, Any] | None = None
) -> Lesson:
    """Save an authored lesson: HTML is sanitised, uploaded .vtt captions validated and stored."""
    import webvtt

    lesson.body_ja = sanitize_html(lesson.body_ja)
    lesson.body_en = sanitize_html(lesson.body_en)
    if lesson.scenario and isinstance(lesson.scenario.get("explanation"), dict):
        lesson.scenario = {
            **lesson.scenario,
            "explanation": {k: sanitize_html(v) for k, v in lesson.scenario["explanation"].items()},
        }
    lesson.save()
    for language, upload in (captions or {}).items():
        if not upload:
            continue
        raw = upload.read()
        try:
            webvtt.from_buffer(io.StringIO(raw.decode("utf-8-sig")))
        except Exception as exc:  # webvtt raises several error types for bad files
            raise ValidationError(_("The caption file is not valid WebVTT.")) from exc
        caption, _created = Caption.objects.get_or_create(
            lesson=lesson, language=language, defaults={"file": ""}
        )
        if caption.file:
            caption.file.delete(save=False)
        caption.file.save(f"{lesson.slug}-{language}.vtt", ContentFile(raw), save=True)
    course_refresh_version(course=lesson.course, acting_user=acting_user)
    return lesson


@transaction.atomic
def question_save(*, question: Question, acting_user: User) -> Question:
    choices = question.choices or []
    correct = sum(1 for c in choices if c.get("correct"))
    if (
        len(choices) < 2
        or correct < 1
        or (question.kind != Question.Kind.MULTIPLE and correct != 1)
    ):
        raise ValidationError(
            _("A question needs at least two choices and the right number of correct answers.")
        )
    question.save()
    course_refresh_version(course=question.course, acting_user=acting_user)
    return question


def lesson_has_learner_records(lesson: Lesson) -> bool:
    """True when a learner's progress or SCORM data points at the lesson: it is retired, never deleted."""
    return (
        LessonProgress.objects.filter(lesson=lesson).exists()
        or ScormRecord.objects.filter(lesson=lesson).exists()
    )


def question_was_served(question: Question) -> bool:
    """True when an attempt served the question (attempts keep a snapshot, but the bank keeps the row as evidence)."""
    for served in (
        QuizAttempt.objects.filter(course_id=question.course_id)
        .values_list("questions", flat=True)
        .iterator()
    ):
        if any(item.get("key") == question.key for item in served or []):
            return True
    return False


def _lesson_remove(lesson: Lesson) -> str:
    if lesson_has_learner_records(lesson):
        lesson.is_active = False
        lesson.save(update_fields=["is_active"])
        return "retired"
    lesson.delete()
    return "deleted"


def _module_remove(module: Module) -> str:
    lessons = list(module.lessons.all())
    if any(lesson_has_learner_records(lesson) for lesson in lessons):
        Lesson.objects.filter(module=module).update(is_active=False)
        module.is_active = False
        module.save(update_fields=["is_active"])
        return "retired"
    module.delete()
    return "deleted"


@transaction.atomic
def module_remove(*, module: Module, acting_user: User) -> str:
    """Delete a module with its lessons, or retire it when learners' records point at one of its lessons.

    Returns ``"deleted"`` or ``"retired"``; either way the course gets a new version.
    """
    course = module.course
    before = {
        "slug": module.slug,
        "title_ja": module.title_ja,
        "title_en": module.title_en,
        "lessons": list(module.lessons.values_list("slug", flat=True)),
    }
    result = _module_remove(module)
    audit_event_create(
        actor=acting_user,
        action=f"training.module.{'retire' if result == 'retired' else 'delete'}",
        obj=course,
        before=before,
        after={"result": result},
    )
    course_refresh_version(course=course, acting_user=acting_user)
    return result


@transaction.atomic
def lesson_remove(*, lesson: Lesson, acting_user: User) -> str:
    """Delete a lesson, or retire it when learners' records point at it; returns ``"deleted"`` or ``"retired"``."""
    course = lesson.course
    before = {
        "slug": lesson.slug,
        "module": lesson.module.slug,
        "title_ja": lesson.title_ja,
        "title_en": lesson.title_en,
    }
    result = _lesson_remove(lesson)
    audit_event_create(
        actor=acting_user,
        action=f"training.lesson.{'retire' if result == 'retired' else 'delete'}",
        obj=course,
        before=before,
        after={"result": result},
    )
    course_refresh_version(course=course, acting_user=acting_user)
    return result


@transaction.atomic
def question_remove(*, question: Question, acting_user: User) -> str:
    """Delete a question, or retire it (inactive, kept as evidence) when an attempt served it."""
    course = question.course
    before = {"key": question.key, "is_active": question.is_active}
    if question_was_served(question):
        question.is_active = False
        question.save(update_fields=["is_active"])
        result = "retired"
    else:
        question.delete()
        result = "deleted"
    audit_event_create(
        actor=acting_user,
        action=f"training.question.{'retire' if result == 'retired' else 'delete'}",
        obj=course,
        before=before,
        after={"result": result},
    )
    course_refresh_version(course=course, acting_user=acting_user)
    return result


def _move(items: list[Any], item: Any, direction: str) -> bool:
    """Swap ``item`` with its neighbour in ``items`` and renumber ``order`` 0..n; False at either end."""
    if direction not in ("up", "down"):
        raise ValidationError(_("Move a module or lesson up or down."))
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    target = index - 1 if direction == "up" else index + 1
    if not 0 <= target < len(items):
        return False
    items[index], items[target] = items[target], items[index]
    for order, other in enumerate(items):
        if other.order != order:
            other.order = order
            other.save(update_fields=["order"])
    return True


@transaction.atomic
def module_move(*, module: Module, direction: str, acting_user: User) -> bool:
    """Move a module one place up or down in its course; a new course version records the new order."""
    course = module.course
    modules = list(course.active_modules().select_for_update().order_by("order", "pk"))
    before = [m.slug for m in modules]
    if not _move(modules, module, direction):
        return False
    audit_event_create(
        actor=acting_user,
        action="training.module.move",
        obj=course,
        before={"order": before},
        after={"order": [m.slug for m in modules], "module": module.slug, "direction": direction},
    )
    course_refresh_version(course=course, acting_user=acting_user)
    return True


@transaction.atomic
def lesson_move(*, lesson: Lesson, direction: str, acting_user: User) -> bool:
    """Move a lesson one place up or down within its module; a new course version records the new order."""
    course = lesson.course
    lessons = list(
        Lesson.objects.select_for_update()
        .filter(module=lesson.module, is_active=True)
        .order_by("order", "pk")
    )
    before = [item.slug for item in lessons]
    if not _move(lessons, lesson, direction):
        return False
    audit_event_create(
        actor=acting_user,
        action="training.lesson.move",
        obj=course,
        before={"order": before},
        after={
            "order": [item.slug for item in lessons],
            "lesson": lesson.slug,
            "direction": direction,
        },
    )
    course_refresh_version(course=course, acting_user=acting_user)
    return True


# ---------------------------------------------------------------------------------------------
# Learning: lessons, quizzes, completions, certificates
# ---------------------------------------------------------------------------------------------
def lesson_record_view(*, user: User, lesson: Lesson) -> LessonProgress:
    progress, _created = LessonProgress.objects.get_or_create(user=user, lesson=lesson)
    return progress


@transaction.atomic
def lesson_complete(*, user: User, lesson: Lesson, scenario_choice: str = "") -> LessonProgress:
    """Mark a lesson as seen (a scenario with the learner's decision); may complete the course."""
    if lesson.kind == Lesson.Kind.SCENARIO:
        keys = {o["key"] for o in (lesson.scenario or {}).get("options", [])}
        if scenario_choice not in keys:
            raise ValidationError(_("Choose one of the options."))
    progress, _created = LessonProgress.objects.select_for_update().get_or_create(
        user=user, lesson=lesson
    )
    if scenario_choice:
        progress.scenario_choice = scenario_choice
    if progress.completed_at is None:
        progress.completed_at = timezone.now()
    progress.save()
    course_try_complete(user=user, course=lesson.course)
    return progress


def _answer_is_correct(question: dict[str, Any], chosen: list[str]) -> bool:
    correct = {c["key"] for c in question["choices"] if c.get("correct")}
    return set(chosen) == correct


@transaction.atomic
def attempt_start(
    *, user: User, course: Course, language: str, rng: random.Random | None = None
) -> QuizAttempt:
    """Serve a quiz: a random draw of ``questions_per_attempt`` from the bank, in random order.

    An unfinished attempt on the same version is resumed instead of drawing again.
    """
    open_attempt = QuizAttempt.objects.filter(
        user=user, course=course, submitted_at__isnull=True, course_version=course.version
    ).first()
    if open_attempt is not None:
        return open_attempt
    rng = rng or random.SystemRandom()
    bank = list(course.questions.filter(is_active=True))
    if not bank:
        raise ValidationError(_("This course has no questions yet."))
    drawn = rng.sample(bank, min(course.questions_per_attempt, len(bank)))
    served = []
    for question in drawn:
        snap = question.as_snapshot()
        if question.kind != Question.Kind.TRUE_FALSE:
            rng.shuffle(snap["choices"])
        served.append(snap)
    return QuizAttempt.objects.create(
        user=user,
        course=course,
        course_version=course.version,
        content_hash=course.content_hash,
        language=language,
        questions=served,
        pass_mark=course.pass_mark,
    )


@transaction.atomic
def attempt_submit(
    *, user: User, attempt: QuizAttempt, answers: dict[str, list[str]]
) -> QuizAttempt:
    """Score and freeze an attempt. Submitted attempts can never change."""
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.user_id != user.pk:
        raise ValidationError(_("This is not your attempt."))
    if attempt.is_submitted:
        raise ValidationError(_("This attempt has already been submitted."))
    clean: dict[str, list[str]] = {}
    correct = 0
    for question in attempt.questions:
        valid = {c["key"] for c in question["choices"]}
        chosen = sorted(set(answers.get(question["key"], [])) & valid)
        clean[question["key"]] = chosen
        correct += _answer_is_correct(question, chosen)
    total = len(attempt.questions)
    attempt.answers = clean
    attempt.correct_count = correct
    attempt.score = round(100 * correct / total) if total else 0
    attempt.passed = attempt.score >= attempt.pass_mark
    attempt.submitted_at = timezone.now()
    attempt.save()
    audit_event_create(
        actor=user,
        action="training.quiz.submit",
        obj=attempt,
        after={
            "course": attempt.course.slug,
            "version": attempt.course_version,
            "score": attempt.score,
            "pass_mark": attempt.pass_mark,
            "passed": attempt.passed,
            "questions": [q["key"] for q in attempt.questions],
        },
    )
    if attempt.passed:
        course_try_complete(user=user, course=attempt.course)
    return attempt


def attempt_feedback(attempt: QuizAttempt) -> list[dict[str, Any]]:
    """Per question: what was chosen, whether it was right, the right answers and the explanation."""
    rows = []
    for question in attempt.questions:
        chosen = attempt.answers.get(question["key"], [])
        rows.append(
            {
                "question": question,
                "chosen": chosen,
                "correct": _answer_is_correct(question, chosen),
                "right_keys": [c["key"] for c in question["choices"] if c.get("correct")],
            }
        )
    return rows


def _all_lessons_seen(user: User, course: Course) -> bool:
    lesson_ids = set(course.lessons().values_list("pk", flat=True))
    seen = set(
        LessonProgress.objects.filter(
            user=user, lesson_id__in=lesson_ids, completed_at__isnull=False
        ).values_list("lesson_id", flat=True)
    )
    return lesson_ids <= seen


@transaction.atomic
def course_try_complete(*, user: User, course: Course) -> Completion | None:
    """Complete the course when every lesson is seen and a passed attempt is not yet used by a completion."""
    if not _all_lessons_seen(user, course):
        return None
    if not course.questions.filter(is_active=True).exists():
        # A course without a quiz (e.g. one SCORM package): seeing every lesson completes it once per validity period.
        if Completion.objects.filter(
            user=user, course=course, valid_until__gte=timezone.localdate()
        ).exists():
            return None
        return course_complete(user=user, course=course, source="lessons")
    attempt = (
        QuizAttempt.objects.filter(user=user, course=course, passed=True, completion__isnull=True)
        .order_by("-submitted_at")
        .first()
    )
    if attempt is None:
        return None
    return course_complete(user=user, course=course, attempt=attempt)


@transaction.atomic
def course_complete(
    *,
    user: User,
    course: Course,
    attempt: QuizAttempt | None = None,
    source: str = "quiz",
    acting_user: User | None = None,
) -> Completion:
    now = timezone.now()
    completed_on = timezone.localdate(now)
    completion = Completion.objects.create(
        user=user,
        course=course,
        course_version=attempt.course_version if attempt else course.version,
        content_hash=attempt.content_hash if attempt else course.content_hash,
        attempt=attempt,
        completed_at=now,
        valid_until=completed_on + dt.timedelta(days=course.validity_days),
        source=source,
    )
    audit_event_create(
        actor=acting_user or user,
        action="training.course.complete",
        obj=completion,
        after={
            "user": user.get_username(),
            "course": course.slug,
            "version": completion.course_version,
            "attempt": attempt.pk if attempt else None,
            "score": attempt.score if attempt else None,
            "valid_until": completion.valid_until.isoformat(),
            "source": source,
        },
    )
    certificate_issue(completion=completion, acting_user=acting_user or user)
    return completion


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: codes are read aloud and typed


def new_certificate_code() -> str:
    """20 random characters from 32 symbols: 100 bits, unguessable."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(20))


@transaction.atomic
def certificate_issue(*, completion: Completion, acting_user: User | None) -> Certificate:
    user, course = completion.user, completion.course
    certificate = Certificate.objects.create(
        code=new_certificate_code(),
        completion=completion,
        user=user,
        course=course,
        holder_name_ja=user.full_name or user.full_name_en or user.get_username(),
        holder_name_en=user.full_name_en or user.full_name or user.get_username(),
        course_title_ja=course.title_ja,
        course_title_en=course.title_en,
        course_version=completion.course_version,
        completed_on=timezone.localdate(completion.completed_at),
        valid_until=completion.valid_until,
    )
    audit_event_create(
        actor=acting_user,
        action="training.certificate.issue",
        obj=certificate,
        after={
            "user": user.get_username(),
            "course": course.slug,
            "completed_on": certificate.completed_on.isoformat(),
            "valid_until": certificate.valid_until.isoformat(),
        },
    )
    return certificate


@transaction.atomic
def certificate_revoke(*, certificate: Certificate, acting_user: User, reason: str) -> Certificate:
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        return certificate
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:300]
    certificate.save(update_fields=["revoked_at", "revoked_reason"])
    # A revoked certificate no longer proves training: end the completion's validity too.
    Completion.objects.filter(pk=certificate.completion_id).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    audit_event_create(
        actor=acting_user,
        action="training.certificate.revoke",
        obj=certificate,
        after={"reason": reason},
    )
    return certificate


# ---------------------------------------------------------------------------------------------
# Assignments and reminders
# ---------------------------------------------------------------------------------------------
@transaction.atomic
def assignment_create(
    *,
    acting_user: User,
    course: Course,
    target: str,
    due_date: dt.date,
    validity_days: int = 365,
    role: str = "",
    org_unit: Any = None,
    include_subtree: bool = True,
    user: User | None = None,
) -> Assignment:
    if target == Assignment.Target.ROLE and not role:
        raise ValidationError(_("Choose a role."))
    if target == Assignment.Target.UNIT and org_unit is None:
        raise ValidationError(_("Choose a unit."))
    if target == Assignment.Target.USER and user is None:
        raise ValidationError(_("Choose a person."))
    assignment = Assignment.objects.create(
        course=course,
        target=target,
        role=role if target == Assignment.Target.ROLE else "",
        org_unit=org_unit if target == Assignment.Target.UNIT else None,
        include_subtree=include_subtree,
        user=user if target == Assignment.Target.USER else None,
        due_date=due_date,
        validity_days=validity_days,
        created_by=acting_user,
    )
    audit_event_create(
        actor=acting_user,
        action="training.assignment.create",
        obj=assignment,
        after={
            "course": course.slug,
            "target": target,
            "role": assignment.role,
            "org_unit": assignment.org_unit_id,
            "include_subtree": include_subtree,
            "user": assignment.user_id,
            "due_date": due_date.isoformat(),
            "validity_days": validity_days,
        },
    )
    return assignment


@transaction.atomic
def assignment_deactivate(*, assignment: Assignment, acting_user: User) -> Assignment:
    assignment.is_active = False
    assignment.save(update_fields=["is_active", "updated_at"])
    audit_event_create(
        actor=acting_user,
        action="training.assignment.deactivate",
        obj=assignment,
        before={"is_active": True},
        after={"is_active": False},
    )
    return assignment


REMINDER_DAYS = {ReminderLog.Kind.DUE_14: 14, ReminderLog.Kind.DUE_3: 3}


def _reminder_kinds(days_left: int) -> list[str]:
    if days_left < 0:
        return [ReminderLog.Kind.OVERDUE, ReminderLog.Kind.ESCALATION]
    if days_left <= 3:
        return [ReminderLog.Kind.DUE_3]
    if days_left <= 14:
        return [ReminderLog.Kind.DUE_14]
    return []


def _reminder_text(
    *, kind: str, person: User, course: Course, due_date: dt.date, lang: str
) -> tuple[str, str]:
    with translation.override(lang):
        title = course.localized("title", lang)
        name = (
            person.full_name_en
            if lang == "en" and person.full_name_en
            else (person.full_name or person.get_username())
        )
        url = settings.SITE_URL + f"/training/courses/{course.slug}/"
        if kind == ReminderLog.Kind.ESCALATION:
            subject = _("Overdue training in your department: %(course)s") % {"course": title}
            body = _(
                '%(name)s has not completed the mandatory training "%(course)s", which was due on %(due)s. '
                "As department export control manager, please follow up."
            ) % {"name": name, "course": title, "due": due_date.isoformat()}
        elif kind == ReminderLog.Kind.OVERDUE:
            subject = _("Training overdue: %(course)s") % {"course": title}
            body = _(
                'Dear %(name)s, the mandatory training "%(course)s" was due on %(due)s and is now overdue. '
                "Please complete it as soon as possible: %(url)s"
            ) % {"name": name, "course": title, "due": due_date.isoformat(), "url": url}
        else:
            subject = _("Training due on %(due)s: %(course)s") % {
                "course": title,
                "due": due_date.isoformat(),
            }
            body = _(
                'Dear %(name)s, the mandatory training "%(course)s" is due on %(due)s. '
                "Please complete it before then: %(url)s"
            ) % {"name": name, "course": title, "due": due_date.isoformat(), "url": url}
    return subject, body


def reminder_message(
    *, kind: str, person: User, course: Course, due_date: dt.date
) -> tuple[str, str]:
    """A bilingual e-mail: Japanese first, then English."""
    subject_ja, body_ja = _reminder_text(
        kind=kind, person=person, course=course, due_date=due_date, lang="ja"
    )
    subject_en, body_en = _reminder_text(
        kind=kind, person=person, course=course, due_date=due_date, lang="en"
    )
    return f"[anpo] {subject_ja} / {subject_en}", f"{body_ja}\n\n----\n\n{body_en}\n"


def _email_sender(*, subject: str, body: str, to: list[str]) -> Any:
    """A callback for ``transaction.on_commit`` that enqueues one e-mail."""
    from anpo.core.tasks import send_email_task

    return lambda: send_email_task.enqueue(subject=subject, body=body, to=to)


def reminders_send(*, today: dt.date | None = None) -> list[ReminderLog]:
    """Send every reminder that is due today and has not been sent in this cycle.

    14 and 3 days before the due date and once overdue to the learner; when overdue,
    an escalation to the department managers whose scope covers the learner's unit.
    Each (assignment, person, kind, due date) is sent once: ``ReminderLog`` records it.
    """
    from anpo.accounts.selectors import users_with_role
    from anpo.training.selectors import assignment_users, requirement_for

    today = today or timezone.localdate()
    sent: list[ReminderLog] = []
    for assignment in Assignment.objects.filter(
        is_active=True, course__is_published=True
    ).select_related("course", "org_unit", "user"):
        for person in assignment_users(assignment):
            req = requirement_for(user=person, assignment=assignment, on=today)
            for kind in _reminder_kinds((req.due_date - today).days):
                if kind == ReminderLog.Kind.ESCALATION:
                    recipients = (
                        []
                        if person.org_unit is None
                        else [
                            m.email
                            for m in users_with_role(role=Role.DEPT_MANAGER, unit=person.org_unit)
                            if m.email and m.pk != person.pk
                        ]
                    )
                else:
                    recipients = [person.email] if person.email else []
                if not recipients:
                    continue
                with transaction.atomic():
                    try:
                        with transaction.atomic():
                            log = ReminderLog.objects.create(
                                assignment=assignment,
                                user=person,
                                kind=kind,
                                due_date=req.due_date,
                                recipients=recipients,
                            )
                    except IntegrityError:
                        continue  # already sent in this cycle
                    subject, body = reminder_message(
                        kind=kind, person=person, course=assignment.course, due_date=req.due_date
                    )
                    transaction.on_commit(_email_sender(subject=subject, body=body, to=recipients))
                sent.append(log)
    return sent


# ---------------------------------------------------------------------------------------------
# Course packages (zip: course.json + media)
# ---------------------------------------------------------------------------------------------
def course_export_package(*, course: Course) -> bytes:
    """A zip with ``course.json`` (the content schema) and the course's video and caption files."""
    data = course_snapshot(course)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for lesson in course.lessons().prefetch_related("captions"):
            if lesson.video_file:
                archive.writestr(
                    f"media/{lesson.slug}/{Path(lesson.video_file.name or '').name}",
                    lesson.video_file.read(),
                )
            for caption in lesson.captions.all():
                archive.writestr(
                    f"media/{lesson.slug}/captions-{caption.language}.vtt", caption.file.read()
                )
        archive.writestr("course.json", json.dumps(data, ensure_ascii=False, indent=2))
    return buffer.getvalue()


MAX_PACKAGE_FILES = 2000


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_PACKAGE_FILES:
        raise ValidationError(_("The package has too many files."))
    total = sum(i.file_size for i in infos)
    if total > settings.ANPO_MAX_UPLOAD_BYTES * 4:
        raise ValidationError(_("The package is too large when unpacked."))
    for info in infos:
        path = PurePosixPath(info.filename)
        if path.is_absolute() or ".." in path.parts or "\\" in info.filename:
            raise ValidationError(_("The package contains an unsafe path."))
    return infos


@transaction.atomic
def course_import_package(*, acting_user: User, upload: Any) -> tuple[Course, str]:
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("This is not a zip file.")) from exc
    with archive:
        names = {i.filename for i in _safe_members(archive)}
        if "course.json" not in names:
            raise ValidationError(_("The package has no course.json."))
        data = json.loads(archive.read("course.json").decode("utf-8"))
        for lesson in (les for m in data.get("modules", []) for les in m.get("lessons", [])):
            if lesson.get("video") and not str(lesson["video"]).startswith("http"):
                lesson["video"] = None
        course, result = course_load_from_dict(
            data=data, acting_user=acting_user, source=Course.Source.IMPORTED
        )
        for lesson in course.lessons():
            prefix = f"media/{lesson.slug}/"
            for name in sorted(n for n in names if n.startswith(prefix)):
                leaf = name[len(prefix) :]
                if leaf.startswith("captions-") and leaf.endswith(".vtt"):
                    language = leaf[len("captions-") : -4]
                    if language in ("ja", "en"):
                        lesson_save(
                            lesson=lesson,
                            acting_user=acting_user,
                            captions={language: io.BytesIO(archive.read(name))},
                        )
                elif leaf.lower().endswith((".mp4", ".webm")):
                    lesson.video_file.save(leaf, ContentFile(archive.read(name)), save=True)
                    lesson.kind = Lesson.Kind.VIDEO
                    lesson.save(update_fields=["kind"])
        course_refresh_version(course=course, acting_user=acting_user)
    return course, result


# ---------------------------------------------------------------------------------------------
# SCORM 1.2 / 2004
# ---------------------------------------------------------------------------------------------
def _parse_manifest(xml: bytes) -> tuple[str, str, str, str]:
    """(version, identifier, title, launch href) from imsmanifest.xml, parsed with defusedxml."""
    from defusedxml import ElementTree  # type: ignore[import-untyped]

    root = ElementTree.fromstring(xml)

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    schema_version = ""
    for el in root.iter():
        if local(el.tag) == "schemaversion" and el.text:
            schema_version = el.text.strip()
    version = (
        ScormPackage.Version.SCORM12
        if schema_version.startswith("1.2") or not schema_version
        else ScormPackage.Version.SCORM2004
    )
    if "2004" in schema_version or "CAM 1.3" in schema_version:
        version = ScormPackage.Version.SCORM2004
    title = ""
    for el in root.iter():
        if local(el.tag) == "organization":
            for child in el:
                if local(child.tag) == "title" and child.text:
                    title = child.text.strip()
                    break
            break
    resources = {}
    for el in root.iter():
        if local(el.tag) == "resource":
            resources[el.get("identifier")] = el
    launch = ""
    for el in root.iter():
        if local(el.tag) == "item" and el.get("identifierref") in resources:
            launch = resources[el.get("identifierref")].get("href") or ""
            break
    if not launch:
        for res in resources.values():
            scorm_type = next(
                (v for k, v in res.attrib.items() if local(k).lower() == "scormtype"), ""
            )
            if scorm_type.lower() == "sco" and res.get("href"):
                launch = res.get("href")
                break
    if not launch:
        raise ValidationError(_("The manifest names no launch file."))
    return version, root.get("identifier", ""), title, launch


@transaction.atomic
def scorm_package_import(
    *, acting_user: User, upload: Any, course: Course | None = None
) -> ScormPackage:
    """Unpack a SCORM zip under MEDIA_ROOT/training/scorm/<random>/ and, if given, add it to a course as a lesson."""
    try:
        archive = zipfile.ZipFile(upload)
    except zipfile.BadZipFile as exc:
        raise ValidationError(_("This is not a zip file.")) from exc
    with archive:
        infos = _safe_members(archive)
        if "imsmanifest.xml" not in {i.filename for i in infos}:
            raise ValidationError(_("This is not a SCORM package: imsmanifest.xml is missing."))
        version, identifier, title, launch = _parse_manifest(archive.read("imsmanifest.xml"))
        directory = f"training/scorm/{secrets.token_hex(8)}"
        root = Path(settings.MEDIA_ROOT) / directory
        for info in infos:
            if info.is_dir():
                continue
            target = root / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
    if not (root / launch.split("?")[0]).exists():
        raise ValidationError(_("The launch file named in the manifest is not in the package."))
    package = ScormPackage.objects.create(
        title=title or identifier or "SCORM",
        version=version,
        identifier=identifier,
        directory=directory,
        launch=launch,
        uploaded_by=acting_user,
    )
    audit_event_create(
        actor=acting_user,
        action="training.scorm.import",
        obj=package,
        after={"version": version, "launch": launch},
    )
    if course is not None:
        module = course.active_modules().order_by("-order").first() or Module.objects.create(
            course=course, slug="scorm", title_ja="SCORM", title_en="SCORM"
        )
        Lesson.objects.create(
            module=module,
            slug=f"scorm-{package.pk}",
            order=module.lessons.count(),
            kind=Lesson.Kind.SCORM,
            title_ja=package.title,
            title_en=package.title,
            scorm_package=package,
        )
        course_refresh_version(course=course, acting_user=acting_user)
    return package


SCORM_KEYS_12 = {"cmi.core.lesson_status": "status", "cmi.core.score.raw": "score"}
SCORM_KEYS_2004 = {
    "cmi.completion_status": "completion",
    "cmi.success_status": "success",
    "cmi.score.scaled": "scaled",
    "cmi.score.raw": "score",
}


@transaction.atomic
def scorm_commit(
    *, user: User, package: ScormPackage, lesson: Lesson | None, data: dict[str, str]
) -> ScormRecord:
    """Store what the package's runtime committed; completes the lesson when the package reports completion."""
    record, _created = ScormRecord.objects.select_for_update().get_or_create(
        user=user, package=package, defaults={"lesson": lesson}
    )
    before = {
        "completion_status": record.completion_status,
        "success_status": record.success_status,
        "score": record.score,
    }
    merged = {**record.data, **{str(k)[:200]: str(v)[:4000] for k, v in list(data.items())[:200]}}
    record.data = merged
    if package.version == ScormPackage.Version.SCORM12:
        status = merged.get("cmi.core.lesson_status", "")
        record.completion_status = "completed" if status in {"completed", "passed"} else status
        record.success_status = status if status in {"passed", "failed"} else ""
        raw = merged.get("cmi.core.score.raw", "")
    else:
        record.completion_status = merged.get("cmi.completion_status", "")
        record.success_status = merged.get("cmi.success_status", "")
        raw = merged.get("cmi.score.raw", "")
        if not raw and merged.get("cmi.score.scaled"):
            try:
                raw = str(float(merged["cmi.score.scaled"]) * 100)
            except ValueError:
                raw = ""
    try:
        record.score = float(raw) if raw != "" else None
    except ValueError:
        record.score = None
    record.save()
    after = {
        "completion_status": record.completion_status,
        "success_status": record.success_status,
        "score": record.score,
    }
    if after != before:
        audit_event_create(
            actor=user,
            action="training.scorm.commit",
            obj=record.package,
            before=before,
            after=after,
        )
    if record.is_complete and lesson is not None and record.success_status != "failed":
        lesson_complete(user=user, lesson=lesson)
    return record
