"""Server-side furigana: ruby readings for Japanese text, from UniDic (unidic-lite on PyPI).

``add_ruby_to_main(html)`` rewrites only the text inside ``<main>``; markup, attributes,
scripts, form controls and existing ruby are left exactly as they were. Readings come
from the MeCab tokenizer (fugashi) with an override dictionary for export-control
vocabulary that general dictionaries read wrongly or split badly.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from html import escape
from html.parser import HTMLParser
from pathlib import Path

import jaconv
from django.conf import settings

_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff々〆ヶ]")
_HAS_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]")
# Elements whose text must never be rewritten.
_SKIP = {
    "script",
    "style",
    "textarea",
    "select",
    "option",
    "ruby",
    "rt",
    "rp",
    "code",
    "pre",
    "kbd",
    "title",
    "svg",
    "math",
}
_VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


def _override_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    return [
        base / "core" / "furigana_overrides.json",
        base / "training" / "content" / "furigana_overrides.json",
    ]


@cache
def overrides() -> dict[str, str]:
    """Term -> hiragana reading, longest terms first."""
    merged: dict[str, str] = {}
    for path in _override_files():
        if path.exists():
            merged.update(json.loads(path.read_text(encoding="utf-8")))
    return dict(sorted(merged.items(), key=lambda item: -len(item[0])))


@cache
def _override_pattern() -> re.Pattern[str] | None:
    terms = [re.escape(term) for term in overrides() if _KANJI.search(term)]
    return re.compile("|".join(terms)) if terms else None


@cache
def _tagger():  # type: ignore[no-untyped-def]
    import fugashi  # imported on first use: loading MeCab and UniDic costs ~0.1 s at start-up

    return fugashi.Tagger()


def _ruby(base: str, reading: str) -> str:
    return f"<ruby>{base}<rp>(</rp><rt>{escape(reading)}</rt><rp>)</rp></ruby>"


def ruby_for_word(surface: str, reading: str) -> str:
    """Ruby markup for one word, leaving leading/trailing kana (okurigana) outside the ruby."""
    if not reading or not _KANJI.search(surface) or reading == surface:
        return escape(surface, quote=False)
    start = 0
    while (
        start < len(surface)
        and start < len(reading)
        and surface[start] == reading[start]
        and not _KANJI.match(surface[start])
    ):
        start += 1
    end_s, end_r = len(surface), len(reading)
    while (
        end_s > start
        and end_r > start
        and surface[end_s - 1] == reading[end_r - 1]
        and not _KANJI.match(surface[end_s - 1])
    ):
        end_s -= 1
        end_r -= 1
    core, core_reading = surface[start:end_s], reading[start:end_r]
    if not core_reading:
        return escape(surface, quote=False)
    return (
        escape(surface[:start], quote=False)
        + _ruby(escape(core, quote=False), core_reading)
        + escape(surface[end_s:], quote=False)
    )


def _tokens_with_readings(text: str) -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for word in _tagger()(text):
        if word.white_space:  # MeCab drops white space between tokens; keep it
            pairs.append((word.white_space, ""))
        kana = getattr(word.feature, "kana", None) or ""
        pairs.append((word.surface, jaconv.kata2hira(kana) if kana and kana != "*" else ""))
    return pairs


@lru_cache(maxsize=4096)
def ruby_text(text: str) -> str:
    """Plain text -> HTML with ruby on every word that contains kanji (text is escaped)."""
    if not _KANJI.search(text):
        return escape(text, quote=False)
    out: list[str] = []
    pattern = _override_pattern()
    position = 0
    segments: list[tuple[str, str | None]] = []
    if pattern is not None:
        for match in pattern.finditer(text):
            segments.append((text[position : match.start()], None))
            segments.append((match.group(0), overrides()[match.group(0)]))
            position = match.end()
    segments.append((text[position:], None))
    for segment, reading in segments:
        if not segment:
            continue
        if reading is not None:
            out.append(_ruby(escape(segment, quote=False), reading))
            continue
        for surface, word_reading in _tokens_with_readings(segment):
            out.append(ruby_for_word(surface, word_reading))
    return "".join(out)


class _MainRewriter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.out: list[str] = []
        self.in_main = 0
        self.skip_depth = 0
        self.no_ruby_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")
        if tag in _VOID:
            return
        if tag == "main":
            self.in_main += 1
        if tag in _SKIP:
            self.skip_depth += 1
        if any(name == "data-no-furigana" for name, _ in attrs) or any(
            name == "lang" and value and not value.startswith("ja") for name, value in attrs
        ):
            self.no_ruby_depth += 1
            self._stack_marker(tag, True)
        else:
            self._stack_marker(tag, False)

    def _stack_marker(self, tag: str, marked: bool) -> None:
        self.__dict__.setdefault("_stack", []).append((tag, marked))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in _VOID:
            return
        if tag == "main" and self.in_main:
            self.in_main -= 1
        if tag in _SKIP and self.skip_depth:
            self.skip_depth -= 1
        stack = self.__dict__.get("_stack", [])
        # Pop to the matching start tag (tolerates unclosed <p>/<li>).
        for index in range(len(stack) - 1, -1, -1):
            if stack[index][0] == tag:
                for _, marked in stack[index:]:
                    if marked and self.no_ruby_depth:
                        self.no_ruby_depth -= 1
                del stack[index:]
                break

    def handle_data(self, data: str) -> None:
        if (
            self.in_main
            and not self.skip_depth
            and not self.no_ruby_depth
            and _HAS_JAPANESE.search(data)
        ):
            # ``data`` holds no tags (entities arrive separately); re-escaping its
            # text only respells a stray '&' or '>' and leaves the rendering as it was.
            self.out.append(ruby_text(data))
        else:
            self.out.append(data)

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def add_ruby_to_main(html: str) -> str:
    """Return ``html`` with ruby readings added to Japanese text inside ``<main>``."""
    parser = _MainRewriter()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)
