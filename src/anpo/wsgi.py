"""WSGI entry point (gunicorn anpo.wsgi)."""

import gc
import logging
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpo.settings")
application = get_wsgi_application()

from anpo.accounts.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()


WARM_NAMES = [
    "Ivan Petrov",
    "山田 太郎",
    "ヤマダ タロウ",
    "北京理工大学",
    "Иван Петров",
    "김정은",
    "محمد",
]


def _preload() -> None:
    """Load the screening index in gunicorn's master (``--preload``, as ``anpo serve`` runs it).

    Every web process then starts with the index in memory (shared copy-on-write between them)
    instead of loading it on its first search, which took seconds while the user waited. The
    master's database connections are closed before gunicorn forks the web processes.
    """
    # Django is set up by get_wsgi_application() before gunicorn calls this (not at import).
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver
    from django.utils import translation

    # What every process otherwise loads on its first request: catalogues, URLs, base template.
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            translation.gettext("Home")
    get_resolver().reverse_dict  # noqa: B018 (populates the resolver)
    get_template("base.html")
    try:
        from anpo.screening import engine  # needs the app registry (see above)

        if engine.active_snapshot_ids():
            from anpo.matching import Query  # only when there is an index to warm

            # One search per script loads the transliteration tables the matcher reads lazily.
            engine.index_for_web().engine.index.search_many(
                [Query(name=name) for name in WARM_NAMES], top=1, threshold=0.99
            )
    except Exception:  # the index loads on first use instead; never stop the server for it
        logging.getLogger(__name__).exception("preloading the screening index failed")
    finally:
        connections.close_all()
    # Keep the collector away from everything loaded so far: it would otherwise touch (and so
    # copy) the pages the forked web processes share.
    gc.freeze()


if os.environ.get("ANPO_PRELOAD") == "1":
    _preload()
