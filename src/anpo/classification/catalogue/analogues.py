"""Category-level analogues between the Japanese 項 and the CCL / EU Annex I codes.

Data: ``data/analogues.json`` (dated, sourced, marked as guidance). ``rules_for_kou``
gives the rule of a 項; ``matches`` says whether a code belongs to it; ``kou_for_code``
goes the other way (3A001 -> 7の項).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Final

from anpo.classification.catalogue.model import Instrument


@dataclass(frozen=True, slots=True)
class AnalogueRule:
    kou: str
    regime: str
    us: re.Pattern[str] | None
    eu: re.Pattern[str] | None
    note_en: str
    note_ja: str

    def pattern(self, instrument: Instrument) -> re.Pattern[str] | None:
        if instrument == Instrument.US_CCL:
            return self.us
        if instrument == Instrument.EU_STRUCTURE:
            return self.eu
        return None


@dataclass(frozen=True, slots=True)
class AnalogueTable:
    as_of: str
    source: str
    caveat: str
    rules: tuple[AnalogueRule, ...]

    def rule_for_kou(self, kou: str) -> AnalogueRule | None:
        return next((r for r in self.rules if r.kou == kou), None)

    def matches(self, kou: str, instrument: Instrument, code: str) -> bool:
        rule = self.rule_for_kou(kou)
        pattern = rule.pattern(instrument) if rule else None
        return bool(pattern and pattern.match(code.split(".")[0]))

    def kou_for_code(self, instrument: Instrument, code: str) -> list[str]:
        base = code.split(".")[0]
        return [
            r.kou
            for r in self.rules
            if (pattern := r.pattern(instrument)) is not None and pattern.match(base)
        ]


def _compile(pattern: object) -> re.Pattern[str] | None:
    return re.compile(str(pattern)) if pattern else None


def load_analogues(text: str) -> AnalogueTable:
    doc = json.loads(text)
    rules = tuple(
        AnalogueRule(
            kou=str(r["kou"]),
            regime=str(r.get("regime", "")),
            us=_compile(r.get("us")),
            eu=_compile(r.get("eu")),
            note_en=str(r.get("note_en", "")),
            note_ja=str(r.get("note_ja", "")),
        )
        for r in doc["rules"]
    )
    return AnalogueTable(
        str(doc.get("as_of", "")), str(doc.get("source", "")), str(doc.get("caveat", "")), rules
    )


@lru_cache(maxsize=1)
def default_analogues() -> AnalogueTable:
    data = resources.files("anpo.classification.catalogue").joinpath("data/analogues.json")
    return load_analogues(data.read_text(encoding="utf-8"))


KOU_OF_KEY: Final = re.compile(r"^(\d+(?:の\d+)?)の項")


def kou_of(key: str) -> str | None:
    match = KOU_OF_KEY.match(key)
    return match.group(1) if match else None
