"""Assessment: renders the rule engine's determinations (``anpo.rules``) in Japanese and English."""

from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "anpo.assessment"
    label = "assessment"
    verbose_name = _("Licence assessment")
