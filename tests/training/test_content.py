"""Validate the bundled bilingual training courses (src/anpo/training/content).

Pure data checks: no Django needed. Run with
    .venv/bin/pytest tests/training/test_content.py -q -p no:django

`validate_course()` returns a list of problems; the course tests assert it is
empty and the self-tests below assert that broken courses are reported, so the
checks can actually fail.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

CONTENT_DIR = Path(__file__).resolve().parents[2] / "src" / "anpo" / "training" / "content"
COURSES_DIR = CONTENT_DIR / "courses"

EXPECTED_COURSES = {
    # file name: (slug, order)
    "01-why-export-control.json": ("why-export-control", 1),
    "02-system-overview.json": ("system-overview", 2),
    "03-daily-research.json": ("daily-research", 3),
    "04-hosting-and-joint-research.json": ("hosting-and-joint-research", 4),
    "05-institutional-system.json": ("institutional-system", 5),
    "06-officer-practice.json": ("officer-practice", 6),
}

LANGS = ("ja", "en")
ALLOWED_TAGS = {
    "p",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "strong",
    "em",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "figure",
    "figcaption",
    "abbr",
}
# Only these attributes may appear, and only on these tags.
ALLOWED_ATTRS = {"th": {"scope"}, "abbr": {"title"}, "ol": {"start"}}
TH_SCOPES = {"row", "col", "rowgroup", "colgroup"}

MIN_LESSONS = 3
MIN_MODULES = 2
MIN_SCENARIOS = 1
MIN_QUESTIONS = 15
MIN_GLOSSARY, MAX_GLOSSARY = 5, 10
QUESTION_KINDS = {"single", "multiple", "true_false"}
LESSON_KINDS = {"text", "scenario", "video"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Japanese script: hiragana, katakana (incl. prolonged sound mark), CJK ideographs and iteration mark.
JA_CHAR = (
    r"\u3040-\u309f\u30a0-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3005\u3006"
)
JA_RE = re.compile(f"[{JA_CHAR}]")
KANA_RE = re.compile(r"^[\u3040-\u309f\u30fc\u30fb・ 　]+$")  # hiragana (and ー) only
# A parenthesised Japanese original after a term, e.g. "deemed export (みなし輸出)". ASCII or full-width brackets.
PAREN_RE = re.compile(r"\([^()]*\)|（[^（）]*）")
# Characters that must not appear in English outside such parentheses: CJK scripts and full-width punctuation.
NON_EN_RE = re.compile(f"[{JA_CHAR}\u3000-\u303f\uff01-\uff5e]")


# --------------------------------------------------------------------------------------------
# HTML checks
# --------------------------------------------------------------------------------------------
class _BodyChecker(HTMLParser):
    VOID: set[str] = set()  # no void elements are allowed at all (no img, br, hr)

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.errors: list[str] = []
        self.stack: list[str] = []
        self.tables: list[dict[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"disallowed tag <{tag}>")
        allowed = ALLOWED_ATTRS.get(tag, set())
        for name, value in attrs:
            if name not in allowed:
                self.errors.append(f"disallowed attribute {name!r} on <{tag}>")
            elif tag == "th" and name == "scope" and value not in TH_SCOPES:
                self.errors.append(f"bad th scope {value!r}")
        if tag == "th" and "scope" not in dict(attrs):
            self.errors.append("<th> without scope")
        if tag == "table":
            self.tables.append({"caption": False})
        if tag == "caption":
            if not self.stack or self.stack[-1] != "table":
                self.errors.append("<caption> not first child of <table>")
            elif self.tables:
                self.tables[-1]["caption"] = True
        self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.errors.append(f"self-closing/void tag <{tag}/> not allowed")

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unbalanced </{tag}> (open: {self.stack[-3:]})")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "table":
            t = self.tables.pop()
            if not t["caption"]:
                self.errors.append("<table> without <caption>")

    def handle_data(self, data):
        # Text must sit inside an element, not loose at the top level.
        if data.strip() and not self.stack:
            self.errors.append(f"text outside any element: {data.strip()[:30]!r}")

    def handle_comment(self, data):
        self.errors.append("HTML comment not allowed")

    def close(self):
        super().close()
        if self.stack:
            self.errors.append(f"unclosed tags {self.stack}")


def html_errors(html: str) -> list[str]:
    checker = _BodyChecker()
    checker.feed(html)
    checker.close()
    errors = checker.errors
    if re.search(r"<h[12][\s>]", html):
        errors.append("headings inside bodies must start at h3")
    if not html.strip().startswith("<"):
        errors.append("body must start with an element")
    return errors


def strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html)


# --------------------------------------------------------------------------------------------
# Language checks
# --------------------------------------------------------------------------------------------
def english_leaks(text: str) -> str:
    """Return the Japanese characters left in an English text once parenthesised originals are removed."""
    plain = strip_tags(text)
    prev = None
    while prev != plain:  # remove innermost parentheses repeatedly
        prev = plain
        plain = PAREN_RE.sub("", plain)
    return "".join(NON_EN_RE.findall(plain))


def check_pair(value, where: str, problems: list[str], *, html: bool = False) -> None:
    if not isinstance(value, dict) or set(value) != set(LANGS):
        problems.append(f"{where}: expected exactly keys {LANGS}, got {value!r:.80}")
        return
    for lang in LANGS:
        text = value[lang]
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}.{lang}: empty or not a string")
            return
    if not JA_RE.search(strip_tags(value["ja"])):
        problems.append(f"{where}.ja: contains no Japanese characters")
    leaks = english_leaks(value["en"])
    if leaks:
        problems.append(f"{where}.en: Japanese outside parentheses: {leaks[:20]!r}")
    if not re.search(r"[A-Za-z]", strip_tags(value["en"])):
        problems.append(f"{where}.en: contains no Latin letters")
    if html:
        for lang in LANGS:
            for err in html_errors(value[lang]):
                problems.append(f"{where}.{lang}: {err}")
        if strip_tags(value["en"]).count("(") != strip_tags(value["en"]).count(")"):
            problems.append(f"{where}.en: unbalanced parentheses")
    else:
        for lang in LANGS:
            if "<" in value[lang] and re.search(r"<[a-zA-Z/]", value[lang]):
                # Plain-text fields may carry HTML only where the schema says so (explanations).
                for err in html_errors(value[lang]):
                    problems.append(f"{where}.{lang}: {err}")


def unique(keys: list[str], where: str, problems: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            problems.append(f"{where}: duplicate key {key!r}")
        seen.add(key)


# --------------------------------------------------------------------------------------------
# Course validator
# --------------------------------------------------------------------------------------------
COURSE_KEYS = {
    "slug",
    "version",
    "order",
    "title",
    "summary",
    "estimated_minutes",
    "pass_mark",
    "questions_per_attempt",
    "validity_days",
    "modules",
    "questions",
    "glossary",
}


def validate_course(course: dict) -> list[str]:
    p: list[str] = []
    if not isinstance(course, dict):
        return ["course is not an object"]
    missing = COURSE_KEYS - set(course)
    extra = set(course) - COURSE_KEYS
    if missing:
        p.append(f"missing keys {sorted(missing)}")
    if extra:
        p.append(f"unexpected keys {sorted(extra)}")
    if missing:
        return p

    if not isinstance(course["slug"], str) or not SLUG_RE.match(course["slug"]):
        p.append("slug: not a kebab-case slug")
    for field in (
        "version",
        "order",
        "estimated_minutes",
        "pass_mark",
        "questions_per_attempt",
        "validity_days",
    ):
        if (
            not isinstance(course[field], int)
            or isinstance(course[field], bool)
            or course[field] < 1
        ):
            p.append(f"{field}: must be a positive integer")
    if isinstance(course["pass_mark"], int) and not 1 <= course["pass_mark"] <= 100:
        p.append("pass_mark: must be 1..100")
    check_pair(course["title"], "title", p)
    check_pair(course["summary"], "summary", p)

    # ---- modules and lessons
    modules = course["modules"]
    if not isinstance(modules, list) or len(modules) < MIN_MODULES:
        p.append(f"modules: need at least {MIN_MODULES}")
        modules = modules if isinstance(modules, list) else []
    unique([m.get("slug") for m in modules], "modules", p)
    lessons = []
    for mi, module in enumerate(modules):
        where = f"modules[{mi}]"
        if set(module) != {"slug", "title", "lessons"}:
            p.append(f"{where}: keys must be slug, title, lessons")
            continue
        if not SLUG_RE.match(module["slug"] or ""):
            p.append(f"{where}.slug: not a slug")
        check_pair(module["title"], f"{where}.title", p)
        if not module["lessons"]:
            p.append(f"{where}: no lessons")
        for li, lesson in enumerate(module["lessons"]):
            lessons.append((f"{where}.lessons[{li}]", lesson))
    unique([les.get("slug") for _, les in lessons], "lessons (course-wide)", p)
    if len(lessons) < MIN_LESSONS:
        p.append(f"lessons: need at least {MIN_LESSONS}, got {len(lessons)}")
    scenarios = 0
    for where, lesson in lessons:
        kind = lesson.get("kind")
        if kind not in LESSON_KINDS:
            p.append(f"{where}.kind: {kind!r} not allowed")
            continue
        expected = {"slug", "kind", "title", "body", "video"} | (
            {"scenario"} if kind == "scenario" else set()
        )
        if set(lesson) != expected:
            p.append(f"{where}: keys {sorted(lesson)} != {sorted(expected)}")
            continue
        if not SLUG_RE.match(lesson["slug"] or ""):
            p.append(f"{where}.slug: not a slug")
        if lesson["video"] is not None:
            p.append(f"{where}.video: must be null (no video files ship)")
        check_pair(lesson["title"], f"{where}.title", p)
        check_pair(lesson["body"], f"{where}.body", p, html=True)
        if kind == "scenario":
            scenarios += 1
            sc = lesson["scenario"]
            if set(sc) != {"prompt", "options", "explanation"}:
                p.append(f"{where}.scenario: keys must be prompt, options, explanation")
                continue
            check_pair(sc["prompt"], f"{where}.scenario.prompt", p)
            check_pair(sc["explanation"], f"{where}.scenario.explanation", p, html=True)
            opts = sc["options"]
            if not 3 <= len(opts) <= 4:
                p.append(f"{where}.scenario.options: need 3-4 options, got {len(opts)}")
            unique([o.get("key") for o in opts], f"{where}.scenario.options", p)
            for oi, opt in enumerate(opts):
                ow = f"{where}.scenario.options[{oi}]"
                if set(opt) != {"key", "text", "correct", "feedback"}:
                    p.append(f"{ow}: keys must be key, text, correct, feedback")
                    continue
                if not isinstance(opt["correct"], bool):
                    p.append(f"{ow}.correct: must be a boolean")
                check_pair(opt["text"], f"{ow}.text", p)
                check_pair(opt["feedback"], f"{ow}.feedback", p)
            if sum(1 for o in opts if o.get("correct") is True) != 1:
                p.append(f"{where}.scenario: exactly one option must be correct")
    if scenarios < MIN_SCENARIOS:
        p.append(f"lessons: need at least {MIN_SCENARIOS} scenario lesson")

    # ---- question bank
    questions = course["questions"]
    if not isinstance(questions, list) or len(questions) < MIN_QUESTIONS:
        p.append(f"questions: need at least {MIN_QUESTIONS}")
        questions = questions if isinstance(questions, list) else []
    unique([q.get("key") for q in questions], "questions", p)
    if isinstance(course["questions_per_attempt"], int) and course["questions_per_attempt"] > len(
        questions
    ):
        p.append("questions_per_attempt exceeds the bank size")
    kinds_seen = set()
    for qi, q in enumerate(questions):
        where = f"questions[{qi}]({q.get('key')})"
        if set(q) != {"key", "kind", "text", "choices", "explanation"}:
            p.append(f"{where}: keys must be key, kind, text, choices, explanation")
            continue
        kind = q["kind"]
        kinds_seen.add(kind)
        if kind not in QUESTION_KINDS:
            p.append(f"{where}.kind: {kind!r} not allowed")
            continue
        check_pair(q["text"], f"{where}.text", p)
        check_pair(q["explanation"], f"{where}.explanation", p)
        choices = q["choices"]
        unique([c.get("key") for c in choices], f"{where}.choices", p)
        for ci, c in enumerate(choices):
            if set(c) != {"key", "text", "correct"}:
                p.append(f"{where}.choices[{ci}]: keys must be key, text, correct")
                continue
            if not isinstance(c["correct"], bool):
                p.append(f"{where}.choices[{ci}].correct: must be a boolean")
            check_pair(c["text"], f"{where}.choices[{ci}].text", p)
        n_correct = sum(1 for c in choices if c.get("correct") is True)
        if kind == "true_false":
            if [c.get("key") for c in choices] != ["true", "false"]:
                p.append(f"{where}: true_false choices must be keys 'true' then 'false'")
            if n_correct != 1:
                p.append(f"{where}: true_false needs exactly one correct choice")
        elif kind == "single":
            if len(choices) < 3:
                p.append(f"{where}: single needs at least 3 choices")
            if n_correct != 1:
                p.append(f"{where}: single needs exactly one correct choice")
        elif kind == "multiple":
            if len(choices) < 3:
                p.append(f"{where}: multiple needs at least 3 choices")
            if n_correct < 1:
                p.append(f"{where}: multiple needs at least one correct choice")
    if questions and not kinds_seen >= QUESTION_KINDS:
        p.append(
            f"questions: bank must mix all kinds, missing {sorted(QUESTION_KINDS - kinds_seen)}"
        )

    # ---- glossary
    glossary = course["glossary"]
    if not isinstance(glossary, list) or not MIN_GLOSSARY <= len(glossary) <= MAX_GLOSSARY:
        p.append(f"glossary: need {MIN_GLOSSARY}-{MAX_GLOSSARY} terms")
        glossary = glossary if isinstance(glossary, list) else []
    unique([g.get("term", {}).get("ja") for g in glossary], "glossary", p)
    for gi, g in enumerate(glossary):
        where = f"glossary[{gi}]"
        if set(g) != {"term", "reading", "definition"}:
            p.append(f"{where}: keys must be term, reading, definition")
            continue
        check_pair(g["term"], f"{where}.term", p)
        check_pair(g["definition"], f"{where}.definition", p)
        for message in reading_problems(g["term"].get("ja", ""), g["reading"]):
            p.append(f"{where}.reading: {message}")
    return p


# --------------------------------------------------------------------------------------------
# Accuracy and language checks (issue 15): notation, ja/en parity, glossary readings and the
# statements the expert review found wrong. Each check returns problems; the self-tests below
# feed them the wording that was shipped before (see `git show main:…`) and expect a problem.
# --------------------------------------------------------------------------------------------
def iter_pairs(value, where: str = ""):
    """Every {"ja": ..., "en": ...} text pair in a course, with its path."""
    if isinstance(value, dict):
        if "ja" in value or "en" in value:
            yield where, value
            return
        for key, item in value.items():
            yield from iter_pairs(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            label = item.get("key") or item.get("slug") if isinstance(item, dict) else None
            yield from iter_pairs(item, f"{where}[{label or index}]")


# Sentence boundaries: block elements; a table row counts as one sentence (its header cell
# and its data cells belong together).
BLOCK_TAGS_RE = re.compile(r"</?(?:p|li|tr|dt|dd|h3|h4|caption|blockquote|figcaption)[^>]*>")


def sentences_ja(text: str) -> list[str]:
    plain = strip_tags(BLOCK_TAGS_RE.sub("\n", text))
    return [s for s in re.split(r"[。\n]", plain) if s.strip()]


def sentences_en(text: str) -> list[str]:
    plain = strip_tags(BLOCK_TAGS_RE.sub("\n", text))
    return [s for s in re.split(r"(?<=[.!?;])\s+|\n", plain) if s.strip()]


# ---- item numbers written as statutes write them: 1の項～15の項, 16の項(1), 3の2の項
# A number followed by 項 is an item only as 「Nの項」; 「第3項」「3項」 are paragraphs and are
# allowed only right after an article (第25条第3項, 1条3項).
ITEM_BAD_RE = re.compile(r"(?<![条第0-9０-９])(第?[0-9０-９]+(?:の[0-9０-９]+)?項)")
ITEM_FULLWIDTH_RE = re.compile(r"[０-９]+(?:の[０-９]+)?の項")


def item_notation_problems(text: str) -> list[str]:
    plain = strip_tags(text)
    found = [f"item written {m!r} (use 「Nの項」)" for m in ITEM_BAD_RE.findall(plain)]
    found += [f"full-width item number {m!r}" for m in ITEM_FULLWIDTH_RE.findall(plain)]
    for match in re.finditer(r"16の項[(（⑴⑵][^)）]*[)）]?", plain):
        if match.group(0) not in ("16の項(1)", "16の項(2)"):
            found.append(f"write 16の項(1)/16の項(2), not {match.group(0)!r}")
    return found


# ---- the same numbers in both languages
EN_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
EN_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
        ]
    )
} | {"fifteen": 15, "twenty": 20, "thirty": 30, "fifty": 50, "hundred": 100}
EN_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
KANJI_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九十")}
CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①..⑳


def spaced_text(html: str) -> str:
    """Text of an HTML fragment with a space for every tag, so that cells never run together."""
    return re.sub(r"<[^>]+>", " ", html)


def _ints(text: str) -> set[int]:
    return {int(n) for n in re.findall(r"\d+", text)}


def numbers_ja(text: str) -> set[int]:
    """Arabic numbers of a Japanese text; 「100万」 counts as 1000000, 「①」 as 1."""
    plain = unicodedata.normalize("NFKC", spaced_text(text))
    values: set[int] = set()

    def man(match: re.Match[str]) -> str:
        values.add(round(float(match.group(1)) * 10_000))
        return " "

    plain = re.sub(r"(\d+(?:\.\d+)?)万", man, plain)
    values |= _ints(plain)
    values |= {n for c, n in CIRCLED.items() if c in spaced_text(text)}
    return values


def numbers_ja_loose(text: str) -> set[int]:
    """Also kanji numerals (三つの類型): accepted as the counterpart of an English digit."""
    plain = spaced_text(text)
    return numbers_ja(text) | {n for c, n in KANJI_DIGITS.items() if c in plain}


def numbers_en(text: str) -> set[int]:
    plain = spaced_text(text)
    plain = re.sub(r"(?<=\d),(?=\d{3}\b)", "", plain)
    values = _ints(plain)
    # A month name counts only in a date ("1 May 2022", "October 2025"), never the verb "may".
    for month in re.findall(r"(?:\b\d{1,2} )([A-Z][a-z]+)\b|\b([A-Z][a-z]+)(?= \d{4}\b)", plain):
        name = (month[0] or month[1]).lower()
        if name in EN_MONTHS:
            values.add(EN_MONTHS[name])
    return values


def numbers_en_loose(text: str) -> set[int]:
    """Also number words and ordinals: accepted as the counterpart of a Japanese digit."""
    values = numbers_en(text)
    for word in re.findall(r"[A-Za-z]+", spaced_text(text).lower()):
        values |= {
            n for table in (EN_NUMBER_WORDS, EN_ORDINALS) for w, n in table.items() if w == word
        }
    return values


def number_parity_problems(pair: dict[str, str]) -> list[str]:
    ja, en = pair["ja"], pair["en"]
    problems = []
    missing_in_en = numbers_ja(ja) - numbers_en_loose(en)
    missing_in_ja = numbers_en(en) - numbers_ja_loose(ja)
    if missing_in_en:
        problems.append(f"numbers in ja but not en: {sorted(missing_in_en)}")
    if missing_in_ja:
        problems.append(f"numbers in en but not ja: {sorted(missing_in_ja)}")
    return problems


# ---- the same structure in both languages (no list item or table row dropped in one of them)
PARITY_TAGS = ("h3", "h4", "li", "tr", "th", "td", "dt", "dd", "table", "blockquote")


def structure_problems(pair: dict[str, str]) -> list[str]:
    problems = []
    for tag in PARITY_TAGS:
        ja = len(re.findall(f"<{tag}[\\s>]", pair["ja"]))
        en = len(re.findall(f"<{tag}[\\s>]", pair["en"]))
        if ja != en:
            problems.append(f"<{tag}> count differs: ja {ja}, en {en}")
    return problems


# ---- classification results vs the End User List, in English
def english_term_problems(en: str) -> list[str]:
    plain = strip_tags(en)
    problems = []
    if re.search(r"\bnot listed\b", plain, re.IGNORECASE):
        problems.append(
            "'not listed' is ambiguous: write 'not controlled (非該当)' or 'not on the End User List'"
        )
    for match in re.finditer(r"(\S+\s+\S+)\s*\((非該当|該当)", plain):
        wanted = "not controlled" if match.group(2) == "非該当" else "controlled"
        if not match.group(1).lower().endswith(wanted):
            problems.append(f"write '{wanted} ({match.group(2)})', not {match.group(0)!r}")
    return problems


# ---- statements the review found wrong, caught by wording
WMD_JA, WMD_EN = "大量破壊兵器", "weapons of mass destruction"
EUL_CODE_LIST_RE = re.compile(
    r"(?<![A-Za-z])[NBCM](?:\s*(?:[・、,/]|and|or)\s*[NBCM](?![A-Za-z])){2,}"
)


def _best_effort_problems(
    text: str, sentences: list[str], law: str, duties: str, verbs: str, hedge: str, lang: str
) -> list[str]:
    def states_duty(chunk: str, minimum: int) -> bool:
        low = chunk if lang == "ja" else chunk.lower()
        return (
            law in low
            and len(set(re.findall(duties, low))) >= minimum
            and re.search(verbs, low) is not None
            and re.search(hedge, low) is None
        )

    if any(states_duty(s, 1) for s in sentences) or states_duty(strip_tags(text), 2):
        return [
            f"{lang}: audits/training/records stated as hard duties of the compliance standards"
        ]
    return []


def claim_problems(pair: dict[str, str]) -> list[str]:
    """Wording that repeats an error of the 2026 review (issue 15)."""
    problems = []
    ja, en = pair["ja"], pair["en"]
    for s in sentences_ja(ja):
        # 1: the End User List names conventional-weapons (CW) entities too, since 2025-10-09
        # (a sentence naming the WMD codes N/B/C/M is explicitly about those entries; the code
        # check below then wants CW in the same text)
        if (
            "外国ユーザーリスト" in s
            and WMD_JA in s
            and re.search("組織|企業|団体|掲載|需要者", s)  # it describes who is listed
            and "通常兵器" not in s
            and "CW" not in s
            and not EUL_CODE_LIST_RE.search(s)
        ):
            problems.append(f"ja: End User List described as WMD-only: {s[:60]!r}")
        # 12: 特定類型③ is acting under the 指示又は依頼 of a foreign government body
        if "類型③" in s and "指示" in s and "依頼" not in s:
            problems.append(f"ja: 類型③ without 依頼: {s[:60]!r}")
        # 6: the six-month rule is for foreign nationals not employed in Japan
        if "6か月" in s and "非居住者" in s and not re.search("雇用|勤務|雇われ|就職", s):
            problems.append(
                f"ja: six-month residency rule without its employment condition: {s[:60]!r}"
            )
        # 7: technology is listed in 外為令別表, goods in 輸出令別表第1
        if "技術" in s and "輸出令別表第1" in s and "外為令" not in s:
            problems.append(f"ja: technology cited under 輸出令別表第1 only: {s[:60]!r}")
    for s in sentences_en(en):
        low = s.lower()
        if (
            "end user list" in low
            and WMD_EN in low
            and re.search(
                r"organi[sz]ation|compan|entit|end user(?! list)|listed|nam(?:es|ing)", low
            )
            and "conventional" not in low
            and "CW" not in s
            and not EUL_CODE_LIST_RE.search(s)
        ):
            problems.append(f"en: End User List described as WMD-only: {s[:60]!r}")
        if "category 3" in low and "instruction" in low and "request" not in low:
            problems.append(f"en: Category 3 without 'request': {s[:60]!r}")
        if "six months" in low and "non-resident" in low and not re.search(r"employ|work", low):
            problems.append(
                f"en: six-month residency rule without its employment condition: {s[:60]!r}"
            )
    # 5: audits, training and record keeping are best-effort duties (努力義務) of the compliance
    # standards: a sentence that states one of them as required, or a text that lists two or more
    # as requirements, must say so.
    problems += _best_effort_problems(
        ja, sentences_ja(ja), "遵守基準", "監査|研修|保存", "求め|なければ|義務|定め", "努", "ja"
    )
    problems += _best_effort_problems(
        en,
        sentences_en(en),
        "compliance standards",
        r"audit|training|record",
        r"require|must|oblig|duty|\bset\b",
        r"best[- ]effort|endeavou?r|try to",
        "en",
    )
    # End User List codes: where the codes are listed, CW is listed too
    for lang in LANGS:
        plain = strip_tags(pair[lang])
        if EUL_CODE_LIST_RE.search(plain) and "CW" not in plain:
            problems.append(f"{lang}: End User List codes listed without CW")
    return problems


# ---- glossary readings: hiragana for the kanji, the term's own kana kept as written
KANJI_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")


def reading_pattern(term: str) -> re.Pattern[str]:
    """The readings a term allows: each run of kanji read in hiragana, everything else verbatim."""
    parts = []
    for run in re.findall(
        r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+|[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]+",
        term,
    ):
        # every kanji is read with at least one kana
        parts.append(f"[ぁ-ゖー]{{{len(run)},}}" if KANJI_RE.match(run) else re.escape(run))
    return re.compile("".join(parts))


def reading_problems(term: str, reading: object) -> list[str]:
    if not isinstance(reading, str):
        return ["reading must be a string"]
    if not KANJI_RE.search(term):
        return [] if reading == "" else [f"{term}: a term without kanji takes no reading"]
    if not reading_pattern(term).fullmatch(reading):
        return [
            f"{term}: reading {reading!r} must read the kanji in hiragana and keep the term's kana as written"
        ]
    return []


def content_problems(course: dict) -> list[str]:
    """Notation, parity and accuracy problems in a course (empty when the course is clean)."""
    problems: list[str] = []
    for where, pair in iter_pairs(course):
        if set(pair) != set(LANGS) or not all(
            isinstance(pair[k], str) and pair[k].strip() for k in pair
        ):
            problems.append(f"{where}: both languages must be present and non-empty")
            continue
        for message in item_notation_problems(pair["ja"]):
            problems.append(f"{where}.ja: {message}")
        for message in (
            number_parity_problems(pair) + structure_problems(pair) + claim_problems(pair)
        ):
            problems.append(f"{where}: {message}")
        for message in english_term_problems(pair["en"]):
            problems.append(f"{where}.en: {message}")
    for index, entry in enumerate(course.get("glossary", [])):
        # A definition speaks of its term: check them together, as one sentence.
        joined = {
            lang: f"{entry['term'][lang]}: {entry['definition'][lang]}".replace("。", "、")
            for lang in LANGS
        }
        for message in claim_problems(joined):
            problems.append(f"glossary[{index}]: {message}")
    return problems


# --------------------------------------------------------------------------------------------
# Tests on the shipped files
# --------------------------------------------------------------------------------------------
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_exactly_the_six_courses_ship():
    names = sorted(p.name for p in COURSES_DIR.glob("*.json"))
    assert names == sorted(EXPECTED_COURSES)


@pytest.mark.parametrize("name", sorted(EXPECTED_COURSES))
def test_course_slug_and_order(name):
    slug, order = EXPECTED_COURSES[name]
    course = load(COURSES_DIR / name)
    assert course["slug"] == slug
    assert course["order"] == order
    assert name.startswith(f"{order:02d}-{slug}")


@pytest.mark.parametrize("name", sorted(EXPECTED_COURSES))
def test_course_is_valid(name):
    problems = validate_course(load(COURSES_DIR / name))
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("name", sorted(EXPECTED_COURSES))
def test_course_requirements_beyond_schema(name):
    course = load(COURSES_DIR / name)
    assert course["questions_per_attempt"] <= len(course["questions"])
    assert len(course["questions"]) >= 18, "the brief asks for a bank of at least 18"
    assert course["pass_mark"] == 80
    for module in course["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == "text":
                ja_len = len(strip_tags(lesson["body"]["ja"]))
                en_words = len(strip_tags(lesson["body"]["en"]).split())
                assert ja_len >= 250, f"{lesson['slug']}: Japanese body too short ({ja_len})"
                assert en_words >= 120, f"{lesson['slug']}: English body too short ({en_words})"


@pytest.mark.parametrize("name", sorted(EXPECTED_COURSES))
def test_course_notation_parity_and_claims_hold(name):
    problems = content_problems(load(COURSES_DIR / name))
    assert problems == [], "\n".join(problems)


def test_the_officer_course_has_the_size_the_brief_asks_for():
    course = load(COURSES_DIR / "06-officer-practice.json")
    lessons = [lesson for module in course["modules"] for lesson in module["lessons"]]
    assert len(course["modules"]) >= 3
    assert len(lessons) >= 6
    assert sum(1 for lesson in lessons if lesson["kind"] == "scenario") >= 3
    assert len(course["questions"]) >= 20


def test_question_keys_of_reworded_questions_changed_only_with_their_key():
    """A question keeps its key only while its keyed answer keeps its meaning (attempts store
    what they served; reports group answers by key). The reviewed questions whose keyed answer
    changed moved to a new key; the old key is gone from the bank."""
    replaced = {
        "02-system-overview.json": ("q07", "q07r2"),
        "04-hosting-and-joint-research.json": ("q20", "q20r2"),
        "05-institutional-system.json": ("q04", "q04r2"),
    }
    for name, (old, new) in replaced.items():
        keys = [q["key"] for q in load(COURSES_DIR / name)["questions"]]
        assert old not in keys, name
        assert new in keys, name


def test_slugs_unique_across_courses():
    courses = [load(COURSES_DIR / n) for n in EXPECTED_COURSES]
    assert len({c["slug"] for c in courses}) == len(courses)
    assert sorted(c["order"] for c in courses) == [1, 2, 3, 4, 5, 6]


def test_files_are_utf8_json_without_bom():
    for name in EXPECTED_COURSES:
        raw = (COURSES_DIR / name).read_bytes()
        assert not raw.startswith(b"\xef\xbb\xbf")
        json.loads(raw.decode("utf-8"))


def test_furigana_overrides():
    data = load(CONTENT_DIR / "furigana_overrides.json")
    assert isinstance(data, dict)
    assert len(data) >= 40
    for term, reading in data.items():
        assert JA_RE.search(term), term
        assert KANA_RE.match(reading), f"{term}: {reading!r} is not hiragana"
        # An override puts one reading over the whole match: katakana would get hiragana ruby.
        assert not re.search("[\u30a0-\u30ff]", term), f"{term}: katakana in an override"
    for term, reading in {
        "役務": "えきむ",
        "外為法": "がいためほう",
        "該非判定": "がいひはんてい",
        "非該当": "ひがいとう",
        "輸出令": "ゆしゅつれい",
        "特定類型": "とくているいけい",
        "包括許可": "ほうかつきょか",
    }.items():
        assert data.get(term) == reading, term


def test_readme_exists():
    assert (CONTENT_DIR / "README.md").read_text(encoding="utf-8").strip()


# --------------------------------------------------------------------------------------------
# Self-tests: the validator must catch broken content
# --------------------------------------------------------------------------------------------
@pytest.fixture
def good_course():
    return load(COURSES_DIR / "01-why-export-control.json")


def _first_text_lesson(course):
    for module in course["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == "text":
                return lesson
    raise AssertionError("no text lesson")


def _first_scenario(course):
    for module in course["modules"]:
        for lesson in module["lessons"]:
            if lesson["kind"] == "scenario":
                return lesson
    raise AssertionError("no scenario lesson")


def _q(course, kind):
    return next(q for q in course["questions"] if q["kind"] == kind)


BREAKERS = {
    "missing_en": lambda c: c["title"].pop("en"),
    "empty_ja": lambda c: c["summary"].__setitem__("ja", "  "),
    "ja_without_japanese": lambda c: c["title"].__setitem__("ja", "Why export control"),
    "kanji_in_english": lambda c: c["summary"].__setitem__("en", "This covers 輸出管理 basics."),
    "kana_in_english_body": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "en", "<p>See みなし輸出.</p>"
    ),
    "script_tag": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "ja", "<p>危険</p><script>x()</script>"
    ),
    "inline_style": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "ja", '<p style="color:red">注意</p>'
    ),
    "h2_heading": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "en", "<h2>Title</h2><p>Text</p>"
    ),
    "table_without_caption": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "en", '<table><tr><th scope="col">A</th></tr><tr><td>b</td></tr></table>'
    ),
    "th_without_scope": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "en", "<table><caption>C</caption><tr><th>A</th></tr></table>"
    ),
    "unclosed_tag": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "en", "<p>open <strong>bold</p>"
    ),
    "img_tag": lambda c: _first_text_lesson(c)["body"].__setitem__(
        "en", '<p>x</p><img src="a.png">'
    ),
    "video_not_null": lambda c: _first_text_lesson(c).__setitem__("video", "intro.mp4"),
    "two_correct_single": lambda c: [
        ch.__setitem__("correct", True) for ch in _q(c, "single")["choices"]
    ],
    "no_correct_single": lambda c: [
        ch.__setitem__("correct", False) for ch in _q(c, "single")["choices"]
    ],
    "no_correct_multiple": lambda c: [
        ch.__setitem__("correct", False) for ch in _q(c, "multiple")["choices"]
    ],
    "tf_both_true": lambda c: [
        ch.__setitem__("correct", True) for ch in _q(c, "true_false")["choices"]
    ],
    "duplicate_question_key": lambda c: c["questions"][1].__setitem__(
        "key", c["questions"][0]["key"]
    ),
    "duplicate_choice_key": lambda c: _q(c, "single")["choices"][1].__setitem__(
        "key", _q(c, "single")["choices"][0]["key"]
    ),
    "scenario_two_correct": lambda c: [
        o.__setitem__("correct", True) for o in _first_scenario(c)["scenario"]["options"]
    ],
    "scenario_missing_feedback": lambda c: _first_scenario(c)["scenario"]["options"][0].pop(
        "feedback"
    ),
    "no_scenario": lambda c: [
        les.__setitem__("kind", "text") or les.pop("scenario")
        for m in c["modules"]
        for les in m["lessons"]
        if les["kind"] == "scenario"
    ],
    "too_few_questions": lambda c: c.__setitem__("questions", c["questions"][:10]),
    "attempt_exceeds_bank": lambda c: c.__setitem__(
        "questions_per_attempt", len(c["questions"]) + 1
    ),
    "too_few_lessons": lambda c: (
        c.__setitem__("modules", c["modules"][:2]),
        [m.__setitem__("lessons", m["lessons"][:1]) for m in c["modules"]],
    ),
    "one_module": lambda c: c.__setitem__("modules", c["modules"][:1]),
    "duplicate_lesson_slug": lambda c: c["modules"][1]["lessons"][0].__setitem__(
        "slug", c["modules"][0]["lessons"][0]["slug"]
    ),
    "glossary_reading_not_kana": lambda c: c["glossary"][0].__setitem__("reading", "minashi"),
    "glossary_reading_on_katakana": lambda c: c["glossary"][5].__setitem__(
        "reading", "りすときせい"
    ),
    "glossary_too_small": lambda c: c.__setitem__("glossary", c["glossary"][:2]),
    "extra_key": lambda c: c.__setitem__("author", "someone"),
    "bad_lesson_kind": lambda c: _first_text_lesson(c).__setitem__("kind", "quiz"),
}


@pytest.mark.parametrize("breaker", sorted(BREAKERS))
def test_validator_catches_broken_content(good_course, breaker):
    assert validate_course(good_course) == []
    broken = copy.deepcopy(good_course)
    BREAKERS[breaker](broken)
    assert validate_course(broken), f"validator accepted a course broken by {breaker}"


def test_parenthesised_japanese_is_allowed_in_english():
    assert english_leaks("A deemed export (みなし輸出) happens when...") == ""
    assert english_leaks("item 16 (16の項) of Appended Table 1 (輸出令別表第1)") == ""
    assert english_leaks("a みなし輸出 happens") != ""


def test_html_checker_accepts_accessible_table():
    html = (
        '<table><caption>Roles</caption><thead><tr><th scope="col">Role</th><th scope="col">Who</th></tr></thead>'
        '<tbody><tr><th scope="row">Chief officer</th><td>Vice-president</td></tr></tbody></table>'
    )
    assert html_errors(html) == []


# --------------------------------------------------------------------------------------------
# Self-tests of the accuracy and language checks, fed the wording shipped before the review
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "1項から15項がリスト規制、16項がキャッチオール規制です。",  # course 02, list control
        "輸出令別表第1の5項から6項あたりの規制",  # course 03, closed workshop
        "3の2項",
        "外為令別表の2項は、輸出令別表第1の2項に掲げる貨物",
        "外為令別表の1項から15項",
        "第7項に当たる貨物",
        "工作機械や集積回路（16項(1)）",
        "16の項（1）の貨物",
        "16の項⑴の貨物",
        "１５の項",
    ],
)
def test_item_notation_check_refuses_non_statutory_item_numbers(text):
    assert item_notation_problems(text)


@pytest.mark.parametrize(
    "text",
    [
        "1の項から15の項がリスト規制、16の項がキャッチオール規制です。",
        "3の2の項(2)の装置",
        "16の項(1)と16の項(2)",
        "外為法第25条第3項の許可",  # a paragraph of an article, not an item
        "輸出令1条3項と4条2項3号",
        "外為法第55条の10",
    ],
)
def test_item_notation_check_accepts_statute_style(text):
    assert item_notation_problems(text) == []


def test_number_parity_check_catches_a_number_missing_in_one_language():
    # course 02 q01 as shipped: the English named no table number
    shipped = {
        "ja": "リスト規制に当たるのは、輸出令別表第1・外為令別表の何項ですか。",
        "en": "Which items of the goods and technology tables make up list control?",
    }
    assert number_parity_problems(shipped)
    assert number_parity_problems({"ja": "年間所得の25%以上", "en": "20% or more of annual income"})
    assert number_parity_problems({"ja": "2022年5月1日から", "en": "from 1 June 2022"})


def test_number_parity_check_reads_dates_amounts_and_words():
    assert number_parity_problems({"ja": "2022年5月1日から", "en": "from 1 May 2022"}) == []
    assert (
        number_parity_problems(
            {"ja": "100万円以下（5万円以下）", "en": "up to 1,000,000 yen (50,000 yen)"}
        )
        == []
    )
    assert number_parity_problems({"ja": "入国後6か月", "en": "six months after entry"}) == []
    assert (
        number_parity_problems({"ja": "三つの類型（類型①）", "en": "three categories (Category 1)"})
        == []
    )
    assert (
        number_parity_problems({"ja": "結果が出るかもしれない", "en": "You may get a result"}) == []
    )


def test_structure_check_catches_a_list_item_missing_in_one_language():
    pair = {"ja": "<ul><li>一</li><li>二</li></ul>", "en": "<ul><li>One</li></ul>"}
    assert structure_problems(pair)
    assert structure_problems({"ja": pair["ja"], "en": "<ul><li>One</li><li>Two</li></ul>"}) == []


@pytest.mark.parametrize(
    "en",
    [
        'The result is recorded either as "listed" (該当), with the item and sub-item, or as "not listed" (非該当).',
        "The instrument does not fall under any of items 1 to 15 (not listed).",
        "It is not listed, so no licence is needed and you can ship it.",
    ],
)
def test_english_check_keeps_not_controlled_apart_from_the_end_user_list(en):
    assert english_term_problems(en)


def test_english_check_accepts_controlled_and_not_controlled():
    text = "It is controlled (該当) under item 3, or not controlled (非該当); the buyer is on the End User List."
    assert english_term_problems(text) == []


@pytest.mark.parametrize(
    "pair",
    [
        # 1: End User List as WMD-only (course 02 glossary as shipped)
        {
            "ja": "外国ユーザーリスト: 大量破壊兵器等の開発などへの関与が懸念される外国の組織を掲載した経済産業省の公表資料、禁輸リストではない、",
            "en": "End User List: METI's published list of foreign organisations of concern.",
        },
        {
            "ja": "外国ユーザーリストは、大量破壊兵器等の開発などへの関与が懸念される組織を示す資料です。",
            "en": "The End User List names organisations of concern.",
        },
        {
            "ja": "資料です。",
            "en": "The End User List (外国ユーザーリスト) is a METI publication naming foreign organisations of concern for involvement in weapons of mass destruction and similar programmes.",
        },
        # codes listed without CW
        {"ja": "懸念区分（N・B・C・M）", "en": "concern codes N, B, C and M"},
        # 12: 類型③ without 依頼 (course 04 q06 as shipped)
        {
            "ja": "類型③は外国政府等の指示の下での行動です。",
            "en": "Category 3 is acting on a foreign government body's instructions.",
        },
        # 6: the six-month rule without its employment condition (course 03 glossary as shipped)
        {
            "ja": "非居住者: 居住者以外の者、来日して6か月未満の留学生や外国人研究者などが含まれる、",
            "en": "non-resident: Anyone who is not a resident, including international students and researchers within six months of arrival.",
        },
        # 5: audits, training and records as hard duties (course 05 as shipped)
        {
            "ja": "<p>この基準を守らなければなりません。</p><ol><li>監査を定期的に行うこと</li><li>研修を行うこと</li><li>文書を適切な期間保存すること</li></ol><p>輸出者等遵守基準</p>",
            "en": "<p>The compliance standards require you to:</p><ol><li>audit regularly;</li><li>train staff;</li><li>keep records.</li></ol>",
        },
        {
            "ja": "遵守基準は適切な期間の保存を求めており、指針では7年以上とされています。",
            "en": "The standards require records to be kept for an appropriate period; the guidance says seven years.",
        },
        # 7: technology cited under 輸出令別表第1 (course 03 as shipped)
        {
            "ja": "材料の加工技術は、輸出令別表第1の5の項に関係する可能性があります。",
            "en": "The processing technology may relate to item 5.",
        },
    ],
)
def test_claim_check_catches_the_reviewed_errors(pair):
    assert claim_problems(pair)


def test_claim_check_accepts_the_corrected_statements():
    pairs = [
        {
            "ja": "経済産業省は外国ユーザーリストと合わせて、大量破壊兵器等の開発などに使われるおそれが特に強い貨物の例を公表しています。",
            "en": "Together with the End User List, METI publishes examples of goods especially likely to be used for weapons of mass destruction.",
        },
        {
            "ja": "外国ユーザーリストは、大量破壊兵器等や通常兵器の開発などへの関与が懸念される組織を掲載しています（懸念区分N・B・C・M、通常兵器はCW）。",
            "en": "The End User List names organisations of concern for weapons of mass destruction or conventional weapons (codes N, B, C, M and CW).",
        },
        {
            "ja": "類型③は、外国政府等の指示又は依頼の下で行動している場合です。",
            "en": "Category 3 is acting under the instructions or requests of a foreign government body.",
        },
        {
            "ja": "日本で雇用されていない外国人は、入国後6か月を経過するまで非居住者です。",
            "en": "A foreign national not employed in Japan is a non-resident until six months after entry.",
        },
        {
            "ja": "遵守基準は、文書を適切な期間保存するよう努めることを求めています（努力義務）。",
            "en": "The compliance standards ask you to endeavour to keep records for an appropriate period (a best-effort duty).",
        },
        {
            "ja": "加工技術は、外為令別表の5の項（輸出令別表第1の5の項の貨物に対応）に関係する可能性があります。",
            "en": "The processing technology may relate to item 5 of the Foreign Exchange Order table.",
        },
    ]
    for pair in pairs:
        assert claim_problems(pair) == [], pair


@pytest.mark.parametrize(
    ("term", "reading"),
    [
        ("インフォーム要件", "いんふぉーむようけん"),  # hiragana over katakana, as shipped
        ("外国ユーザーリスト", "がいこくゆーざーりすと"),
        ("パラメータシート", "ぱらめーたしーと"),  # no kanji: no reading at all
        ("該非判定", "がいひ"),  # reading cut short
        ("該非判定", "ガイヒハンテイ"),
    ],
)
def test_reading_check_refuses_readings_on_kana(term, reading):
    assert reading_problems(term, reading)


@pytest.mark.parametrize(
    ("term", "reading"),
    [
        ("インフォーム要件", "インフォームようけん"),
        ("明らかガイドライン", "あきらかガイドライン"),
        ("公知の技術", "こうちのぎじゅつ"),
        ("パラメータシート", ""),
    ],
)
def test_reading_check_accepts_kanji_readings(term, reading):
    assert reading_problems(term, reading) == []


def test_content_check_finds_a_missing_language_anywhere():
    course = {
        "modules": [{"lessons": [{"scenario": {"prompt": {"ja": "どうしますか。", "en": " "}}}]}]
    }
    assert content_problems(course)
