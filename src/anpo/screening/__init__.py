"""Restricted-party screening (list sources, parties, screenings, hits)."""
