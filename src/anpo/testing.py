"""pytest plugin (loaded with ``-p anpo.testing`` before Django is set up).

Test runs execute tasks inline and keep e-mail in memory unless a test asks for
the database worker; these must be in the environment before settings load.
"""

import os

os.environ.setdefault("TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DEBUG", "true")
# A fixed audit key for test runs (never the key of a real installation).
os.environ.setdefault("ANPO_AUDIT_KEYS", "test-1:" + "t" * 48)
