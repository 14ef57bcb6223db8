"""Every code the engine can emit has a label in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from django.utils import translation
from django.utils.translation import trans_real

from anpo.assessment import labels
from anpo.rules import assess, parse_facts
from anpo.rules.jp import PACK, QUESTION_TEXTS

GOLDEN = Path(__file__).parents[1] / "rules" / "golden_cases.yaml"


def _ja_catalogue() -> dict[str, str]:
    with translation.override("ja"):
        catalogue = getattr(trans_real.translation("ja"), "_catalog", {})
        return dict(catalogue.items())


@pytest.mark.parametrize("kind", sorted(PACK.codes()))
def test_every_code_of_the_pack_has_a_label(kind: str) -> None:
    table = labels.TABLES[kind]
    missing = [code for code in PACK.codes()[kind] if code not in table]
    assert missing == []


@pytest.mark.parametrize("kind", sorted(labels.TABLES))
def test_every_label_is_translated_into_japanese(kind: str) -> None:
    catalogue = _ja_catalogue()
    with translation.override("en"):  # no English catalogue: the msgid itself
        msgids = [str(text) for text in labels.TABLES[kind].values()]
    untranslated = [msgid for msgid in msgids if not catalogue.get(msgid)]
    assert untranslated == []


def test_labels_read_in_the_active_language() -> None:
    with translation.override("ja"):
        ja = labels.label("ground", "list_control")
    with translation.override("en"):
        en = labels.label("ground", "list_control")
    assert ja == "リスト規制：該当品目です"
    assert en.startswith("List control")


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"\{(\w+)\}", text)) | set(re.findall(r"%\((\w+)\)s", text))


@pytest.mark.parametrize("code", [q.value for q in QUESTION_TEXTS])
def test_question_labels_take_the_same_parameters_as_the_engine(code: str) -> None:
    engine = next(text for q, text in QUESTION_TEXTS.items() if q.value == code)
    assert _placeholders(str(labels.QUESTION_LABELS[code])) == _placeholders(engine)


def test_every_code_in_the_golden_determinations_has_a_label() -> None:
    cases = yaml.safe_load(GOLDEN.read_text(encoding="utf-8"))["cases"]
    seen: dict[str, set[str]] = {
        k: set()
        for k in ("ground", "exemption_reason", "finding", "question", "citation", "fact", "table")
    }
    for case in cases:
        det = assess(parse_facts(case["facts"]), pack=PACK)
        seen["ground"] |= {g.code for g in det.grounds}
        seen["exemption_reason"] |= {e.reason for e in det.exemptions}
        seen["finding"] |= {f.code for f in det.findings}
        seen["question"] |= {q.code for q in det.open_questions}
        seen["citation"] |= {c.code for c in det.citations}
        seen["table"] |= {t.table for t in det.rule_pack.tables}
        for part in (*det.grounds, *det.exemptions, *det.findings):
            seen["fact"] |= {f.name for f in part.facts}
    missing = {kind: sorted(codes - set(labels.TABLES[kind])) for kind, codes in seen.items()}
    assert {k: v for k, v in missing.items() if v} == {}
    assert len(seen["finding"]) > 5  # the golden cases really exercised the engine


def test_question_text_labels_code_valued_parameters() -> None:
    with translation.override("ja"):
        text = labels.question_text("end_use_unknown", {"requirement": "wmd_use"})
    assert "大量破壊兵器の用途要件" in text


def test_an_unknown_code_falls_back_to_the_code() -> None:
    assert labels.label("ground", "no_such_ground") == "no_such_ground"
