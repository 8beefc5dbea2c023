"""Review reasons and refusals in Vietnamese for the web page (the API keeps extraction's words)."""

from __future__ import annotations

import re

_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^cannot (correct|confirm) (\w+): (.*)$"), "{2}"),
    (re.compile(r"low OCR confidence \((\d+) < (\d+)\)"), "chữ đọc không rõ (độ tin cậy {0} < {1})"),
    (re.compile(r"no such calendar date: (\S+)"), "không có ngày {0} trên lịch"),
    (re.compile(r"not a real date: (.*)"), "không phải một ngày có thật: {0}"),
    (re.compile(r"(?:cannot read a date in|not a date:) (.*?)(?: \(write.*\))?$"),
     "không đọc được ngày trong {0} (nhập NN/TT/NNNN hoặc NNNN-TT-NN)"),
    (re.compile(r"implausible year (\d+)"), "năm {0} không hợp lý"),
    (re.compile(r"citizen ID must be 12 digits, got (.*)"), "số định danh phải có 12 chữ số, đang là {0}"),
    (re.compile(r"citizen ID province code (\d+) does not exist"),
     "mã tỉnh {0} của số định danh không tồn tại"),
    (re.compile(r"citizen ID century digit (\d) disagrees with birth year (\d+)"),
     "chữ số thế kỷ {0} của số định danh không khớp năm sinh {1}"),
    (re.compile(r"citizen ID sex digit (\d) disagrees with gender (.*)"),
     "chữ số giới tính {0} của số định danh không khớp giới tính {1}"),
    (re.compile(r"citizen ID year digits (\d+) disagree with birth year (\d+)"),
     "hai chữ số năm sinh {0} trong số định danh không khớp năm sinh {1}"),
    (re.compile(r"citizen ID read as (.*); one OCR slip repaired"),
     "máy đọc số định danh là {0} và đã sửa một chữ số đọc sai"),
    (re.compile(r"citizen ID read with 11 digits; its leading 0 was restored"),
     "số định danh đọc được 11 chữ số; đã thêm số 0 ở đầu"),
    (re.compile(r"enterprise code must be .*got (.*)"),
     "mã số doanh nghiệp phải có 10 hoặc 13 chữ số, đang là {0}"),
    (re.compile(r"not a Vietnamese phone number: (.*)"), "không phải số điện thoại Việt Nam: {0}"),
    (re.compile(r"gender must be Nam or Nữ, got (.*)"), "giới tính phải là Nam hoặc Nữ, đang là {0}"),
    (re.compile(r"unknown field\(s\) for a (\w+): (.*)"), "loại giấy tờ này không có trường {1}"),
    (re.compile(r"^empty value$"), "chưa có giá trị"),
]  # fmt: skip


def in_vietnamese(reason: str) -> str:
    """The reason in Vietnamese when its pattern is known, else as it was written."""
    text = reason
    for pattern, template in _RULES:
        m = pattern.search(text)
        if m:
            text = template.format(*m.groups())
    return text
