"""Helpers of the field tests: pages made from hand-written texts, and the CI-aware skip."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from ocr.fields import extract
from ocr.fields.model import FieldValue
from ocr.types import PageText, Word

TEXTS = Path(__file__).parent / "texts"
CHAR = 20  # pixels per character of the synthetic layout
LEFT = 200


def page_from_text(
    text: str, *, confidence: float = 95.0, low: Mapping[str, float] | None = None
) -> PageText:
    """A PageText whose words sit where a monospaced print of `text` would put them.

    `low` gives some words (exact text) another OCR confidence.
    """
    low = low or {}
    words: list[Word] = []
    lines = text.strip("\n").split("\n")
    for i, line in enumerate(lines):
        for m in re.finditer(r"\S+", line):
            words.append(
                Word(
                    text=m.group(0),
                    left=LEFT + m.start() * CHAR,
                    top=200 + i * 60,
                    width=len(m.group(0)) * CHAR,
                    height=40,
                    confidence=low.get(m.group(0), confidence),
                    line=i,
                )
            )
    mean = sum(w.confidence for w in words) / len(words) if words else 100.0
    return PageText(
        width=2480,
        height=3508,
        dpi=300.0,
        words=tuple(words),
        text="\n".join(lines),
        confidence=mean,
    )


def fixture_text(name: str) -> str:
    return (TEXTS / f"{name}.txt").read_text(encoding="utf-8")


class Paper:
    """The hand-written papers of tests/fields/texts."""

    @staticmethod
    def text(name: str) -> str:
        return fixture_text(name)

    @staticmethod
    def page(name: str, **kw: object) -> PageText:
        return page_from_text(fixture_text(name), **kw)  # type: ignore[arg-type]


# a directive's header and first lines as a real one prints them (Decree 30 layout)
DIRECTIVE = """\
ỦY BAN NHÂN DÂN          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH QUẢNG NGÃI               Độc lập - Tự do - Hạnh phúc
Số: 11/CT-UBND
Quảng Ngãi, ngày 11 tháng 9 năm 2024
CHỈ THỊ
Về việc tăng cường các biện pháp đảm bảo an toàn công trình cầu
giao thông trong mùa mưa, bão năm 2024 trên địa bàn tỉnh Quảng Ngãi
Cơn bão số 3 và mưa lũ sau bão vừa qua đã gây thiệt hại rất lớn về
người, tài sản của Nhân dân và Nhà nước tại khu vực các tỉnh phía Bắc.
"""


# a commune's official letter (công văn) down to its "Kính gửi" line
LETTER_HEAD = """\
ỦY BAN NHÂN DÂN           CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
XÃ HÒA BÌNH                     Độc lập - Tự do - Hạnh phúc
Số: 301/UBND-TP
Hòa Bình, ngày 11 tháng 9 năm 2021
V/v triển khai dịch vụ công trực tuyến
Kính gửi: Văn phòng Đăng ký đất đai
"""


def read_field(text: str, key: str) -> FieldValue:
    """The field `key` extracted from one page whose text is `text`."""
    return extract([page_from_text(text)]).fields[key]
