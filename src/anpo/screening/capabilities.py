"""Screening's object rules (see ``anpo.accounts.capabilities``); imported by ``ScreeningConfig.ready``."""

from __future__ import annotations

from anpo.accounts.capabilities import (
    Capability,
    owned_by_user,
    register_object_rule,
    within_scope,
)
from anpo.screening.models import Hit, Party, PartyImportJob

# A party is changed by whoever may see it: its owner, a manager of its unit, the office.
register_object_rule(
    Capability.MANAGE_PARTIES, Party, within_scope(owner_field="owner", unit_field="org_unit")
)
# An import is confirmed or cancelled only by the person who uploaded it.
register_object_rule(Capability.MANAGE_PARTIES, PartyImportJob, owned_by_user("owner_id"))
# A reviewer decides on the hits they may see.
register_object_rule(
    Capability.DISPOSE_HIT,
    Hit,
    within_scope(owner_field="screening__owner", unit_field="screening__org_unit"),
)
