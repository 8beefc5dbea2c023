"""A rendered paper read by the real Tesseract comes out with its type and fields."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont
from support import need

from ocr.fields import extract

FONT = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
LINES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "",
    "TỜ KHAI",
    "",
    "Kính gửi: Ủy ban nhân dân phường Bến Thành",
    "Họ, chữ đệm và tên: LÂM THỊ THU HÀ",
    "Ngày, tháng, năm sinh: 07/03/1992",
    "Số định danh cá nhân: 079192008765",
    "Số điện thoại: 0987654321",
    "Nơi cư trú: Số 12 đường Lê Lợi, phường Bến Thành, thành phố Hồ Chí Minh",
    "Thủ tục hành chính đề nghị giải quyết: Đăng ký tạm trú",
]


def render() -> np.ndarray:
    image = Image.new("L", (2480, 1500), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 50)
    for i, line in enumerate(LINES):
        draw.text((250, 150 + i * 95), line, font=font, fill=0)
    return np.asarray(image)


def test_rendered_form_read_by_tesseract_gives_its_fields() -> None:
    need(shutil.which("tesseract") is not None, "tesseract is not installed")
    need(FONT.exists(), f"{FONT} is missing (fonts-liberation2)")
    from ocr.image.clean import clean_page
    from ocr.recognize.tesseract import recognize

    page = recognize(clean_page(render(), dpi=300.0), languages="vie", timeout=120)
    result = extract([page])
    assert result.doc_type == "application_form"
    assert result.plain_fields() == {
        "full_name": "LÂM THỊ THU HÀ",
        "date_of_birth": "1992-03-07",
        "id_number": "079192008765",
        "phone": "0987654321",
        "address": "Số 12 đường Lê Lợi, phường Bến Thành, thành phố Hồ Chí Minh",
        "procedure_name": "Đăng ký tạm trú",
    }
    assert result.owner_id == "079192008765"
