"""Reads of the training app: progress, requirements, reports and the public validity check."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Greatest, Least, Mod, TruncDate
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual
from django.utils import timezone

from anpo.accounts.models import OrgUnit, RoleAssignment, User
from anpo.accounts.selectors import managed_units, scope_queryset, unit_subtree, visible_users
from anpo.training.models import (
    Assignment,
    Certificate,
    Completion,
    Course,
    CourseVersion,
    Lesson,
    LessonProgress,
    QuizAttempt,
)

EXPIRING_SOON_DAYS = 30


def training_is_valid(*, user: User, course_slug: str, on: dt.date | None = None) -> bool:
    """True when ``user`` holds a completion of course ``course_slug`` that is valid on ``on`` (default today).

    Valid means: completed on or before ``on`` and ``on`` is not after the completion's
    valid-until date (completion date + the course's validity days); a revoked
    certificate ends validity. Other parts of anpo (e.g. hosting or joint-research
    approvals) call this to gate a workflow on training.
    """
    on = on or timezone.localdate()
    return (
        Completion.objects.filter(
            user=user,
            course__slug=course_slug,
            valid_until__gte=on,
            completed_at__date__lte=on,
        )
        .exclude(certificate__revoked_at__isnull=False)
        .exists()
    )


def courses_for_learner() -> QuerySet[Course]:
    return Course.objects.filter(is_published=True)


def course_get(*, slug: str, include_unpublished: bool = False) -> Course:
    from django.shortcuts import get_object_or_404

    qs = Course.objects.all() if include_unpublished else courses_for_learner()
    return get_object_or_404(qs, slug=slug)


@dataclass
class CourseProgress:
    course: Course
    lessons: list[tuple[Lesson, bool]]
    seen: int
    total: int
    next_lesson: Lesson | None
    last_attempt: QuizAttempt | None
    completion: Completion | None

    @property
    def all_seen(self) -> bool:
        return self.seen == self.total

    @property
    def percent(self) -> int:
        return round(100 * self.seen / self.total) if self.total else 100


def course_progress(*, user: User, course: Course) -> CourseProgress:
    return courses_progress(user=user, courses=[course])[0]


def courses_progress(*, user: User, courses: Iterable[Course]) -> list[CourseProgress]:
    """Where ``user`` stands in each course, in four queries whatever the number of courses."""
    courses = list(courses)
    ids = [course.pk for course in courses]
    lessons: dict[int, list[Lesson]] = defaultdict(list)
    for lesson in (
        Lesson.objects.filter(module__course_id__in=ids, module__is_active=True, is_active=True)
        .select_related("module")
        .order_by("module__order", "order", "pk")
    ):
        lessons[lesson.module.course_id].append(lesson)
    done = set(
        LessonProgress.objects.filter(
            user=user,
            lesson_id__in=[lesson.pk for group in lessons.values() for lesson in group],
            completed_at__isnull=False,
        ).values_list("lesson_id", flat=True)
    )
    last_attempts: dict[int, QuizAttempt] = {}
    for attempt in QuizAttempt.objects.filter(
        user=user, course_id__in=ids, submitted_at__isnull=False
    ):  # newest first (model ordering)
        last_attempts.setdefault(attempt.course_id, attempt)
    completions: dict[int, Completion] = {}
    for completion in (
        Completion.objects.filter(user=user, course_id__in=ids)
        .select_related("certificate")
        .order_by("-completed_at")
    ):
        completions.setdefault(completion.course_id, completion)
    result = []
    for course in courses:
        pairs = [(lesson, lesson.pk in done) for lesson in lessons[course.pk]]
        result.append(
            CourseProgress(
                course=course,
                lessons=pairs,
                seen=sum(1 for _, seen in pairs if seen),
                total=len(pairs),
                next_lesson=next((lesson for lesson, seen in pairs if not seen), None),
                last_attempt=last_attempts.get(course.pk),
                completion=completions.get(course.pk),
            )
        )
    return result


def latest_completion(*, user: User, course: Course) -> Completion | None:
    return (
        Completion.objects.filter(user=user, course=course)
        .select_related("certificate")
        .order_by("-completed_at")
        .first()
    )


def attempts_for(*, viewer: User) -> QuerySet[QuizAttempt]:
    """Attempts ``viewer`` may see: their own, their subtree's (managers), all (office, auditors)."""
    return scope_queryset(
        QuizAttempt.objects.select_related("user", "course"), user=viewer, owner_field="user"
    )


def attempt_get_for_user(*, viewer: User, pk: int) -> QuizAttempt:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(attempts_for(viewer=viewer), pk=pk)


def certificates_for(*, viewer: User) -> QuerySet[Certificate]:
    return scope_queryset(
        Certificate.objects.select_related("user", "course"), user=viewer, owner_field="user"
    )


def certificate_by_code(*, code: str) -> Certificate | None:
    return Certificate.objects.filter(code=code.strip().upper()).first()


# ---------------------------------------------------------------------------------------------
# Assignments: who must take what, by when
# ---------------------------------------------------------------------------------------------
def assignment_users(assignment: Assignment) -> QuerySet[User]:
    users = User.objects.filter(is_active=True)
    if assignment.target == Assignment.Target.ROLE:
        return users.filter(role_assignments__role=assignment.role).distinct()
    if assignment.target == Assignment.Target.UNIT and assignment.org_unit is not None:
        if assignment.include_subtree:
            return users.filter(org_unit__in=unit_subtree(unit=assignment.org_unit))
        return users.filter(org_unit=assignment.org_unit)
    if assignment.target == Assignment.Target.USER and assignment.user_id:
        return users.filter(pk=assignment.user_id)
    return users.none()


class Status:
    COMPLETE = "complete"
    EXPIRING = "expiring"
    DUE = "due"
    OVERDUE = "overdue"


@dataclass
class Requirement:
    user: User
    assignment: Assignment
    course: Course
    due_date: dt.date
    status: str
    completion: Completion | None = None
    valid_until: dt.date | None = None

    @property
    def days_left(self) -> int:
        return (self.due_date - timezone.localdate()).days


def requirement_for(
    *,
    user: User,
    assignment: Assignment,
    on: dt.date | None = None,
    completions: list[Completion] | None = None,
) -> Requirement:
    """Where ``user`` stands on ``assignment`` on day ``on``.

    With a completion, the course is due again ``validity_days`` after it (annual refresh), or on
    the assignment's due date if that is later; without one, it is due on the assignment's due date.
    """
    on = on or timezone.localdate()
    if completions is None:
        completions = list(
            Completion.objects.filter(user=user, course=assignment.course)
            .exclude(certificate__revoked_at__isnull=False)
            .order_by("-completed_at")[:1]
        )
    latest = completions[0] if completions else None
    if latest is not None:
        completed_on = timezone.localdate(latest.completed_at)
        valid_until = min(
            completed_on + dt.timedelta(days=assignment.validity_days), latest.valid_until
        )
        if valid_until >= on:
            status = (
                Status.EXPIRING
                if (valid_until - on).days <= EXPIRING_SOON_DAYS
                else Status.COMPLETE
            )
            return Requirement(
                user, assignment, assignment.course, valid_until, status, latest, valid_until
            )
        # Expired: due again at expiry, unless this assignment gives more time.
        due = max(valid_until, assignment.due_date)
        status = Status.OVERDUE if due < on else Status.DUE
        return Requirement(user, assignment, assignment.course, due, status, latest, valid_until)
    status = Status.OVERDUE if assignment.due_date < on else Status.DUE
    return Requirement(user, assignment, assignment.course, assignment.due_date, status)


def assignments_for_user(*, user: User) -> list[Assignment]:
    conditions = Q(target=Assignment.Target.USER, user=user) | Q(
        target=Assignment.Target.ROLE, role__in=list(user.role_set())
    )
    if user.org_unit is not None:
        ancestors = [int(p) for p in user.org_unit.path.strip("/").split("/") if p]
        conditions |= Q(target=Assignment.Target.UNIT, org_unit=user.org_unit_id) | Q(
            target=Assignment.Target.UNIT, org_unit__in=ancestors, include_subtree=True
        )
    return list(
        Assignment.objects.filter(conditions, is_active=True, course__is_published=True)
        .select_related("course")
        .order_by("due_date")
    )


def requirements_for_user(*, user: User, on: dt.date | None = None) -> list[Requirement]:
    """One requirement per assigned course (the strictest assignment wins: earliest due date)."""
    best: dict[int, Requirement] = {}
    for assignment in assignments_for_user(user=user):
        req = requirement_for(user=user, assignment=assignment, on=on)
        current = best.get(assignment.course_id)
        if current is None or req.due_date < current.due_date:
            best[assignment.course_id] = req
    return sorted(best.values(), key=lambda r: r.due_date)


def requirements_in_scope(
    *, viewer: User, on: dt.date | None = None, course: Course | None = None
) -> list[Requirement]:
    """Every (person, course) requirement of the people ``viewer`` may see."""
    on = on or timezone.localdate()
    people = visible_users(user=viewer)
    assignments = Assignment.objects.filter(
        is_active=True, course__is_published=True
    ).select_related("course", "org_unit", "user")
    if course is not None:
        assignments = assignments.filter(course=course)
    completions: dict[tuple[int, int], list[Completion]] = defaultdict(list)
    for completion in Completion.objects.exclude(certificate__revoked_at__isnull=False).order_by(
        "-completed_at"
    ):
        completions[(completion.user_id, completion.course_id)].append(completion)
    best: dict[tuple[int, int], Requirement] = {}
    visible_ids = set(people.values_list("pk", flat=True))
    for assignment in assignments:
        for person in assignment_users(assignment).select_related("org_unit"):
            if person.pk not in visible_ids:
                continue
            req = requirement_for(
                user=person,
                assignment=assignment,
                on=on,
                completions=completions.get((person.pk, assignment.course_id), []),
            )
            key = (person.pk, assignment.course_id)
            if key not in best or req.due_date < best[key].due_date:
                best[key] = req
    return sorted(
        best.values(),
        key=lambda r: (
            r.user.org_unit.path if r.user.org_unit else "",
            r.user.username,
            r.course.order,
        ),
    )


@dataclass
class UnitRow:
    unit: OrgUnit | None
    assigned: int = 0
    complete: int = 0
    expiring: int = 0
    due: int = 0
    overdue: int = 0

    @property
    def percent(self) -> int:
        return round(100 * (self.complete + self.expiring) / self.assigned) if self.assigned else 0


# ---------------------------------------------------------------------------------------------
# Reports at university scale: the rules of ``requirement_for`` as SQL, one query per course
# ---------------------------------------------------------------------------------------------
EPOCH = dt.date(1970, 1, 1)
_NO_DUE = 100_000  # a day number later than any due date (year 2243)


class DayNumber(Func):
    """Days since 1970-01-01 of a date expression, so due dates can be compared and shifted as integers."""

    output_field = IntegerField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra,
        )

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="((%(expressions)s)::date - DATE '1970-01-01')", **extra
        )

    def as_mysql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler, connection, template="(TO_DAYS(%(expressions)s) - 719528)", **extra
        )


def _day(value: dt.date) -> int:
    return (value - EPOCH).days


def _covers(assignment: Assignment, prefix: str = "") -> Q | None:
    """The people an assignment covers, as a condition on ``User`` (``prefix="user__"``: on a row
    pointing at a user); mirrors ``assignment_users``."""
    if assignment.target == Assignment.Target.ROLE and assignment.role:
        return Q(
            Exists(
                RoleAssignment.objects.filter(
                    user=OuterRef(f"{prefix}pk" if prefix else "pk"), role=assignment.role
                )
            )
        )
    if assignment.target == Assignment.Target.UNIT and assignment.org_unit is not None:
        if assignment.include_subtree:
            return Q(**{f"{prefix}org_unit__path__startswith": assignment.org_unit.path})
        return Q(**{f"{prefix}org_unit": assignment.org_unit_id})
    if assignment.target == Assignment.Target.USER and assignment.user_id:
        return Q(**{f"{prefix}pk": assignment.user_id})
    return None


# A requirement is encoded as one integer, ``(due_day * n + index) * 4 + status``, so that the
# smallest key over a person's assignments is the earliest due date, ties going to the first
# assignment, and carries that assignment's status along: one LEAST() instead of nested CASEs.
STATUS_CODES = {Status.COMPLETE: 0, Status.EXPIRING: 1, Status.DUE: 2, Status.OVERDUE: 3}
CODE_STATUS = {code: status for status, code in STATUS_CODES.items()}


@dataclass
class RequirementQueries:
    """The people who must take one course, split by whether they hold a (non-revoked) completion.

    ``completed`` is a ``Completion`` queryset (the latest one per person), ``open`` a ``User``
    queryset; both carry ``req_key`` (see ``STATUS_CODES``) and ``req_code`` (the status code).
    """

    course: Course
    width: int  # n: assignments considered
    completed: QuerySet[Completion]
    open: QuerySet[User]

    def decode(self, key: int) -> tuple[str, dt.date]:
        return CODE_STATUS[key % 4], EPOCH + dt.timedelta(days=key // (4 * self.width))


def _least(keys: list[Any]) -> Any:
    return Least(*keys, output_field=BigIntegerField()) if len(keys) > 1 else keys[0]


def requirement_queries(
    *, viewer: User, course: Course, assignments: list[Assignment], on: dt.date
) -> RequirementQueries:
    """The rules of ``requirement_for`` + ``requirements_in_scope`` as SQL, for one course.

    The strictest assignment wins (earliest due date, ties to the first in ``assignments``);
    nothing loops over people in Python.
    """
    today = _day(on)
    width = max(len(assignments), 1)
    no_key = Value(((_NO_DUE * width) + width) * 4, output_field=BigIntegerField())
    # The people ``visible_users`` gives, as a plain condition (no DISTINCT subquery for the planner to trip on).
    users = scope_queryset(
        User.objects.filter(is_active=True), user=viewer, owner_field="pk", unit_field="org_unit"
    )
    valid = Completion.objects.filter(course=course).exclude(certificate__revoked_at__isnull=False)
    later = valid.filter(user=OuterRef("user"), completed_at__gt=OuterRef("completed_at"))
    completed = (
        valid.filter(user__in=users)
        .exclude(Exists(later))
        .annotate(
            req_completed=DayNumber(TruncDate("completed_at")),
            req_valid_until=DayNumber("valid_until"),
        )
    )
    open_ = users.exclude(Exists(valid.filter(user=OuterRef("pk"))))
    completed_keys, open_keys = [], []
    any_user, any_completion = Q(pk__in=[]), Q(pk__in=[])
    for index, assignment in enumerate(assignments):
        on_user, on_completion = _covers(assignment), _covers(assignment, prefix="user__")
        if on_user is None or on_completion is None:
            continue
        any_user |= on_user
        any_completion |= on_completion
        deadline = _day(assignment.due_date)
        late = STATUS_CODES[Status.OVERDUE if deadline < today else Status.DUE]
        open_keys.append(
            Case(
                When(on_user, then=Value(((deadline * width) + index) * 4 + late)),
                default=no_key,
                output_field=BigIntegerField(),
            )
        )
        end = Least(
            F("req_completed") + Value(assignment.validity_days),
            F("req_valid_until"),
            output_field=IntegerField(),
        )
        still_valid = GreaterThanOrEqual(end, Value(today))
        due = Case(
            When(still_valid, then=end),
            default=Greatest(end, Value(deadline), output_field=IntegerField()),
            output_field=IntegerField(),
        )
        code = Case(
            When(
                still_valid,
                then=Case(
                    When(
                        LessThanOrEqual(end, Value(today + EXPIRING_SOON_DAYS)),
                        then=Value(STATUS_CODES[Status.EXPIRING]),
                    ),
                    default=Value(STATUS_CODES[Status.COMPLETE]),
                ),
            ),
            default=Value(late),
            output_field=IntegerField(),
        )
        completed_keys.append(
            Case(
                When(on_completion, then=(Cast(due, BigIntegerField()) * width + index) * 4 + code),
                default=no_key,
                output_field=BigIntegerField(),
            )
        )
    if not open_keys:
        return RequirementQueries(course, width, completed.none(), open_.none())
    completed = completed.filter(any_completion).annotate(req_key=_least(completed_keys))
    open_ = open_.filter(any_user).annotate(req_key=_least(open_keys))
    return RequirementQueries(
        course,
        width,
        completed.annotate(req_code=Mod("req_key", 4)),
        open_.annotate(req_code=Mod("req_key", 4)),
    )


def _assignments_by_course(course: Course | None) -> dict[Course, list[Assignment]]:
    assignments = Assignment.objects.filter(
        is_active=True, course__is_published=True
    ).select_related("course", "org_unit")
    if course is not None:
        assignments = assignments.filter(course=course)
    grouped: dict[Course, list[Assignment]] = {}
    for (
        assignment
    ) in assignments:  # ordered like ``requirements_in_scope`` iterates them (ties go to the first)
        grouped.setdefault(assignment.course, []).append(assignment)
    return grouped


def report_by_unit(
    *, viewer: User, on: dt.date | None = None, course: Course | None = None
) -> list[UnitRow]:
    """Counts per org unit (people counted in their own unit) over the viewer's scope.

    Two aggregate queries per assigned course (``GROUP BY`` unit and status);
    the rules are those of ``requirement_for``.
    """
    on = on or timezone.localdate()
    counts: dict[int | None, dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(("assigned", *STATUSES), 0)
    )
    for course_, assignments in _assignments_by_course(course).items():
        queries = requirement_queries(viewer=viewer, course=course_, assignments=assignments, on=on)
        # GROUP BY (unit, status code): the status expression is evaluated once per row.
        grouped = [
            *queries.completed.order_by()
            .values(unit=F("user__org_unit"), code=F("req_code"))
            .annotate(n=Count("pk")),
            *queries.open.order_by()
            .values(unit=F("org_unit"), code=F("req_code"))
            .annotate(n=Count("pk")),
        ]
        for group in grouped:
            total = counts[group["unit"]]
            total["assigned"] += group["n"]
            total[CODE_STATUS[group["code"]]] += group["n"]
    units = OrgUnit.objects.in_bulk([pk for pk in counts if pk is not None])
    rows = [
        UnitRow(unit=units.get(pk) if pk is not None else None, **values)
        for pk, values in counts.items()
    ]
    return sorted(rows, key=lambda r: r.unit.path if r.unit else "~")


@dataclass
class PersonRequirement:
    """One row of the report's person list."""

    user: User
    course: Course
    status: str
    due_date: dt.date
    completed_on: dt.date | None


def report_people(
    *,
    viewer: User,
    on: dt.date | None = None,
    course: Course | None = None,
    status: str = "",
    limit: int | None = None,
) -> list[PersonRequirement]:
    """The report's person list (optionally one status), computed in SQL like ``report_by_unit``,
    ordered by unit, username and course; ``limit`` keeps only the first rows (sorted and cut in SQL)."""
    on = on or timezone.localdate()
    rows = []
    for course_, assignments in _assignments_by_course(course).items():
        queries = requirement_queries(viewer=viewer, course=course_, assignments=assignments, on=on)
        completed = queries.completed.select_related("user__org_unit").order_by(
            F("user__org_unit__path").asc(nulls_first=True), "user__username"
        )
        open_ = queries.open.select_related("org_unit").order_by(
            F("org_unit__path").asc(nulls_first=True), "username"
        )
        if status:
            only = Q(req_code=STATUS_CODES[status])
            completed, open_ = completed.filter(only), open_.filter(only)
        if (
            limit is not None
        ):  # the first ``limit`` rows overall are among the first ``limit`` of each query
            completed, open_ = completed[:limit], open_[:limit]
        for completion in completed:
            req_status, due = queries.decode(cast(Any, completion).req_key)
            rows.append(
                PersonRequirement(
                    completion.user,
                    course_,
                    req_status,
                    due,
                    timezone.localdate(completion.completed_at),
                )
            )
        for person in open_:
            req_status, due = queries.decode(cast(Any, person).req_key)
            rows.append(PersonRequirement(person, course_, req_status, due, None))
    rows.sort(
        key=lambda r: (
            r.user.org_unit.path if r.user.org_unit else "",
            r.user.username,
            r.course.order,
        )
    )
    return rows if limit is None else rows[:limit]


STATUSES = (Status.COMPLETE, Status.EXPIRING, Status.DUE, Status.OVERDUE)


def overdue_count_in_scope(*, viewer: User, on: dt.date | None = None) -> int:
    """Overdue (person, course) requirements in the viewer's scope, counted by the database."""
    on = on or timezone.localdate()
    total = 0
    for course_, assignments in _assignments_by_course(None).items():
        queries = requirement_queries(viewer=viewer, course=course_, assignments=assignments, on=on)
        overdue = Q(
            req_code=STATUS_CODES[Status.OVERDUE]
        )  # an annotation: Q() keeps django-stubs from checking it as a field
        total += queries.completed.filter(overdue).count() + queries.open.filter(overdue).count()
    return total


def report_units_for(*, viewer: User) -> QuerySet[OrgUnit]:
    if viewer.sees_institution or viewer.is_superuser:
        return OrgUnit.objects.all()
    return managed_units(user=viewer)


def person_record(*, viewer: User, person: User) -> dict[str, Any]:
    """Everything about one person's training, for an audit print-out (caller checks visibility)."""
    return {
        "person": person,
        "requirements": requirements_for_user(user=person),
        "completions": Completion.objects.filter(user=person).select_related(
            "course", "certificate", "attempt"
        ),
        "attempts": QuizAttempt.objects.filter(
            user=person, submitted_at__isnull=False
        ).select_related("course"),
    }


# ---------------------------------------------------------------------------------------------
# Version history
# ---------------------------------------------------------------------------------------------
@dataclass
class VersionChanges:
    """What changed between two snapshots, by lesson slug and question key."""

    lessons_added: list[str] = field(default_factory=list)
    lessons_removed: list[str] = field(default_factory=list)
    lessons_changed: list[str] = field(default_factory=list)
    questions_added: list[str] = field(default_factory=list)
    questions_removed: list[str] = field(default_factory=list)
    questions_changed: list[str] = field(default_factory=list)
    order_changed: bool = False
    settings_changed: list[str] = field(default_factory=list)
    first: bool = False

    @property
    def is_empty(self) -> bool:
        return not (
            self.first
            or self.order_changed
            or self.settings_changed
            or any(
                getattr(self, name)
                for name in (
                    "lessons_added",
                    "lessons_removed",
                    "lessons_changed",
                    "questions_added",
                    "questions_removed",
                    "questions_changed",
                )
            )
        )


SETTING_KEYS = (
    "title",
    "summary",
    "estimated_minutes",
    "pass_mark",
    "questions_per_attempt",
    "validity_days",
    "glossary",
)


def snapshot_lessons(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Lessons of a snapshot by slug (in reading order), each with its module's slug."""
    return {
        lesson["slug"]: {**lesson, "module": module["slug"]}
        for module in snapshot.get("modules", [])
        for lesson in module.get("lessons", [])
    }


def version_changes(*, previous: dict[str, Any] | None, current: dict[str, Any]) -> VersionChanges:
    """Compare two stored snapshots: lessons and questions added, removed or changed, order and settings."""
    if previous is None:
        return VersionChanges(first=True)
    old_lessons, new_lessons = snapshot_lessons(previous), snapshot_lessons(current)
    old_questions = {q["key"]: q for q in previous.get("questions", [])}
    new_questions = {q["key"]: q for q in current.get("questions", [])}
    shared_lessons = [slug for slug in new_lessons if slug in old_lessons]
    old_order = [slug for slug in old_lessons if slug in new_lessons]
    old_modules = [m["slug"] for m in previous.get("modules", [])]
    new_modules = [m["slug"] for m in current.get("modules", [])]
    return VersionChanges(
        lessons_added=[slug for slug in new_lessons if slug not in old_lessons],
        lessons_removed=[slug for slug in old_lessons if slug not in new_lessons],
        # A lesson moved to another module counts as an order change, not a content change.
        lessons_changed=[
            slug
            for slug in shared_lessons
            if {k: v for k, v in new_lessons[slug].items() if k != "module"}
            != {k: v for k, v in old_lessons[slug].items() if k != "module"}
        ],
        questions_added=[key for key in new_questions if key not in old_questions],
        questions_removed=[key for key in old_questions if key not in new_questions],
        questions_changed=[
            key
            for key in new_questions
            if key in old_questions and new_questions[key] != old_questions[key]
        ],
        order_changed=shared_lessons != old_order
        or [m for m in new_modules if m in old_modules]
        != [m for m in old_modules if m in new_modules]
        or any(new_lessons[s]["module"] != old_lessons[s]["module"] for s in shared_lessons),
        settings_changed=[key for key in SETTING_KEYS if previous.get(key) != current.get(key)],
    )


@dataclass
class VersionRow:
    version: CourseVersion
    changes: VersionChanges


def course_version_history(*, course: Course) -> list[VersionRow]:
    """Every version of ``course``, newest first, with what changed since the version before."""
    versions = list(course.versions.select_related("created_by").order_by("number"))
    rows = [
        VersionRow(
            version,
            version_changes(
                previous=versions[i - 1].snapshot if i else None, current=version.snapshot
            ),
        )
        for i, version in enumerate(versions)
    ]
    return rows[::-1]
