"""Đơn đề nghị / Tờ khai (application form): the applicant and the procedure asked for."""

from __future__ import annotations

from ocr.fields.spec import DocSpec, FieldSpec, labels

SPEC = DocSpec(
    doc_type="application_form",
    titles=labels(
        "Đơn đề nghị",
        "Tờ khai",
        "Đơn xin",
        "Phiếu yêu cầu",
        "Đơn đăng ký",
        "Phiếu đề nghị",
        "Đơn yêu cầu",
    ),
    cues=labels(
        "Kính gửi",
        "Họ và tên",
        "Số điện thoại",
        "Thủ tục",
        "Nơi cư trú",
        "Người làm đơn",
        "Người khai",
        "Tôi xin cam đoan",
        "Số định danh cá nhân",
    ),
    fields=(
        FieldSpec(
            "full_name",
            labels("Họ, chữ đệm và tên", "Họ, chữ đệm, tên", "Họ và tên", "Họ tên", "Tôi tên là"),
            kind="person",
            line_start=True,
            # "Họ và tên người đề nghị" is the applicant; a relative or a witness is not
            not_followed_by=labels(
                "người cha",
                "người mẹ",
                "người được",
                "người làm chứng",
                "người chết",
                "người con",
                "cha",
                "mẹ",
                "vợ",
                "chồng",
                "con",
            ),
        ),
        FieldSpec(
            "id_number",
            labels(
                "Số định danh cá nhân",
                "Số căn cước công dân",
                "Căn cước công dân số",
                "Số CCCD",
                "CCCD số",
                "Số căn cước",
                "Số CMND/CCCD",
                "CMND/CCCD số",
                "Số CMND",
                "CMND số",
                "Số giấy tờ tùy thân",
            ),
            kind="citizen_id",
            pattern=r"\d",
        ),
        FieldSpec(
            "date_of_birth", labels("Ngày, tháng, năm sinh", "Ngày sinh", "Sinh ngày"), kind="date"
        ),
        FieldSpec(
            "address",
            labels(
                "Nơi cư trú",
                "Nơi thường trú",
                "Địa chỉ thường trú",
                "Địa chỉ liên hệ",
                "Địa chỉ",
                "Chỗ ở hiện nay",
                "Nơi ở hiện nay",
            ),
            wrap="full",
        ),
        FieldSpec(
            "phone",
            labels("Số điện thoại", "Điện thoại", "SĐT", "Điện thoại liên hệ"),
            kind="phone",
            pattern=r"\d",
        ),
        FieldSpec(
            "procedure_name",
            labels(
                "Tên thủ tục hành chính",
                "Thủ tục hành chính đề nghị giải quyết",
                "Thủ tục đề nghị giải quyết",
                "Tên thủ tục",
                "Thủ tục hành chính",
                "Về việc",
            ),
            wrap="full",
            line_start=True,
        ),
    ),
    required=("full_name",),
    stops=labels(
        "Nội dung đề nghị",
        "Giới tính",
        "Dân tộc",
        "Quốc tịch",
        "Email",
        "Thư điện tử",
        "Ngày cấp",
        "Nơi cấp",
        "Kính gửi",
        "Nghề nghiệp",
    ),
)
