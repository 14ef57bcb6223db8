"""Bilingual certificate PDF: fpdf2 with Noto Sans JP embedded (subset) and a QR code to /verify/<code>/."""

from __future__ import annotations

import io
import logging
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from fpdf import FPDF

from anpo.training.models import Certificate

# fontTools logs every subsetting step at INFO; certificates are generated per request.
logging.getLogger("fontTools").setLevel(logging.WARNING)


@cache
def japanese_font_path() -> Path:
    """Noto Sans JP from the ``pylopdf-fonts-jp`` package (SIL OFL 1.1); Debian's fonts as a fallback."""
    candidates: list[Path] = []
    try:
        import pylopdf_fonts_jp  # optional at run time: Debian's fonts are the fallback

        candidates.append(Path(pylopdf_fonts_jp.sans_path()))
    except ImportError:
        pass
    candidates += [
        Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
        Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
    ]
    for path in candidates:
        if path.exists():
            return path
    raise ImproperlyConfigured(
        "No Japanese font for certificates: install the pylopdf-fonts-jp package (in requirements.lock) "
        "or Debian's fonts-ipaexfont-gothic."
    )


def verify_url(certificate: Certificate) -> str:
    return f"{settings.SITE_URL}/verify/{certificate.code}/"


def certificate_pdf(certificate: Certificate) -> bytes:
    """A4 landscape, Japanese and English side by side in one document."""
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(f"{certificate.course_title_en} - {certificate.holder_name}")
    pdf.set_author("anpo")
    pdf.set_creator("anpo")
    pdf.set_lang("ja")
    pdf.add_font("jp", "", str(japanese_font_path()))
    pdf.set_auto_page_break(False)
    pdf.add_page()
    width = pdf.w
    # Frame
    pdf.set_draw_color(11, 79, 163)
    pdf.set_line_width(1.2)
    pdf.rect(10, 10, width - 20, pdf.h - 20)
    pdf.set_line_width(0.3)
    pdf.rect(13, 13, width - 26, pdf.h - 26)

    def centred(
        text: str, size: float, y: float, colour: tuple[int, int, int] = (26, 26, 26)
    ) -> None:
        pdf.set_font("jp", size=size)
        while (
            size > 7 and pdf.get_string_width(text) > width - 44
        ):  # long titles shrink instead of overflowing
            size -= 0.5
            pdf.set_font("jp", size=size)
        pdf.set_text_color(*colour)
        pdf.set_xy(20, y)
        pdf.cell(width - 40, size * 0.5, text, align="C")

    centred("修了証", 30, 24, (11, 79, 163))
    centred("Certificate of Completion", 16, 40, (11, 79, 163))
    centred("安全保障輸出管理教育 / Security Export Control Training", 11, 52, (80, 80, 80))
    # Both scripts on one line when both exist ("山田 太郎 (Taro Yamada)"); a long name shrinks to fit.
    centred(certificate.holder_name, 24, 70)
    centred("上記の者は、次の研修を修了したことを証します。", 11, 93)
    centred("has completed the following course:", 11, 101)
    centred(f"「{certificate.course_title_ja}」", 16, 112)
    centred(certificate.course_title_en, 13, 122)

    pdf.set_font("jp", size=10.5)
    pdf.set_text_color(26, 26, 26)
    rows = [
        ("修了日 / Completed on", certificate.completed_on.isoformat()),
        ("有効期限 / Valid until", certificate.valid_until.isoformat()),
        ("コース版 / Course version", str(certificate.course_version)),
        ("確認コード / Verification code", certificate.code),
    ]
    y = 136
    for label, value in rows:
        pdf.set_xy(40, y)
        pdf.cell(70, 7, label)
        pdf.cell(90, 7, value)
        y += 7.5

    qr = segno.make(verify_url(certificate), error="m")
    png = io.BytesIO()
    qr.save(png, kind="png", scale=6, border=2)
    png.seek(0)
    pdf.image(png, x=width - 78, y=128, w=42, h=42)
    pdf.set_font("jp", size=8)
    pdf.set_text_color(80, 80, 80)
    pdf.set_xy(width - 110, 171)
    pdf.cell(96, 4, "真正性の確認 / Verify: " + verify_url(certificate), align="R")
    pdf.set_xy(40, 176)
    pdf.cell(
        150,
        4,
        "この修了証はQRコードまたは確認コードで真正性を確認できます。 This certificate can be verified online.",
    )
    return bytes(pdf.output())
