"""WSGI entry point (gunicorn anpo.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "anpo.settings")
application = get_wsgi_application()

from anpo.accounts.checks import refuse_unsafe_production  # noqa: E402

refuse_unsafe_production()
