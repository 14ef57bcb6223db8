"""Training's object rules (see ``anpo.accounts.capabilities``); imported by ``TrainingConfig.ready``."""

from __future__ import annotations

from anpo.accounts.capabilities import Capability, owned_by_user, register_object_rule
from anpo.training.models import QuizAttempt

# Managers and the office may read someone's submitted attempt; only its owner answers it.
register_object_rule(Capability.TAKE_TRAINING, QuizAttempt, owned_by_user("user_id"))
