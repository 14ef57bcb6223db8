"""The certificate and the public verify page name the holder in both scripts when both exist."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from anpo.training import services
from anpo.training.models import Certificate
from tests.training.conftest import read_all_lessons, right_answers

pytestmark = pytest.mark.django_db


def _certificate(user, course) -> Certificate:  # type: ignore[no-untyped-def]
    read_all_lessons(user, course)
    attempt = services.attempt_start(user=user, course=course, language="ja")
    services.attempt_submit(user=user, attempt=attempt, answers=right_answers(attempt))
    return Certificate.objects.get(user=user, course=course)


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def test_holder_name_has_both_scripts_only_when_both_exist(researcher, course) -> None:  # type: ignore[no-untyped-def]
    researcher.full_name, researcher.full_name_en = "山田 太郎", "Taro Yamada"
    researcher.save()
    assert _certificate(researcher, course).holder_name == "山田 太郎 (Taro Yamada)"
    only_latin = Certificate(holder_name_ja="Jane Doe", holder_name_en="Jane Doe")
    assert only_latin.holder_name == "Jane Doe" and not only_latin.holder_names_differ


@pytest.mark.parametrize("language", ["ja", "en"])
def test_verify_page_and_pdf_show_both_scripts(
    client, researcher, course, language, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    researcher.full_name, researcher.full_name_en, researcher.language = (
        "山田 太郎",
        "Taro Yamada",
        language,
    )
    researcher.save()
    certificate = _certificate(researcher, course)
    client.cookies["django_language"] = language
    page = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "山田 太郎 (Taro Yamada)" in _text(page)
    assert '<span lang="ja">山田 太郎</span> (<span lang="en">Taro Yamada</span>)' in page
    client.force_login(researcher)
    pdf = client.get(f"/training/certificates/{certificate.code}.pdf").content
    assert pdf.startswith(b"%PDF")
    (tmp_path / f"certificate-{language}.pdf").write_bytes(
        pdf
    )  # pdftoppm -png -r 60 renders it for a look
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    assert "山田 太郎 (Taro Yamada)" in text
