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
    # citizen ID cards and their machine-readable zone (ocr.fields.card_check)
    (re.compile(r"^the (.+) printed \((.*)\) does not match the machine-readable zone \((.*)\)"),
     "{0} in trên thẻ ({1}) không khớp vùng MRZ ({2})"),
    (re.compile(r"^(.+) read as (.*); repaired from the machine-readable zone"),
     "{0} đọc được là {1}; đã sửa theo vùng MRZ"),
    (re.compile(r"^(.+) not read where it is printed; taken from the machine-readable zone"),
     "không đọc được {0} in trên thẻ; đã lấy từ vùng MRZ"),
    (re.compile(r"^the (.+) in the machine-readable zone fails its check digits?"),
     "{0} trong vùng MRZ sai chữ số kiểm tra"),
    (re.compile(r"^the name printed does not match the machine-readable zone \((.*)\)"),
     "họ tên in trên thẻ không khớp vùng MRZ ({0})"),
    (re.compile(r"^issuing authority restored from .*; read as (.*)"),
     "đã sửa nơi cấp theo mẫu in trên thẻ; máy đọc được {0}"),
    (re.compile(r"^full name not found on the card's front"), "không thấy họ tên ở mặt trước thẻ"),
    (re.compile(r"issued to Vietnamese citizens only: nationality read as (.*)"),
     "thẻ căn cước chỉ cấp cho công dân Việt Nam; quốc tịch đọc được là {0}"),
    (re.compile(r"^no province or city named in (.*): part of the address lost\?"),
     "địa chỉ {0} không có tên tỉnh/thành phố: thiếu một phần?"),
    (re.compile(r"^date of expiry (\S+) is not the holder's 25th, 40th or 60th birthday \(born (\S+)\)"),
     "ngày hết hạn {0} không phải ngày sinh nhật tuổi 25, 40 hoặc 60 (sinh {1})"),
]  # fmt: skip
_WHAT = {"ID number": "số định danh", "date of birth": "ngày sinh", "sex": "giới tính",
         "date of expiry": "ngày hết hạn"}  # fmt: skip


def in_vietnamese(reason: str) -> str:
    """The reason in Vietnamese when its pattern is known, else as it was written."""
    text = reason
    for pattern, template in _RULES:
        m = pattern.search(text)
        if m:
            text = template.format(*(_WHAT.get(g, g) for g in m.groups()))
    return text
