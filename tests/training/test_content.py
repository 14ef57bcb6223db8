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
        if not isinstance(g["reading"], str) or not KANA_RE.match(g["reading"]):
            p.append(f"{where}.reading: must be hiragana")
    return p


# --------------------------------------------------------------------------------------------
# Tests on the shipped files
# --------------------------------------------------------------------------------------------
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_exactly_the_five_courses_ship():
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


def test_slugs_unique_across_courses():
    courses = [load(COURSES_DIR / n) for n in EXPECTED_COURSES]
    assert len({c["slug"] for c in courses}) == len(courses)
    assert sorted(c["order"] for c in courses) == [1, 2, 3, 4, 5]


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
