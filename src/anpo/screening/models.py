"""Restricted-party screening: list sources and dated snapshots, parties, screenings, hits, dispositions.

Nothing here is ever overwritten: each import is a new immutable ``ListSnapshot`` with its
entries, every screening records the snapshot ids, threshold and algorithm it used, and
every decision on a hit is a new ``Disposition`` row (with an audit event).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from anpo.core.models import TimeStampedModel


class ListSource(models.Model):
    """One restricted-party list (key = folder name in the lists directory, e.g. ``meti-eul``)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    label_en = models.CharField(_("name (English)"), max_length=200)
    label_ja = models.CharField(_("name (Japanese)"), max_length=200)
    publisher = models.CharField(_("publisher"), max_length=200, blank=True)

    class Meta:
        ordering = ("key",)
        verbose_name = _("list source")
        verbose_name_plural = _("list sources")

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        if (get_language() or "ja").startswith("en"):
            return f"{self.label_en} ({self.label_ja})"
        return self.label_ja

    @property
    def active_snapshot(self) -> ListSnapshot | None:
        return self.snapshots.filter(is_active=True).first()


class ListSnapshot(models.Model):
    """One imported revision of a list; immutable once written (only ``is_active`` moves)."""

    source = models.ForeignKey(
        ListSource, on_delete=models.PROTECT, related_name="snapshots", verbose_name=_("list")
    )
    published = models.DateField(_("publication date"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sha256 = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    file_names = models.JSONField(_("files"), default=list)
    format = models.CharField(_("format"), max_length=40, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    name_count = models.PositiveIntegerField(_("names"), default=0)
    counts = models.JSONField(default=dict)
    warnings = models.JSONField(default=list)
    is_active = models.BooleanField(_("active"), default=False)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    diff_added = models.JSONField(_("added entries"), default=list)
    diff_removed = models.JSONField(_("removed entries"), default=list)
    diff_changed = models.JSONField(_("changed entries"), default=list)

    class Meta:
        ordering = (
            "-imported_at",
            "-pk",
        )
        constraints = (
            models.UniqueConstraint(
                fields=["source"],
                condition=models.Q(is_active=True),
                name="one_active_snapshot_per_source",
            ),
        )
        verbose_name = _("list snapshot")
        verbose_name_plural = _("list snapshots")

    def __str__(self) -> str:
        date = (
            self.published.isoformat()
            if self.published
            else self.imported_at.date().isoformat()
            if self.imported_at
            else ""
        )
        return f"{self.source.key} {date} #{self.pk}"

    @property
    def version_label(self) -> str:
        """``meti-eul@2025-09-29#12``: what a screening result cites."""
        date = self.published.isoformat() if self.published else "undated"
        return f"{self.source.key}@{date}#{self.pk}"


class SnapshotEntry(models.Model):
    """One entry of one snapshot, with the full parsed record as JSON."""

    snapshot = models.ForeignKey(ListSnapshot, on_delete=models.CASCADE, related_name="entries")
    entry_id = models.CharField(max_length=200)
    identity = models.CharField(
        max_length=1000,
        help_text="Revision-independent key (entry_id, or country+name for METI EUL).",
    )
    kind = models.CharField(max_length=20)
    primary_name = models.CharField(max_length=1000)
    data = models.JSONField()
    fingerprint = models.CharField(max_length=64)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["snapshot", "entry_id"], name="unique_entry_per_snapshot"
            ),
        )
        indexes = (models.Index(fields=["entry_id"]),)
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")

    def __str__(self) -> str:
        return f"{self.entry_id} {self.primary_name}"


class EntityType(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANIZATION = "organization", _("Organisation")
    UNKNOWN = "unknown", _("Unknown")


class Party(TimeStampedModel):
    """A counterparty the institution deals with; active saved parties are re-screened on every list change."""

    class Relationship(models.TextChoices):
        VISITOR = "visitor", _("Visitor / visiting researcher")
        PAST_AFFILIATION = "past_affiliation", _("Student's or researcher's past affiliation")
        JOINT_RESEARCH = "joint_research", _("Joint-research partner")
        CONSIGNEE = "consignee", _("Consignee / end user")
        OTHER = "other", _("Other")

    kind = models.CharField(
        _("type"), max_length=20, choices=EntityType.choices, default=EntityType.UNKNOWN
    )
    name = models.CharField(_("name"), max_length=500)
    other_names = models.TextField(
        _("other names"),
        blank=True,
        help_text=_("One per line: aliases, former names, other spellings."),
    )
    name_original = models.CharField(
        _("name in original script"),
        max_length=500,
        blank=True,
        help_text=_("For example 北京航空航天大学 or Владимир."),
    )
    country = models.CharField(
        _("country (ISO code)"),
        max_length=2,
        blank=True,
        help_text=_("Two letters, for example CN."),
    )
    birth_date = models.CharField(
        _("date of birth / founding"),
        max_length=10,
        blank=True,
        help_text=_("YYYY, YYYY-MM or YYYY-MM-DD."),
    )
    relationship = models.CharField(
        _("relationship"), max_length=30, choices=Relationship.choices, default=Relationship.OTHER
    )
    notes = models.TextField(_("notes"), blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="screening_parties",
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_active = models.BooleanField(_("re-screen on list changes"), default=True)
    import_job = models.ForeignKey(
        "PartyImportJob", null=True, blank=True, on_delete=models.SET_NULL, related_name="parties"
    )

    class Meta:
        ordering = (
            "name",
            "pk",
        )
        verbose_name = _("party")
        verbose_name_plural = _("parties")

    def __str__(self) -> str:
        return self.name

    def all_names(self) -> list[str]:
        names = [self.name, self.name_original, *self.other_names.splitlines()]
        return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))


class UploadJob(TimeStampedModel):
    """What every uploaded file worked through in the background has: its owner, rows and outcome."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(_("file"), max_length=255)
    rows = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    hit_count = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ("-created_at", "-pk")

    def __str__(self) -> str:
        return f"{self.file_name} #{self.pk}"


class BatchJob(UploadJob):
    """A CSV/XLSX upload screened in the background; its rows become Screenings."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    processed = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)

    class Meta(UploadJob.Meta):
        verbose_name = _("batch screening")
        verbose_name_plural = _("batch screenings")

    @property
    def percent(self) -> int:
        return (
            int(100 * self.processed / self.total)
            if self.total
            else (100 if self.status == self.Status.DONE else 0)
        )


class Screening(models.Model):
    """One name (or one party with all its names) screened against a set of snapshots."""

    class Kind(models.TextChoices):
        AD_HOC = "ad_hoc", _("Ad hoc search")
        PARTY = "party", _("Saved party")
        RESCREEN = "rescreen", _("Re-screening after a list change")
        BATCH = "batch", _("Batch upload")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    party = models.ForeignKey(
        Party, null=True, blank=True, on_delete=models.PROTECT, related_name="screenings"
    )
    batch = models.ForeignKey(
        BatchJob, null=True, blank=True, on_delete=models.CASCADE, related_name="screenings"
    )
    batch_row_id = models.CharField(max_length=200, blank=True)
    query = models.JSONField(_("query"))
    query_name = models.CharField(_("name screened"), max_length=500)
    snapshot_ids = models.JSONField(_("list snapshots"), default=list)
    snapshot_versions = models.JSONField(default=list)
    threshold = models.FloatField(_("threshold"))
    algorithm = models.CharField(max_length=40)
    algorithm_version = models.CharField(max_length=20)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    hit_count = models.PositiveIntegerField(_("hits"), default=0)
    alert_count = models.PositiveIntegerField(_("alerts"), default=0)
    lists_updating = models.BooleanField(
        _("lists were being updated"),
        default=False,
        help_text=_(
            "The index of the newest list versions was not ready; the previous versions (snapshot_ids) were used."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="screenings"
    )
    org_unit = models.ForeignKey(
        "accounts.OrgUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = (
            "-started_at",
            "-pk",
        )
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.query_name} ({self.started_at:%Y-%m-%d %H:%M})"


class Hit(models.Model):
    """A list entry that scored at or above the threshold for a screening."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting review")
        ESCALATED = "escalated", _("Escalated")
        TRUE_MATCH = "true_match", _("True match")
        FALSE_POSITIVE = "false_positive", _("False positive")
        SUPPRESSED = "suppressed", _("Cleared earlier (unchanged entry)")
        KNOWN = "known", _("Already reviewed or in review")

    OPEN_STATUSES: tuple[str, ...] = (Status.OPEN, Status.ESCALATED)

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="hits")
    source = models.CharField(_("list"), max_length=64, db_index=True)
    entry_id = models.CharField(_("entry"), max_length=200)
    identity = models.CharField(max_length=1000)
    snapshot_entry = models.ForeignKey(
        SnapshotEntry, null=True, blank=True, on_delete=models.PROTECT, related_name="hits"
    )
    fingerprint = models.CharField(max_length=64)
    matched_name = models.CharField(_("matched name"), max_length=1000)
    primary_name = models.CharField(_("listed name"), max_length=1000)
    score = models.FloatField(_("score"))
    rank = models.PositiveSmallIntegerField(default=1)
    explanation = models.JSONField(default=dict)
    is_alert = models.BooleanField(
        _("alert"),
        default=False,
        help_text=_("New hit, or the list entry changed since the last decision."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True
    )

    class Meta:
        ordering = (
            "-score",
            "source",
            "entry_id",
        )
        indexes = (models.Index(fields=["source", "entry_id"]),)
        verbose_name = _("hit")
        verbose_name_plural = _("hits")

    def __str__(self) -> str:
        return f"{self.screening.query_name} → {self.source}:{self.entry_id} ({self.score:.2f})"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Disposition(models.Model):
    """A reviewer's decision on a hit (true match / false positive / escalate)."""

    class Decision(models.TextChoices):
        TRUE_MATCH = "true_match", _("True match")
        FALSE_POSITIVE = "false_positive", _("False positive")
        ESCALATE = "escalate", _("Escalate")

    hit = models.ForeignKey(Hit, on_delete=models.PROTECT, related_name="dispositions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"), blank=True)
    attachment = models.FileField(
        _("attachment"), upload_to="screening/dispositions/%Y/%m/", blank=True
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)

    class Meta:
        ordering = (
            "-decided_at",
            "-pk",
        )
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self) -> str:
        return f"{self.hit_id}: {self.decision}"


class Clearance(models.Model):
    """A remembered false-positive decision: suppresses the same hit until the list entry changes."""

    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="clearances")
    source = models.CharField(max_length=64)
    entry_id = models.CharField(max_length=200)
    identity = models.CharField(max_length=1000)
    fingerprint = models.CharField(max_length=64)
    disposition = models.ForeignKey(Disposition, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["party", "source", "identity", "fingerprint"], name="unique_clearance"
            ),
        )
        verbose_name = _("false-positive clearance")
        verbose_name_plural = _("false-positive clearances")

    def __str__(self) -> str:
        return f"{self.party} ≠ {self.source}:{self.entry_id}"


class ListImportJob(TimeStampedModel):
    """A list file (or set of files) uploaded on the lists page and imported in the background."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Importing")
        DONE = "done", _("Imported")
        UNCHANGED = "unchanged", _("Already imported; nothing changed")
        REJECTED = "rejected", _("Refused")
        FAILED = "failed", _("Failed")

    FINISHED: tuple[str, ...] = (Status.DONE, Status.UNCHANGED, Status.REJECTED, Status.FAILED)

    source = models.ForeignKey(
        ListSource, on_delete=models.PROTECT, related_name="import_jobs", verbose_name=_("list")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    file_names = models.JSONField(_("files"), default=list)
    stored_path = models.CharField(
        max_length=1000, help_text="Folder under ANPO_LISTS_DIR holding the uploaded files."
    )
    total_bytes = models.PositiveBigIntegerField(default=0)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    stage = models.CharField(_("progress"), max_length=200, blank=True)
    message = models.TextField(_("result"), blank=True)
    error = models.TextField(_("reason"), blank=True)
    snapshot = models.ForeignKey(
        ListSnapshot, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = (
            "-created_at",
            "-pk",
        )
        verbose_name = _("list import")
        verbose_name_plural = _("list imports")

    def __str__(self) -> str:
        return f"{self.source.key} {', '.join(self.file_names)} #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED


class PartyImportJob(UploadJob):
    """A CSV/XLSX of saved parties: checked first (dry run), then created and screened in the background."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("Checked; waiting for confirmation")
        INVALID = "invalid", _("Errors found; nothing created")
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Creating and screening")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    FINISHED: tuple[str, ...] = (Status.INVALID, Status.DONE, Status.FAILED, Status.CANCELLED)

    errors = models.JSONField(default=list)
    skipped = models.JSONField(default=list)
    created_count = models.PositiveIntegerField(default=0)
    screened = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKED)

    class Meta(UploadJob.Meta):
        verbose_name = _("party import")
        verbose_name_plural = _("party imports")

    @property
    def finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def percent(self) -> int:
        if not self.total:
            return 100 if self.status == self.Status.DONE else 0
        return int(100 * (self.created_count + self.screened) / (2 * self.total))
