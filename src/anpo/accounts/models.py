"""Users, the organisation tree and role assignments."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from anpo.accounts.roles import INSTITUTION_WIDE_ROLES, READ_ONLY_ROLES, Role
from anpo.core.models import TimeStampedModel


class OrgUnit(TimeStampedModel):
    """A node of the organisation: institution -> faculty/department/institute -> lab.

    ``path`` is a materialised path of primary keys ("/1/4/9/") so that a unit's
    subtree is one indexed prefix query.
    """

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Institution")
        FACULTY = "faculty", _("Faculty / graduate school")
        DEPARTMENT = "department", _("Department")
        INSTITUTE = "institute", _("Research institute / centre")
        OFFICE = "office", _("Administrative office")
        LAB = "lab", _("Laboratory")

    code = models.SlugField(_("code"), max_length=64, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=500, db_index=True, editable=False, default="")
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisational unit")
        verbose_name_plural = _("organisational units")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "ja").startswith("en") else self.name_ja

    def ancestors(self) -> list[OrgUnit]:
        ids = [int(part) for part in self.path.strip("/").split("/")[:-1] if part]
        by_id = OrgUnit.objects.in_bulk(ids)
        return [by_id[i] for i in ids if i in by_id]


class AnpoUserManager(UserManager["User"]):
    pass


class User(AbstractUser):
    """A person who uses anpo. Login is by username (often the staff/student number) or e-mail."""

    class FontSize(models.TextChoices):
        STANDARD = "standard", _("Standard")
        LARGE = "large", _("Large")
        X_LARGE = "x-large", _("Extra large")

    class Contrast(models.TextChoices):
        STANDARD = "standard", _("Standard")
        HIGH = "high", _("High contrast")

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"),
        max_length=200,
        blank=True,
        help_text=_("As written in Japanese documents, e.g. 山田 太郎."),
    )
    full_name_en = models.CharField(_("full name (Latin script)"), max_length=200, blank=True)
    employee_number = models.CharField(_("staff / student number"), max_length=50, blank=True)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(
        _("language"), max_length=8, choices=[("ja", "日本語"), ("en", "English")], default="ja"
    )
    font_size = models.CharField(
        _("font size"), max_length=10, choices=FontSize.choices, default=FontSize.STANDARD
    )
    contrast = models.CharField(
        _("contrast"), max_length=10, choices=Contrast.choices, default=Contrast.STANDARD
    )
    furigana = models.BooleanField(_("furigana"), default=False)
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)

    objects = AnpoUserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "ja").startswith("en") and self.full_name_en:
            return self.full_name_en
        return self.full_name or self.full_name_en or self.username

    def role_set(self) -> frozenset[str]:
        """The user's roles (cached on the instance for the request)."""
        cached = self.__dict__.get("_role_cache")
        if cached is None:
            cached = (
                frozenset(self.role_assignments.values_list("role", flat=True))
                if self.pk
                else frozenset()
            )
            self.__dict__["_role_cache"] = cached
        return cached

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_set() & set(roles))

    @property
    def sees_institution(self) -> bool:
        return bool(self.role_set() & INSTITUTION_WIDE_ROLES)

    @property
    def is_read_only(self) -> bool:
        """True when every role the user holds is read-only (an auditor)."""
        roles = self.role_set()
        return bool(roles) and roles <= READ_ONLY_ROLES and not self.is_superuser


class RoleAssignment(TimeStampedModel):
    """A role held by a user; a department manager's role is scoped to a unit and its subtree."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit,
        verbose_name=_("scope"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "org_unit"], name="unique_role_per_scope"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(org_unit__isnull=True),
                name="unique_unscoped_role",
            ),
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
