"""anpo's restricted-party matching engine.

A pure, typed library: no Django imports (a test enforces it). The pipeline is
normalise -> index -> candidates -> score -> explain. See ``types`` for the
records that list parsers produce and the engine consumes.
"""
