"""The control-list catalogue: regimes -> instruments -> dated versions -> entries and links.

Nothing is overwritten: every import is a new ``CatalogueVersion`` with its entries, and
``is_current`` only moves to the version in force (the latest ``effective_from``). An
entry's ``key`` is stable across versions of its instrument and its ``content_hash``
changes exactly when its text, deletion or legal attributes change, so a classification
can pin the versions it used and a new version's diff names the entries that changed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def _bilingual(ja: str, en: str) -> str:
    if (get_language() or "ja").startswith("en"):
        return f"{en} ({ja})" if ja and ja != en else en
    return ja or en


class Regime(models.Model):
    """A legal system whose lists anpo holds: Japan (外為法), US (EAR), EU (2021/821)."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("regime")
        verbose_name_plural = _("regimes")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _bilingual(self.name_ja, self.name_en)


class Instrument(models.Model):
    """One list or ordinance (輸出令別表第一, 貨物等省令, 外為令別表, CCL, EU Annex I)."""

    regime = models.ForeignKey(Regime, on_delete=models.PROTECT, related_name="instruments")
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    law_id = models.CharField(_("law ID"), max_length=60, blank=True)
    is_stand_in = models.BooleanField(
        _("stand-in data"),
        default=False,
        help_text=_("Structure only: never presented as the list in force."),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ("position", "code")
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _bilingual(self.name_ja, self.name_en)

    @property
    def current_version(self) -> CatalogueVersion | None:
        return self.versions.filter(is_current=True).first()


class CatalogueVersion(models.Model):
    """One imported version of an instrument; immutable once written (``is_current`` and
    ``effective_to`` move when later versions arrive)."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="versions", verbose_name=_("instrument")
    )
    revision_label = models.CharField(
        _("revision"),
        max_length=200,
        blank=True,
        help_text=_("The amending act, e.g. 令和七年経済産業省令第七十二号."),
    )
    law_id = models.CharField(_("law ID"), max_length=60, blank=True)
    legal_text_date = models.DateField(_("text as of"), null=True, blank=True)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    effective_to = models.DateField(_("in force until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=500)
    source_url = models.URLField(_("official source"), max_length=500, blank=True)
    sha256 = models.CharField(_("file SHA-256"), max_length=64, db_index=True)
    format = models.CharField(_("format"), max_length=40)
    notes = models.JSONField(_("caveats"), default=list, blank=True)
    warnings = models.JSONField(_("import warnings"), default=list, blank=True)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    entry_count = models.PositiveIntegerField(_("entries"), default=0)
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    changes = models.JSONField(
        _("changes from the previous version"),
        default=dict,
        blank=True,
        help_text=_("Keys added, removed and changed, computed at import."),
    )
    is_current = models.BooleanField(_("in force"), default=False)

    class Meta:
        ordering = ("instrument__position", "-effective_from", "-pk")
        constraints = (
            models.UniqueConstraint(fields=["instrument", "sha256"], name="one_version_per_file"),
            models.UniqueConstraint(
                fields=["instrument"],
                condition=models.Q(is_current=True),
                name="one_current_version_per_instrument",
            ),
        )
        verbose_name = _("catalogue version")
        verbose_name_plural = _("catalogue versions")

    def __str__(self) -> str:
        return self.version_label

    @property
    def version_label(self) -> str:
        """``jp-goods-ordinance@2026-02-14#3``: what a record cites."""
        date = self.legal_text_date.isoformat() if self.legal_text_date else "undated"
        return f"{self.instrument.code}@{date}#{self.pk}"

    @property
    def change_counts(self) -> dict[str, int]:
        return {name: len(self.changes.get(name, [])) for name in ("added", "removed", "changed")}


class CatalogueEntry(models.Model):
    """One provision / list entry of one version (a tree through ``parent_key``)."""

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="entries")
    key = models.CharField(_("key"), max_length=200)
    parent_key = models.CharField(max_length=200, blank=True, default="")
    kind = models.CharField(_("kind"), max_length=20)
    label = models.CharField(_("label"), max_length=300)
    number = models.CharField(max_length=60, blank=True)
    text = models.TextField(_("text"), blank=True)
    heading = models.CharField(_("short heading"), max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    deleted = models.BooleanField(_("deleted (削除)"), default=False)
    flags = models.JSONField(default=list, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    search_hints = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64)
    search_terms = models.TextField(blank=True, help_text="Search terms of text + hints.")
    heading_terms = models.TextField(blank=True)
    thresholds = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ("version", "position")
        constraints = (
            models.UniqueConstraint(fields=["version", "key"], name="unique_key_per_version"),
        )
        indexes = (models.Index(fields=["key"]), models.Index(fields=["version", "parent_key"]))
        verbose_name = _("catalogue entry")
        verbose_name_plural = _("catalogue entries")

    def __str__(self) -> str:
        return self.label


class CatalogueLink(models.Model):
    """A link from an entry of ``version`` to an entry (by key) of another instrument.

    Links stated by the text (an ordinance paragraph's opening) hold for any version of the
    target; derived ones (the 号 crosswalk, citations) record the target version they were
    computed against.
    """

    class Kind(models.TextChoices):
        SPECIFIES = "specifies", _("specifies")
        IS_FOR = "is_for", _("is for")
        REFERS_TO = "refers_to", _("refers to")

    class Basis(models.TextChoices):
        PARAGRAPH = "paragraph", _("stated by the paragraph")
        ALIGNMENT = "alignment", _("derived by comparing the texts")
        REFERENCE = "reference", _("cited in the text")
        ITEM_NUMBER = "item_number", _("same item number")
        OVERRIDE = "override", _("anpo's reviewed crosswalk")

    version = models.ForeignKey(CatalogueVersion, on_delete=models.CASCADE, related_name="links")
    source_key = models.CharField(max_length=200)
    target_instrument = models.CharField(max_length=40)
    target_key = models.CharField(max_length=200)
    target_version = models.ForeignKey(
        CatalogueVersion, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    basis = models.CharField(max_length=20, choices=Basis.choices)
    score = models.FloatField(default=1.0)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = (
            models.Index(fields=["version", "source_key"]),
            models.Index(fields=["target_instrument", "target_key"]),
        )
        verbose_name = _("catalogue link")
        verbose_name_plural = _("catalogue links")

    def __str__(self) -> str:
        return f"{self.source_key} {self.kind} {self.target_instrument}:{self.target_key}"

    @property
    def is_guidance(self) -> bool:
        return self.basis in (self.Basis.ALIGNMENT, self.Basis.OVERRIDE)
