"""Classification (該非判定): the dated control-list catalogue, its search and suggestions.

Part 1 of issue 10: the catalogue (regimes -> instruments -> versions -> entries with
links). Items and classification records (part 2) build on it.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class ClassificationConfig(AppConfig):
    name = "anpo.classification"
    label = "classification"
    verbose_name = _("Classification (該非判定)")

    def demo_load(self) -> None:
        """Import the catalogue from ../shared/data/control-lists when it is there."""
        # app loading: services import models, which are not ready when this module is imported
        from anpo.classification import services

        folder = Path(settings.REPO_DIR).parent / "shared" / "data" / "control-lists"
        if folder.is_dir():
            services.catalogue_import_directory(path=folder, acting_user=None)
