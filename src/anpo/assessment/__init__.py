"""Assessment: the Django side of the rule engine (labels, the ``anpo assess`` command, and a
template partial that renders a determination)."""
