"""Fixtures for the training tests: a small bilingual course built through the loader."""

from __future__ import annotations

from typing import Any

import pytest


def _pair(ja: str, en: str) -> dict[str, str]:
    return {"ja": ja, "en": en}


def small_course_data(
    *, slug: str = "basics", questions: int = 5, per_attempt: int = 4
) -> dict[str, Any]:
    qs = []
    for i in range(questions):
        kind = ["single", "multiple", "true_false"][i % 3]
        if kind == "true_false":
            choices = [
                {"key": "true", "text": _pair("正しい", "True"), "correct": True},
                {"key": "false", "text": _pair("誤り", "False"), "correct": False},
            ]
        elif kind == "multiple":
            choices = [
                {"key": "a", "text": _pair("選択肢A", "Choice A"), "correct": True},
                {"key": "b", "text": _pair("選択肢B", "Choice B"), "correct": True},
                {"key": "c", "text": _pair("選択肢C", "Choice C"), "correct": False},
            ]
        else:
            choices = [
                {"key": "a", "text": _pair("該当", "Controlled"), "correct": False},
                {"key": "b", "text": _pair("非該当", "Not controlled"), "correct": True},
                {"key": "c", "text": _pair("不明", "Unknown"), "correct": False},
            ]
        qs.append(
            {
                "key": f"q{i + 1:02d}",
                "kind": kind,
                "text": _pair(f"質問{i + 1}の本文です。", f"Question {i + 1} text."),
                "choices": choices,
                "explanation": _pair(f"解説{i + 1}。", f"Explanation {i + 1}."),
            }
        )
    return {
        "slug": slug,
        "version": 1,
        "order": 1,
        "title": _pair("輸出管理の基礎", "Export control basics"),
        "summary": _pair("基礎を学びます。", "Learn the basics."),
        "estimated_minutes": 10,
        "pass_mark": 80,
        "questions_per_attempt": per_attempt,
        "validity_days": 365,
        "modules": [
            {
                "slug": "m1",
                "title": _pair("第1章", "Chapter 1"),
                "lessons": [
                    {
                        "slug": "intro",
                        "kind": "text",
                        "title": _pair("はじめに", "Introduction"),
                        "body": _pair(
                            "<p>安全保障輸出管理は外為法に基づく制度です。</p>",
                            "<p>Security export control is based on FEFTA.</p>",
                        ),
                        "video": None,
                    },
                    {
                        "slug": "case",
                        "kind": "scenario",
                        "title": _pair("事例", "Case"),
                        "body": _pair(
                            "<p>留学生に技術を提供する場面です。</p>",
                            "<p>You are about to share technology with a student.</p>",
                        ),
                        "video": None,
                        "scenario": {
                            "prompt": _pair("どうしますか。", "What do you do?"),
                            "options": [
                                {
                                    "key": "a",
                                    "text": _pair("事前に相談する", "Consult the office first"),
                                    "correct": True,
                                    "feedback": _pair("正解です。", "Right."),
                                },
                                {
                                    "key": "b",
                                    "text": _pair("そのまま提供する", "Share it at once"),
                                    "correct": False,
                                    "feedback": _pair("不適切です。", "Not appropriate."),
                                },
                                {
                                    "key": "c",
                                    "text": _pair("何もしない", "Do nothing"),
                                    "correct": False,
                                    "feedback": _pair("不十分です。", "Not enough."),
                                },
                            ],
                            "explanation": _pair(
                                "<p>みなし輸出に当たる可能性があります。</p>",
                                "<p>This may be a deemed export (みなし輸出).</p>",
                            ),
                        },
                    },
                ],
            },
            {
                "slug": "m2",
                "title": _pair("第2章", "Chapter 2"),
                "lessons": [
                    {
                        "slug": "video",
                        "kind": "video",
                        "title": _pair("動画", "Video"),
                        "body": _pair("<p>動画の要約です。</p>", "<p>Video summary.</p>"),
                        "video": None,
                    },
                ],
            },
        ],
        "questions": qs,
        "glossary": [
            {
                "term": _pair("該非判定", "classification"),
                "reading": "がいひはんてい",
                "definition": _pair(
                    "規制に該当するかの判定。", "Deciding whether an item is controlled."
                ),
            }
        ],
    }


@pytest.fixture
def course(db):  # type: ignore[no-untyped-def]
    from anpo.training.services import course_load_from_dict

    course, _result = course_load_from_dict(data=small_course_data())
    return course


def right_answers(attempt) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {q["key"]: [c["key"] for c in q["choices"] if c["correct"]] for q in attempt.questions}


def wrong_answers(attempt) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {
        q["key"]: [next(c["key"] for c in q["choices"] if not c["correct"])]
        for q in attempt.questions
    }


def read_all_lessons(user, course) -> None:  # type: ignore[no-untyped-def]
    from anpo.training.services import lesson_complete

    for lesson in course.lessons():
        lesson_complete(
            user=user, lesson=lesson, scenario_choice="a" if lesson.kind == "scenario" else ""
        )
