"""SQLite database backend for concurrent use (``ENGINE = "anpo.core.sqlite"``)."""
